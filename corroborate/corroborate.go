package corroborate

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
)

// SameType values.
const (
	SameEvent = "event" // the ACLED event types must be equal when both are known
	SameAny   = "any"   // the type is not compared
)

// Defaults.
const (
	DefaultMaxKm   = 5  // xSub's wider spatial window
	DefaultMaxDays = 1  // xSub's 1-day temporal window
	NearKm         = 25 // the radius PrecNear adds: "within 25 km of a known point"
)

// DefaultDatasets are the sources whose reports are distinct events by
// construction: each deduplicates its own rows.
var DefaultDatasets = []string{"ucdp", "acled", "sim"}

// Options are the corroboration windows. MaxKm ≤ 0 means DefaultMaxKm and
// SameType "" means SameEvent; MaxDays and ActorsMustAgree are taken as
// given, because 0 and false are legitimate. Start from DefaultOptions.
type Options struct {
	MaxKm           float64  // spatial window between exact points, km; precision radii are added
	MaxDays         int      // the largest gap in days between the date windows; 0: they must overlap
	SameType        string   // SameEvent or SameAny
	ActorsMustAgree bool     // sides must be compatible (see the package doc)
	Datasets        []string // sources that never merge with themselves; nil: DefaultDatasets
	Override        Override // an analyst's decisions, honoured before the windows
	// AttachImprecise lets a report located only by an admin unit or a
	// fuzzy area join a group when that group is the only one it could
	// join: see the package doc.
	AttachImprecise bool
}

// DefaultOptions returns xSub-like windows: 5 km, 1 day, same event type,
// agreeing sides.
func DefaultOptions() Options {
	return Options{MaxKm: DefaultMaxKm, MaxDays: DefaultMaxDays, SameType: SameEvent, ActorsMustAgree: true, AttachImprecise: true}
}

// Override is an analyst's correction of the automatic grouping. Each
// string is a report's "source:key" (Report.Source, ":", Report.SourceKey).
type Override struct {
	Keep  [][2]string // pairs that are one event: must-link
	Split [][2]string // pairs that are not: cannot-link
}

// Group is one incident: the reports that describe it and why.
type Group struct {
	Reports            []int    // indices into Cluster's input, earliest report first
	Reasons            []string // Reasons[k] says why Reports[k] joined
	Sources            []string // the distinct origins behind the reports ("SOHR", "Syrian state media")
	Datasets           []string // the distinct Report.Source values
	IndependentSources int      // reports with pairwise disjoint origins (greedy; see the package doc)
	Conflicts          []string // conflicting attributions, in words
	Confidence         string   // "low", "medium" or "high"
}

// Confidence levels.
const (
	Low    = "low"
	Medium = "medium"
	High   = "high"
)

const earthKm = 6371.0088

// rep is one report, prepared for comparison.
type rep struct {
	in        int // index in the input
	r         *truce.Report
	id        string // source:key
	s, e      int    // first and last day, days since 1970-01-01
	precise   bool   // a point known exactly or near
	hasPt     bool   // a usable point, however precise
	precKm    float64
	lon, lat  float64
	x, y, z   float64 // on a sphere of earthKm
	place     string  // ActorKey of a specific place name, "" when none
	typ       string
	a, b      string // ActorKey of the sides, "" unknown
	atk, tgt  string // attacker and target keys (a, b unless a is civilians)
	origins   []string
	originsBy map[string]string // key → display name
	dataset   bool
}

type pairKey struct{ p, q int } // canonical positions, p < q

type clusterer struct {
	opts     Options
	reps     []rep // canonical order
	keep     map[pairKey]bool
	split    map[pairKey]bool
	datasets map[string]bool
	cellKm   float64
}

// Cluster groups reports into incidents. Every non-nil report that is not a
// withdrawal is in exactly one group; groups are ordered by their earliest
// report. The result does not depend on the order of reports.
func Cluster(reports []*truce.Report, opts Options) []Group {
	if opts.MaxKm <= 0 || math.IsNaN(opts.MaxKm) {
		opts.MaxKm = DefaultMaxKm
	}
	if opts.MaxDays < 0 {
		opts.MaxDays = 0
	}
	if opts.SameType == "" {
		opts.SameType = SameEvent
	}
	if opts.Datasets == nil {
		opts.Datasets = DefaultDatasets
	}
	c := &clusterer{opts: opts, datasets: map[string]bool{}, cellKm: opts.MaxKm + 2*NearKm}
	for _, d := range opts.Datasets {
		c.datasets[d] = true
	}
	for i, r := range reports {
		if r == nil || r.Withdraws {
			continue
		}
		c.reps = append(c.reps, prepare(i, r, c.datasets))
	}
	slices.SortStableFunc(c.reps, compareReps)

	byID := map[string][]int{}
	for p := range c.reps {
		byID[c.reps[p].id] = append(byID[c.reps[p].id], p)
	}
	pairs := func(list [][2]string) []pairKey {
		var out []pairKey
		for _, pr := range list {
			for _, p := range byID[pr[0]] {
				for _, q := range byID[pr[1]] {
					if p != q {
						out = append(out, pairKey{min(p, q), max(p, q)})
					}
				}
			}
		}
		slices.SortFunc(out, func(x, y pairKey) int { return cmp.Or(cmp.Compare(x.p, y.p), cmp.Compare(x.q, y.q)) })
		return slices.Compact(out)
	}
	keeps, splits := pairs(opts.Override.Keep), pairs(opts.Override.Split)
	c.keep, c.split = map[pairKey]bool{}, map[pairKey]bool{}
	for _, k := range keeps {
		c.keep[k] = true
	}
	for _, k := range splits {
		c.split[k] = true
	}

	u := newUnion(len(c.reps))
	refused := map[int][]string{}
	// Analyst keeps first, unless they would join a split pair.
	for _, k := range keeps {
		gp, gq := u.find(k.p), u.find(k.q)
		if gp == gq {
			continue
		}
		if s, bad := c.splitBetween(u, gp, gq, splits); bad {
			msg := fmt.Sprintf("analyst merge with %s not applied: it would join %s and %s, which an analyst split",
				c.label(k.q), c.reps[s.p].id, c.reps[s.q].id)
			refused[k.p] = append(refused[k.p], msg)
			refused[k.q] = append(refused[k.q], fmt.Sprintf("analyst merge with %s not applied: it would join %s and %s, which an analyst split",
				c.label(k.p), c.reps[s.p].id, c.reps[s.q].id))
			continue
		}
		u.union(gp, gq)
	}
	// Then the automatic pairs, best first, complete linkage.
	for _, e := range c.edges() {
		gp, gq := u.find(e.p), u.find(e.q)
		if gp == gq {
			continue
		}
		if c.allCompatible(u.members[gp], u.members[gq]) {
			u.union(gp, gq)
		}
	}

	attached := map[int]string{}
	if opts.AttachImprecise {
		attached = c.attach(u)
	}

	var roots []int
	for p := range c.reps {
		if u.find(p) == p {
			roots = append(roots, p)
		}
	}
	groups := make([]Group, 0, len(roots))
	for _, root := range roots {
		m := slices.Clone(u.members[root])
		slices.Sort(m)
		groups = append(groups, c.group(m, refused, splits, attached))
	}
	return groups // roots ascend, and a root is its group's earliest report
}

func compareReps(x, y rep) int {
	a, b := x.r, y.r
	return cmp.Or(
		cmp.Compare(x.s, y.s), cmp.Compare(x.e, y.e),
		strings.Compare(a.Source, b.Source), strings.Compare(a.SourceKey, b.SourceKey),
		strings.Compare(a.Hash, b.Hash),
		cmp.Compare(x.lon, y.lon), cmp.Compare(x.lat, y.lat),
		strings.Compare(x.typ, y.typ), strings.Compare(a.Incident.SideA, b.Incident.SideA),
		strings.Compare(a.Incident.SideB, b.Incident.SideB), strings.Compare(a.Incident.Sources, b.Incident.Sources),
		cmp.Compare(a.ID, b.ID),
	)
}

func day(t time.Time) int {
	if t.IsZero() {
		return 0
	}
	y, m, d := t.Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func prepare(i int, r *truce.Report, datasets map[string]bool) rep {
	inc := &r.Incident
	p := rep{in: i, r: r, id: r.Source + ":" + r.SourceKey, typ: inc.EventType, dataset: datasets[r.Source]}
	p.s, p.e = day(inc.DateStart), day(inc.DateEnd)
	if p.e < p.s {
		p.e = p.s
	}
	loc := inc.Location
	if loc.HasPoint && !math.IsNaN(loc.Lon) && !math.IsNaN(loc.Lat) {
		p.hasPt, p.lon, p.lat = true, loc.Lon, loc.Lat
	}
	if p.hasPt && (loc.Precision == truce.PrecExact || loc.Precision == truce.PrecNear) {
		p.precise = true
		if loc.Precision == truce.PrecNear {
			p.precKm = NearKm
		}
		lo, la := loc.Lon*math.Pi/180, loc.Lat*math.Pi/180
		p.x = earthKm * math.Cos(la) * math.Cos(lo)
		p.y = earthKm * math.Cos(la) * math.Sin(lo)
		p.z = earthKm * math.Sin(la)
	}
	if k := truce.ActorKey(loc.Place); k != "" && k != truce.ActorKey(loc.Admin1) && k != truce.ActorKey(loc.Admin2) {
		p.place = k
	}
	p.a, p.b = sideKey(inc.SideA), sideKey(inc.SideB)
	p.atk, p.tgt = p.a, p.b
	if strings.HasPrefix(p.a, "civilians") && !strings.HasPrefix(p.b, "civilians") {
		p.atk, p.tgt = p.b, p.a
	}
	p.origins, p.originsBy = origins(r)
	return p
}

// sideKey is the ActorKey of a side, "" when the side is unknown.
func sideKey(s string) string {
	k := truce.ActorKey(s)
	switch k {
	case "unknown", "unidentified":
		return ""
	}
	return k
}

// repeaterNames maps outlets that repeat an agency to that agency, and the
// names one origin goes by to one name: the Syrian Observatory is "SOHR" in
// GED, "the Observatory", "the monitor" or its director in an AFP story, so
// that a story quoting it is not a second, independent source. Keep it
// small: it is data, not knowledge of the media landscape.
var repeaterNames = map[string]string{
	"Syrian Observatory for Human Rights":               "SOHR",
	"Britain-based Syrian Observatory for Human Rights": "SOHR",
	"Syrian Observatory":                                "SOHR",
	"Observatory":                                       "SOHR",
	"Observatory director":                              "SOHR",
	"monitor":                                           "SOHR",
	"war monitor":                                       "SOHR",
	"monitor group":                                     "SOHR",
	"Britain-based monitor":                             "SOHR",
	"UK-based monitor":                                  "SOHR",
	"Rami Abdel Rahman":                                 "SOHR",
	"Rami Abdulrahman":                                  "SOHR",
	"Rami Abdel-Rahman":                                 "SOHR",
	"Syrian Network for Human Rights":                   "SNHR",
	"Violations Documentation Center":                   "VDC",
	"Air Wars":                                          "Airwars",
	"Human Rights Watch":                                "HRW",
	"Reuters News":                                      "Reuters",
	"Agence France Presse":                              "AFP",
	"Agence France-Presse":                              "AFP",
	"Syria Live Map":                                    "Liveuamap",
	"SyriaLiveuaMap":                                    "Liveuamap",
	"Syria Liveuamap":                                   "Liveuamap",
	"syria.liveuamap.com":                               "Liveuamap",
	"http://syria.liveuamap.com":                        "Liveuamap",
	"BBC Monitoring Middle East":                        "BBC Monitoring",
	"BBC Monitoring Newsfile":                           "BBC Monitoring",
	"BBC Monitoring European":                           "BBC Monitoring",
	"Sputnik News Service":                              "Russian state media",
	"SANA":                                              "Syrian state media",
	"Syrian Arab News Agency":                           "Syrian state media",
	"Syrian TV":                                         "Syrian state media",
	"Syrian state TV":                                   "Syrian state media",
	"Ikhbariya":                                         "Syrian state media",
	"al-Ikhbariya":                                      "Syrian state media",
	"TASS":                                              "Russian state media",
	"RIA":                                               "Russian state media",
	"RIA Novosti":                                       "Russian state media",
	"Sputnik":                                           "Russian state media",
	"RT":                                                "Russian state media",
	"Russia Today":                                      "Russian state media",
}

// repeaters is repeaterNames by ActorKey, the key origins compare by
// (ActorKey stems words: "TASS" is "tas").
var repeaters = func() map[string]string {
	m := map[string]string{}
	for k, v := range repeaterNames {
		m[truce.ActorKey(k)] = v
	}
	return m
}()

// origins splits a report's Sources into its origins: key → display name.
func origins(r *truce.Report) ([]string, map[string]string) {
	by := map[string]string{}
	for _, f := range strings.FieldsFunc(r.Incident.Sources, func(c rune) bool { return c == ';' || c == ',' }) {
		f = strings.TrimSpace(f)
		for _, sep := range []string{" citing ", " via ", " quoting "} {
			if i := strings.LastIndex(strings.ToLower(f), sep); i >= 0 {
				f = strings.TrimSpace(f[i+len(sep):])
			}
		}
		k := truce.ActorKey(f)
		if k == "" {
			continue
		}
		if agency, ok := repeaters[k]; ok {
			k, f = truce.ActorKey(agency), agency
		}
		if _, ok := by[k]; !ok {
			by[k] = f
		}
	}
	if len(by) == 0 {
		own := r.Source + ":" + r.SourceKey
		if r.Origin != "" && !datasetLike(r.Source) {
			own = r.Source + " " + r.Origin
		}
		by["\x00"+own] = own
	}
	keys := make([]string, 0, len(by))
	for k := range by {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys, by
}

// datasetLike reports sources whose Origin is a file, not a submitter.
func datasetLike(source string) bool { return slices.Contains(DefaultDatasets, source) }

func haversineKm(a, b *rep) float64 {
	la1, la2 := a.lat*math.Pi/180, b.lat*math.Pi/180
	dla, dlo := la2-la1, (b.lon-a.lon)*math.Pi/180
	h := math.Sin(dla/2)*math.Sin(dla/2) + math.Cos(la1)*math.Cos(la2)*math.Sin(dlo/2)*math.Sin(dlo/2)
	return 2 * earthKm * math.Asin(math.Sqrt(min(1, h)))
}

// match is how two reports relate; ok when they may be one event.
type match struct {
	ok        bool
	keep      bool    // an analyst said so
	score     float64 // smaller is closer
	km        float64 // distance, when both are precise
	radius    float64
	samePlace bool
	gap       int // days between the windows; ≤ 0 overlap
	typeDiff  bool
	sides     string // "agree", "one unknown", "disputed", "not compared"
}

func (c *clusterer) compare(p, q int) match {
	if p > q {
		p, q = q, p
	}
	if c.split[pairKey{p, q}] {
		return match{}
	}
	if c.keep[pairKey{p, q}] {
		return match{ok: true, keep: true}
	}
	a, b := &c.reps[p], &c.reps[q]
	var m match
	if a.dataset && b.dataset && a.r.Source == b.r.Source {
		return m
	}
	m.gap = max(b.s-a.e, a.s-b.e)
	if m.gap > c.opts.MaxDays {
		return m
	}
	if a.typ != b.typ && a.typ != "" && b.typ != "" {
		if c.opts.SameType != SameAny {
			return m
		}
		m.typeDiff = true
	}
	m.sides = "not compared"
	if c.opts.ActorsMustAgree {
		m.sides = sidesMatch(a, b)
		if m.sides == "" {
			return m
		}
	} else if sidesMatch(a, b) == "disputed" {
		m.sides = "disputed"
	}
	switch {
	case a.precise && b.precise:
		m.km = haversineKm(a, b)
		m.radius = c.opts.MaxKm + a.precKm + b.precKm
		if m.km > m.radius {
			return m
		}
		m.score = m.km / m.radius
	case a.place != "" && a.place == b.place:
		m.samePlace = true
		m.score = 1
	default:
		return m
	}
	m.ok = true
	m.score += float64(max(m.gap, 0)) / float64(c.opts.MaxDays+1)
	if m.typeDiff {
		m.score += 0.5
	}
	if m.sides == "disputed" {
		m.score += 0.5
	}
	return m
}

// sidesMatch compares the sides: "agree", "one unknown", "disputed" (same
// target, different attacker, in remote violence or violence against
// civilians), or "" when they disagree.
func sidesMatch(a, b *rep) string {
	na, nb := known(a), known(b)
	switch {
	case na == 0 || nb == 0:
		return "one unknown"
	case na == 2 && nb == 2:
		if a.a == b.a && a.b == b.b || a.a == b.b && a.b == b.a {
			return "agree"
		}
		if attackType(a.typ) && attackType(b.typ) && a.tgt == b.tgt && a.atk != b.atk {
			return "disputed"
		}
		return ""
	}
	short, long := a, b
	if na > nb {
		short, long = b, a
	}
	for _, s := range []string{short.a, short.b} {
		if s != "" && s != long.a && s != long.b {
			return ""
		}
	}
	return "one unknown"
}

func known(r *rep) int {
	n := 0
	if r.a != "" {
		n++
	}
	if r.b != "" {
		n++
	}
	return n
}

func attackType(t string) bool {
	return t == truce.ExplosionsRemoteViolence || t == truce.ViolenceAgainstCivilians
}

type edge struct {
	score float64
	p, q  int
}

type cellKey struct {
	day        int
	cx, cy, cz int32
}

type placeKey struct {
	day   int
	place string
}

// maxIndexedDays bounds how many days one report is indexed under; reports
// with longer date windows are compared with every other report.
const maxIndexedDays = 400

// edges returns the compatible pairs, best first.
func (c *clusterer) edges() []edge {
	cells := map[cellKey][]int{}
	places := map[placeKey][]int{}
	var wide []int
	cell := func(v float64) int32 { return int32(math.Floor(v / c.cellKm)) }
	for p := range c.reps {
		r := &c.reps[p]
		if r.e-r.s >= maxIndexedDays {
			wide = append(wide, p)
			continue
		}
		for d := r.s; d <= r.e; d++ {
			if r.precise {
				k := cellKey{d, cell(r.x), cell(r.y), cell(r.z)}
				cells[k] = append(cells[k], p)
			}
			if r.place != "" {
				k := placeKey{d, r.place}
				places[k] = append(places[k], p)
			}
		}
	}
	var out []edge
	seen := make([]int, len(c.reps))
	for i := range seen {
		seen[i] = -1
	}
	try := func(p, q int) {
		if q >= p || seen[q] == p {
			return
		}
		seen[q] = p
		if m := c.compare(q, p); m.ok {
			out = append(out, edge{m.score, q, p})
		}
	}
	for p := range c.reps {
		r := &c.reps[p]
		if r.e-r.s >= maxIndexedDays {
			for q := range p {
				try(p, q)
			}
			continue
		}
		for _, q := range wide {
			try(p, q)
		}
		for d := r.s - c.opts.MaxDays; d <= r.e+c.opts.MaxDays; d++ {
			if r.precise {
				cx, cy, cz := cell(r.x), cell(r.y), cell(r.z)
				for dx := int32(-1); dx <= 1; dx++ {
					for dy := int32(-1); dy <= 1; dy++ {
						for dz := int32(-1); dz <= 1; dz++ {
							for _, q := range cells[cellKey{d, cx + dx, cy + dy, cz + dz}] {
								try(p, q)
							}
						}
					}
				}
			}
			if r.place != "" {
				for _, q := range places[placeKey{d, r.place}] {
					try(p, q)
				}
			}
		}
	}
	slices.SortFunc(out, func(x, y edge) int {
		return cmp.Or(cmp.Compare(x.score, y.score), cmp.Compare(x.p, y.p), cmp.Compare(x.q, y.q))
	})
	return out
}

// attachKm is how far from its point an imprecise report may lie from the
// event: the radii placement uses for units without boundaries.
func attachKm(p truce.LocPrecision) float64 {
	switch p {
	case truce.PrecAdmin2:
		return 30
	case truce.PrecAdmin1:
		return 80
	case truce.PrecFuzzy:
		return 50
	}
	return 0
}

// attach joins each report left alone whose location is an admin unit or a
// fuzzy area to a group when exactly one group could take it: a group with
// a precise report within the report's radius (plus that report's own),
// every member compatible in days, type, sides and dataset. Two or more
// candidates leave it alone: the location cannot tell them apart. It
// returns the reasons of the reports it attached.
func (c *clusterer) attach(u *union) map[int]string {
	reasons := map[int]string{}
	byDay := map[int][]int{}
	for p := range c.reps {
		r := &c.reps[p]
		if r.precise && r.e-r.s < maxIndexedDays {
			for d := r.s; d <= r.e; d++ {
				byDay[d] = append(byDay[d], p)
			}
		}
	}
	for p := range c.reps {
		r := &c.reps[p]
		radius := attachKm(r.r.Incident.Location.Precision)
		if r.precise || !r.hasPt || radius == 0 || len(u.members[u.find(p)]) > 1 || r.e-r.s >= maxIndexedDays {
			continue
		}
		type cand struct {
			root, anchor int
			km           float64
			m            match
		}
		var found []cand
		seen := map[int]bool{}
		for d := r.s - c.opts.MaxDays; d <= r.e+c.opts.MaxDays; d++ {
			for _, q := range byDay[d] {
				root := u.find(q)
				if seen[root] {
					continue
				}
				a := &c.reps[q]
				km := haversineKm(r, a)
				if km > radius+a.precKm {
					continue
				}
				seen[root] = true
				m, ok := c.attachable(p, u.members[root])
				if !ok {
					continue
				}
				found = append(found, cand{root, q, km, m})
			}
		}
		if len(found) != 1 {
			continue
		}
		f := found[0]
		days := "same day as"
		if f.m.gap > 0 {
			days = fmt.Sprintf("%d day(s) apart from", f.m.gap)
		}
		reasons[p] = fmt.Sprintf("the only compatible incident within %g km of its imprecise location (precision %d): %.1f km and %s %s, %s",
			radius, r.r.Incident.Location.Precision, f.km, days, c.label(f.anchor), c.typeSides(f.m, f.anchor))
		u.union(u.find(p), f.root)
	}
	return reasons
}

// attachable says whether p may join the group members: every member must
// be compatible with it but for the distance (days, type, sides, datasets,
// splits). It returns the match with the first member.
func (c *clusterer) attachable(p int, members []int) (match, bool) {
	var first match
	for k, q := range members {
		m := c.compareNoSpace(p, q)
		if !m.ok {
			return m, false
		}
		if k == 0 {
			first = m
		}
	}
	return first, true
}

// compareNoSpace is compare without the spatial window.
func (c *clusterer) compareNoSpace(p, q int) match {
	if p > q {
		p, q = q, p
	}
	if c.split[pairKey{p, q}] {
		return match{}
	}
	a, b := &c.reps[p], &c.reps[q]
	var m match
	if a.dataset && b.dataset && a.r.Source == b.r.Source {
		return m
	}
	m.gap = max(b.s-a.e, a.s-b.e)
	if m.gap > c.opts.MaxDays {
		return m
	}
	if a.typ != b.typ && a.typ != "" && b.typ != "" {
		if c.opts.SameType != SameAny {
			return m
		}
		m.typeDiff = true
	}
	m.sides = "not compared"
	if c.opts.ActorsMustAgree {
		if m.sides = sidesMatch(a, b); m.sides == "" {
			return m
		}
	}
	m.ok = true
	return m
}

func (c *clusterer) allCompatible(as, bs []int) bool {
	for _, a := range as {
		for _, b := range bs {
			if !c.compare(a, b).ok {
				return false
			}
		}
	}
	return true
}

func (c *clusterer) splitBetween(u *union, gp, gq int, splits []pairKey) (pairKey, bool) {
	for _, s := range splits {
		fp, fq := u.find(s.p), u.find(s.q)
		if fp == gp && fq == gq || fp == gq && fq == gp {
			return s, true
		}
	}
	return pairKey{}, false
}

func (c *clusterer) label(p int) string {
	return c.reps[p].id
}

// group builds the Group of the canonical positions m, sorted.
func (c *clusterer) group(m []int, refused map[int][]string, splits []pairKey, attached map[int]string) Group {
	g := Group{Reports: make([]int, len(m)), Reasons: make([]string, len(m))}
	inGroup := map[int]bool{}
	for _, p := range m {
		inGroup[p] = true
	}
	for k, p := range m {
		g.Reports[k] = c.reps[p].in
		var why string
		switch {
		case len(m) == 1:
			why = c.aloneReason()
		case k == 0:
			why = "earliest report of the incident"
		case attached[p] != "":
			why = attached[p]
		default:
			best, bm := -1, match{}
			for _, q := range m[:k] {
				mq := c.compare(q, p)
				if mq.ok && (best < 0 || mq.keep && !bm.keep || mq.keep == bm.keep && mq.score < bm.score) {
					best, bm = q, mq
				}
			}
			if best < 0 { // joined through analyst merges with later reports
				for _, q := range m[k+1:] {
					if mq := c.compare(q, p); mq.keep {
						best, bm = q, mq
						break
					}
				}
			}
			if best < 0 {
				why = "joined through an analyst merge"
			} else {
				why = c.describe(bm, best, p)
			}
		}
		var extra []string
		for _, s := range splits {
			if s.p == p && !inGroup[s.q] {
				extra = append(extra, "kept apart from "+c.label(s.q)+" by an analyst split")
			}
			if s.q == p && !inGroup[s.p] {
				extra = append(extra, "kept apart from "+c.label(s.p)+" by an analyst split")
			}
		}
		extra = append(extra, refused[p]...)
		if len(extra) > 0 {
			why += "; " + strings.Join(extra, "; ")
		}
		g.Reasons[k] = why
	}

	// Sources, datasets, independence.
	names := map[string]string{}
	datasets := map[string]bool{}
	for _, p := range m {
		for k, v := range c.reps[p].originsBy {
			if _, ok := names[k]; !ok {
				names[k] = v
			}
		}
		datasets[c.reps[p].r.Source] = true
	}
	keys := make([]string, 0, len(names))
	for k := range names {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		g.Sources = append(g.Sources, names[k])
	}
	for d := range datasets {
		g.Datasets = append(g.Datasets, d)
	}
	slices.Sort(g.Datasets)
	byFew := slices.Clone(m)
	slices.SortStableFunc(byFew, func(x, y int) int { return cmp.Compare(len(c.reps[x].origins), len(c.reps[y].origins)) })
	used := map[string]bool{}
	for _, p := range byFew {
		if slices.ContainsFunc(c.reps[p].origins, func(o string) bool { return used[o] }) {
			continue
		}
		for _, o := range c.reps[p].origins {
			used[o] = true
		}
		g.IndependentSources++
	}

	g.Conflicts = c.conflicts(m)
	level := min(max(g.IndependentSources, 1), 3) - 1 // 0 low, 1 medium, 2 high
	if len(g.Conflicts) > 0 && level > 0 {
		level--
	}
	g.Confidence = [...]string{Low, Medium, High}[level]
	return g
}

func (c *clusterer) aloneReason() string {
	space := fmt.Sprintf("within %g km (plus 25 km for each near location)", c.opts.MaxKm)
	days := "same day"
	if c.opts.MaxDays > 0 {
		days = fmt.Sprintf("%d day(s)", c.opts.MaxDays)
	}
	var more []string
	if c.opts.SameType != SameAny {
		more = append(more, "the same event type")
	}
	if c.opts.ActorsMustAgree {
		more = append(more, "agreeing sides")
	}
	s := "no other report " + space + " and " + days
	if len(more) > 0 {
		s += " with " + strings.Join(more, " and ")
	}
	return s
}

func (c *clusterer) describe(m match, q, p int) string {
	if m.keep {
		return "analyst merge with " + c.label(q)
	}
	a := &c.reps[q]
	var parts []string
	if m.samePlace {
		parts = append(parts, fmt.Sprintf("same place %q", a.r.Incident.Location.Place))
	} else {
		parts = append(parts, fmt.Sprintf("%.1f km (within %g km)", m.km, m.radius))
	}
	switch {
	case m.gap > 0:
		parts[0] += fmt.Sprintf(" and %d day(s) apart from ", m.gap)
	case a.s == a.e && c.reps[p].s == a.s && c.reps[p].e == a.s:
		parts[0] += " and same day as "
	default:
		parts[0] += " and overlapping dates with "
	}
	parts[0] += c.label(q)
	return parts[0] + ", " + c.typeSides(m, q)
}

// typeSides describes how the types and sides of q and its match compare.
func (c *clusterer) typeSides(m match, q int) string {
	var parts []string
	r := c.reps[q].r.Incident
	switch {
	case m.typeDiff:
		parts = append(parts, "different types allowed")
	case r.EventType == "":
		parts = append(parts, "type unknown")
	default:
		parts = append(parts, "same type "+r.EventType)
	}
	switch m.sides {
	case "agree":
		parts = append(parts, "sides agree")
	case "one unknown":
		parts = append(parts, "sides compatible (some unknown)")
	case "disputed":
		parts = append(parts, "attribution disputed")
	default:
		parts = append(parts, "sides not compared")
	}
	return strings.Join(parts, ", ")
}

// conflicts lists disputed attributions: the remote-violence and
// violence-against-civilians reports with two known sides that name
// different pairs of sides.
func (c *clusterer) conflicts(m []int) []string {
	type claim struct {
		label string
		ids   []string
	}
	var order []string
	claims := map[string]*claim{}
	for _, p := range m {
		r := &c.reps[p]
		if !attackType(r.typ) || r.a == "" || r.b == "" {
			continue
		}
		k := r.atk + "\x00" + r.tgt
		if r.atk > r.tgt && !strings.HasPrefix(r.tgt, "civilians") {
			k = r.tgt + "\x00" + r.atk // undirected unless civilians are the target
		}
		cl := claims[k]
		if cl == nil {
			atk, tgt := r.r.Incident.SideA, r.r.Incident.SideB
			if r.atk != r.a {
				atk, tgt = tgt, atk
			}
			cl = &claim{label: atk + " against " + tgt}
			claims[k] = cl
			order = append(order, k)
		}
		cl.ids = append(cl.ids, r.id)
	}
	if len(order) < 2 {
		return nil
	}
	var parts []string
	for _, k := range order {
		parts = append(parts, fmt.Sprintf("%s (%s)", claims[k].label, strings.Join(claims[k].ids, ", ")))
	}
	return []string{"attribution disputed: " + strings.Join(parts, " vs ")}
}

// union is union-find with member lists.
type union struct {
	parent  []int
	members [][]int
}

func newUnion(n int) *union {
	u := &union{parent: make([]int, n), members: make([][]int, n)}
	for i := range n {
		u.parent[i] = i
		u.members[i] = []int{i}
	}
	return u
}

func (u *union) find(x int) int {
	for u.parent[x] != x {
		u.parent[x] = u.parent[u.parent[x]]
		x = u.parent[x]
	}
	return x
}

// union joins two roots; the smaller root stays the root, so that the
// root is always the group's earliest report.
func (u *union) union(a, b int) {
	if a > b {
		a, b = b, a
	}
	u.parent[b] = a
	u.members[a] = append(u.members[a], u.members[b]...)
	u.members[b] = nil
}
