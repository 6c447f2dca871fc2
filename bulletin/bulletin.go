// Package bulletin owns daily bulletins: it assembles, for one agreement and
// one day, what a monitoring mission's daily report says (per zone the
// status, the window's counts, the change against the previous window, the
// most serious incidents with their sources, a daily series) and renders it
// as Markdown or as one self-contained HTML page with inline SVG charts.
//
// It decides no verdicts (package judge does) and stores nothing: it reads
// the verdicts and the zone-day rollup of the last `truce adjudicate` through
// the small Store interface, so every number in a bulletin can be reproduced
// with `truce status`, `truce incidents` and `truce why`, which the bulletin
// names.
package bulletin

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/assess"
)

// Store is what a bulletin reads. *sqlite.DB implements it.
type Store interface {
	ZoneDays(ctx context.Context, f truce.ZoneDayFilter) ([]truce.ZoneDay, error)
	Incidents(ctx context.Context, f truce.IncidentFilter, fn func(*truce.Incident) error) error
	JudgementHistory(ctx context.Context, incidentID int64, agreementID string) ([]truce.Judgement, error)
	Stats(ctx context.Context) (truce.StoreStats, error)
}

// Options tune a bulletin; zero values mean the defaults.
type Options struct {
	TopIncidents int // most serious incidents listed per zone; 0: 5
	SeriesDays   int // days in each zone's chart, ending on the bulletin's date; 0: 30
	CoverageDays int // see assess.Statuses; 0: assess.DefaultCoverageDays
	Zone         string
}

// Bulletin is one day's report on one agreement.
type Bulletin struct {
	AgreementID    string
	AgreementTitle string
	Version        int // the agreement version whose verdicts are reported
	Date           time.Time
	WindowDays     int
	SeriesDays     int
	CoverageDays   int
	// Data describes what the store held when the bulletin was built.
	Data DataRange
	// Limits are what the data cannot show, in words, for the reader.
	Limits []string
	Zones  []Zone
}

// DataRange is the store's content, as StoreStats reports it.
type DataRange struct {
	Incidents   int
	Sources     []SourceCount // by name
	First, Last time.Time     // earliest and latest incident start dates
}

// SourceCount is how many standing incidents one source contributed.
type SourceCount struct {
	Source    string
	Incidents int
}

// Zone is one zone's part of a bulletin.
type Zone struct {
	ID, Name string
	InForce  bool
	// Status is the most likely status, with its probability; Best and
	// Worst bound it with the uncertain inputs (who was present, where an
	// imprecise location lies) at their ends.
	Status      truce.ZoneStatus
	Probability float64
	Best, Worst truce.ZoneStatus
	Ended       *truce.ZoneEnd
	Reason      string
	// Expected is the window's expected number of violations; Definite
	// counts those no assumption is needed for; Events is everything that
	// happened in the zone, violation or not.
	Expected assess.Expected
	Definite truce.WindowCounts
	Events   assess.Happened
	Reports  int // incidents of any verdict over the coverage period
	// Prev* are the window before this one, for the comparison every
	// mission report makes.
	PrevStatus      truce.ZoneStatus
	PrevProbability float64
	PrevExpected    assess.Expected
	PrevEvents      assess.Happened
	ByType          []Count // this window, by event type
	BySeverity      []Count // this window, by severity tier, gravest first
	Transitions     []assess.Transition
	Changes         []string // notable changes, in words
	// Incidents are the most serious incidents of the bulletin's day, or of
	// the window when the day had none (IncidentsScope says which).
	Incidents      []Incident
	IncidentsScope Scope
	IncidentsFrom  time.Time
	Candidates     int // incidents that may be violations, ranked to pick Incidents
	Series         []DayCount
}

// Scope says which days a zone's incident list covers.
type Scope string

// Scopes.
const (
	ScopeDay    Scope = "day"
	ScopeWindow Scope = "window"
)

// Count is what the window's incidents that may be violations add up to
// under one key: violations (probability at least the violation tier's),
// the uncertain rest (probable, possible, undetermined), the expected
// number of violations among all of them, and their deaths.
type Count struct {
	Key        string
	Violations int
	Uncertain  int
	Expected   float64
	Deaths     int
}

// DayCount is one day of a zone's series.
type DayCount struct {
	Day        time.Time
	Violations int
	Uncertain  int
	Expected   float64
}

// Incident is an incident as a bulletin lists it.
type Incident struct {
	ID           int64
	Source       string
	SourceKey    string
	Date         time.Time
	Place        string
	Placement    truce.Placement
	EventType    string
	SubEventType string
	SideA, SideB string
	Deaths       int
	Civilians    int
	Verdict      truce.Verdict
	P            truce.Range // the probability of violation
	Severity     string      // its tier should it be a violation
	// Why is, for an incident short of certain, the assumption its
	// probability rests on, in the trace's words.
	Why     string
	Sources string // who reported it
}

// Ref is how `truce why` names the incident.
func (i Incident) Ref() string { return i.Source + ":" + i.SourceKey }

// Type is the event type with its sub-type when known.
func (i Incident) Type() string {
	if i.SubEventType != "" {
		return i.SubEventType
	}
	return i.EventType
}

// StatusText is the zone's status as `truce status` shows it: the most
// likely status with its probability, and the outer range when it is
// wider, never the best case alone.
func (z Zone) StatusText() string {
	return StatusText(z.InForce, z.Status, z.Probability, z.Best, z.Worst)
}

// PrevStatusText is StatusText for the previous window.
func (z Zone) PrevStatusText() string {
	return StatusText(z.PrevStatus != "", z.PrevStatus, z.PrevProbability, z.PrevStatus, z.PrevStatus)
}

// StatusText writes a graded status: "breached (94 %; strained to
// collapsed)", "no-coverage", "ended", "not in force".
func StatusText(inForce bool, s truce.ZoneStatus, p float64, best, worst truce.ZoneStatus) string {
	switch {
	case s == truce.Ended:
		return "ended"
	case !inForce || s == "":
		return "not in force"
	case truce.StatusRank(s) == 0:
		return string(s)
	case best != worst:
		return fmt.Sprintf("%s (%.0f %%; %s to %s)", s, p*100, best, worst)
	}
	return fmt.Sprintf("%s (%.0f %%)", s, p*100)
}

// sourceNames are how the generated-from note names the sources importers
// record.
var sourceNames = map[string]string{"ucdp": "UCDP GED", "acled": "ACLED", "geojson": "GeoJSON import", "csv": "CSV import",
	"sim": "simulated", "monitor": "monitors' reports"}

// GeneratedFrom says in one line what the store held: its sources with
// their incident counts, and the dates the data runs from and up to.
func (b *Bulletin) GeneratedFrom() string {
	if b.Data.Incidents == 0 {
		return "the store holds no incidents."
	}
	var parts []string
	for _, s := range b.Data.Sources {
		name := sourceNames[s.Source]
		if name == "" {
			name = s.Source
		}
		parts = append(parts, fmt.Sprintf("%s (%s), %s incidents", name, s.Source, thousands(s.Incidents)))
	}
	return fmt.Sprintf("%s; reports from %s up to %s.", strings.Join(parts, "; "),
		b.Data.First.Format(truce.DateLayout), b.Data.Last.Format(truce.DateLayout))
}

// WindowFrom is the first day of the bulletin's window.
func (b *Bulletin) WindowFrom() time.Time { return b.Date.AddDate(0, 0, -b.WindowDays+1) }

// SeriesFrom is the first day of the zones' series.
func (b *Bulletin) SeriesFrom() time.Time { return b.Date.AddDate(0, 0, -b.SeriesDays+1) }

// Build assembles the bulletin of agreement a (stored as version) for date
// from st. It reads the verdicts of that version; version 0 means the
// latest judged one, as `truce status` reads.
func Build(ctx context.Context, st Store, a *truce.Agreement, version int, date time.Time, opts Options) (*Bulletin, error) {
	if opts.TopIncidents <= 0 {
		opts.TopIncidents = 5
	}
	if opts.SeriesDays <= 0 {
		opts.SeriesDays = 30
	}
	if opts.CoverageDays <= 0 {
		opts.CoverageDays = assess.DefaultCoverageDays
	}
	if opts.Zone != "" && !a.HasZone(opts.Zone) {
		return nil, truce.Errorf(truce.ENOTFOUND, "agreement %s has no zone %q", a.ID, opts.Zone)
	}
	date = time.Date(date.Year(), date.Month(), date.Day(), 0, 0, 0, 0, time.UTC)
	w := a.Status.WithDefaults().WindowDays
	b := &Bulletin{AgreementID: a.ID, AgreementTitle: a.Title, Version: version, Date: date, WindowDays: w,
		SeriesDays: opts.SeriesDays, CoverageDays: opts.CoverageDays}

	stats, err := st.Stats(ctx)
	if err != nil {
		return nil, err
	}
	b.Data = DataRange{Incidents: stats.Incidents, First: stats.FirstDate, Last: stats.LastDate}
	for src, n := range stats.BySource {
		b.Data.Sources = append(b.Data.Sources, SourceCount{Source: src, Incidents: n})
	}
	sort.Slice(b.Data.Sources, func(i, j int) bool { return b.Data.Sources[i].Source < b.Data.Sources[j].Source })

	// The previous window is graded too, so the rows must reach back one
	// window plus the coverage period before it (assess.Statuses' contract).
	prevDay := date.AddDate(0, 0, -w)
	first := prevDay.AddDate(0, 0, -max(w, opts.CoverageDays))
	if s := b.SeriesFrom(); s.Before(first) {
		first = s
	}
	rows, err := st.ZoneDays(ctx, truce.ZoneDayFilter{AgreementID: a.ID, Version: version, ZoneID: opts.Zone, From: first, To: date})
	if err != nil {
		return nil, err
	}
	if len(rows) > 0 {
		b.Version = rows[0].AgreementVersion
	} else if version > 0 {
		// No rows for this version may mean it was never judged, which
		// would read as "no coverage" everywhere: refuse instead, when
		// another version has rows for the same days.
		latest, err := st.ZoneDays(ctx, truce.ZoneDayFilter{AgreementID: a.ID, ZoneID: opts.Zone, From: first, To: date})
		if err != nil {
			return nil, err
		}
		if len(latest) > 0 && latest[0].AgreementVersion != version {
			return nil, truce.Errorf(truce.ENOTFOUND, "version %d of %s has no verdicts (version %d has): run `truce adjudicate`",
				version, a.ID, latest[0].AgreementVersion)
		}
	}

	end, err := assess.DataEnd(ctx, st)
	if err != nil {
		return nil, err
	}
	statuses := assess.StatusesUntil(a, rows, prevDay, date, opts.CoverageDays, end)
	for _, z := range a.Zones {
		if opts.Zone != "" && z.ID != opts.Zone {
			continue
		}
		bz := Zone{ID: z.ID, Name: z.Name}
		var series []assess.DayStatus
		for _, s := range statuses {
			if s.ZoneID != z.ID {
				continue
			}
			s = s.Rounded()
			series = append(series, s)
			switch {
			case s.Day.Equal(date):
				bz.InForce, bz.Status, bz.Probability, bz.Best, bz.Worst, bz.Reason = s.InForce, s.Status, s.Probability, s.Best, s.Worst, s.Reason
				bz.Expected, bz.Definite, bz.Events, bz.Reports, bz.Ended = s.Expected, s.Definite, s.Events, s.Reports, s.Ended
			case s.Day.Equal(prevDay):
				bz.PrevStatus, bz.PrevProbability, bz.PrevExpected, bz.PrevEvents = s.Status, s.Probability, s.Expected, s.Events
			}
		}
		bz.Transitions = assess.Transitions(series)
		bz.ByType, bz.BySeverity, bz.Series = tally(rows, z.ID, b.WindowFrom(), date, b.SeriesFrom())
		bz.Changes = changes(b, &bz)
		if err := topIncidents(ctx, st, a.ID, b, &bz, opts.TopIncidents); err != nil {
			return nil, err
		}
		b.Zones = append(b.Zones, bz)
	}
	b.Limits = limits(a, b)
	return b, nil
}

// tally sums one zone's rollup rows into the window's counts by event type
// and severity, and its daily series: of the incidents that may be
// violations (probability above zero), those of the violation tier and the
// uncertain rest.
func tally(rows []truce.ZoneDay, zone string, from, to, seriesFrom time.Time) (byType, bySeverity []Count, series []DayCount) {
	n := int(to.Sub(seriesFrom).Hours()/24) + 1
	series = make([]DayCount, n)
	for i := range series {
		series[i].Day = seriesFrom.AddDate(0, 0, i)
	}
	types, sevs := map[string]*Count{}, map[string]*Count{}
	add := func(m map[string]*Count, key string, r truce.ZoneDay) {
		c := m[key]
		if c == nil {
			c = &Count{Key: key}
			m[key] = c
		}
		if r.Verdict == truce.Violation {
			c.Violations += r.Incidents
		} else {
			c.Uncertain += r.Incidents
		}
		c.Expected += r.P.Mid
		c.Deaths += r.Deaths
	}
	for _, r := range rows {
		// Rows of incidents that began earlier add only their deaths.
		if r.ZoneID != zone || r.P.High <= 0 && r.PKey == 0 || r.Verdict == truce.NotViolation {
			continue
		}
		if i := int(r.Day.Sub(seriesFrom).Hours() / 24); i >= 0 && i < n {
			if r.Verdict == truce.Violation {
				series[i].Violations += r.Incidents
			} else {
				series[i].Uncertain += r.Incidents
			}
			series[i].Expected += r.P.Mid
		}
		if r.Day.Before(from) || r.Day.After(to) {
			continue
		}
		add(types, orNone(r.EventType), r)
		add(sevs, orNone(r.Severity), r)
	}
	for _, c := range types {
		byType = append(byType, *c)
	}
	sort.Slice(byType, func(i, j int) bool {
		x, y := byType[i], byType[j]
		if x.Expected != y.Expected {
			return x.Expected > y.Expected
		}
		return x.Key < y.Key
	})
	for _, c := range sevs {
		bySeverity = append(bySeverity, *c)
	}
	sort.Slice(bySeverity, func(i, j int) bool {
		ri, rj := truce.SeverityRank(bySeverity[i].Key), truce.SeverityRank(bySeverity[j].Key)
		if ri != rj {
			return ri > rj
		}
		return bySeverity[i].Key < bySeverity[j].Key
	})
	return byType, bySeverity, series
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// changes says in words what moved against the previous window, the way
// mission reports always compare with the previous period.
func changes(b *Bulletin, z *Zone) []string {
	if !z.InForce {
		return nil
	}
	var out []string
	for _, t := range z.Transitions {
		from := string(t.From)
		if from == "" {
			from = "not in force"
		}
		out = append(out, fmt.Sprintf("%s: most likely status %s → %s (%.0f %%)", t.Day.Format(truce.DateLayout), from, t.To, t.Probability*100))
	}
	w := b.WindowDays
	out = append(out, compareF("expected violations", z.PrevExpected.Mean, z.Expected.Mean, w))
	out = append(out, compare("events (any verdict)", z.PrevEvents.Events, z.Events.Events, w))
	if z.PrevEvents.Deaths+z.Events.Deaths > 0 {
		out = append(out, compare("deaths", z.PrevEvents.Deaths, z.Events.Deaths, w))
	}
	if z.PrevEvents.CivilianDeaths+z.Events.CivilianDeaths > 0 {
		out = append(out, compare("civilian deaths", z.PrevEvents.CivilianDeaths, z.Events.CivilianDeaths, w))
	}
	return out
}

func compareF(what string, prev, cur float64, days int) string {
	switch {
	case cur > prev+0.05:
		return fmt.Sprintf("%s up from %.1f to %.1f against the previous %d days", what, prev, cur, days)
	case cur < prev-0.05:
		return fmt.Sprintf("%s down from %.1f to %.1f against the previous %d days", what, prev, cur, days)
	}
	return fmt.Sprintf("%s unchanged at %.1f against the previous %d days", what, cur, days)
}

func compare(what string, prev, cur, days int) string {
	switch {
	case cur > prev:
		return fmt.Sprintf("%s up from %d to %d against the previous %d days", what, prev, cur, days)
	case cur < prev:
		return fmt.Sprintf("%s down from %d to %d against the previous %d days", what, prev, cur, days)
	}
	return fmt.Sprintf("%s unchanged at %d against the previous %d days", what, cur, days)
}

// topIncidents picks the zone's most serious incidents of the day, or of
// the window when the day had none.
func topIncidents(ctx context.Context, st Store, agreementID string, b *Bulletin, z *Zone, n int) error {
	z.IncidentsScope, z.IncidentsFrom = ScopeDay, b.Date
	cands, err := candidates(ctx, st, agreementID, b.Version, z.ID, b.Date, b.Date)
	if err != nil {
		return err
	}
	if len(cands) == 0 {
		z.IncidentsScope, z.IncidentsFrom = ScopeWindow, b.WindowFrom()
		if cands, err = candidates(ctx, st, agreementID, b.Version, z.ID, b.WindowFrom(), b.Date); err != nil {
			return err
		}
	}
	Rank(cands)
	z.Candidates = len(cands)
	if len(cands) > n {
		cands = cands[:n]
	}
	z.Incidents = cands
	return nil
}

// candidates lists the incidents that may be violations a zone's rollup
// counts between from and to: those whose verdict the zone decided,
// so that the list never shows an incident counted in another zone.
func candidates(ctx context.Context, st Store, agreementID string, version int, zone string, from, to time.Time) ([]Incident, error) {
	var incs []*truce.Incident
	f := truce.IncidentFilter{AgreementID: agreementID, Zone: zone, From: from, To: to,
		Placements: []truce.Placement{truce.Inside, truce.InBuffer, truce.Uncertain}}
	if err := st.Incidents(ctx, f, func(inc *truce.Incident) error {
		incs = append(incs, inc)
		return nil
	}); err != nil {
		return nil, err
	}
	var out []Incident
	for _, inc := range incs {
		hist, err := st.JudgementHistory(ctx, inc.ID, agreementID)
		if truce.ErrorCode(err) == truce.ENOTFOUND {
			continue // imported after the last adjudication: not in the counts either
		} else if err != nil {
			return nil, err
		}
		jd, ok := pick(hist, version)
		if !ok || jd.ZoneID != zone || jd.P.High <= 0 || jd.Verdict == truce.NotViolation {
			continue
		}
		bi := Incident{ID: inc.ID, Source: inc.Source, SourceKey: inc.SourceKey, Date: inc.DateStart, Place: inc.Location.Place,
			EventType: inc.EventType, SubEventType: inc.SubEventType, SideA: inc.SideA, SideB: inc.SideB,
			Deaths: inc.Fatalities.Best, Civilians: inc.Fatalities.Civilians, Verdict: jd.Verdict, P: jd.P, Severity: jd.Severity,
			Sources: inc.Sources}
		for _, m := range inc.Zones {
			if m.ZoneID == zone {
				bi.Placement = m.Placement
			}
		}
		if jd.P.Low < 1 {
			for _, s := range jd.Trace {
				if s.Outcome == "unknown" && s.P != nil {
					bi.Why = s.Detail
					break
				}
			}
		}
		out = append(out, bi)
	}
	return out, nil
}

// pick returns the judgement under version, or the newest when version is 0.
func pick(hist []truce.Judgement, version int) (truce.Judgement, bool) {
	for _, h := range hist {
		if version == 0 || h.AgreementVersion == version {
			return h, true
		}
	}
	return truce.Judgement{}, false
}

// Rank orders incidents most serious first: the likeliest violations
// first, then by severity tier, deaths and civilian deaths; date and source
// key break ties so that the order is stable across runs.
func Rank(incs []Incident) {
	sort.SliceStable(incs, func(i, j int) bool {
		x, y := incs[i], incs[j]
		if x.P.Mid != y.P.Mid {
			return x.P.Mid > y.P.Mid
		}
		if a, b := truce.SeverityRank(x.Severity), truce.SeverityRank(y.Severity); a != b {
			return a > b
		}
		if x.Deaths != y.Deaths {
			return x.Deaths > y.Deaths
		}
		if x.Civilians != y.Civilians {
			return x.Civilians > y.Civilians
		}
		if !x.Date.Equal(y.Date) {
			return x.Date.Before(y.Date)
		}
		if x.Source != y.Source {
			return x.Source < y.Source
		}
		return x.ID < y.ID
	})
}

// limits states what the bulletin's data cannot show, so that no reader
// takes its counts for more than they are.
func limits(a *truce.Agreement, b *Bulletin) []string {
	var out []string
	for _, s := range b.Data.Sources {
		switch s.Source {
		case "ucdp":
			out = append(out, "UCDP GED records only events in which at least one person was killed: its counts are of deadly violence, not of every ceasefire violation.")
		case "sim":
			out = append(out, "SIMULATED DATA: these incidents were generated by `truce simulate` for demonstration and testing; they describe no real event.")
		}
	}
	if len(a.AggregateActors) > 0 {
		names := a.AggregateActors
		if len(names) > 3 {
			names = names[:3]
		}
		presence := "no presence data, so their probability of violation spans 0–1"
		if len(a.Presence) > 0 {
			presence = "the agreement's presence data (who was present in each zone, with sources) give the share of excluded groups, and the incident's probability of violation follows from it, as a range"
		}
		out = append(out, fmt.Sprintf("Sources name some sides only as coalitions (%s…) that may include groups the agreement excludes: %s.",
			quoteJoin(names), presence))
	}
	out = append(out, "Each incident has a probability of being a violation, from the hard rules and the uncertain inputs (who was present, how much of an imprecise location lies in the zone). A zone's status is the most likely one over the window, with its probability; \"A to B\" is the outer range with those inputs at their ends. Expected violations add up the probabilities; the 90 % interval is that of the count.")
	for _, z := range a.Zones {
		if z.Approximate {
			out = append(out, "Zone borders are approximate: the agreement file draws them by hand from public descriptions (see its notes).")
			break
		}
	}
	out = append(out, fmt.Sprintf("An incident counts on its first day, in the zone that decided its verdict. A zone from which no source reported anything for %d days is no-coverage: silence is not calm.", b.CoverageDays))
	if !b.Data.Last.IsZero() && b.Date.After(b.Data.Last) {
		out = append(out, fmt.Sprintf("The store holds no incident after %s: this bulletin's date lies beyond the data.", b.Data.Last.Format(truce.DateLayout)))
	}
	return out
}

func quoteJoin(s []string) string {
	q := make([]string, len(s))
	for i, x := range s {
		q[i] = `"` + x + `"`
	}
	return strings.Join(q, ", ")
}
