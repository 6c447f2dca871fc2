package assess

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/truce-monitor/truce"
)

// DefaultCoverageDays is how far back Statuses looks for any report from a
// zone before calling it covered. Silence is not calm: a zone no source has
// reported anything from in a month is "no-coverage", never "holding".
const DefaultCoverageDays = 30

// Outer is the probability below which a status is left out of the outer
// range: the range runs from the best status with at least this chance
// when every probability of violation is at the low end of its range, to
// the worst with at least this chance at the high end.
const Outer = 0.05

// DayStatus is one zone's status on one day, graded over the agreement's
// rolling window (the day itself included).
type DayStatus struct {
	ZoneID  string
	Day     time.Time
	InForce bool // the zone's ceasefire applies on Day
	// Status is the most likely status (or no-coverage, or ended, or ""
	// when the ceasefire does not apply), with its probability.
	Status      truce.ZoneStatus
	Probability float64
	// Chances gives the probability of each grade, in truce.Grades order
	// (holding, strained, breached, collapsed), from the best estimates.
	Chances [4]float64
	// Best and Worst bound the status with the presence ranges and the
	// other uncertain inputs at their ends (see Outer).
	Best, Worst truce.ZoneStatus
	Reason      string
	// Expected is the number of violations in the window.
	Expected Expected
	// NoViolation and NoSerious are the probabilities that no incident of
	// the window, or none of tier serious or grave, was a violation.
	NoViolation, NoSerious float64
	// Definite counts the violations no assumption is needed for
	// (probability 1), as the hard rules alone would.
	Definite truce.WindowCounts
	// Events is what happened in the zone over the window, violation or
	// not: a zone's record regardless of attribution.
	Events Happened
	// Reports counts incidents of any verdict placed in the zone over the
	// coverage period: the evidence that someone was watching.
	Reports int
	// Ended is set from the day the zone ended.
	Ended *truce.ZoneEnd
}

// Expected is an expected count of violations with its uncertainty.
type Expected struct {
	Mean float64 `json:"mean"`
	// Low and High bound the 90 % interval of the count from the best
	// estimates (each incident a violation with its probability).
	Low  int `json:"low"`
	High int `json:"high"`
	// OuterLow and OuterHigh widen it with the presence ranges: the 5 %
	// point with every probability at its low end, the 95 % point with
	// every one at its high end.
	OuterLow  int `json:"outer_low"`
	OuterHigh int `json:"outer_high"`
	// MeanLow and MeanHigh are the expected counts at the ends.
	MeanLow  float64 `json:"mean_low"`
	MeanHigh float64 `json:"mean_high"`
}

// Happened is what a zone's incidents add up to, whoever did what.
type Happened struct {
	Events         int `json:"events"`
	Deaths         int `json:"deaths"`
	CivilianDeaths int `json:"civilian_deaths"`
	AirStrikes     int `json:"air_strikes"`
	// Elsewhere counts incidents listed in another zone whose imprecise
	// location may lie in this one: their chance of a violation here is
	// part of the expected violations, but not of the counts above.
	Elsewhere int `json:"elsewhere"`
	// Approximate and ApproximateDeaths are the part of Events and Deaths
	// located only approximately (a district, a province, the whole
	// country, whose circle overlaps the zone): they may lie outside it. On
	// GED's Syria data they are most of the deaths listed in each zone
	// (country-wide monthly and yearly totals among them), so a reader must
	// be able to tell them apart.
	Approximate       int `json:"approximate"`
	ApproximateDeaths int `json:"approximate_deaths"`
}

func (h *Happened) add(zd truce.ZoneDay) {
	h.Events += zd.Incidents
	h.Deaths += zd.Deaths
	h.CivilianDeaths += zd.CivilianDeaths
	h.Elsewhere += zd.Parts
	if zd.SubEventType == AirStrike {
		h.AirStrikes += zd.Incidents
	}
	if zd.Placement == truce.Uncertain {
		h.Approximate += zd.Incidents
		h.ApproximateDeaths += zd.Deaths
	}
}

func (h Happened) minus(o Happened) Happened {
	return Happened{h.Events - o.Events, h.Deaths - o.Deaths, h.CivilianDeaths - o.CivilianDeaths, h.AirStrikes - o.AirStrikes, h.Elsewhere - o.Elsewhere,
		h.Approximate - o.Approximate, h.ApproximateDeaths - o.ApproximateDeaths}
}

func (h Happened) plus(o Happened) Happened {
	return Happened{h.Events + o.Events, h.Deaths + o.Deaths, h.CivilianDeaths + o.CivilianDeaths, h.AirStrikes + o.AirStrikes, h.Elsewhere + o.Elsewhere,
		h.Approximate + o.Approximate, h.ApproximateDeaths + o.ApproximateDeaths}
}

// ApproximateText says how many of the incidents and deaths counted were
// located only approximately, or "" when none were.
func (h Happened) ApproximateText() string {
	if h.Approximate == 0 {
		return ""
	}
	return fmt.Sprintf("; %d of the incidents, with %d deaths, located only approximately, which may lie outside the zone", h.Approximate, h.ApproximateDeaths)
}

// ElsewhereText says how many incidents listed in other zones share in a
// zone's expected violations, or "" when none do.
func (h Happened) ElsewhereText() string {
	switch h.Elsewhere {
	case 0:
		return ""
	case 1:
		return ", and part of 1 imprecisely located incident listed in another zone"
	}
	return fmt.Sprintf(", and parts of %d imprecisely located incidents listed in other zones", h.Elsewhere)
}

// AirStrike is the ACLED sub-event type counted as air strikes.
const AirStrike = "Air/drone strike"

// Transition is a change of a zone's most likely status from one day to
// the next.
type Transition struct {
	ZoneID      string           `json:"zone"`
	Day         time.Time        `json:"day"`
	From        truce.ZoneStatus `json:"from"`
	To          truce.ZoneStatus `json:"to"`
	Probability float64          `json:"probability"` // of To on Day
	Reason      string           `json:"reason"`
}

// group is rollup rows' incidents that are violations with one probability:
// n incidents, each a violation with probability p (and low, high at the
// ends of its range), of one severity rank, with their deaths.
type group struct {
	n              int
	p, low, high   float64
	sev            int
	deaths, civils float64
	// continued: the group's incidents began on an earlier day and are
	// counted there; here they add only this day's deaths, if violations.
	continued bool
}

type day struct {
	groups   []group
	definite truce.WindowCounts
	events   Happened
	reports  int
}

// Statuses grades every zone of a on every day from from to to (inclusive)
// from the zone-day rollup rows, which must cover from − window − coverage
// days to to. coverageDays ≤ 0 means DefaultCoverageDays. It reads only its
// arguments, so a status is reproducible from the rollup alone.
func Statuses(a *truce.Agreement, rows []truce.ZoneDay, from, to time.Time, coverageDays int) []DayStatus {
	return StatusesUntil(a, rows, from, to, coverageDays, time.Time{})
}

// StatusesUntil is Statuses for data that end on dataEnd (zero: not known):
// a day after it has no coverage, whatever the days before it held. A
// dataset's last month is not followed by a month of calm.
func StatusesUntil(a *truce.Agreement, rows []truce.ZoneDay, from, to time.Time, coverageDays int, dataEnd time.Time) []DayStatus {
	if coverageDays <= 0 {
		coverageDays = DefaultCoverageDays
	}
	rules := a.Status.WithDefaults()
	from, to = truce.CalendarDay(from), truce.CalendarDay(to)
	if to.Before(from) {
		return nil
	}
	w := rules.WindowDays
	back := max(w, coverageDays)
	start := from.AddDate(0, 0, -back)
	n := int(to.Sub(start).Hours()/24) + 1
	days := make(map[string][]day, len(a.Zones))
	for _, z := range a.Zones {
		days[z.ID] = make([]day, n)
	}
	for _, zd := range rows {
		ds, ok := days[zd.ZoneID]
		if !ok {
			continue
		}
		i := int(truce.CalendarDay(zd.Day).Sub(start).Hours() / 24)
		if i < 0 || i >= n {
			continue
		}
		d := &ds[i]
		d.reports += zd.Incidents
		d.events.add(zd)
		if g, ok := rowGroup(zd); ok {
			d.groups = append(d.groups, g)
			if g.low >= certain {
				addCounts(&d.definite, zd)
			}
		}
	}
	var out []DayStatus
	for _, z := range a.Zones {
		ds := days[z.ID]
		zoneFrom, zoneTo := a.ZonePeriod(z)
		var events Happened
		var definite truce.WindowCounts
		reports := 0
		for i := 0; i < n; i++ {
			events = events.plus(ds[i].events)
			definite = plusCounts(definite, ds[i].definite)
			reports += ds[i].reports
			if j := i - w; j >= 0 {
				events = events.minus(ds[j].events)
				definite = minusCounts(definite, ds[j].definite)
			}
			if j := i - coverageDays; j >= 0 {
				reports -= ds[j].reports
			}
			d := start.AddDate(0, 0, i)
			if d.Before(from) {
				continue
			}
			st := DayStatus{ZoneID: z.ID, Day: d, Events: events, Definite: definite, Reports: reports,
				InForce: !d.Before(zoneFrom) && (zoneTo.IsZero() || !d.After(zoneTo))}
			var window []group
			for k := max(0, i-w+1); k <= i; k++ {
				window = append(window, ds[k].groups...)
			}
			switch {
			case z.Ended != nil && !d.Before(truce.CalendarDay(z.Ended.Date)):
				st.Status, st.Best, st.Worst, st.Probability, st.Ended = truce.Ended, truce.Ended, truce.Ended, 1, z.Ended
				st.Reason = fmt.Sprintf("the zone ended on %s (%s)", z.Ended.Date.Format(truce.DateLayout), z.Ended.How)
				if z.Ended.Note != "" {
					st.Reason += ": " + z.Ended.Note
				}
			case !st.InForce:
				st.Reason = "the zone's ceasefire does not apply on this day"
			case !dataEnd.IsZero() && d.After(truce.CalendarDay(dataEnd)):
				st.Status, st.Best, st.Worst, st.Probability = truce.NoCoverage, truce.NoCoverage, truce.NoCoverage, 1
				st.Reason = fmt.Sprintf("the data end on %s: nothing is known of later days", truce.CalendarDay(dataEnd).Format(truce.DateLayout))
			case reports == 0:
				st.Status, st.Best, st.Worst, st.Probability = truce.NoCoverage, truce.NoCoverage, truce.NoCoverage, 1
				st.Reason = fmt.Sprintf("no source reported anything from the zone in the last %d days: silence is not calm", coverageDays)
			default:
				grade(&st, rules, window)
			}
			if st.InForce || st.Ended != nil {
				st.Expected = expect(window)
				mid := func(g group) float64 { return g.p }
				st.NoViolation = below(window, [nCriteria]int{cViolations: 1}, mid)
				st.NoSerious = below(window, [nCriteria]int{cSerious: 1}, mid)
			}
			out = append(out, st)
		}
	}
	return out
}

// rowGroup is a rollup row's incidents as a group of possible violations;
// false when none can be one. A parts row (incidents listed in another
// zone that may lie in this one) adds its chances of a violation here, but
// no deaths: they are counted where the incident is listed.
func rowGroup(zd truce.ZoneDay) (group, bool) {
	if zd.Continued > 0 {
		// The rollup keeps such a row's chance in hundredths only (its
		// incidents' ranges are counted on their first day), so the
		// range's ends are the chance itself.
		p := float64(zd.PKey) / 100
		if p <= 0 {
			return group{}, false
		}
		return group{n: zd.Continued, p: p, low: p, high: p, sev: truce.SeverityRank(zd.Severity),
			deaths: float64(zd.Deaths), civils: float64(zd.CivilianDeaths), continued: true}, true
	}
	n := zd.Incidents + zd.Parts
	if zd.P.High <= 0 || n == 0 {
		return group{}, false
	}
	return group{n: n, p: zd.P.Mid / float64(n), low: zd.P.Low / float64(n),
		high: zd.P.High / float64(n), sev: truce.SeverityRank(zd.Severity),
		deaths: float64(zd.Deaths), civils: float64(zd.CivilianDeaths)}, true
}

// Window grades one window of rows, as Statuses grades a zone's window
// ending on day, by a's status rules (WindowDays is not read: every row
// given is in the window), without Statuses' coverage test: it is for
// part of a zone (the area a claim names), whose coverage is the zone's,
// which the caller has checked. InForce is set; the caller knows whether
// the zone's ceasefire applies. Reports counts the rows' incidents.
func Window(a *truce.Agreement, zoneID string, day time.Time, rows []truce.ZoneDay) DayStatus {
	st := DayStatus{ZoneID: zoneID, Day: truce.CalendarDay(day), InForce: true}
	var window []group
	for _, zd := range rows {
		st.Reports += zd.Incidents
		st.Events.add(zd)
		if g, ok := rowGroup(zd); ok {
			window = append(window, g)
			if g.low >= certain {
				addCounts(&st.Definite, zd)
			}
		}
	}
	grade(&st, a.Status.WithDefaults(), window)
	st.Expected = expect(window)
	mid := func(g group) float64 { return g.p }
	st.NoViolation = below(window, [nCriteria]int{cViolations: 1}, mid)
	st.NoSerious = below(window, [nCriteria]int{cSerious: 1}, mid)
	return st
}

// certain is how close to 1 a probability must be to count as certain.
const certain = 1 - 1e-9

// grade sets a day's status from its window's violations: the chance of
// each grade, the most likely one, and the outer range.
func grade(st *DayStatus, rules truce.StatusRules, window []group) {
	mid := func(g group) float64 { return g.p }
	st.Chances = chances(window, rules, mid)
	best := 0
	for i, c := range st.Chances {
		if c > st.Chances[best]+1e-12 {
			best = i
		}
	}
	st.Status, st.Probability = truce.Grades[best], st.Chances[best]
	lo := chances(window, rules, func(g group) float64 { return g.low })
	hi := chances(window, rules, func(g group) float64 { return g.high })
	st.Best, st.Worst = truce.Grades[0], truce.Grades[3]
	for i := range lo {
		if lo[i] >= Outer {
			st.Best = truce.Grades[i]
			break
		}
	}
	for i := len(hi) - 1; i >= 0; i-- {
		if hi[i] >= Outer {
			st.Worst = truce.Grades[i]
			break
		}
	}
	if truce.StatusRank(st.Best) > truce.StatusRank(st.Status) {
		st.Best = st.Status
	}
	if truce.StatusRank(st.Worst) < truce.StatusRank(st.Status) {
		st.Worst = st.Status
	}
	st.Reason = statusReason(rules, st, window)
}

// criteria are the counts thresholds name, in StatusThreshold's order.
const (
	cViolations = iota
	cSerious
	cGrave
	cDeaths
	cCivilian
	nCriteria
)

func limits(t truce.StatusThreshold) [nCriteria]int {
	return [nCriteria]int{t.Violations, t.Serious, t.Grave, t.Deaths, t.CivilianDeaths}
}

// meet combines the limits of several thresholds: a box no threshold
// reaches is below every one of their limits.
func meet(ls ...[nCriteria]int) [nCriteria]int {
	var out [nCriteria]int
	for _, l := range ls {
		for c, v := range l {
			if v > 0 && (out[c] == 0 || v < out[c]) {
				out[c] = v
			}
		}
	}
	return out
}

// chances is the probability of each grade (holding, strained, breached,
// collapsed) when each incident of window is a violation with probability
// p(group), independently: the status is the worst tier whose threshold is
// reached, so P(collapsed) = 1 − P(no collapse), P(breached) = P(no
// collapse) − P(neither), and so on.
func chances(window []group, rules truce.StatusRules, p func(group) float64) [4]float64 {
	c, b, s := limits(rules.Collapsed), limits(rules.Breached), limits(rules.Strained)
	q3 := below(window, c, p)
	q2 := below(window, meet(c, b), p)
	q1 := below(window, meet(c, b, s), p)
	clamp := func(x float64) float64 { return math.Max(0, math.Min(1, x)) }
	return [4]float64{clamp(q1), clamp(q2 - q1), clamp(q3 - q2), clamp(1 - q3)}
}

// maxStates bounds the dynamic programme behind below; past it, deaths are
// counted in coarser units (an agreement with a threshold of thousands of
// deaths does not need them one by one).
const maxStates = 1 << 16

// below is the probability that no count reaches its limit (0: no limit),
// summing over how many of each group's incidents are violations: a
// dynamic programme over the counts still below their limits, exact but
// for deaths, which are shared evenly among a group's incidents.
func below(window []group, lim [nCriteria]int, p func(group) float64) float64 {
	buf := dpBuffers.Get().(*dpBuffer)
	defer dpBuffers.Put(buf)
	var base [nCriteria]float64
	uncertain := buf.uncertain[:0]
	defer func() { buf.uncertain = uncertain[:0] }()
	for _, g := range window {
		pg := p(g)
		switch {
		case pg <= 0:
		case pg >= certain:
			for c, v := range contribution(g, g.n) {
				base[c] += v
			}
		default:
			uncertain = append(uncertain, g)
		}
	}
	// The certain violations alone may reach a limit.
	var size [nCriteria]int
	var unit [nCriteria]float64
	states := 1
	for c := range lim {
		unit[c] = 1
		if lim[c] == 0 {
			continue
		}
		left := float64(lim[c]) - math.Round(base[c])
		if left <= 0 {
			return 0
		}
		size[c] = int(left)
		states *= size[c]
	}
	for states > maxStates {
		// Coarsen the death counts, the only ones that grow large.
		c := cDeaths
		if size[cCivilian] > size[cDeaths] {
			c = cCivilian
		}
		if size[c] <= 1 {
			break
		}
		unit[c] *= 2
		states = states / size[c] * ((size[c] + 1) / 2)
		size[c] = (size[c] + 1) / 2
	}
	if len(uncertain) == 0 {
		return 1
	}
	var dims []int
	for c := range lim {
		if lim[c] > 0 {
			dims = append(dims, c)
		}
	}
	// A year of daily statuses runs this thousands of times: reusing the
	// buffers keeps the collector out of it.
	if cap(buf.mass) < states {
		buf.mass, buf.next = make([]float64, states), make([]float64, states)
	}
	mass, next := buf.mass[:states], buf.next[:states]
	clear(mass)
	mass[0] = 1
	idx := func(v [nCriteria]int) int {
		k := 0
		for _, c := range dims {
			k = k*size[c] + v[c]
		}
		return k
	}
	var v [nCriteria]int
	for _, g := range uncertain {
		clear(next)
		pmf := binomial(g.n, p(g))
		for s, m := range mass {
			if m < 1e-15 {
				continue
			}
			// Decode s into counts.
			r := s
			for i := len(dims) - 1; i >= 0; i-- {
				c := dims[i]
				v[c] = r % size[c]
				r /= size[c]
			}
			for k, pk := range pmf {
				if pk == 0 {
					continue
				}
				add := contribution(g, k)
				var w [nCriteria]int
				over := false
				for _, c := range dims {
					w[c] = v[c] + int(math.Round(add[c]/unit[c]))
					if w[c] >= size[c] {
						over = true
						break
					}
				}
				if over {
					break // counts only grow with k
				}
				next[idx(w)] += m * pk
			}
		}
		mass, next = next, mass
	}
	total := 0.0
	for _, m := range mass {
		total += m
	}
	return total
}

// dpBuffer holds what below reuses between calls.
type dpBuffer struct {
	mass, next []float64
	uncertain  []group
}

var dpBuffers = sync.Pool{New: func() any { return new(dpBuffer) }}

// contribution is what k violations among a group's incidents add to each
// count.
func contribution(g group, k int) [nCriteria]float64 {
	var out [nCriteria]float64
	if g.continued {
		if g.n > 0 {
			out[cDeaths] = g.deaths * float64(k) / float64(g.n)
			out[cCivilian] = g.civils * float64(k) / float64(g.n)
		}
		return out
	}
	out[cViolations] = float64(k)
	if g.sev >= truce.SeverityRank(truce.SeveritySerious) {
		out[cSerious] = float64(k)
	}
	if g.sev >= truce.SeverityRank(truce.SeverityGrave) {
		out[cGrave] = float64(k)
	}
	if g.n > 0 {
		out[cDeaths] = g.deaths * float64(k) / float64(g.n)
		out[cCivilian] = g.civils * float64(k) / float64(g.n)
	}
	return out
}

// binomial returns the probabilities of 0…n successes in n trials of p.
func binomial(n int, p float64) []float64 {
	out := make([]float64, n+1)
	lp, lq := math.Log(p), math.Log1p(-p)
	for k := 0; k <= n; k++ {
		out[k] = math.Exp(lchoose(n, k) + float64(k)*lp + float64(n-k)*lq)
	}
	return out
}

func lchoose(n, k int) float64 {
	a, _ := math.Lgamma(float64(n + 1))
	b, _ := math.Lgamma(float64(k + 1))
	c, _ := math.Lgamma(float64(n - k + 1))
	return a - b - c
}

// exactCount bounds the number of uncertain incidents whose count is
// computed exactly; past it, a normal approximation (continuity-corrected)
// is within a count of the exact quantiles.
const exactCount = 400

// expect is the expected number of violations in window, with its 90 %
// interval and the outer interval of the ranges' ends.
func expect(window []group) Expected {
	var e Expected
	for _, g := range window {
		if g.continued {
			continue
		}
		n := float64(g.n)
		e.Mean += n * g.p
		e.MeanLow += n * g.low
		e.MeanHigh += n * g.high
	}
	e.Low, e.High = quantiles(window, func(g group) float64 { return g.p })
	e.OuterLow, _ = quantiles(window, func(g group) float64 { return g.low })
	_, e.OuterHigh = quantiles(window, func(g group) float64 { return g.high })
	return e
}

// quantiles returns the 5 % and 95 % points of the number of violations.
func quantiles(window []group, p func(group) float64) (lo, hi int) {
	fixed, n := 0, 0
	mean, variance := 0.0, 0.0
	for _, g := range window {
		pg := p(g)
		switch {
		case pg <= 0 || g.continued:
		case pg >= certain:
			fixed += g.n
		default:
			n += g.n
			mean += float64(g.n) * pg
			variance += float64(g.n) * pg * (1 - pg)
		}
	}
	if n == 0 {
		return fixed, fixed
	}
	if n > exactCount {
		sd := math.Sqrt(variance)
		q := 1.6448536269514722
		lo = int(math.Max(0, math.Ceil(mean-q*sd-0.5)))
		hi = int(math.Min(float64(n), math.Floor(mean+q*sd+0.5)))
		return fixed + lo, fixed + hi
	}
	dist := []float64{1}
	for _, g := range window {
		pg := p(g)
		if pg <= 0 || pg >= certain || g.continued {
			continue
		}
		pmf := binomial(g.n, pg)
		next := make([]float64, len(dist)+g.n)
		for i, a := range dist {
			for k, b := range pmf {
				next[i+k] += a * b
			}
		}
		dist = next
	}
	cum := 0.0
	lo, hi = -1, n
	for k, m := range dist {
		cum += m
		if lo < 0 && cum >= 0.05-1e-12 {
			lo = k
		}
		if cum >= 0.95-1e-12 {
			hi = k
			break
		}
	}
	return fixed + max(lo, 0), fixed + hi
}

func addCounts(c *truce.WindowCounts, zd truce.ZoneDay) {
	c.Violations += zd.Incidents
	if truce.SeverityRank(zd.Severity) >= truce.SeverityRank(truce.SeveritySerious) {
		c.Serious += zd.Incidents
	}
	if zd.Severity == truce.SeverityGrave {
		c.Grave += zd.Incidents
	}
	c.Deaths += zd.Deaths
	c.CivilianDeaths += zd.CivilianDeaths
}

func plusCounts(a, b truce.WindowCounts) truce.WindowCounts {
	return truce.WindowCounts{Violations: a.Violations + b.Violations, Serious: a.Serious + b.Serious, Grave: a.Grave + b.Grave,
		Deaths: a.Deaths + b.Deaths, CivilianDeaths: a.CivilianDeaths + b.CivilianDeaths}
}

func minusCounts(a, b truce.WindowCounts) truce.WindowCounts {
	return truce.WindowCounts{Violations: a.Violations - b.Violations, Serious: a.Serious - b.Serious, Grave: a.Grave - b.Grave,
		Deaths: a.Deaths - b.Deaths, CivilianDeaths: a.CivilianDeaths - b.CivilianDeaths}
}

// statusReason says, in words, what the status rests on: the chance of the
// most likely grade, the expected and definite violations, and the
// threshold the grade needs.
func statusReason(rules truce.StatusRules, st *DayStatus, window []group) string {
	e := expect(window)
	var t truce.StatusThreshold
	switch st.Status {
	case truce.Collapsed:
		t = rules.Collapsed
	case truce.Breached:
		t = rules.Breached
	case truce.Strained:
		t = rules.Strained
	}
	need := "no threshold reached"
	if !t.IsZero() {
		need = "threshold " + ThresholdText(t)
	}
	rng := ""
	if st.Best != st.Worst {
		rng = fmt.Sprintf("; %s to %s with the presence ranges and other uncertain inputs at their ends", st.Best, st.Worst)
	}
	return fmt.Sprintf("%s with probability %.0f %% (%s) over %d days: %.1f expected violations (90 %% interval %d–%d), %d certain%s%s",
		st.Status, st.Probability*100, need, rules.WindowDays, e.Mean, e.Low, e.High, st.Definite.Violations, st.Events.ElsewhereText(), rng)
}

// ThresholdText writes a threshold's alternatives: "5 violations or 1 grave".
func ThresholdText(t truce.StatusThreshold) string {
	var parts []string
	for _, x := range []struct {
		name  string
		limit int
	}{{"violations", t.Violations}, {"serious", t.Serious}, {"grave", t.Grave}, {"deaths", t.Deaths}, {"civilian deaths", t.CivilianDeaths}} {
		if x.limit > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", x.limit, x.name))
		}
	}
	return strings.Join(parts, " or ")
}

// Transitions lists the days on which a zone's most likely status changed,
// in zone then day order; statuses must be in Statuses' order.
func Transitions(statuses []DayStatus) []Transition {
	var out []Transition
	for i := 1; i < len(statuses); i++ {
		prev, cur := statuses[i-1], statuses[i]
		if prev.ZoneID == cur.ZoneID && prev.Status != cur.Status {
			out = append(out, Transition{ZoneID: cur.ZoneID, Day: cur.Day, From: prev.Status, To: cur.Status, Probability: cur.Probability, Reason: cur.Reason})
		}
	}
	return out
}

// DataEnder is a store that can say the last day its incidents begin on.
type DataEnder interface {
	DataEnd(ctx context.Context) (time.Time, error)
}

// DataEnd is the last day of st's data, zero when st cannot say or holds
// none.
func DataEnd(ctx context.Context, st any) (time.Time, error) {
	if d, ok := st.(DataEnder); ok {
		return d.DataEnd(ctx)
	}
	return time.Time{}, nil
}
