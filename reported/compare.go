package reported

import (
	"context"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
)

// Series is a daily series: day (YYYY-MM-DD) → count. A day absent is
// missing, not zero.
type Series map[string]int

// Options select what Compare compares.
type Options struct {
	From, To time.Time // whole days; zero: unbounded
	// Province keeps each reporter's count for that province (from the
	// counts' breakdowns; a count without one is missing for it) and the
	// incidents whose governorate is it.
	Province string
	// Top is how many days of greatest disagreement to list (0: 5).
	Top int
	// IncidentSource keeps the incidents of one source ("ucdp"): news
	// read from the same bulletins is no independent measure of them.
	IncidentSource string
}

// Summary is one reporter's series over the period.
type Summary struct {
	Reporter string  `json:"reporter"`
	Days     int     `json:"days"` // days with a report
	Total    int     `json:"total"`
	PerDay   float64 `json:"per_day"` // mean over the days reported
	First    string  `json:"first,omitempty"`
	Last     string  `json:"last,omitempty"`
	// Disputed counts days two sources gave this reporter different
	// numbers for; the series keeps the first stored.
	Disputed int `json:"disputed,omitempty"`
}

// DayDiff is one day two series disagree on.
type DayDiff struct {
	Day  string `json:"day"`
	A    int    `json:"a"`
	B    int    `json:"b"`
	Diff int    `json:"diff"` // A - B
}

// Pair compares two series over the days both have.
type Pair struct {
	A          string `json:"a"`
	B          string `json:"b"`
	CommonDays int    `json:"common_days"`
	TotalA     int    `json:"total_a"` // over the common days
	TotalB     int    `json:"total_b"`
	// Ratio is TotalA / TotalB; nil when TotalB is 0.
	Ratio *float64 `json:"ratio"`
	// Spearman is the rank correlation of the two over the common days;
	// nil with fewer than three of them, or when a series is constant.
	Spearman *float64  `json:"spearman"`
	Disagree []DayDiff `json:"disagree"` // largest |A-B| first
}

// Comparison is what `truce reporters` and GET /api/v1/reporters say.
type Comparison struct {
	From      string    `json:"from,omitempty"`
	To        string    `json:"to,omitempty"`
	Province  string    `json:"province,omitempty"`
	Reporters []Summary `json:"reporters"`
	Pairs     []Pair    `json:"pairs"` // reporter against reporter
	// Incidents is each reporter against the incidents in the store, per
	// day (B is the incidents), over the days the reporter reported that
	// the incidents cover.
	Incidents []Pair `json:"incidents"`
	// Covered is the span of days the store has incidents for (from the
	// first to the last incident of any source); outside it the
	// incidents are missing, not zero.
	Covered [2]string `json:"covered"`
	// IncidentSources are the sources of the incidents counted, with
	// how many of each over the period.
	IncidentSources map[string]int    `json:"incident_sources"`
	Series          map[string]Series `json:"series"` // per reporter, and "incidents"
	Caveats         []string          `json:"caveats"`
}

// IncidentKey is the name of the incidents' series in Comparison.Series.
const IncidentKey = "incidents"

// Caveats every comparison carries: what the numbers cannot say.
var Caveats = []string{
	"Days without a report are missing, not zero: reporters are compared only on days both reported, and with incidents only on days the store holds incidents for.",
	"Reported counts are what each side says it registered; they name no event, and the sides count by their own rules.",
	"Incidents are events in the store: datasets such as UCDP GED record only events that killed someone, so their daily counts are not counts of ceasefire violations; compare their rise and fall (the rank correlation), not their size.",
}

// Incidents reads the store's incidents per day over opts' period, in
// opts' province (and of opts' source), through the ordinary incident
// query, with the span of days the store holds incidents for at all (of
// that source) and the incidents counted per source.
func Incidents(ctx context.Context, st truce.IncidentService, opts Options) (Series, [2]string, map[string]int, error) {
	series := Series{}
	sources := map[string]int{}
	var first, last string
	want := ""
	if opts.Province != "" {
		want = Province(opts.Province)
	}
	err := st.Incidents(ctx, truce.IncidentFilter{Source: opts.IncidentSource}, func(inc *truce.Incident) error {
		d := inc.DateStart.UTC().Format(truce.DateLayout)
		if first == "" || d < first {
			first = d
		}
		if d > last {
			last = d
		}
		if !opts.From.IsZero() && inc.DateStart.Before(opts.From) || !opts.To.IsZero() && inc.DateStart.After(opts.To) {
			return nil
		}
		if want != "" && Province(inc.Location.Admin1) != want {
			return nil
		}
		series[d]++
		sources[inc.Source]++
		return nil
	})
	return series, [2]string{first, last}, sources, err
}

// Store is what Build reads.
type Store interface {
	truce.CountService
	truce.IncidentService
}

// Build reads the counts and the incidents per day over opts' period and
// compares them: what the command line and the API both answer.
func Build(ctx context.Context, st Store, opts Options) (*Comparison, error) {
	counts, err := st.ReportedCounts(ctx, truce.CountFilter{From: opts.From, To: opts.To})
	if err != nil {
		return nil, err
	}
	inc, covered, sources, err := Incidents(ctx, st, opts)
	if err != nil {
		return nil, err
	}
	cmp := Compare(counts, inc, covered, opts)
	cmp.IncidentSources = sources
	return cmp, nil
}

// Compare compares the reporters of counts with each other and with
// incidents (nil: no incidents compared), whose store covers the days
// covered (inclusive; "" when it holds none).
func Compare(counts []*truce.ReportedCount, incidents Series, covered [2]string, opts Options) *Comparison {
	top := opts.Top
	if top <= 0 {
		top = 5
	}
	out := &Comparison{Province: opts.Province, Covered: covered, Series: map[string]Series{}, Caveats: Caveats,
		Reporters: []Summary{}, Pairs: []Pair{}, Incidents: []Pair{}}
	if !opts.From.IsZero() {
		out.From = opts.From.Format(truce.DateLayout)
	}
	if !opts.To.IsZero() {
		out.To = opts.To.Format(truce.DateLayout)
	}
	want := ""
	if opts.Province != "" {
		want = Province(opts.Province)
		out.Province = want
	}
	// The first stored count of a reporter's day stands for it; others
	// that differ mark the day disputed.
	sorted := slices.Clone(counts)
	slices.SortStableFunc(sorted, func(a, b *truce.ReportedCount) int { return int(a.ID - b.ID) })
	disputed := map[string]map[string]bool{}
	for _, c := range sorted {
		if !opts.From.IsZero() && c.Day.Before(opts.From) || !opts.To.IsZero() && c.Day.After(opts.To) {
			continue
		}
		n := c.Count
		if want != "" {
			var ok bool
			if n, ok = c.Provinces[want]; !ok {
				if len(c.Provinces) == 0 || sum(c.Provinces) < c.Count {
					continue // no breakdown, or a partial one: unknown for the province
				}
				n = 0 // a full breakdown that leaves the province out
			}
		}
		s := out.Series[c.Reporter]
		if s == nil {
			s = Series{}
			out.Series[c.Reporter] = s
		}
		d := c.Day.Format(truce.DateLayout)
		if old, ok := s[d]; ok {
			if old != n {
				if disputed[c.Reporter] == nil {
					disputed[c.Reporter] = map[string]bool{}
				}
				disputed[c.Reporter][d] = true
			}
			continue
		}
		s[d] = n
	}
	var names []string
	for r := range out.Series {
		names = append(names, r)
	}
	sort.Strings(names)
	for _, r := range names {
		s := out.Series[r]
		sm := Summary{Reporter: r, Days: len(s), Disputed: len(disputed[r])}
		for d, n := range s {
			sm.Total += n
			if sm.First == "" || d < sm.First {
				sm.First = d
			}
			if d > sm.Last {
				sm.Last = d
			}
		}
		if sm.Days > 0 {
			sm.PerDay = float64(sm.Total) / float64(sm.Days)
		}
		out.Reporters = append(out.Reporters, sm)
	}
	for i, a := range names {
		for _, b := range names[i+1:] {
			out.Pairs = append(out.Pairs, pair(a, b, out.Series[a], out.Series[b], nil, top))
		}
	}
	if incidents != nil {
		out.Series[IncidentKey] = incidents
		for _, a := range names {
			out.Incidents = append(out.Incidents, pair(a, IncidentKey, out.Series[a], incidents, &covered, top))
		}
	}
	return out
}

// pair compares a and b on the days both have; b is zero on days within
// covered it lacks (incidents: a day the store covers without one had
// none).
func pair(na, nb string, a, b Series, covered *[2]string, top int) Pair {
	p := Pair{A: na, B: nb, Disagree: []DayDiff{}}
	var xs, ys []float64
	var days []string
	for d := range a {
		days = append(days, d)
	}
	sort.Strings(days)
	for _, d := range days {
		y, ok := b[d]
		if !ok && covered != nil && covered[0] != "" && d >= covered[0] && d <= covered[1] {
			ok = true
		}
		if !ok {
			continue
		}
		x := a[d]
		p.CommonDays++
		p.TotalA += x
		p.TotalB += y
		xs = append(xs, float64(x))
		ys = append(ys, float64(y))
		p.Disagree = append(p.Disagree, DayDiff{Day: d, A: x, B: y, Diff: x - y})
	}
	if p.TotalB > 0 {
		r := float64(p.TotalA) / float64(p.TotalB)
		p.Ratio = &r
	}
	if rho, ok := Spearman(xs, ys); ok {
		p.Spearman = &rho
	}
	slices.SortStableFunc(p.Disagree, func(x, y DayDiff) int {
		if dx, dy := abs(x.Diff), abs(y.Diff); dx != dy {
			return dy - dx
		}
		return strings.Compare(x.Day, y.Day)
	})
	// Days they agree on are no disagreement.
	p.Disagree = slices.DeleteFunc(p.Disagree, func(d DayDiff) bool { return d.Diff == 0 })
	if len(p.Disagree) > top {
		p.Disagree = p.Disagree[:top]
	}
	return p
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// Spearman is the rank correlation of xs and ys (ties take their mean
// rank), or false with fewer than three pairs or a constant series, when
// it says nothing.
func Spearman(xs, ys []float64) (float64, bool) {
	if len(xs) != len(ys) || len(xs) < 3 {
		return 0, false
	}
	rx, ry := ranks(xs), ranks(ys)
	n := float64(len(xs))
	var mx, my float64
	for i := range rx {
		mx += rx[i]
		my += ry[i]
	}
	mx, my = mx/n, my/n
	var sxy, sxx, syy float64
	for i := range rx {
		dx, dy := rx[i]-mx, ry[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return 0, false
	}
	r := sxy / math.Sqrt(sxx*syy)
	return math.Max(-1, math.Min(1, r)), true
}

// ranks gives 1-based ranks, ties their mean.
func ranks(v []float64) []float64 {
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return v[idx[a]] < v[idx[b]] })
	r := make([]float64, len(v))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && v[idx[j+1]] == v[idx[i]] {
			j++
		}
		mean := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			r[idx[k]] = mean
		}
		i = j + 1
	}
	return r
}
