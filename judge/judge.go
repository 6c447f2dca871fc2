package judge

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
)

// Step outcomes.
const (
	Pass    = "pass"
	Fail    = "fail"
	Unknown = "unknown"
)

// Rule names, as they appear in truce.Step.Rule.
const (
	RuleZone          = "zone"
	RuleInForce       = "in-force"
	RuleProhibitedAct = "prohibited-act"
	RuleExcluded      = "excluded-group"
	RuleParty         = "party"
	RuleAllegedParty  = "alleged-party"
	RuleSeverity      = "severity"
)

// Judge judges incidents against one version of an agreement.
type Judge struct {
	a       *truce.Agreement
	version int
	zones   map[string]zoneInfo
	actors  resolver
	sevDef  string
}

// zoneInfo is a zone's period, resolved once: the days its ceasefire is in
// force, from and to inclusive, to zero when open-ended.
type zoneInfo struct {
	order    int
	id, name string
	from, to time.Time
}

// NewJudge prepares a for judging: it resolves every zone's period and
// indexes every actor name and alias by truce.ActorKey. version is the
// agreement version stored with each judgement. It returns an EINVALID
// *truce.Error when a could not have come from a valid agreement file: two
// actors sharing a name, an aggregate actor naming no party or guarantor, an
// unknown severity tier.
func NewJudge(a *truce.Agreement, version int) (*Judge, error) {
	if a == nil {
		return nil, truce.Errorf(truce.EINVALID, "no agreement to judge against")
	}
	j := &Judge{a: a, version: version, zones: map[string]zoneInfo{}, sevDef: a.SeverityDefault}
	if j.sevDef == "" {
		j.sevDef = truce.DefaultSeverity
	}
	if truce.SeverityRank(j.sevDef) == 0 {
		return nil, truce.Errorf(truce.EINVALID, "agreement %s: severity_default %q is not a severity tier", a.ID, j.sevDef)
	}
	for _, r := range a.Severity {
		if truce.SeverityRank(r.Severity) == 0 {
			return nil, truce.Errorf(truce.EINVALID, "agreement %s: severity rule %q: %q is not a severity tier", a.ID, r.ID, r.Severity)
		}
	}

	from, to := a.Effective, agreementEnd(a)
	for i, z := range a.Zones {
		zi := zoneInfo{order: i, id: z.ID, name: z.Name, from: from, to: to}
		if zi.name == "" {
			zi.name = z.ID
		}
		if z.EffectiveFrom.After(zi.from) {
			zi.from = z.EffectiveFrom
		}
		if !z.EffectiveTo.IsZero() && (zi.to.IsZero() || z.EffectiveTo.Before(zi.to)) {
			zi.to = z.EffectiveTo
		}
		j.zones[z.ID] = zi
	}

	j.actors.byKey = map[string]actor{}
	owner := map[string]string{} // key → actor id, to refuse names shared by two actors
	add := func(name string, act actor) error {
		k := truce.ActorKey(name)
		if k == "" {
			return nil
		}
		if other, dup := owner[k]; dup && other != act.id {
			return truce.Errorf(truce.EINVALID, "agreement %s: %q names both %s and %s", a.ID, name, other, act.id)
		}
		owner[k] = act.id
		j.actors.byKey[k] = act
		return nil
	}
	for _, l := range []struct {
		actors []truce.Actor
		role   role
	}{{a.Parties, party}, {a.Guarantors, guarantor}, {a.Excluded, excluded}} {
		for _, act := range l.actors {
			for _, name := range append([]string{act.Name}, act.Aliases...) {
				if err := add(name, actor{id: act.ID, role: l.role}); err != nil {
					return nil, err
				}
			}
		}
	}
	for _, name := range a.AggregateActors {
		k := truce.ActorKey(name)
		act, ok := j.actors.byKey[k]
		if !ok || (act.role != party && act.role != guarantor) {
			return nil, truce.Errorf(truce.EINVALID, "agreement %s: aggregate actor %q names no party or guarantor", a.ID, name)
		}
		act.aggregate = true
		j.actors.byKey[k] = act
	}
	return j, nil
}

// agreementEnd is the last day the agreement is in force, zero when
// open-ended: expires, replaced by each renewal's until in turn (a renewal
// without one makes it open-ended). A gap between an expiry and a later
// renewal counts as in force: the sources rarely say whether a lapse
// happened, and the renewal shows the parties still held to it.
func agreementEnd(a *truce.Agreement) time.Time {
	end := a.Expires
	if end.IsZero() {
		return end
	}
	for _, r := range a.Renewals {
		end = r.Until
		if end.IsZero() {
			break
		}
	}
	return end
}

// trace accumulates steps and the three-valued verdict.
type trace struct {
	steps   []truce.Step
	unknown bool
	failed  bool
}

func (t *trace) add(rule, outcome, clause, detail string) {
	t.steps = append(t.steps, truce.Step{Rule: rule, Outcome: outcome, Clause: clause, Detail: detail})
	switch outcome {
	case Fail:
		t.failed = true
	case Unknown:
		t.unknown = true
	}
}

// Judge returns inc's judgement under the agreement. It reads only inc and
// the agreement, so the same incident always gets the same judgement.
func (j *Judge) Judge(inc *truce.Incident) (jd truce.Judgement) {
	jd = truce.Judgement{IncidentID: inc.ID, AgreementID: j.a.ID, AgreementVersion: j.version}
	t := &trace{steps: make([]truce.Step, 0, 7)}
	defer func() { jd.Trace = t.steps }()

	zi, ok := j.zoneRules(t, inc)
	if ok {
		jd.ZoneID = zi.id
	}
	if t.failed {
		jd.Verdict = truce.NotViolation
		return jd
	}
	if j.actRule(t, inc); t.failed {
		jd.Verdict = truce.NotViolation
		return jd
	}
	var buf [8]match
	a := j.actors.side(buf[:0], inc.SideA, inc.AssocA)
	b := j.actors.side(a[len(a):len(a):cap(a)], inc.SideB, inc.AssocB)
	if len(b) == 0 && (inc.ViolenceType == 3 || inc.EventType == truce.ViolenceAgainstCivilians) {
		b = append(b, match{"", actor{role: civilians}})
	}
	if j.excludedRule(t, a, b); t.failed {
		jd.Verdict = truce.NotViolation
		return jd
	}
	j.partyRule(t, a, b)
	if t.unknown {
		jd.Verdict = truce.Undetermined
	} else {
		jd.Verdict = truce.Violation
		jd.AllegedParty = j.allegedRule(t, inc, a, b)
	}
	jd.Severity = j.severityRule(t, inc)
	return jd
}

// zoneRules applies rules 1 and 2 and returns the deciding zone.
func (j *Judge) zoneRules(t *trace, inc *truce.Incident) (zoneInfo, bool) {
	best, bestPlace, bestVal, found := zoneInfo{}, truce.Membership{}, -1, false
	for _, m := range inc.Zones {
		zi, known := j.zones[m.ZoneID]
		if !known {
			continue // placed for another version of the zones; not this agreement's
		}
		pv := j.placementValue(m.Placement)
		if pv < 0 {
			continue
		}
		v := min(pv, value(j.inForce(zi, inc, false).outcome))
		// Higher value first, then the stronger placement, then agreement order.
		better := !found || v > bestVal ||
			v == bestVal && (placeRank(m.Placement) > placeRank(bestPlace.Placement) ||
				placeRank(m.Placement) == placeRank(bestPlace.Placement) && zi.order < best.order)
		if better {
			best, bestPlace, bestVal, found = zi, m, v, true
		}
	}
	if !found {
		t.add(RuleZone, Fail, "", "outside every zone")
		return zoneInfo{}, false
	}

	detail, outcome := bestPlace.Reason, Pass
	switch bestPlace.Placement {
	case truce.Uncertain:
		outcome, detail = Unknown, "imprecise location: "+bestPlace.Reason
	case truce.InBuffer:
		if j.a.BufferCounts {
			detail = "in the security buffer, which this agreement counts as the zone: " + bestPlace.Reason
		} else {
			outcome = Unknown
			detail = "in the security buffer, which this agreement does not count as the zone (buffer_counts is false): " + bestPlace.Reason
		}
	}
	if others := j.otherZones(inc, best.id); others != "" {
		detail += " (also " + others + ")"
	}
	t.add(RuleZone, outcome, best.id, detail)
	r := j.inForce(best, inc, true)
	t.add(RuleInForce, r.outcome, best.id, r.detail)
	return best, true
}

// otherZones lists the memberships besides the deciding one, in agreement
// order so the trace does not depend on the order placement listed them.
func (j *Judge) otherZones(inc *truce.Incident, decided string) string {
	if len(inc.Zones) < 2 {
		return ""
	}
	type other struct {
		order int
		text  string
	}
	var os []other
	for _, m := range inc.Zones {
		zi, ok := j.zones[m.ZoneID]
		if !ok || m.ZoneID == decided || j.placementValue(m.Placement) < 0 {
			continue
		}
		os = append(os, other{zi.order, string(m.Placement) + " in zone " + m.ZoneID})
	}
	slices.SortFunc(os, func(a, b other) int { return a.order - b.order })
	texts := make([]string, len(os))
	for i, o := range os {
		texts[i] = o.text
	}
	return strings.Join(texts, "; ")
}

// value orders outcomes for three-valued conjunction: fail < unknown < pass.
func value(outcome string) int {
	switch outcome {
	case Pass:
		return 2
	case Unknown:
		return 1
	}
	return 0
}

// placementValue is a membership's value for rule 1; -1 for no membership.
func (j *Judge) placementValue(p truce.Placement) int {
	switch p {
	case truce.Inside:
		return 2
	case truce.InBuffer:
		if j.a.BufferCounts {
			return 2
		}
		return 1
	case truce.Uncertain:
		return 1
	}
	return -1
}

func placeRank(p truce.Placement) int {
	switch p {
	case truce.Inside:
		return 3
	case truce.InBuffer:
		return 2
	case truce.Uncertain:
		return 1
	}
	return 0
}

type result struct{ outcome, detail string }

// inForce is rule 2 for one zone; the detail only when asked, since every
// membership is weighed but only the deciding one is written up.
func (j *Judge) inForce(zi zoneInfo, inc *truce.Incident, detail bool) result {
	start, end := inc.DateStart, inc.DateEnd
	if start.IsZero() {
		return result{Unknown, "the incident has no date"}
	}
	if end.Before(start) {
		end = start
	}
	start, end = dayOf(start), dayOf(end)
	if !detail {
		switch {
		case end.Before(zi.from) || !zi.to.IsZero() && start.After(zi.to):
			return result{outcome: Fail}
		case start.Before(zi.from) || !zi.to.IsZero() && end.After(zi.to):
			return result{outcome: Unknown}
		}
		return result{outcome: Pass}
	}
	when := day(start)
	if end.After(start) {
		when = "the date window " + day(start) + "…" + day(end)
	}
	period := "the ceasefire in zone " + zi.id
	switch {
	case end.Before(zi.from):
		return result{Fail, fmt.Sprintf("%s is before %s starts (%s)", when, period, day(zi.from))}
	case !zi.to.IsZero() && start.After(zi.to):
		return result{Fail, fmt.Sprintf("%s is after %s ends (%s)", when, period, day(zi.to))}
	case start.Before(zi.from):
		return result{Unknown, fmt.Sprintf("%s straddles the start of %s (%s)", when, period, day(zi.from))}
	case !zi.to.IsZero() && end.After(zi.to):
		return result{Unknown, fmt.Sprintf("%s straddles the end of %s (%s)", when, period, day(zi.to))}
	}
	to := "open-ended"
	if !zi.to.IsZero() {
		to = "through " + day(zi.to)
	}
	return result{Pass, fmt.Sprintf("%s is within %s, from %s, %s", when, period, day(zi.from), to)}
}

func dayOf(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func day(t time.Time) string { return t.Format(truce.DateLayout) }

// actRule is rule 3.
func (j *Judge) actRule(t *trace, inc *truce.Incident) {
	et, sub := inc.EventType, inc.SubEventType
	if et == "" {
		t.add(RuleProhibitedAct, Unknown, "", "the incident's event type is unknown")
		return
	}
	what := et
	if sub != "" {
		what += " / " + sub
	}
	for _, p := range j.a.Permitted {
		if p.EventType == et && (p.SubEventType == "" || p.SubEventType == sub) {
			t.add(RuleProhibitedAct, Fail, p.ID, what+" is a permitted act: "+p.Clause)
			return
		}
	}
	var subs []string
	for _, p := range j.a.Prohibited {
		switch {
		case p.EventType != et:
		case p.SubEventType == "" || p.SubEventType == sub:
			t.add(RuleProhibitedAct, Pass, p.ID, what+" is prohibited: "+p.Clause)
			return
		default:
			subs = append(subs, p.SubEventType)
		}
	}
	switch {
	case len(subs) == 0:
		t.add(RuleProhibitedAct, Fail, "", et+" is not among the prohibited acts")
	case sub == "":
		t.add(RuleProhibitedAct, Unknown, "", fmt.Sprintf("type not specific enough: %s without a sub-event type, and the agreement prohibits only %s of it",
			et, strings.Join(subs, ", ")))
	default:
		t.add(RuleProhibitedAct, Fail, "", what+" is not among the prohibited acts (of "+et+" only "+strings.Join(subs, ", ")+")")
	}
}

// excludedRule is rule 4.
func (j *Judge) excludedRule(t *trace, a, b []match) {
	var found, mixed []string
	clause := ""
	for si, s := range [2][]match{a, b} {
		name := "AB"[si : si+1]
		n := len(found)
		for _, m := range s {
			if m.role == excluded {
				found = append(found, m.describe()+" on side "+name)
				if clause == "" {
					clause = m.id
				}
			}
		}
		if len(found) > n && (hasRole(s, party) || hasRole(s, guarantor)) {
			mixed = append(mixed, "side "+name+" also names "+list(s, party, guarantor))
		}
	}
	if len(found) > 0 {
		detail := "operation against an excluded group: " + strings.Join(found, ", ")
		if len(mixed) > 0 {
			detail += "; " + strings.Join(mixed, "; ")
		}
		t.add(RuleExcluded, Fail, clause, detail)
		return
	}
	var why []string
	for si, s := range [2][]match{a, b} {
		name := "AB"[si : si+1]
		if len(s) == 0 {
			why = append(why, "side "+name+" names no actor, so it may be an excluded group")
		}
		for _, m := range s {
			switch {
			case m.aggregate:
				why = append(why, fmt.Sprintf("exclusion undetermined: aggregated actor %s on side %s may include excluded groups", m.describe(), name))
			case m.role == unknownRole:
				why = append(why, fmt.Sprintf("unknown actor: %s on side %s is none of the agreement's parties, guarantors or excluded groups", m.describe(), name))
			}
		}
	}
	if len(why) > 0 {
		t.add(RuleExcluded, Unknown, "", strings.Join(why, "; "))
		return
	}
	t.add(RuleExcluded, Pass, "", "no excluded group involved")
}

// partyRule is rule 5.
func (j *Judge) partyRule(t *trace, a, b []match) {
	ka, kb := sideKind(a), sideKind(b)
	switch {
	case ka == bound && kb == bound:
		if sameActors(a, b) {
			t.add(RuleParty, Unknown, "", "both sides are "+list(a, party, guarantor)+": fighting within one party, which the agreement does not address")
			return
		}
		t.add(RuleParty, Pass, "", "both sides are bound by the agreement: "+list(a, party, guarantor)+" against "+list(b, party, guarantor))
	case ka == bound && kb == civilianSide:
		t.add(RuleParty, Pass, "", "attack on civilians by "+list(a, party, guarantor))
	case ka == civilianSide && kb == bound:
		t.add(RuleParty, Pass, "", "attack on civilians by "+list(b, party, guarantor))
	default:
		var why []string
		for si, k := range [2]int{ka, kb} {
			if k != bound {
				why = append(why, "side "+"AB"[si:si+1]+" is not known to be bound by the agreement")
			}
		}
		if ka == civilianSide && kb == civilianSide {
			why = []string{"both sides are civilians"}
		}
		t.add(RuleParty, Unknown, "", strings.Join(why, "; "))
	}
}

const (
	otherSide = iota
	bound
	civilianSide
)

// sideKind says whether every name on a side is bound by the agreement, or
// the side is civilians.
func sideKind(s []match) int {
	if len(s) == 0 {
		return otherSide
	}
	k := bound
	for _, m := range s {
		switch m.role {
		case party, guarantor:
			if k != bound {
				return otherSide
			}
		case civilians:
			if len(s) > 1 {
				return otherSide
			}
			k = civilianSide
		default:
			return otherSide
		}
	}
	return k
}

func sameActors(a, b []match) bool {
	ids := func(s []match) []string {
		var out []string
		for _, m := range s {
			out = append(out, m.id)
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	return slices.Equal(ids(a), ids(b))
}

func hasRole(s []match, r role) bool {
	for _, m := range s {
		if m.role == r {
			return true
		}
	}
	return false
}

// list renders the distinct actors of the given roles on a side.
func list(s []match, roles ...role) string {
	var out []string
	for _, m := range s {
		if !slices.Contains(roles, m.role) {
			continue
		}
		d := m.id + " (" + m.role.String() + ")"
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return strings.Join(out, ", ")
}

// boundIDs returns the distinct parties and guarantors of a side.
func boundIDs(s []match) []string {
	var out []string
	for _, m := range s {
		if (m.role == party || m.role == guarantor) && !slices.Contains(out, m.id) {
			out = append(out, m.id)
		}
	}
	return out
}

// allegedRule is rule 6.
func (j *Judge) allegedRule(t *trace, inc *truce.Incident, a, b []match) string {
	var ids []string
	var why string
	switch {
	case inc.ViolenceType == 3 || inc.EventType == truce.ViolenceAgainstCivilians:
		ids = boundIDs(a)
		if sideKind(a) == civilianSide {
			ids = boundIDs(b)
		}
		why = "one-sided violence against civilians: the party that is not the civilians"
	case inc.EventType == truce.ExplosionsRemoteViolence:
		ids = boundIDs(a)
		why = "remote violence: side A, assuming the source lists the attacker first as UCDP and ACLED do in most such rows (neither promises a direction)"
	default:
		t.add(RuleAllegedParty, Unknown, "", inc.EventType+": the data give no direction, so both sides are in it")
		return ""
	}
	if len(ids) != 1 {
		t.add(RuleAllegedParty, Unknown, "", why+"; that side names several: "+strings.Join(ids, ", ")+", none singled out")
		return ""
	}
	t.add(RuleAllegedParty, Pass, ids[0], why+": "+ids[0])
	return ids[0]
}

// severityRule is rule 7.
func (j *Judge) severityRule(t *trace, inc *truce.Incident) string {
	for _, r := range j.a.Severity {
		if r.Matches(inc) {
			t.add(RuleSeverity, Pass, r.ID, r.Severity+": severity rule "+r.ID+" matches"+describeRule(r, inc))
			return r.Severity
		}
	}
	t.add(RuleSeverity, Pass, "", j.sevDef+": no severity rule matches, so the default tier")
	return j.sevDef
}

func describeRule(r truce.SeverityRule, inc *truce.Incident) string {
	var parts []string
	if len(r.EventTypes) > 0 {
		parts = append(parts, inc.EventType)
	}
	if len(r.SubEventTypes) > 0 {
		parts = append(parts, inc.SubEventType)
	}
	if r.MinDeaths > 0 {
		parts = append(parts, fmt.Sprintf("%d deaths (best estimate) ≥ %d", inc.Fatalities.Best, r.MinDeaths))
	}
	if r.MinCivilianDeaths > 0 {
		parts = append(parts, fmt.Sprintf("%d civilian deaths ≥ %d", inc.Fatalities.Civilians, r.MinCivilianDeaths))
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, "; ") + ")"
}
