package agreement

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/truce-monitor/truce"
)

// maxCount bounds the counts in rules: a threshold beyond it is a typo, and
// keeping them small keeps sums of them far from overflow.
const maxCount = 1_000_000

// rules reads the adjudication rules: buffer_counts, aggregate_actors,
// permitted, severity, severity_default and status. names maps actor keys to
// the path of the actor that has them; actIDs holds the prohibited acts' ids.
func (d *decoder) rules(o *object, a *truce.Agreement, names, actIDs map[string]string) {
	a.BufferCounts = o.boolean("buffer_counts")
	d.aggregates(o, a, names)
	a.Permitted = d.acts(o, "permitted", false, actIDs)
	for i, p := range a.Permitted {
		if p.EventType != "" && !overlapsProhibited(p, a.Prohibited) {
			path := fmt.Sprintf("permitted[%d]", i)
			n := o.values["permitted"].Content[i]
			d.errorf(n, path, "act %q permits nothing the agreement prohibits; a permitted act is an exception to a prohibited one", p.ID)
		}
	}
	a.Severity = d.severityRules(o)
	if v := o.get("severity_default", false); v != nil {
		a.SeverityDefault = o.str("severity_default", false)
		d.tier(v, "severity_default", a.SeverityDefault)
	}
	a.Status = d.status(o)
	a.Tiers = d.tiers(o)
	a.RegardlessOfTarget = d.targetless(o, actIDs)
}

var tierKeys = []string{"violation", "probable", "possible", "probably_not"}

// tiers reads the probability bands of the verdicts. Every band must be
// given, strictly inside (0, 1) and falling, so that each verdict covers
// some probabilities and none overlaps another.
func (d *decoder) tiers(o *object) truce.TierRules {
	v := o.get("tiers", false)
	if v == nil {
		return truce.TierRules{}
	}
	to := d.object(v, "tiers", tierKeys...)
	var vals [4]float64
	ok := true
	for i, k := range tierKeys {
		f, got := to.float(k, true)
		if !got {
			ok = false
			continue
		}
		if f <= 0 || f >= 1 {
			d.errorf(to.values[k], join("tiers", k), "%g is not strictly between 0 and 1", f)
			ok = false
		}
		vals[i] = f
	}
	if !ok {
		return truce.TierRules{}
	}
	for i := 1; i < 4; i++ {
		if vals[i] > vals[i-1] || (vals[i] == vals[i-1] && i != 2) {
			d.errorf(to.values[tierKeys[i]], join("tiers", tierKeys[i]), "%g must be below %s (%g)", vals[i], tierKeys[i-1], vals[i-1])
		}
	}
	return truce.TierRules{Violation: vals[0], Probable: vals[1], Possible: vals[2], ProbablyNot: vals[3]}
}

var targetlessKeys = []string{"id", "event_types", "sub_event_types", "min_civilian_deaths", "zones", "clause", "sources"}

// targetless reads regardless_of_target: acts that are violations whoever
// they are aimed at. Each must cite its clause, since it overrides the
// excluded-group exception, the agreement's most consequential carve-out.
func (d *decoder) targetless(o *object, ids map[string]string) []truce.TargetlessAct {
	items, paths := o.list("regardless_of_target", false)
	var out []truce.TargetlessAct
	for i, n := range items {
		path := paths[i]
		ro := d.object(n, path, targetlessKeys...)
		id, idNode := ro.slug("id")
		d.unique(ids, id, idNode, path)
		t := truce.TargetlessAct{
			ID:                id,
			EventTypes:        ro.stringList("event_types"),
			SubEventTypes:     ro.stringList("sub_event_types"),
			MinCivilianDeaths: d.count(ro, "min_civilian_deaths", 0, maxCount),
			Zones:             ro.stringList("zones"),
			Clause:            ro.str("clause", true),
			Sources:           ro.stringList("sources"),
		}
		d.typeLists(ro, path, t.EventTypes)
		if len(t.EventTypes) == 0 && len(t.SubEventTypes) == 0 && t.MinCivilianDeaths == 0 {
			d.errorf(n, path, "act %q has no condition, so every act would be a violation whoever the target; name event or sub-event types, or civilian deaths", id)
		}
		out = append(out, t)
	}
	return out
}

// zoneRefs checks that every zone list in acts names zones of the agreement.
func (d *decoder) zoneRefs(o *object, a *truce.Agreement) {
	ids := map[string]bool{}
	for _, z := range a.Zones {
		ids[z.ID] = true
	}
	for _, key := range []string{"prohibited", "permitted", "regardless_of_target"} {
		items, paths := o.list(key, false)
		for i, n := range items {
			if n.Kind != yaml.MappingNode {
				continue
			}
			for j := 0; j+1 < len(n.Content); j += 2 {
				if n.Content[j].Value != "zones" || n.Content[j+1].Kind != yaml.SequenceNode {
					continue
				}
				for k, z := range n.Content[j+1].Content {
					if z.Kind == yaml.ScalarNode && strings.TrimSpace(z.Value) != "" && !ids[strings.TrimSpace(z.Value)] {
						d.errorf(z, fmt.Sprintf("%s.zones[%d]", paths[i], k), "%q is not a zone of this agreement", z.Value)
					}
				}
			}
		}
	}
}

func overlapsProhibited(p truce.PermittedAct, prohibited []truce.ProhibitedAct) bool {
	for _, q := range prohibited {
		if q.EventType == p.EventType && (q.SubEventType == "" || p.SubEventType == "" || q.SubEventType == p.SubEventType) {
			return true
		}
	}
	return false
}

// aggregates reads aggregate_actors: each must name a party or guarantor,
// because the aggregate rule exists to stop an aggregate name that resolves
// to a party from passing as that party.
func (d *decoder) aggregates(o *object, a *truce.Agreement, names map[string]string) {
	a.AggregateActors = o.stringList("aggregate_actors")
	v := o.get("aggregate_actors", false)
	if v == nil || v.Kind != yaml.SequenceNode {
		return
	}
	seen := map[string]bool{}
	for j, n := range v.Content {
		s := strings.TrimSpace(n.Value)
		if n.Kind != yaml.ScalarNode || s == "" {
			continue // reported by stringList
		}
		path := fmt.Sprintf("aggregate_actors[%d]", j)
		k := truce.ActorKey(s)
		owner, ok := names[k]
		switch {
		case seen[k]:
			d.errorf(n, path, "%q is listed twice", s)
		case !ok:
			d.errorf(n, path, "%q names no party or guarantor; list a name or alias it has", s)
		case strings.HasPrefix(owner, "excluded["):
			d.errorf(n, path, "%q names an excluded group (%s), whose acts are never violations; only a party's name can be an aggregate", s, owner)
		}
		seen[k] = true
	}
}

var tiers = []string{truce.SeverityMinor, truce.SeveritySerious, truce.SeverityGrave}

func (d *decoder) tier(n *yaml.Node, path, s string) {
	if s != "" && !contains(tiers, s) {
		d.errorf(n, path, "%q is not a severity tier (%s)", s, strings.Join(tiers, ", "))
	}
}

var severityKeys = []string{"id", "severity", "event_types", "sub_event_types", "min_deaths", "min_civilian_deaths"}

// severityRules reads the ordered severity rules. A rule with no condition
// matches everything, so one anywhere but last would hide the rules after
// it: that is an error rather than a silent surprise.
func (d *decoder) severityRules(o *object) []truce.SeverityRule {
	items, paths := o.list("severity", false)
	ids := map[string]string{}
	var out []truce.SeverityRule
	for i, n := range items {
		path := paths[i]
		ro := d.object(n, path, severityKeys...)
		id, idNode := ro.slug("id")
		d.unique(ids, id, idNode, path)
		r := truce.SeverityRule{
			ID:                id,
			Severity:          ro.str("severity", true),
			EventTypes:        ro.stringList("event_types"),
			SubEventTypes:     ro.stringList("sub_event_types"),
			MinDeaths:         d.count(ro, "min_deaths", 0, maxCount),
			MinCivilianDeaths: d.count(ro, "min_civilian_deaths", 0, maxCount),
		}
		d.tier(ro.values["severity"], join(path, "severity"), r.Severity)
		d.typeLists(ro, path, r.EventTypes)
		if len(r.EventTypes) == 0 && len(r.SubEventTypes) == 0 && r.MinDeaths == 0 && r.MinCivilianDeaths == 0 && i < len(items)-1 {
			d.errorf(n, path, "rule %q has no condition, so it matches every violation and the %d rule(s) after it never apply; use severity_default", id, len(items)-1-i)
		}
		out = append(out, r)
	}
	return out
}

// typeLists checks a rule's event_types and sub_event_types against ACLED's
// taxonomy, and each sub-type against the rule's event types.
func (d *decoder) typeLists(ro *object, path string, eventTypes []string) {
	if et := ro.get("event_types", false); et != nil && et.Kind == yaml.SequenceNode {
		for j, e := range et.Content {
			if e.Kind != yaml.ScalarNode {
				continue
			}
			if _, ok := truce.SubEventTypes[strings.TrimSpace(e.Value)]; !ok && strings.TrimSpace(e.Value) != "" {
				d.errorf(e, fmt.Sprintf("%s[%d]", join(path, "event_types"), j), "%q is not an ACLED event type (%s)", e.Value, eventTypesText())
			}
		}
	}
	if st := ro.get("sub_event_types", false); st != nil && st.Kind == yaml.SequenceNode {
		for j, e := range st.Content {
			if s := strings.TrimSpace(e.Value); e.Kind == yaml.ScalarNode && s != "" {
				d.subEventType(e, fmt.Sprintf("%s[%d]", join(path, "sub_event_types"), j), s, eventTypes)
			}
		}
	}
}

// count reads an optional whole number in [min, max]; absent is 0.
func (d *decoder) count(o *object, key string, min, max int) int {
	v := o.get(key, false)
	if v == nil {
		return 0
	}
	n := o.integer(key)
	if n < min || n > max {
		if v.Tag == "!!int" { // anything else was reported by integer
			d.errorf(v, join(o.path, key), "%d is out of range [%d, %d]", n, min, max)
		}
		return 0
	}
	return n
}

var (
	statusKeys    = []string{"window_days", "strained", "breached", "collapsed"}
	thresholdKeys = []string{"violations", "serious", "grave", "deaths", "civilian_deaths"}
	tierNames     = []string{"strained", "breached", "collapsed"}
)

// maxWindowDays bounds status.window_days: a status over more than a year
// says nothing about the state of a ceasefire now.
const maxWindowDays = 366

// status reads the zone-status thresholds, leaving unset parts zero (which
// means the defaults), and checks that the tiers, defaults included, rise:
// a zone must not be "breached" by fewer violations than make it "strained".
func (d *decoder) status(o *object) truce.StatusRules {
	v := o.get("status", false)
	if v == nil {
		return truce.StatusRules{}
	}
	so := d.object(v, "status", statusKeys...)
	var s truce.StatusRules
	s.WindowDays = d.count(so, "window_days", 1, maxWindowDays)
	given := [3]*truce.StatusThreshold{&s.Strained, &s.Breached, &s.Collapsed}
	for i, name := range tierNames {
		tv := so.get(name, false)
		if tv == nil {
			continue
		}
		to := d.object(tv, join("status", name), thresholdKeys...)
		*given[i] = truce.StatusThreshold{
			Violations:     d.count(to, "violations", 1, maxCount),
			Serious:        d.count(to, "serious", 1, maxCount),
			Grave:          d.count(to, "grave", 1, maxCount),
			Deaths:         d.count(to, "deaths", 1, maxCount),
			CivilianDeaths: d.count(to, "civilian_deaths", 1, maxCount),
		}
		if tv.Kind == yaml.MappingNode && len(to.values) == 0 {
			d.errorf(tv, join("status", name), "needs at least one of %s; omit %s for the default", strings.Join(thresholdKeys, ", "), name)
		}
	}
	eff := s.WithDefaults()
	tiers := [3]truce.StatusThreshold{eff.Strained, eff.Breached, eff.Collapsed}
	counts := func(t truce.StatusThreshold) [5]int {
		return [5]int{t.Violations, t.Serious, t.Grave, t.Deaths, t.CivilianDeaths}
	}
	for hi := 1; hi < 3; hi++ {
		for lo := 0; lo < hi; lo++ {
			h, l := counts(tiers[hi]), counts(tiers[lo])
			for k := range h {
				if h[k] == 0 || l[k] == 0 || h[k] >= l[k] {
					continue
				}
				n := so.values[tierNames[hi]]
				if n == nil {
					n = v
				}
				d.errorf(n, join("status", tierNames[hi]+"."+thresholdKeys[k]),
					"%d%s is below %s.%s, %d%s; a worse status needs at least as much",
					h[k], isDefault(given[hi]), tierNames[lo], thresholdKeys[k], l[k], isDefault(given[lo]))
			}
		}
	}
	return s
}

func isDefault(t *truce.StatusThreshold) string {
	if t.IsZero() {
		return " (the default)"
	}
	return ""
}
