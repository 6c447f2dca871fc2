package assess

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/stats"
)

// ZoneDayReader reads the zone-day rollup; every judgement store is one.
type ZoneDayReader interface {
	ZoneDays(ctx context.Context, f truce.ZoneDayFilter) ([]truce.ZoneDay, error)
}

// StatusOptions narrow and tune a status report; zero values mean the
// defaults.
type StatusOptions struct {
	Zone string // only this zone
	// Window overrides the agreement's rolling window in days; the
	// thresholds stay the agreement's.
	Window int
	// From and To, both set, ask for each zone's status changes between them.
	From, To time.Time
	// DataEnd is the store's last day of data when the caller has read it
	// already (a cache building each zone's status); zero: asked of the
	// store (DataEnd).
	DataEnd time.Time
}

// StatusReport is every zone's status on one day: what `truce status` and
// the API's /status show.
type StatusReport struct {
	AgreementID string       `json:"agreement"`
	Date        string       `json:"date"`
	WindowDays  int          `json:"window_days"`
	Zones       []ZoneReport `json:"zones"`
}

// ZoneReport is one zone's part of a StatusReport.
type ZoneReport struct {
	Zone string `json:"zone"`
	// Status is the most likely status, with its probability; Best and
	// Worst bound it with the uncertain inputs at their ends.
	Status      truce.ZoneStatus   `json:"status"`
	Probability float64            `json:"probability"`
	Chances     map[string]float64 `json:"chances,omitempty"`
	Best        truce.ZoneStatus   `json:"best"`
	Worst       truce.ZoneStatus   `json:"worst"`
	InForce     bool               `json:"in_force"`
	Ended       *ZoneEnd           `json:"ended,omitempty"`
	Reason      string             `json:"reason"`
	// Expected violations over the window, with their intervals; Definite,
	// the violations no assumption is needed for.
	Expected Expected           `json:"expected_violations"`
	Definite truce.WindowCounts `json:"definite_violations"`
	// Events is what happened in the window regardless of attribution.
	Events            Happened              `json:"events"`
	PreviousExpected  float64               `json:"previous_window_expected_violations"`
	ReportsInCoverage int                   `json:"reports_last_30_days"`
	ByType            map[string]float64    `json:"expected_violations_by_type"`
	ByVerdict         map[truce.Verdict]int `json:"incidents_by_verdict"`
	Transitions       []Transition          `json:"transitions,omitempty"`
}

// ZoneEnd is how a zone ended, as the API writes it.
type ZoneEnd struct {
	Date    string   `json:"date"`
	How     string   `json:"how"`
	Note    string   `json:"note,omitempty"`
	Sources []string `json:"sources,omitempty"`
}

// NewZoneEnd returns e as the API writes it, or nil.
func NewZoneEnd(e *truce.ZoneEnd) *ZoneEnd {
	if e == nil {
		return nil
	}
	return &ZoneEnd{Date: e.Date.Format(truce.DateLayout), How: e.How, Note: e.Note, Sources: e.Sources}
}

// StatusDays returns the first and last day of the rollup that
// BuildStatus reads to grade day: its answer holds until a rollup row of
// those days changes, which is what lets a server keep it.
func StatusDays(a *truce.Agreement, day time.Time, opts StatusOptions) (from, to time.Time) {
	w := a.Status.WithDefaults().WindowDays
	if opts.Window > 0 {
		w = opts.Window
	}
	first := day.AddDate(0, 0, -w)
	if !opts.From.IsZero() && opts.From.Before(first) {
		first = opts.From
	}
	last := day
	if opts.To.After(last) {
		last = opts.To
	}
	// The coverage before the window decides whether a quiet window is
	// known to be quiet.
	back := max(w, DefaultCoverageDays)
	return first.AddDate(0, 0, -back), last
}

// BuildStatus grades every zone of a (or opts.Zone) on day from the rollup
// of the latest judged version. The zone must be one of a's (ENOTFOUND).
func BuildStatus(ctx context.Context, st ZoneDayReader, a *truce.Agreement, day time.Time, opts StatusOptions) (*StatusReport, error) {
	if opts.Zone != "" && !a.HasZone(opts.Zone) {
		return nil, truce.Errorf(truce.ENOTFOUND, "agreement %s has no zone %q", a.ID, opts.Zone)
	}
	if opts.Window > 0 {
		copied := *a
		copied.Status.WindowDays = opts.Window
		a = &copied
	}
	w := a.Status.WithDefaults().WindowDays
	from, to := StatusDays(a, day, opts)
	rows, err := zoneDays(ctx, st, a, opts.Zone, from, to)
	if err != nil {
		return nil, err
	}
	end := opts.DataEnd
	if end.IsZero() {
		if end, err = DataEnd(ctx, st); err != nil {
			return nil, err
		}
	}
	// Only the day is graded: of the window before, only its expected
	// violations are shown, a sum, not a grading (each grading weighs
	// every group's chances several times over).
	onDay := StatusesUntil(a, rows, day, day, 0, end)
	prevDay := truce.CalendarDay(day).AddDate(0, 0, -w)
	rep := &StatusReport{AgreementID: a.ID, Date: day.Format(truce.DateLayout), WindowDays: w, Zones: []ZoneReport{}}
	for _, z := range a.Zones {
		if opts.Zone != "" && z.ID != opts.Zone {
			continue
		}
		var cur DayStatus
		for _, s := range onDay {
			if s.ZoneID == z.ID {
				cur = s
			}
		}
		o := NewZoneReport(cur)
		o.Zone = z.ID
		o.PreviousExpected = windowExpected(a, z, rows, prevDay, w)
		for _, r := range rows {
			if r.ZoneID == z.ID && r.Day.After(day.AddDate(0, 0, -w)) && !r.Day.After(day) {
				o.ByVerdict[r.Verdict] += r.Incidents
				if r.P.Mid > 0 {
					o.ByType[r.EventType] += r.P.Mid
				}
			}
		}
		if !opts.From.IsZero() {
			var series []DayStatus
			for _, s := range StatusesUntil(a, rows, opts.From, opts.To, 0, end) {
				if s.ZoneID == z.ID {
					series = append(series, s)
				}
			}
			o.Transitions = Transitions(series)
		}
		rep.Zones = append(rep.Zones, o)
	}
	return rep, nil
}

// windowExpected is the expected number of violations of zone z in the w
// days to day, as Statuses gives it (0 while the zone's ceasefire does not
// apply and it has not ended).
func windowExpected(a *truce.Agreement, z truce.Zone, rows []truce.ZoneDay, day time.Time, w int) float64 {
	from, to := a.ZonePeriod(z)
	ended := z.Ended != nil && !day.Before(truce.CalendarDay(z.Ended.Date))
	if !ended && (day.Before(from) || !to.IsZero() && day.After(to)) {
		return 0
	}
	var window []group
	first := day.AddDate(0, 0, -(w - 1))
	for _, zd := range rows {
		d := truce.CalendarDay(zd.Day)
		if zd.ZoneID != z.ID || d.Before(first) || d.After(day) {
			continue
		}
		if g, ok := rowGroup(zd); ok && !g.continued {
			window = append(window, g)
		}
	}
	var sum float64
	for _, g := range window {
		sum += float64(g.n) * g.p
	}
	return sum
}

// NewZoneReport is a day's status as the API writes it, without the parts
// that need more than the day (previous window, types, transitions).
func NewZoneReport(s DayStatus) ZoneReport {
	o := ZoneReport{Zone: s.ZoneID, Status: s.Status, Probability: round3(s.Probability), Best: s.Best, Worst: s.Worst,
		InForce: s.InForce, Ended: NewZoneEnd(s.Ended), Reason: s.Reason, Expected: s.Expected.rounded(), Definite: s.Definite,
		Events: s.Events, ReportsInCoverage: s.Reports, ByType: map[string]float64{}, ByVerdict: map[truce.Verdict]int{}}
	if truce.StatusRank(s.Status) > 0 {
		o.Chances = map[string]float64{}
		for i, g := range truce.Grades {
			o.Chances[string(g)] = round3(s.Chances[i])
		}
	}
	return o
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// Rounded is s with its probabilities and expectations to three decimals,
// as every report shows them: the CLI, the API and the bulletins print the
// same rounded numbers, so that "58 %" in one is never "59 %" in another.
func (s DayStatus) Rounded() DayStatus {
	s.Probability = round3(s.Probability)
	for i := range s.Chances {
		s.Chances[i] = round3(s.Chances[i])
	}
	s.Expected = s.Expected.rounded()
	return s
}

func (e Expected) rounded() Expected {
	e.Mean, e.MeanLow, e.MeanHigh = round3(e.Mean), round3(e.MeanLow), round3(e.MeanHigh)
	return e
}

// zoneDays reads the rollup rows of the latest judged version between from
// and to, of zone or of every zone. The rollup's key begins with the zone,
// so a day range without one makes the store read every day of the
// version (on the demo store 4,067 rows for the 386 a status needs); when
// st can name the latest judged version, every zone is read by its own
// range instead. The rows are the same, grouped by a's zone order.
func zoneDays(ctx context.Context, st ZoneDayReader, a *truce.Agreement, zone string, from, to time.Time) ([]truce.ZoneDay, error) {
	jv, ok := st.(interface {
		JudgedVersion(ctx context.Context, agreementID string) (int, error)
	})
	if zone != "" || len(a.Zones) < 2 || !ok {
		return st.ZoneDays(ctx, truce.ZoneDayFilter{AgreementID: a.ID, ZoneID: zone, From: from, To: to})
	}
	version, err := jv.JudgedVersion(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	if version == 0 {
		// Nothing judged: the store's own answer (ENOTFOUND) says so.
		return st.ZoneDays(ctx, truce.ZoneDayFilter{AgreementID: a.ID, From: from, To: to})
	}
	var rows []truce.ZoneDay
	for _, z := range a.Zones {
		zr, err := st.ZoneDays(ctx, truce.ZoneDayFilter{AgreementID: a.ID, Version: version, ZoneID: z.ID, From: from, To: to})
		if err != nil {
			return nil, err
		}
		rows = append(rows, zr...)
	}
	return rows, nil
}

// TrendOptions say what a trend compares; Before, After and Placements are
// required.
type TrendOptions struct {
	Zone          string
	Break         time.Time // zero: the agreement's effective date
	Before, After int       // days before the break, and from it on
	Deaths        bool      // count deaths rather than events
	Placements    map[truce.Placement]bool
	PlacementText string // how the placements were given, echoed in the JSON
	// Covered counts only the violence the agreement covers, leaving out
	// operations against excluded groups. The default counts all violence
	// in the zone, which is what "violence has declined" claims speak of.
	Covered bool
}

// Scope says in words what a trend counts.
func (o TrendOptions) Scope() string {
	if o.Covered {
		return "covered by the agreement (operations against excluded groups left out)"
	}
	return "all violence"
}

// TrendReport compares a zone's daily rates before and after a break: what
// `truce trend` and the API's /trends show.
type TrendReport struct {
	AgreementID string
	Opts        TrendOptions
	Rate        stats.RateRatioResult
	Verdict     stats.VerdictResult
	ITS         stats.ITSResult
	ITSErr      error // the interrupted time series could not be fitted
	// MissingDays are the first days of the before window, before any
	// source reported from the zone: left out, not counted as zero.
	MissingDays int
}

// Metric is "events" or "deaths".
func (t *TrendReport) Metric() string {
	if t.Opts.Deaths {
		return "deaths"
	}
	return "events"
}

// DailyCounts counts, for each of the days from start, the incidents (or,
// with deaths, their deaths) of zone's rollup rows whose placement is one of
// placements. With covered it leaves out operations against excluded
// groups: fighting outside the agreement's dyads, the war the truce was not
// meant to stop. Trends and decline claims count alike through it.
func DailyCounts(rows []truce.ZoneDay, zone string, start time.Time, days int, placements map[truce.Placement]bool, covered, deaths bool) []float64 {
	counts := make([]float64, days)
	start = truce.CalendarDay(start)
	for _, r := range rows {
		if r.ZoneID != zone || !placements[r.Placement] || covered && r.Excluded {
			continue
		}
		i := int(math.Round(truce.CalendarDay(r.Day).Sub(start).Hours() / 24))
		if i < 0 || i >= days {
			continue
		}
		if deaths {
			counts[i] += float64(r.Deaths)
		} else {
			counts[i] += float64(r.Incidents)
		}
	}
	return counts
}

// BuildTrend compares the daily counts of incidents (or deaths) placed in
// opts.Zone before and after opts.Break.
func BuildTrend(ctx context.Context, st ZoneDayReader, a *truce.Agreement, opts TrendOptions) (*TrendReport, error) {
	if !a.HasZone(opts.Zone) {
		return nil, truce.Errorf(truce.ENOTFOUND, "agreement %s has no zone %q", a.ID, opts.Zone)
	}
	if opts.Break.IsZero() {
		opts.Break = a.Effective
	}
	nb, na := opts.Before, opts.After
	start := opts.Break.AddDate(0, 0, -nb)
	// A look a coverage period further back says whether any source
	// reported from the zone before the window: days before the first
	// report are missing, not calm, and are left out of the rates.
	rows, err := st.ZoneDays(ctx, truce.ZoneDayFilter{AgreementID: a.ID, ZoneID: opts.Zone, From: start.AddDate(0, 0, -DefaultCoverageDays), To: opts.Break.AddDate(0, 0, na-1)})
	if err != nil {
		return nil, err
	}
	covered := -1 // index of the first day with any report, when inside the before window
	for _, r := range rows {
		if i := int(r.Day.Sub(start).Hours() / 24); i < 0 {
			covered = 0
			break
		} else if covered < 0 || i < covered {
			covered = i
		}
	}
	counts := DailyCounts(rows, opts.Zone, start, nb+na, opts.Placements, opts.Covered, opts.Deaths)
	skip := 0
	if covered > 0 {
		skip = min(covered, nb-1)
	}
	rr, err := stats.RateRatio(counts[skip:nb], counts[nb:], stats.Options{Seed: 1})
	if err != nil {
		return nil, truce.Errorf(truce.EINVALID, "rate ratio: %v", err)
	}
	if skip > 0 {
		rr.Notes = append(rr.Notes, fmt.Sprintf("no source reported anything from the zone before %s: the %d days before it are missing, not zero, and left out",
			start.AddDate(0, 0, skip).Format(truce.DateLayout), skip))
	}
	verdict, err := stats.Verdict(rr, stats.VerdictOptions{})
	if err != nil {
		return nil, truce.Errorf(truce.EINVALID, "verdict: %v", err)
	}
	t := &TrendReport{AgreementID: a.ID, Opts: opts, Rate: rr, Verdict: verdict, MissingDays: skip}
	t.ITS, t.ITSErr = stats.ITS(counts[skip:], nb-skip, stats.ITSOptions{})
	return t, nil
}

// JSON is the trend's JSON shape, infinities as null.
func (t *TrendReport) JSON() map[string]any {
	rr := t.Rate
	out := map[string]any{
		"agreement": t.AgreementID, "zone": t.Opts.Zone, "break": t.Opts.Break.Format(truce.DateLayout), "metric": t.Metric(), "placements": t.Opts.PlacementText, "covered_only": t.Opts.Covered,
		"days_before": t.Opts.Before - t.MissingDays, "days_after": t.Opts.After, "days_missing": t.MissingDays, "total_before": rr.TotalBefore, "total_after": rr.TotalAfter,
		"rate_before": rr.RateBefore, "rate_after": rr.RateAfter, "rate_ratio": rr.Ratio, "dispersion": rr.Dispersion,
		"intervals": map[string]any{"quasi_poisson": jsonInterval(rr.QuasiPoisson), "exact": jsonInterval(rr.Exact),
			"wald": jsonInterval(rr.Wald), "bootstrap": jsonInterval(rr.Bootstrap)},
		"verdict": t.Verdict.Outcome, "reason": t.Verdict.Reason, "notes": rr.Notes,
	}
	if t.ITSErr == nil {
		out["its"] = map[string]any{"level_change": jsonEstimate(t.ITS.LevelChange), "slope_change_per_day": jsonEstimate(t.ITS.SlopeChange),
			"trend_before_per_day": jsonEstimate(t.ITS.Trend), "converged": t.ITS.Converged}
	} else {
		out["its_error"] = t.ITSErr.Error()
	}
	return out
}

// jsonFloat maps infinities, which encoding/json rejects, to null.
func jsonFloat(x float64) any {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return nil
	}
	return x
}

func jsonInterval(iv stats.Interval) []any { return []any{jsonFloat(iv.Lower), jsonFloat(iv.Upper)} }

func jsonEstimate(e stats.Estimate) map[string]any {
	return map[string]any{"value": jsonFloat(e.Value), "lower": jsonFloat(e.Lower), "upper": jsonFloat(e.Upper)}
}

// AgreementReader finds agreements and their versions; every store is one.
type AgreementReader interface {
	FindAgreement(ctx context.Context, id string) (*truce.Agreement, error)
	ActiveAgreement(ctx context.Context) (*truce.Agreement, error)
	Agreements(ctx context.Context) ([]truce.AgreementInfo, error)
}

// ActiveVersion returns the agreement named id, or the active one when id
// is "", with its stored version.
func ActiveVersion(ctx context.Context, db AgreementReader, id string) (*truce.Agreement, int, error) {
	a, err := ChooseAgreement(ctx, db, id)
	if err != nil {
		return nil, 0, err
	}
	list, err := db.Agreements(ctx)
	if err != nil {
		return nil, 0, err
	}
	for _, ai := range list {
		if ai.ID == a.ID {
			return a, ai.Version, nil
		}
	}
	return nil, 0, truce.Errorf(truce.ENOTFOUND, "agreement %s has no stored version", a.ID)
}

// ChooseAgreement returns the agreement id names, or the active one when id
// is empty.
func ChooseAgreement(ctx context.Context, db AgreementReader, id string) (*truce.Agreement, error) {
	if id != "" {
		return db.FindAgreement(ctx, id)
	}
	return db.ActiveAgreement(ctx)
}
