package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/assess"
	"github.com/truce-monitor/truce/stats"
)

func (m *Main) runStatus(ctx context.Context, args []string) error {
	fs := m.newFlags("status", "status [--db PATH] --date YYYY-MM-DD [--zone ID] [--from D --to D] [--format table|json]\n\nPer zone, the status on --date over the agreement's rolling window (holding, strained, breached,\ncollapsed, or no-coverage when no source reported anything from the zone for a month, or ended):\nthe most likely status with its probability, the range with the presence data and imprecise\nlocations at their ends, the expected violations with their 90 % interval, what happened regardless\nof attribution, and the window before. With --from and --to, also the days the status changed. Reads the\nverdicts of the last `truce adjudicate`.")
	date := fs.String("date", "", "the day to grade, YYYY-MM-DD (required)")
	zone := fs.String("zone", "", "only this zone")
	from := fs.String("from", "", "with --to: list status changes from this day")
	to := fs.String("to", "", "with --from: list status changes up to this day")
	agreementID := fs.String("agreement", "", "agreement ID (default: the active agreement)")
	format := fs.String("format", "table", "table or json")
	window := fs.Int("window", 0, "rolling window in days (default: the agreement's, e.g. 7; 30 for a monthly view); thresholds stay the agreement's")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *window < 0 || *window > 366 {
		return usagef("--window must be between 1 and 366 days")
	}
	if *date == "" {
		return usagef("status needs --date YYYY-MM-DD")
	}
	day, err := parseDateFlag("date", *date)
	if err != nil {
		return err
	}
	if (*from == "") != (*to == "") {
		return usagef("--from and --to go together")
	}
	var fromDay, toDay time.Time
	if *from != "" {
		if fromDay, err = parseDateFlag("from", *from); err != nil {
			return err
		}
		if toDay, err = parseDateFlag("to", *to); err != nil {
			return err
		}
		if toDay.Before(fromDay) {
			return usagef("--to %s is before --from %s", *to, *from)
		}
	}
	if *format != "table" && *format != "json" {
		return usagef("--format must be table or json, not %q", *format)
	}
	db, err := m.openJudgeStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	a, _, err := activeVersion(ctx, db, *agreementID)
	if err != nil {
		return err
	}
	rep, err := assess.BuildStatus(ctx, db, a, day, assess.StatusOptions{Zone: *zone, Window: *window, From: fromDay, To: toDay})
	if err != nil {
		return err
	}
	w, outs := rep.WindowDays, rep.Zones
	if *format == "json" {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	fmt.Fprintf(m.Stdout, "Status of %s on %s (window: %d days; verdicts of the last `truce adjudicate`)\n", a.ID, *date, w)
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ZONE\tSTATUS\tRANGE\tEXPECTED VIOLATIONS (90%)\tCERTAIN\tEVENTS\tDEATHS\tCIVILIANS\tAIR STRIKES\tPREV EXPECTED\tREPORTS 30D")
	for _, o := range outs {
		status, rng := statusCells(o)
		exp := "-"
		if o.InForce || o.Ended != nil {
			exp = fmt.Sprintf("%.1f (%d-%d)", o.Expected.Mean, o.Expected.Low, o.Expected.High)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%s\t%d\t%d\t%.1f\t%d\n", o.Zone, status, rng, exp, o.Definite.Violations,
			withApprox(o.Events.Events, o.Events.Approximate), withApprox(o.Events.Deaths, o.Events.ApproximateDeaths), o.Events.CivilianDeaths, o.Events.AirStrikes, o.PreviousExpected, o.ReportsInCoverage)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, "STATUS: the most likely over the window, with its probability; RANGE: best to worst with the presence data and\n"+
		"imprecise locations at their ends. EXPECTED VIOLATIONS: the sum of each incident's probability of being a violation,\n"+
		"with the 90 % interval of the count; CERTAIN: violations no assumption is needed for. EVENTS, DEATHS, CIVILIANS and\n"+
		"AIR STRIKES: everything reported from the zone in the window, violation or not; (N ~) of them located only\n"+
		"approximately (a district, a province, the whole country), which may lie outside the zone.")
	for _, o := range outs {
		fmt.Fprintf(m.Stdout, "%s: %s\n", o.Zone, o.Reason)
	}
	for _, o := range outs {
		if fromDay.IsZero() {
			continue
		}
		fmt.Fprintf(m.Stdout, "\nChanges of the most likely status in %s, %s to %s:\n", o.Zone, *from, *to)
		if len(o.Transitions) == 0 {
			fmt.Fprintln(m.Stdout, "  none")
		}
		for _, t := range o.Transitions {
			fmt.Fprintf(m.Stdout, "  %s  %s -> %s (%.0f %%)\n", t.Day.Format(truce.DateLayout), orDash(string(t.From)), orDash(string(t.To)), t.Probability*100)
		}
	}
	return nil
}

// statusCells writes a zone's status and range for a table: "breached
// 94%" and "strained-collapsed", never the best case alone.
func statusCells(o assess.ZoneReport) (status, rng string) {
	switch {
	case o.Status == truce.Ended:
		return "ended", "-"
	case !o.InForce:
		return "not in force", "-"
	case truce.StatusRank(o.Status) == 0:
		return string(o.Status), "-"
	}
	status = fmt.Sprintf("%s %.0f%%", o.Status, o.Probability*100)
	rng = string(o.Best)
	if o.Best != o.Worst {
		rng += "-" + string(o.Worst)
	}
	return status, rng
}

// parseDays reads a span such as "90d" or "90".
func parseDays(name, s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSuffix(s, "d"))
	if err != nil || n < 1 || n > 3650 {
		return 0, usagef("--%s %q: want a number of days such as 90d (1 to 3650)", name, s)
	}
	return n, nil
}

func (m *Main) runTrend(ctx context.Context, args []string) error {
	fs := m.newFlags("trend", "trend [--db PATH] --zone ID [--date D] [--before 90d] [--after 90d] [--metric events|deaths] [--placement inside,buffer,uncertain] [--format table|json]\n\nCompares the daily rate of incidents (or deaths) placed in a zone before and after a date (default:\nthe agreement's effective date): the rate ratio with a 95% interval that allows for overdispersion\n(quasi-Poisson; exact, Wald and a seeded bootstrap shown too), a verdict that says \"insufficient\ndata\" when the evidence cannot decide, and an interrupted time series (level and slope change).\nCounts every incident whoever fought (operations against excluded groups too), by its first day.")
	zone := fs.String("zone", "", "zone ID (required)")
	date := fs.String("date", "", "the break day, YYYY-MM-DD (default: the agreement's effective date)")
	before := fs.String("before", "90d", "days before the break")
	after := fs.String("after", "90d", "days from the break on")
	metric := fs.String("metric", "events", "events or deaths")
	placement := fs.String("placement", "inside", "which placements count: inside, buffer, uncertain (comma-separated)")
	covered := fs.Bool("covered", false, "count only violence the agreement covers, leaving out operations against excluded groups (default: all violence)")
	agreementID := fs.String("agreement", "", "agreement ID (default: the active agreement)")
	format := fs.String("format", "table", "table or json")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *zone == "" {
		return usagef("trend needs --zone ID")
	}
	nb, err := parseDays("before", *before)
	if err != nil {
		return err
	}
	na, err := parseDays("after", *after)
	if err != nil {
		return err
	}
	if *metric != "events" && *metric != "deaths" {
		return usagef("--metric must be events or deaths, not %q", *metric)
	}
	if *format != "table" && *format != "json" {
		return usagef("--format must be table or json, not %q", *format)
	}
	list, err := parsePlacements(*placement)
	if err != nil {
		return err
	}
	places := map[truce.Placement]bool{}
	for _, pl := range list {
		places[pl] = true
	}
	// Before the store, so a bad command line is told as such whatever
	// the store holds.
	brk, err := parseDateFlag("date", *date)
	if err != nil {
		return err
	}
	db, err := m.openJudgeStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	a, _, err := activeVersion(ctx, db, *agreementID)
	if err != nil {
		return err
	}
	t, err := assess.BuildTrend(ctx, db, a, assess.TrendOptions{Zone: *zone, Break: brk, Before: nb, After: na,
		Deaths: *metric == "deaths", Placements: places, PlacementText: *placement, Covered: *covered})
	if err != nil {
		return err
	}
	brk, rr, verdict, its, itsErr := t.Opts.Break, t.Rate, t.Verdict, t.ITS, t.ITSErr
	if *format == "json" {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(t.JSON())
	}
	fmt.Fprintf(m.Stdout, "Trend of %s in zone %s (%s; %s), %d days before and %d days from %s\n", *metric, *zone, *placement, t.Opts.Scope(), nb, na, brk.Format(truce.DateLayout))
	fmt.Fprintf(m.Stdout, "  before: %.0f %s, %.2f per day\n  after:  %.0f %s, %.2f per day\n", rr.TotalBefore, *metric, rr.RateBefore, rr.TotalAfter, *metric, rr.RateAfter)
	fmt.Fprintf(m.Stdout, "  rate ratio after/before: %.3f\n", rr.Ratio)
	fmt.Fprintf(m.Stdout, "    95%% interval, quasi-Poisson (dispersion %.1f): %s   <- used for the verdict\n", rr.Dispersion, fmtInterval(rr.QuasiPoisson))
	fmt.Fprintf(m.Stdout, "    exact Poisson: %s   Wald: %s   bootstrap over days (seed 1): %s\n", fmtInterval(rr.Exact), fmtInterval(rr.Wald), fmtInterval(rr.Bootstrap))
	fmt.Fprintf(m.Stdout, "  verdict: %s: %s\n", strings.ToUpper(string(verdict.Outcome)), verdict.Reason)
	for _, n := range rr.Notes {
		fmt.Fprintf(m.Stdout, "  note: %s\n", n)
	}
	if itsErr != nil {
		fmt.Fprintf(m.Stdout, "  interrupted time series: not fitted: %v\n", itsErr)
		return nil
	}
	conv := ""
	if !its.Converged {
		conv = " (did not converge: treat with caution)"
	}
	fmt.Fprintf(m.Stdout, "  interrupted time series%s:\n    level change at the break: x%.3f %s\n    slope change: x%.4f per day %s (trend before: x%.4f per day)\n",
		conv, its.LevelChange.Value, fmtInterval(stats.Interval{Lower: its.LevelChange.Lower, Upper: its.LevelChange.Upper}),
		its.SlopeChange.Value, fmtInterval(stats.Interval{Lower: its.SlopeChange.Lower, Upper: its.SlopeChange.Upper}), its.Trend.Value)
	return nil
}

func fmtInterval(iv stats.Interval) string {
	f := func(x float64) string {
		if math.IsInf(x, 1) {
			return "inf"
		}
		return strconv.FormatFloat(x, 'f', 3, 64)
	}
	return "[" + f(iv.Lower) + ", " + f(iv.Upper) + "]"
}

// withApprox writes a count with the part of it located only
// approximately: "470 (300 ~)".
func withApprox(n, approx int) string {
	if approx == 0 {
		return strconv.Itoa(n)
	}
	return fmt.Sprintf("%d (%d ~)", n, approx)
}
