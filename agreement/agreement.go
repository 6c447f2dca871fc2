// Package agreement parses and validates agreement files: ceasefire and
// de-escalation agreements written as YAML (or JSON, which is YAML) in the
// format described in FORMAT.md, yielding a *truce.Agreement.
//
// Every problem is reported with the file name, line and field path, all of
// them at once (up to a score), as one *truce.Error with code EINVALID: an
// agreement file is written by hand, and its author should be able to fix it
// in one pass. Unknown keys are errors, so a misspelt optional field cannot
// silently drop a zone's buffer or an observation post.
package agreement

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"go.yaml.in/yaml/v3"

	"github.com/truce-monitor/truce"
)

// Options configures parsing.
type Options struct {
	// AdminUnits resolves an admin unit code (e.g. an OCHA pcode "SY0201")
	// to its geometry, for zones defined as admin units. nil: such zones are
	// an error naming the zone.
	AdminUnits func(code string) (orb.MultiPolygon, bool)
	// ReadFile reads a file the agreement file names (its presence file),
	// by the name it gives. nil: such a reference is an error. Load sets
	// it to read beside the agreement file.
	ReadFile func(name string) ([]byte, error)
}

// maxBufferKm bounds buffer_km: security zones are a few kilometres wide, so
// a value of 100 or more is a unit mistake (metres for kilometres).
const maxBufferKm = 100

// MaxFileBytes bounds an agreement file and each file it names (presence
// data): a detailed zone border of tens of thousands of vertices takes a
// megabyte or two, and parsing holds several times a file's size.
const MaxFileBytes = 8 << 20

// readLimited reads the file at path, refusing one over MaxFileBytes
// before reading it.
func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() > MaxFileBytes {
		return nil, truce.Errorf(truce.EINVALID, "%s: %d bytes, over the limit of %d for an agreement file (simplify the zone borders: a few thousand vertices each is plenty)", path, fi.Size(), MaxFileBytes)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err == nil && len(data) > MaxFileBytes {
		return nil, truce.Errorf(truce.EINVALID, "%s: over the limit of %d bytes for an agreement file", path, MaxFileBytes)
	}
	return data, err
}

// Load reads and parses the agreement file at path; errors name the path.
func Load(path string, opts Options) (*truce.Agreement, error) {
	data, err := readLimited(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, truce.Errorf(truce.ENOTFOUND, "agreement file %s does not exist", path)
	}
	if truce.ErrorCode(err) == truce.EINVALID {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("reading agreement file: %w", err)
	}
	if opts.ReadFile == nil {
		opts.ReadFile = DirReader(filepath.Dir(path))
	}
	return Parse(data, path, opts)
}

// DirReader returns an Options.ReadFile that reads files named relative to
// dir. Names must stay inside dir: a presence file is data beside its
// agreement, never a path elsewhere on the machine.
func DirReader(dir string) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		if !filepath.IsLocal(name) {
			return nil, fmt.Errorf("%q is not a file name beside the agreement file", name)
		}
		return readLimited(filepath.Join(dir, name))
	}
}

var topKeys = []string{"id", "title", "signed", "effective", "expires", "duration_months", "renewals", "truces",
	"parties", "guarantors", "excluded", "prohibited", "sources", "notes", "zones",
	"buffer_counts", "aggregate_actors", "permitted", "severity", "severity_default", "status",
	"tiers", "regardless_of_target", "presence"}

// Parse parses and validates an agreement file's contents. name is the file
// name used in error messages. The returned agreement's Raw is a copy of data.
func Parse(data []byte, name string, opts Options) (*truce.Agreement, error) {
	if len(data) > MaxFileBytes {
		return nil, truce.Errorf(truce.EINVALID, "%s: %d bytes, over the limit of %d for an agreement file", name, len(data), MaxFileBytes)
	}
	d := &decoder{name: name}
	root, ok := d.document(data)
	if !ok {
		return nil, d.err()
	}
	a := &truce.Agreement{Raw: bytes.Clone(data)}
	o := d.object(root, "", topKeys...)

	a.ID, _ = o.slug("id")
	a.Title = o.str("title", true)
	a.Signed = o.date("signed", true)
	a.Effective = o.date("effective", true)
	a.Expires = o.date("expires", false)
	a.DurationMonths = o.integer("duration_months")
	a.Notes = o.str("notes", false)
	a.Sources = o.stringList("sources")

	if v := o.get("duration_months", false); v != nil && (a.DurationMonths < 0 || a.DurationMonths > 1200) {
		d.errorf(v, "duration_months", "must be between 0 and 1200")
	}
	if !a.Signed.IsZero() && !a.Effective.IsZero() && a.Effective.Before(a.Signed) {
		d.errorf(o.values["effective"], "effective", "%s is before signed (%s)", day(a.Effective), day(a.Signed))
	}
	if !a.Expires.IsZero() && !a.Effective.IsZero() && !a.Expires.After(a.Effective) {
		d.errorf(o.values["expires"], "expires", "%s is not after effective (%s)", day(a.Expires), day(a.Effective))
	}

	a.Renewals = d.renewals(o, a)

	names := map[string]string{} // truce.ActorKey of a name or alias → path of the actor that has it
	ids := map[string]string{}   // actor id → path
	a.Parties = d.actors(o, "parties", true, ids, names)
	a.Guarantors = d.actors(o, "guarantors", false, ids, names)
	a.Excluded = d.actors(o, "excluded", false, ids, names)
	actIDs := map[string]string{}
	a.Prohibited = d.prohibited(o, actIDs)
	a.Zones = d.zones(o, a, opts)
	a.Truces = d.truces(o, a)
	d.rules(o, a, names, actIDs)
	d.zoneRefs(o, a)
	d.presence(o, a, opts)

	if err := d.err(); err != nil {
		return nil, err
	}
	return a, nil
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// document decodes data into its single YAML document's root node.
func (d *decoder) document(data []byte) (*yaml.Node, bool) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			d.errorf(nil, "", "empty file")
			return nil, false
		}
		d.syntaxError(err)
		return nil, false
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		d.errorf(&next, "", "more than one YAML document; an agreement file holds one")
		return nil, false
	case err != io.EOF:
		d.syntaxError(err)
		return nil, false
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		d.errorf(nil, "", "empty file")
		return nil, false
	}
	return doc.Content[0], true
}

// syntaxError turns yaml.v3's "yaml: line N: msg" into "name:N: msg".
func (d *decoder) syntaxError(err error) {
	for _, msg := range strings.Split(strings.TrimPrefix(err.Error(), "yaml: unmarshal errors:\n"), "\n") {
		msg = strings.TrimSpace(msg)
		if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
			line, _ := strconv.Atoi(m[1])
			d.problems = append(d.problems, problem{line: line, msg: m[2]})
			continue
		}
		d.problems = append(d.problems, problem{msg: strings.TrimPrefix(msg, "yaml: ")})
	}
}

func (d *decoder) renewals(o *object, a *truce.Agreement) []truce.Renewal {
	items, paths := o.list("renewals", false)
	var out []truce.Renewal
	var prev time.Time
	for i, n := range items {
		r := d.object(n, paths[i], "date", "until", "note")
		rn := truce.Renewal{Date: r.date("date", true), Until: r.date("until", false), Note: r.str("note", false)}
		switch {
		case rn.Date.IsZero():
		case !a.Signed.IsZero() && rn.Date.Before(a.Signed):
			d.errorf(r.values["date"], join(paths[i], "date"), "%s is before signed (%s)", day(rn.Date), day(a.Signed))
		case !prev.IsZero() && rn.Date.Before(prev):
			d.errorf(r.values["date"], join(paths[i], "date"), "%s is before the previous renewal (%s); list renewals in order", day(rn.Date), day(prev))
		}
		if !rn.Until.IsZero() && !rn.Date.IsZero() && !rn.Until.After(rn.Date) {
			d.errorf(r.values["until"], join(paths[i], "until"), "%s is not after the renewal's date (%s)", day(rn.Until), day(rn.Date))
		}
		if !rn.Date.IsZero() {
			prev = rn.Date
		}
		out = append(out, rn)
	}
	return out
}

// truces reads the local truces, which must name zones of the agreement
// and fall in its life, in date order.
func (d *decoder) truces(o *object, a *truce.Agreement) []truce.LocalTruce {
	items, paths := o.list("truces", false)
	zoneIDs := map[string]bool{}
	for _, z := range a.Zones {
		zoneIDs[z.ID] = true
	}
	var out []truce.LocalTruce
	var prev time.Time
	for i, n := range items {
		r := d.object(n, paths[i], "date", "until", "zones", "name", "source", "speakers")
		lt := truce.LocalTruce{Date: r.date("date", true), Until: r.date("until", false), Zones: r.stringList("zones"),
			Name: r.str("name", true), Source: r.str("source", true), Speakers: r.stringList("speakers")}
		switch {
		case lt.Date.IsZero():
		case !a.Effective.IsZero() && lt.Date.Before(a.Effective):
			d.errorf(r.values["date"], join(paths[i], "date"), "%s is before the agreement took effect (%s)", day(lt.Date), day(a.Effective))
		case !prev.IsZero() && lt.Date.Before(prev):
			d.errorf(r.values["date"], join(paths[i], "date"), "%s is before the previous truce (%s); list truces in order", day(lt.Date), day(prev))
		}
		if !lt.Until.IsZero() && !lt.Date.IsZero() && lt.Until.Before(lt.Date) {
			d.errorf(r.values["until"], join(paths[i], "until"), "%s is before the truce's date (%s)", day(lt.Until), day(lt.Date))
		}
		if len(lt.Zones) == 0 {
			d.errorf(n, join(paths[i], "zones"), "name the zones the truce covers")
		}
		for _, z := range lt.Zones {
			if len(zoneIDs) > 0 && !zoneIDs[z] {
				d.errorf(r.values["zones"], join(paths[i], "zones"), "zone %q is not one of the agreement's", z)
			}
		}
		if !lt.Date.IsZero() {
			prev = lt.Date
		}
		out = append(out, lt)
	}
	return out
}

// actors reads a list of actors. Ids must be unique across all three lists,
// since verdicts name actors by id; names and aliases must be too, since an
// alias shared by a party and an excluded group would make every verdict
// involving it a coin toss.
func (d *decoder) actors(o *object, key string, required bool, ids, names map[string]string) []truce.Actor {
	items, paths := o.list(key, required)
	var out []truce.Actor
	for i, n := range items {
		ao := d.object(n, paths[i], "id", "name", "aliases")
		id, idNode := ao.slug("id")
		act := truce.Actor{ID: id, Name: ao.str("name", true), Aliases: ao.stringList("aliases")}
		if id != "" {
			if other, dup := ids[id]; dup {
				d.errorf(idNode, join(paths[i], "id"), "id %q is already used by %s", id, other)
			} else if id == truce.AccusedUnknown {
				d.errorf(idNode, join(paths[i], "id"), "id %q is reserved: claims accuse %q when their words name no attacker", id, id)
			} else {
				ids[id] = paths[i]
			}
		}
		seen := map[string]bool{}
		check := func(s string, n *yaml.Node, path string) {
			k := truce.ActorKey(s)
			if s == "" || seen[k] {
				return
			}
			seen[k] = true
			if other, dup := names[k]; dup {
				d.errorf(n, path, "%q also names %s", s, other)
				return
			}
			names[k] = paths[i]
		}
		check(act.Name, ao.values["name"], join(paths[i], "name"))
		if al := ao.get("aliases", false); al != nil && al.Kind == yaml.SequenceNode {
			for j, s := range al.Content {
				if s.Kind == yaml.ScalarNode {
					check(strings.TrimSpace(s.Value), s, fmt.Sprintf("%s[%d]", join(paths[i], "aliases"), j))
				}
			}
		}
		out = append(out, act)
	}
	return out
}

// prohibited reads the prohibited acts. ids collects act ids, which must be
// unique across prohibited and permitted acts since verdicts cite both.
func (d *decoder) prohibited(o *object, ids map[string]string) []truce.ProhibitedAct {
	var out []truce.ProhibitedAct
	for _, p := range d.acts(o, "prohibited", true, ids) {
		out = append(out, truce.ProhibitedAct(p))
	}
	return out
}

// acts reads a list of acts: prohibited or permitted ones, which share a shape.
func (d *decoder) acts(o *object, key string, required bool, ids map[string]string) []truce.PermittedAct {
	items, paths := o.list(key, required)
	var out []truce.PermittedAct
	for i, n := range items {
		po := d.object(n, paths[i], "id", "event_type", "sub_event_type", "clause", "zones")
		id, idNode := po.slug("id")
		p := truce.PermittedAct{ID: id, EventType: po.str("event_type", true),
			SubEventType: po.str("sub_event_type", false), Clause: po.str("clause", true), Zones: po.stringList("zones")}
		d.unique(ids, id, idNode, paths[i])
		d.eventType(po, paths[i], p.EventType, "event_type")
		if p.SubEventType != "" {
			d.subEventType(po.values["sub_event_type"], join(paths[i], "sub_event_type"), p.SubEventType, []string{p.EventType})
		}
		out = append(out, p)
	}
	return out
}

// eventType checks that t, read from key of o, is an ACLED event type.
func (d *decoder) eventType(o *object, path, t, key string) bool {
	if _, known := truce.SubEventTypes[t]; !known && t != "" {
		d.errorf(o.values[key], join(path, key), "%q is not an ACLED event type (%s)", t, eventTypesText())
		return false
	}
	return t != ""
}

// subEventType checks that sub is an ACLED sub-event type of one of types
// (of any type when types is empty), so that no rule names a combination
// that can never occur.
func (d *decoder) subEventType(n *yaml.Node, path, sub string, types []string) {
	owner := truce.EventTypeOf(sub)
	switch {
	case owner == "" && len(types) == 1:
		if subs, ok := truce.SubEventTypes[types[0]]; ok {
			d.errorf(n, path, "%q is not a sub-event type of %q (%s)", sub, types[0], strings.Join(subs, ", "))
		}
	case owner == "":
		d.errorf(n, path, "%q is not an ACLED sub-event type", sub)
	case len(types) == 1 && types[0] != owner:
		if _, ok := truce.SubEventTypes[types[0]]; ok {
			d.errorf(n, path, "%q belongs to %q, not %q", sub, owner, types[0])
		}
	case len(types) > 1 && !contains(types, owner):
		d.errorf(n, path, "%q belongs to %q, which is not among the rule's event_types", sub, owner)
	}
}

// eventTypes lists ACLED's event types in a stable order for messages.
func eventTypesText() string {
	return strings.Join([]string{truce.Battles, truce.ExplosionsRemoteViolence, truce.ViolenceAgainstCivilians,
		truce.Protests, truce.Riots, truce.StrategicDevelopments}, ", ")
}

func (d *decoder) unique(ids map[string]string, id string, n *yaml.Node, path string) {
	if id == "" {
		return
	}
	if other, dup := ids[id]; dup {
		d.errorf(n, join(path, "id"), "id %q is already used by %s", id, other)
		return
	}
	ids[id] = path
}

var zoneKeys = []string{"id", "name", "geometry", "admin", "buffer_km", "checkpoints", "observation_posts",
	"effective_from", "effective_to", "approximate", "notes", "border_error_km", "ended"}

// maxBorderErrorKm bounds border_error_km: a border known no better than
// this is no border, and the value is more likely metres for kilometres.
const maxBorderErrorKm = 50

func (d *decoder) zones(o *object, a *truce.Agreement, opts Options) []truce.Zone {
	items, paths := o.list("zones", true)
	ids := map[string]string{}
	var out []truce.Zone
	for i, n := range items {
		path := paths[i]
		zo := d.object(n, path, zoneKeys...)
		id, idNode := zo.slug("id")
		d.unique(ids, id, idNode, path)
		z := truce.Zone{
			ID:               id,
			Name:             zo.str("name", true),
			Admin:            zo.stringList("admin"),
			Checkpoints:      d.sites(zo, "checkpoints"),
			ObservationPosts: d.sites(zo, "observation_posts"),
			EffectiveFrom:    zo.date("effective_from", false),
			EffectiveTo:      zo.date("effective_to", false),
			Approximate:      zo.boolean("approximate"),
			Notes:            zo.str("notes", false),
		}
		if b, ok := zo.float("buffer_km", false); ok {
			if b < 0 || b >= maxBufferKm {
				d.errorf(zo.values["buffer_km"], join(path, "buffer_km"), "%g is out of range [0, %d)", b, maxBufferKm)
			}
			z.BufferKm = b
		}
		if b, ok := zo.float("border_error_km", false); ok {
			if b < 0 || b > maxBorderErrorKm {
				d.errorf(zo.values["border_error_km"], join(path, "border_error_km"), "%g is out of range [0, %d]", b, maxBorderErrorKm)
			} else {
				z.BorderErrorKm = b
			}
		}
		z.Ended = d.zoneEnd(zo, a)

		geom, admin := zo.get("geometry", false), zo.get("admin", false)
		switch {
		case geom != nil && admin != nil:
			d.errorf(geom, path, "zone %q has both geometry and admin; give one", id)
		case geom != nil:
			z.Geometry = d.geometry(geom, join(path, "geometry"))
		case admin != nil:
			z.Geometry = d.adminGeometry(zo, z, opts)
		default:
			d.errorf(n, path, "zone %q needs geometry or admin", id)
		}

		d.zonePeriod(zo, &z, a)
		out = append(out, z)
	}
	return out
}

// adminGeometry builds a zone's geometry from the admin units it names.
func (d *decoder) adminGeometry(zo *object, z truce.Zone, opts Options) orb.MultiPolygon {
	path := join(zo.path, "admin")
	if opts.AdminUnits == nil {
		d.errorf(zo.values["admin"], path, "zone %q is defined by admin units, but no admin-unit boundaries were given to resolve them", z.ID)
		return nil
	}
	if zo.values["admin"].Kind != yaml.SequenceNode {
		return nil // already reported when reading the list
	}
	if len(z.Admin) == 0 {
		d.errorf(zo.values["admin"], path, "must list at least one admin unit code")
		return nil
	}
	var mp orb.MultiPolygon
	for j, c := range zo.values["admin"].Content {
		code := strings.TrimSpace(c.Value)
		if c.Kind != yaml.ScalarNode || code == "" {
			continue // already reported when reading the list
		}
		g, ok := opts.AdminUnits(code)
		if !ok {
			d.errorf(c, fmt.Sprintf("%s[%d]", path, j), "unknown admin unit %q in zone %q", code, z.ID)
			continue
		}
		mp = append(mp, g...)
	}
	return mp
}

// zonePeriod checks that a zone's own period lies inside the agreement's.
func (d *decoder) zonePeriod(zo *object, z *truce.Zone, a *truce.Agreement) {
	from, to := zo.values["effective_from"], zo.values["effective_to"]
	if !z.EffectiveFrom.IsZero() {
		if !a.Effective.IsZero() && z.EffectiveFrom.Before(a.Effective) {
			d.errorf(from, join(zo.path, "effective_from"), "%s is before the agreement is effective (%s)", day(z.EffectiveFrom), day(a.Effective))
		}
		if !a.Expires.IsZero() && !z.EffectiveFrom.Before(a.Expires) {
			d.errorf(from, join(zo.path, "effective_from"), "%s is not before the agreement expires (%s)", day(z.EffectiveFrom), day(a.Expires))
		}
	}
	if !z.EffectiveTo.IsZero() {
		start := z.EffectiveFrom
		if start.IsZero() {
			start = a.Effective
		}
		if !start.IsZero() && !z.EffectiveTo.After(start) {
			d.errorf(to, join(zo.path, "effective_to"), "%s is not after the zone's start (%s)", day(z.EffectiveTo), day(start))
		}
		if !a.Expires.IsZero() && z.EffectiveTo.After(a.Expires) {
			d.errorf(to, join(zo.path, "effective_to"), "%s is after the agreement expires (%s)", day(z.EffectiveTo), day(a.Expires))
		}
	}
}

// zoneEnd reads a zone's ended block: when and how it ceased to exist, with
// sources, since a zone's end changes every status after it.
func (d *decoder) zoneEnd(zo *object, a *truce.Agreement) *truce.ZoneEnd {
	v := zo.get("ended", false)
	if v == nil {
		return nil
	}
	path := join(zo.path, "ended")
	eo := d.object(v, path, "date", "how", "note", "sources")
	e := &truce.ZoneEnd{Date: eo.date("date", true), How: eo.str("how", true), Note: eo.str("note", false), Sources: eo.stringList("sources")}
	if e.How != "" && !contains(truce.ZoneEndings, e.How) {
		d.errorf(eo.values["how"], join(path, "how"), "%q is not a way a zone ends (%s)", e.How, strings.Join(truce.ZoneEndings, ", "))
	}
	if len(e.Sources) == 0 && eo.get("sources", false) == nil {
		d.errorf(v, join(path, "sources"), "required: a zone's end changes every status after it, so say where it comes from")
	}
	if !e.Date.IsZero() && !a.Effective.IsZero() && !e.Date.After(a.Effective) {
		d.errorf(eo.values["date"], join(path, "date"), "%s is not after the agreement is effective (%s)", day(e.Date), day(a.Effective))
	}
	return e
}

func (d *decoder) sites(zo *object, key string) []truce.Site {
	items, paths := zo.list(key, false)
	var out []truce.Site
	for i, n := range items {
		so := d.object(n, paths[i], "name", "lon", "lat", "since")
		s := truce.Site{Name: so.str("name", true), Since: so.date("since", false)}
		if lon, ok := so.float("lon", true); ok {
			if lon < -180 || lon > 180 {
				d.errorf(so.values["lon"], join(paths[i], "lon"), "longitude %g is out of range [-180, 180]", lon)
			}
			s.Lon = lon
		}
		if lat, ok := so.float("lat", true); ok {
			if lat < -90 || lat > 90 {
				d.errorf(so.values["lat"], join(paths[i], "lat"), "latitude %g is out of range [-90, 90]", lat)
			}
			s.Lat = lat
		}
		out = append(out, s)
	}
	return out
}

func day(t time.Time) string { return t.Format(truce.DateLayout) }
