package sim

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/truce-monitor/truce"
)

// ModelVersion names this simulator's model; it goes into Report.Release so
// that stored simulated data says which model made it.
const ModelVersion = "sim1"

// Event is one simulated event: the Incident an importer would build from
// its UCDP row, the UCDP fields Incident has no place for, and the truth.
//
// Generate passes the same *Event to every call; copy what you keep.
type Event struct {
	truce.Incident // ID is the UCDP id; Source is "sim"; Zones is empty (placement is not ours)
	Dyad

	DeathsA, DeathsB, DeathsUnknown int // with Fatalities.Civilians they sum to Fatalities.Best
	EventClarity                    int // 1 a clear event, 2 a summary of several
	SourceOriginal                  string
	Headline                        string // one source's headline; Incident.SourceText repeats it for each source, as the CSV does

	Truth Truth

	sources    *sourceSet
	start, end [10]byte // DateStart and DateEnd as YYYY-MM-DD
}

// Dyad holds the UCDP identifiers of an event's conflict and sides.
type Dyad struct {
	ConflictID   int
	ConflictName string
	DyadID       int
	DyadName     string
	SideAID      int
	SideBID      int
}

// Truth is what really happened, known by construction.
type Truth struct {
	Zone      string  // the ID of the zone the event happened in; "" outside all zones
	Violation bool    // a party's act inside a zone while its ceasefire was in force
	Excluded  bool    // one side is an excluded group (IS, HTS): no violation wherever it happens
	Hidden    bool    // Excluded, but the sources name only "Syrian insurgents" (Config.Hidden)
	Lon, Lat  float64 // where it happened; the reported Location is degraded from it
}

// AggregateExcludedShare is the true share of excluded groups behind the
// events inside zones that name "Syrian insurgents" as a side: the
// composition Config.Hidden hides, which a presence file for simulated
// data should state. The aggregate names the insurgents of the parties'
// fighting (partyMix) and the excluded groups' fighting Hidden hides.
func AggregateExcludedShare(cfg Config) float64 {
	hidden := cfg.ExcludedShare * cfg.Hidden
	named := (1 - cfg.ExcludedShare) * (partyWeight(dGovIns) + partyWeight(dInsCiv))
	if hidden+named == 0 {
		return 0
	}
	return hidden / (hidden + named)
}

// partyWeight is d's share of partyMix.
func partyWeight(d *dyadSpec) float64 {
	prev := 0.0
	for i, x := range partyMix.dyads {
		if x == d {
			return partyMix.cum[i] - prev
		}
		prev = partyMix.cum[i]
	}
	return 0
}

// Generate simulates the events of cfg and calls fn for each, in date order,
// with ids counting up from cfg.IDBase. It stops at fn's first error and
// returns it. The same cfg gives the same events. Runs share no state, so
// they may go on concurrently. It returns an EINVALID
// *truce.Error when cfg is invalid.
func Generate(cfg Config, fn func(*Event) error) error {
	return run(cfg, func(ev *Event) error {
		ev.SourceKey = strconv.FormatInt(ev.ID, 10)
		if n := ev.NumSources; n > 1 {
			ev.SourceText = repeatJoin(ev.Headline, n)
		}
		return fn(ev)
	})
}

func repeatJoin(s string, n int) string {
	var sb strings.Builder
	sb.Grow(n*len(s) + n)
	for i := range n {
		if i > 0 {
			sb.WriteByte(';')
		}
		sb.WriteString(s)
	}
	return sb.String()
}

// weapon is how an event was fought; it decides the ACLED type and the
// words of the headline.
type weapon int

const (
	wAir weapon = iota
	wShell
	wClash
	wIED
	wAttack
	nWeapons
)

var weaponTypes = [nWeapons]struct{ eventType, subEventType string }{
	wAir:    {truce.ExplosionsRemoteViolence, "Air/drone strike"},
	wShell:  {truce.ExplosionsRemoteViolence, "Shelling/artillery/missile attack"},
	wClash:  {truce.Battles, "Armed clash"},
	wIED:    {truce.ExplosionsRemoteViolence, "Remote explosive/landmine/IED"},
	wAttack: {truce.ViolenceAgainstCivilians, "Attack"},
}

type template struct {
	w              weapon
	prefix, suffix string
}

// templates are grouped by weapon; the package doc lists them for importers.
var templates = [...]template{
	{wAir, "Airstrikes on ", ""},
	{wAir, "Warplanes target ", ""},
	{wAir, "Aerial bombardment targets ", ""},
	{wAir, "Helicopters drop barrel bombs on ", ""},
	{wShell, "Shelling on ", ""},
	{wShell, "Rocket shelling targets ", ""},
	{wShell, "Artillery shells hit ", ""},
	{wShell, "Mortar shells fall on ", ""},
	{wClash, "Clashes in ", ""},
	{wClash, "Violent clashes near ", ""},
	{wClash, "Renewed clashes in ", ""},
	{wIED, "IED explosion in ", ""},
	{wIED, "Car bomb explodes in ", ""},
	{wIED, "Landmine explosion in ", ""},
	{wAttack, "Gunmen kill civilians in ", ""},
	{wAttack, "Civilians executed in ", ""},
	{wAttack, "Civilian shot dead in ", ""},
}

const nTemplates = len(templates)

// weaponTemplates[w] is the range of templates of weapon w.
var weaponTemplates [nWeapons][2]int

func init() {
	for i := len(templates) - 1; i >= 0; i-- {
		weaponTemplates[templates[i].w][0] = i
	}
	for i, t := range templates {
		weaponTemplates[t.w][1] = i + 1
	}
}

// dyadSpec is a dyad as GED codes it, with how its events are fought and
// whom they kill.
type dyadSpec struct {
	Dyad
	violence     int
	sideA, sideB string
	excluded     bool
	weapons      []float64 // cumulative, by weapon
	deaths       []float64 // cumulative shares of deaths_a, deaths_b, deaths_civilians, deaths_unknown
}

// Death shares by type of violence, from GED's Syria data: in state-based
// and non-state conflict about a quarter of the dead are civilians; in
// one-sided violence nearly all are.
var (
	deathsConflict = cum(37, 31, 24, 8)
	deathsOneSided = cum(0, 0, 95, 5)
)

const (
	govID, insID, civID, isID, htsID, sdfID = 118, 4456, 1, 234, 6815, 6288
	govName                                 = "Government of Syria"
)

// The dyads, with GED's ids; weapon weights are Air, Shell, Clash, IED, Attack.
var (
	dGovIns = &dyadSpec{Dyad{299, "Syria: Government", 11973, "Government of Syria - Syrian insurgents", govID, insID},
		1, govName, "Syrian insurgents", false, cum(30, 30, 35, 5, 0), deathsConflict}
	dGovIS = &dyadSpec{Dyad{13604, "Syria: Islamic State", 14620, "Government of Syria - IS", govID, isID},
		1, govName, "IS", true, cum(35, 20, 40, 5, 0), deathsConflict}
	dGovHTS = &dyadSpec{Dyad{299, "Syria: Government", 900001, "Government of Syria - HTS", govID, htsID},
		1, govName, "HTS", true, cum(35, 30, 30, 5, 0), deathsConflict}
	dGovCiv = &dyadSpec{Dyad{711, "Government of Syria - Civilians", 1178, "Government of Syria - Civilians", govID, civID},
		3, govName, "Civilians", false, cum(50, 30, 0, 0, 20), deathsOneSided}
	dInsCiv = &dyadSpec{Dyad{13299, "Syrian insurgents - Civilians", 14200, "Syrian insurgents - Civilians", insID, civID},
		3, "Syrian insurgents", "Civilians", false, cum(0, 40, 0, 30, 30), deathsOneSided}
	dISSDF = &dyadSpec{Dyad{13616, "IS - SDF", 14637, "IS - SDF", isID, sdfID},
		2, "IS", "SDF", true, cum(5, 10, 70, 15, 0), deathsConflict}
	dISCiv = &dyadSpec{Dyad{506, "IS - Civilians", 973, "IS - Civilians", isID, civID},
		3, "IS", "Civilians", true, cum(0, 10, 0, 40, 50), deathsOneSided}
	dSNASDF = &dyadSpec{Dyad{14803, "SNA - SDF", 16135, "SNA - SDF", 7514, sdfID},
		2, "SNA", "SDF", false, cum(0, 25, 65, 10, 0), deathsConflict}
	dTurIS = &dyadSpec{Dyad{13902, "Turkey: Islamic State", 14701, "Government of Turkey - IS", 115, isID},
		1, "Government of Turkey", "IS", true, cum(60, 30, 10, 0, 0), deathsConflict}
	dISHTS = &dyadSpec{Dyad{14097, "IS - HTS", 15241, "IS - HTS", isID, htsID},
		2, "IS", "HTS", true, cum(0, 10, 70, 20, 0), deathsConflict}
)

type mix struct {
	dyads []*dyadSpec
	cum   []float64
}

// Inside zones: parties' fighting, and the government against the excluded
// groups (HTS held most of Idlib; IS pockets were few). Outside: the wider
// war, weighted like GED 2016–2019 less what the zones take.
var (
	partyMix    = mix{[]*dyadSpec{dGovIns, dGovCiv, dInsCiv}, cum(90, 6, 4)}
	excludedMix = mix{[]*dyadSpec{dGovHTS, dGovIS}, cum(60, 40)}
	outsideMix  = mix{[]*dyadSpec{dGovIns, dGovIS, dISSDF, dSNASDF, dTurIS, dISCiv, dISHTS, dInsCiv, dGovCiv},
		cum(40, 20, 22, 4, 1, 3, 2, 1, 1)}
)

// Distributions measured on GED's Syria 2016–2019 data.
var (
	wherePrecCum  = cum(544, 349, 20, 37, 34, 15)            // where_prec 1–6
	datePrecCum   = cum(9340, 500, 13, 112, 31)              // date_prec 1–5
	numSourcesCum = cum(8100, 1410, 320, 95, 33, 18, 12, 12) // 1–8 sources
	smallBestCum  = cum(1124, 4614, 3031, 1161, 2723, 608, 454, 362, 281, 204, 213, 165)
)

// cum turns weights into cumulative shares ending at exactly 1.
func cum(w ...float64) []float64 {
	total := 0.0
	for _, x := range w {
		total += x
	}
	c := make([]float64, len(w))
	acc := 0.0
	for i, x := range w {
		acc += x
		c[i] = acc / total
	}
	c[len(c)-1] = 1
	return c
}

// sourceSet is who reported an event: UCDP's source_office split into
// names, and source_original.
type sourceSet struct {
	office   string
	names    []string
	original string
}

const maxSources = 8

var (
	sohrSets        [maxSources + 1]*sourceSet // [n]: n SOHR reports
	sohrAirwarsSets [maxSources + 1]*sourceSet // [n]: n-1 SOHR reports and Airwars
	airwarsSet      = &sourceSet{"Airwars", []string{"Airwars"}, "Airwars"}
	wahaSet         = &sourceSet{"Waha Report", []string{"Waha Report"}, "Waha Report"}
)

func init() {
	for n := 1; n <= maxSources; n++ {
		names := make([]string, n)
		for i := range names {
			names[i] = "SOHR"
		}
		sohrSets[n] = &sourceSet{strings.Join(names, ";"), names, "SOHR"}
		if n > 1 {
			names = append(names[:n-1:n-1], "Airwars")
			sohrAirwarsSets[n] = &sourceSet{strings.Join(names, ";"), names, "SOHR, Airwars"}
		}
	}
}

// gen is one run's state.
type gen struct {
	cfg      Config
	r        *rng
	zones    []*zoneSampler
	places   *places
	clusters []int // governorates whose capital lies in the bounds
	clCum    []float64
}

var errCrowded = truce.Errorf(truce.EINVALID, "sim: the zones leave no room for outside events within the bounds")

func newGen(cfg Config) (*gen, error) {
	cfg, err := cfg.normalize()
	if err != nil {
		return nil, err
	}
	g := &gen{cfg: cfg, r: newRNG(cfg.Seed), places: newPlaces()}
	for _, z := range cfg.Zones {
		s, err := newZoneSampler(z, cfg.Ceasefire)
		if err != nil {
			return nil, err
		}
		g.zones = append(g.zones, s)
	}
	var w []float64
	for i, gv := range governorates {
		if cfg.Bounds.Contains(orb.Point(gv.city)) {
			g.clusters = append(g.clusters, i)
			w = append(w, gv.weight)
		}
	}
	if len(w) > 0 {
		g.clCum = cum(w...)
	}
	return g, nil
}

// run drives the simulation; the public entry points add what they need on
// top, so that the CSV path builds no strings per event.
func run(cfg Config, fn func(*Event) error) error {
	g, err := newGen(cfg)
	if err != nil {
		return err
	}
	c := &g.cfg
	ev := new(Event)
	id := c.IDBase
	end := c.IDBase + c.Limit // the id after the last; meaningless without Limit
	emit := func() error {
		id++
		if err := fn(ev); err != nil {
			return err
		}
		if c.Limit > 0 && id == end {
			return errLimit
		}
		return nil
	}
	day := c.Start
	var dayStr [10]byte
	for range c.Days {
		appendDate(dayStr[:0], day)
		for _, z := range g.zones {
			inForce := z.inForce(day)
			rate := c.BaseRate
			if inForce {
				rate *= c.Effect
			}
			for n := g.r.negbin(rate, c.Dispersion); n > 0; n-- {
				g.fill(ev, id, day, &dayStr, z.sample(g.r), z, inForce)
				if err := emit(); err != nil {
					return done(err)
				}
			}
		}
		for n := g.r.negbin(c.OutsideRate, c.Dispersion); n > 0; n-- {
			p, ok := g.outsidePoint()
			if !ok {
				return errCrowded
			}
			g.fill(ev, id, day, &dayStr, p, nil, false)
			if err := emit(); err != nil {
				return done(err)
			}
		}
		day = day.Add(24 * time.Hour)
	}
	return nil
}

// errLimit ends a run at Config.Limit; done turns it into success.
var errLimit = errors.New("sim: limit reached")

func done(err error) error {
	if err == errLimit {
		return nil
	}
	return err
}

// outsidePoint draws a point in the bounds and in no zone.
func (g *gen) outsidePoint() (orb.Point, bool) {
	b := g.cfg.Bounds
	for range 100000 {
		var p orb.Point
		if len(g.clusters) > 0 && g.r.float() < 0.7 {
			c := governorates[g.clusters[g.r.pick(g.clCum)]].city
			p = orb.Point{round6(c[0] + 0.35*g.r.norm()), round6(c[1] + 0.3*g.r.norm())}
			if !b.Contains(p) {
				continue
			}
		} else {
			p = orb.Point{
				round6(b.Min[0] + g.r.float()*(b.Max[0]-b.Min[0])),
				round6(b.Min[1] + g.r.float()*(b.Max[1]-b.Min[1])),
			}
		}
		inZone := false
		for _, z := range g.zones {
			if z.contains(p) {
				inZone = true
				break
			}
		}
		if !inZone {
			return p, true
		}
	}
	return orb.Point{}, false
}

// fill overwrites ev with a new event on day at the true point p, in zone z
// (nil outside zones).
func (g *gen) fill(ev *Event, id int64, day time.Time, dayStr *[10]byte, p orb.Point, z *zoneSampler, inForce bool) {
	r := g.r

	var d *dyadSpec
	truth := Truth{Lon: p[0], Lat: p[1]}
	switch {
	case z == nil:
		d = outsideMix.dyads[r.pick(outsideMix.cum)]
	case r.float() < g.cfg.ExcludedShare:
		d = excludedMix.dyads[r.pick(excludedMix.cum)]
	default:
		d = partyMix.dyads[r.pick(partyMix.cum)]
	}
	if z != nil {
		truth.Zone = z.id
		truth.Violation = inForce && !d.excluded
	}
	truth.Excluded = d.excluded
	// What the sources report: the aggregate, for a share of the excluded
	// groups' fighting inside zones. The draw is made only when hiding is
	// asked for, so that runs without it keep their random stream.
	reported := d
	if z != nil && d.excluded && g.cfg.Hidden > 0 && r.float() < g.cfg.Hidden {
		reported, truth.Hidden = dGovIns, true
	}

	w := weapon(r.pick(d.weapons))
	tr := weaponTemplates[w]
	t := tr[0] + r.intn(tr[1]-tr[0])

	// The reported location, degraded as the package doc describes.
	prec := 1 + r.pick(wherePrecCum)
	var (
		rep                    orb.Point
		where, adm1, adm2, hdl string
	)
	switch prec {
	case 1, 2, 5:
		rep = p
		if prec == 2 {
			rep = g.jitter(p, 25)
		} else if prec == 5 {
			rep = g.jitter(p, 50)
		}
		c := g.places.cell(rep[0], rep[1])
		where, adm1, adm2 = c.where, c.adm1, c.adm2
		if prec == 5 {
			where, hdl = c.area, governorates[c.gov].headlines[t]
		} else {
			hdl = c.headline(t)
		}
	case 3:
		dc := g.places.district(p[0], p[1])
		rep = orb.Point(dc.center)
		where, adm1, adm2, hdl = dc.where, dc.adm1, dc.adm2, governorates[dc.gov].headlines[t]
	case 4:
		gv := &governorates[g.places.cell(p[0], p[1]).gov]
		rep = orb.Point(gv.centroid)
		where, adm1, hdl = gv.adm1, gv.adm1, gv.headlines[t]
	default:
		prec = 6
		rep = orb.Point(syriaPoint)
		where, hdl = "Syria", governorates[g.places.cell(p[0], p[1]).gov].headlines[t]
	}

	datePrec := 1 + r.pick(datePrecCum)
	span := 0
	switch datePrec {
	case 2:
		span = 1 + r.intn(5)
	case 3:
		span = 6
	case 4:
		span = 7 + r.intn(24)
	case 5:
		span = 31 + r.intn(335)
	}
	clarity := 1
	if datePrec >= 3 || r.float() < 0.025 {
		clarity = 2
	}

	best := g.best()
	var deaths [4]int
	g.splitDeaths(&deaths, best, d.deaths)
	low, high := best, best
	if best > 0 && r.float() < 0.02 {
		low = best - 1 - r.intn(best)
	}
	if r.float() < 0.11 {
		high = best + 1 + r.intn(best+2)
	}

	n := 1 + r.pick(numSourcesCum)
	var src *sourceSet
	switch u := r.float(); {
	case n == 1 && u < 0.9:
		src = sohrSets[1]
	case n == 1 && w == wAir:
		src = airwarsSet
	case n == 1:
		src = wahaSet
	case w == wAir && u < 0.3:
		src = sohrAirwarsSets[n]
	default:
		src = sohrSets[n]
	}

	end := day
	ev.start = *dayStr
	ev.end = *dayStr
	if span > 0 {
		end = day.Add(time.Duration(span) * 24 * time.Hour)
		appendDate(ev.end[:0], end)
	}
	wt := &weaponTypes[w]
	ev.Incident = truce.Incident{
		ID:            id,
		Source:        "sim",
		DateStart:     day,
		DateEnd:       end,
		DatePrecision: truce.DatePrecision(datePrec),
		Location: truce.Location{
			HasPoint:  true,
			Lon:       rep[0],
			Lat:       rep[1],
			Precision: truce.LocPrecision(prec),
			Country:   "Syria",
			Admin1:    adm1,
			Admin2:    adm2,
			Place:     where,
		},
		EventType:    wt.eventType,
		SubEventType: wt.subEventType,
		TypeReason:   "simulated: the generator's ground truth",
		ViolenceType: reported.violence,
		SideA:        reported.sideA,
		SideB:        reported.sideB,
		Fatalities:   truce.Fatalities{Low: low, Best: best, High: high, Civilians: deaths[2]},
		Sources:      src.office,
		NumSources:   n,
		SourceText:   hdl,
	}
	ev.Dyad = reported.Dyad
	ev.DeathsA, ev.DeathsB, ev.DeathsUnknown = deaths[0], deaths[1], deaths[3]
	ev.EventClarity = clarity
	ev.SourceOriginal = src.original
	ev.Headline = hdl
	ev.Truth = truth
	ev.sources = src
}

// jitter moves p uniformly within a disc of radius km.
func (g *gen) jitter(p orb.Point, km float64) orb.Point {
	const kmPerDeg = 111.32
	dist := km * math.Sqrt(g.r.float())
	sin, cos := math.Sincos(2 * math.Pi * g.r.float())
	return orb.Point{
		round6(p[0] + dist*cos/(kmPerDeg*math.Cos(p[1]*math.Pi/180))),
		round6(p[1] + dist*sin/kmPerDeg),
	}
}

// best draws an event's best death estimate: GED's observed frequencies up
// to 11, then a Pareto tail fitted to its 99th and 99.9th percentiles.
func (g *gen) best() int {
	if g.r.float() < 0.9 {
		return g.r.pick(smallBestCum)
	}
	x := 11.5 * math.Pow(1-g.r.float(), -1/1.35)
	return int(min(x, 5000))
}

// splitDeaths divides best among sides A and B, civilians and unknown.
func (g *gen) splitDeaths(d *[4]int, best int, shares []float64) {
	// Large tolls split in proportion, so a rare massacre costs no more
	// draws than a small event; the rest goes one death at a time.
	rest := best
	if best > 64 {
		prev := 0.0
		for i, c := range shares {
			d[i] = int(float64(best) * (c - prev))
			prev = c
			rest -= d[i]
		}
	}
	for ; rest > 0; rest-- {
		d[g.r.pick(shares)]++
	}
}

// appendDate writes t as YYYY-MM-DD without time's formatting machinery.
func appendDate(b []byte, t time.Time) []byte {
	y, m, d := t.Date()
	return append(b,
		byte('0'+y/1000%10), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+int(m)/10), byte('0'+int(m)%10), '-',
		byte('0'+d/10), byte('0'+d%10))
}
