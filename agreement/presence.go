package agreement

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/truce-monitor/truce"
)

// maxPresenceBytes bounds a presence file: it lists groups per zone and
// period, a few kilobytes; a file a thousand times that is the wrong file.
const maxPresenceBytes = 4 << 20

// maxFighters bounds a headcount: no armed group has had ten million
// fighters, so a larger figure is a typo.
const maxFighters = 10_000_000

// presence reads the agreement's presence: inline entries, or the name of a
// presence file read with opts.ReadFile, whose problems are reported with
// its own name and lines.
func (d *decoder) presence(o *object, a *truce.Agreement, opts Options) {
	v := o.get("presence", false)
	if v == nil {
		return
	}
	actors := actorRoles(a)
	zones := map[string]bool{}
	for _, z := range a.Zones {
		zones[z.ID] = true
	}
	switch v.Kind {
	case yaml.SequenceNode:
		a.Presence = d.presenceEntries(v, "presence", actors, zones, true)
	case yaml.ScalarNode:
		name := strings.TrimSpace(v.Value)
		if name == "" {
			d.errorf(v, "presence", "must not be empty")
			return
		}
		if opts.ReadFile == nil {
			d.errorf(v, "presence", "names the file %q, but this agreement was not read from a directory in which to find it", name)
			return
		}
		data, err := opts.ReadFile(name)
		if err != nil {
			d.errorf(v, "presence", "cannot read presence file %q: %v", name, err)
			return
		}
		if len(data) > maxPresenceBytes {
			d.errorf(v, "presence", "presence file %q is %d bytes; the limit is %d", name, len(data), maxPresenceBytes)
			return
		}
		pd := &decoder{name: name}
		a.PresenceFile, a.PresenceRaw = name, bytes.Clone(data)
		if root, ok := pd.document(data); ok {
			po := pd.object(root, "", "presence", "sources", "notes")
			entries := po.get("presence", true)
			po.stringList("sources")
			po.str("notes", false)
			if entries != nil && pd.kind(entries, "presence", yaml.SequenceNode, "a list") {
				a.Presence = pd.presenceEntries(entries, "presence", actors, zones, false)
				if len(a.Presence) == 0 && len(pd.problems) == 0 {
					pd.errorf(entries, "presence", "no entry names a zone of agreement %s (%s)", a.ID, strings.Join(zoneIDs(a), ", "))
				}
			}
		}
		for _, pr := range pd.problems {
			pr.file = name
			d.problems = append(d.problems, pr)
		}
		if len(pd.problems) > 0 {
			// The presence file's problems carry its name; say which
			// agreement line pulled it in too.
			d.errorf(v, "presence", "presence file %q has errors (listed with its name)", name)
		}
	default:
		d.errorf(v, "presence", "want a list of entries or the name of a presence file, got %s", describe(v))
	}
}

func zoneIDs(a *truce.Agreement) []string {
	var ids []string
	for _, z := range a.Zones {
		ids = append(ids, z.ID)
	}
	return ids
}

// actorRole is what a name in a presence file resolves to.
type actorRole struct {
	id       string
	excluded bool
	party    bool
}

func actorRoles(a *truce.Agreement) map[string]actorRole {
	m := map[string]actorRole{}
	add := func(list []truce.Actor, r actorRole) {
		for _, act := range list {
			r.id = act.ID
			for _, n := range append([]string{act.Name}, act.Aliases...) {
				if k := truce.ActorKey(n); k != "" {
					m[k] = r
				}
			}
		}
	}
	add(a.Parties, actorRole{party: true})
	add(a.Guarantors, actorRole{})
	add(a.Excluded, actorRole{excluded: true})
	return m
}

var presenceKeys = []string{"zones", "from", "to", "measure", "basis", "groups", "notes"}

// presenceEntries reads presence entries. inline entries must name only
// the agreement's zones; entries of a shared presence file naming none of
// them are skipped, since the file serves several agreements.
func (d *decoder) presenceEntries(list *yaml.Node, key string, actors map[string]actorRole, zones map[string]bool, inline bool) []truce.Presence {
	var out []truce.Presence
	for i, n := range list.Content {
		path := fmt.Sprintf("%s[%d]", key, i)
		eo := d.object(n, path, presenceKeys...)
		p := truce.Presence{
			Zones:   eo.stringList("zones"),
			From:    eo.date("from", true),
			To:      eo.date("to", true),
			Measure: eo.str("measure", true),
			Basis:   eo.str("basis", false),
			Notes:   eo.str("notes", false),
			Line:    n.Line,
		}
		if eo.get("zones", false) == nil {
			d.errorf(n, join(path, "zones"), "required")
		}
		if !p.From.IsZero() && !p.To.IsZero() && p.To.Before(p.From) {
			d.errorf(eo.values["to"], join(path, "to"), "%s is before from (%s)", day(p.To), day(p.From))
		}
		if p.Measure != "" && p.Measure != truce.MeasureFighters && p.Measure != truce.MeasureShare {
			d.errorf(eo.values["measure"], join(path, "measure"), "%q is not a measure (%s, %s)", p.Measure, truce.MeasureFighters, truce.MeasureShare)
		}
		known := 0
		for j, z := range p.Zones {
			if zones[z] {
				known++
			} else if inline {
				d.errorf(eo.values["zones"].Content[j], fmt.Sprintf("%s.zones[%d]", path, j), "%q is not a zone of this agreement", z)
			}
		}
		if known == 0 && !inline {
			// Another agreement's entry: its names are that agreement's.
			continue
		}
		p.Groups = d.presentGroups(eo, path, p.Measure, actors)
		if known == 0 {
			continue
		}
		out = append(out, p)
	}
	// Overlapping periods would make the prior depend on which entry is
	// read first.
	for i, p := range out {
		for _, q := range out[:i] {
			if q.To.Before(p.From) || p.To.Before(q.From) {
				continue
			}
			for _, z := range p.Zones {
				if zones[z] && slices.Contains(q.Zones, z) {
					d.problems = append(d.problems, problem{line: p.Line, path: "presence",
						msg: fmt.Sprintf("the entry for zone %q from %s to %s overlaps the entry at line %d (%s to %s)", z, day(p.From), day(p.To), q.Line, day(q.From), day(q.To))})
				}
			}
		}
	}
	return out
}

// presentGroups reads an entry's groups: each a name the agreement knows, a
// [low, high] range in the entry's measure, and its source.
func (d *decoder) presentGroups(eo *object, path, measure string, actors map[string]actorRole) []truce.PresentGroup {
	items, paths := eo.list("groups", true)
	var out []truce.PresentGroup
	sumLow := 0.0
	for i, n := range items {
		gp := paths[i]
		keys := []string{"name", "source", "fighters", "share"}
		g := d.object(n, gp, keys...)
		pg := truce.PresentGroup{Name: g.str("name", true), Source: g.str("source", true)}
		if pg.Name != "" {
			r, ok := actors[truce.ActorKey(pg.Name)]
			switch {
			case !ok:
				d.errorf(g.values["name"], join(gp, "name"), "%q is not a name or alias of any party or excluded group of the agreement; add it as an alias, or as an actor", pg.Name)
			case !r.party && !r.excluded:
				d.errorf(g.values["name"], join(gp, "name"), "%q names a guarantor; presence lists the non-state side", pg.Name)
			default:
				// Several groups may resolve to one actor (FSA factions
				// to the armed opposition): their figures add up.
				pg.ActorID, pg.Excluded = r.id, r.excluded
			}
		}
		other := "share"
		if measure == truce.MeasureShare {
			other = "fighters"
		}
		if v := g.get(other, false); v != nil && (measure == truce.MeasureFighters || measure == truce.MeasureShare) {
			d.errorf(v, join(gp, other), "this entry's measure is %s; give %s, not %s", measure, measureKey(measure), other)
		}
		if measure == truce.MeasureFighters || measure == truce.MeasureShare {
			max := float64(maxFighters)
			if measure == truce.MeasureShare {
				max = 1
			}
			pg.Low, pg.High = d.rangePair(g, gp, measureKey(measure), max)
			sumLow += pg.Low
		}
		out = append(out, pg)
	}
	if measure == truce.MeasureShare && sumLow > 1+1e-9 {
		d.errorf(eo.values["groups"], join(path, "groups"), "the low shares add up to %.3g, more than the whole", sumLow)
	}
	return out
}

func measureKey(measure string) string {
	if measure == truce.MeasureShare {
		return "share"
	}
	return "fighters"
}

// rangePair reads [low, high] with 0 ≤ low ≤ high ≤ max.
func (d *decoder) rangePair(g *object, path, key string, max float64) (lo, hi float64) {
	v := g.get(key, true)
	p := join(path, key)
	if v == nil || !d.kind(v, p, yaml.SequenceNode, "a list [low, high]") {
		return 0, 0
	}
	if len(v.Content) != 2 {
		d.errorf(v, p, "want [low, high], got %d numbers", len(v.Content))
		return 0, 0
	}
	lo, ok1 := d.number(v.Content[0], p+"[0]")
	hi, ok2 := d.number(v.Content[1], p+"[1]")
	if !ok1 || !ok2 {
		return 0, 0
	}
	switch {
	case lo < 0 || hi > max:
		d.errorf(v, p, "[%g, %g] is out of range [0, %s]", lo, hi, strconv.FormatFloat(max, 'f', -1, 64))
		return 0, 0
	case lo > hi:
		d.errorf(v, p, "low %g is above high %g", lo, hi)
		return 0, 0
	}
	return lo, hi
}
