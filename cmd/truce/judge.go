package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/app"
	"github.com/truce-monitor/truce/assess"
)

// JudgeStore is a store that also keeps judgements; both stores are.
type JudgeStore interface {
	Store
	truce.JudgementService
}

// activeVersion returns the agreement a command works on (the named one, or
// the active one) and its stored version.
func activeVersion(ctx context.Context, db Store, id string) (*truce.Agreement, int, error) {
	return assess.ActiveVersion(ctx, db, id)
}

// openStoreAs opens the store --db names as a T, the capabilities a command
// needs, or says which the store lacks (what: "keep judgements").
func openStoreAs[T Store](ctx context.Context, m *Main, what string) (T, error) {
	var zero T
	db, err := m.openDB(ctx)
	if err != nil {
		return zero, err
	}
	s, ok := db.(T)
	if !ok {
		db.Close()
		return zero, truce.Errorf(truce.EINVALID, "this store cannot %s yet", what)
	}
	return s, nil
}

func (m *Main) openJudgeStore(ctx context.Context) (JudgeStore, error) {
	return openStoreAs[JudgeStore](ctx, m, "keep judgements")
}

// judgeAll judges every incident against a at version and logs the run,
// in one transaction (app.Service.Adjudicate). Memberships placed before
// they carried shares, or placed only while another agreement was active
// (imports place incidents in the active agreement's zones), are placed
// again first, in the same transaction.
func (m *Main) judgeAll(ctx context.Context, db JudgeStore, a *truce.Agreement, version int, active bool) (truce.JudgeStats, error) {
	svc, err := appFor(db)
	if err != nil {
		return truce.JudgeStats{}, err
	}
	stale, err := db.PlacementStale(ctx, a.ID)
	if err != nil {
		return truce.JudgeStats{}, err
	}
	run, placed, err := svc.Adjudicate(ctx, app.CLI, a, version, stale || !active)
	if err != nil {
		return truce.JudgeStats{}, err
	}
	if stale || !active {
		m.printPlaced(a.ID, placed)
	}
	return run.Stats, nil
}

func (m *Main) runAdjudicate(ctx context.Context, args []string) error {
	fs := m.newFlags("adjudicate", "adjudicate [--db PATH] [--agreement ID]\n\nJudges every stored incident against every loaded agreement (or --agreement) and stores the\nverdicts under each agreement's current version, replacing that version's earlier verdicts and\nkeeping those of older versions. Each verdict is a probability of violation with its range and\ntier. Run it again after imports; it is idempotent.")
	agreementID := fs.String("agreement", "", "only this agreement (default: every loaded agreement, the active one first)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	db, err := m.openJudgeStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	list, err := db.Agreements(ctx)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		return truce.Errorf(truce.ENOTFOUND, "no agreement is loaded: run `truce agreement load FILE`")
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].Active && !list[j].Active })
	done := 0
	for _, info := range list {
		if *agreementID != "" && info.ID != *agreementID {
			continue
		}
		a, err := db.FindAgreement(ctx, info.ID)
		if err != nil {
			return err
		}
		if done > 0 {
			fmt.Fprintln(m.Stdout)
		}
		if err := m.adjudicateOne(ctx, db, a, info.Version, info.Active); err != nil {
			return err
		}
		done++
	}
	if done == 0 {
		return truce.Errorf(truce.ENOTFOUND, "no agreement %q is loaded", *agreementID)
	}
	return nil
}

// tierColumns are the verdicts adjudicate's table counts, worst first.
var tierColumns = []truce.Verdict{truce.Violation, truce.ProbableViolation, truce.PossibleViolation, truce.ProbablyNot, truce.NotViolation, truce.Undetermined}

func (m *Main) adjudicateOne(ctx context.Context, db JudgeStore, a *truce.Agreement, version int, active bool) error {
	st, err := m.judgeAll(ctx, db, a, version, active)
	if err != nil {
		return err
	}
	days, err := db.ZoneDays(ctx, truce.ZoneDayFilter{AgreementID: a.ID, Version: version})
	if err != nil && truce.ErrorCode(err) != truce.ENOTFOUND {
		return err
	}
	expected := 0.0
	for _, d := range days {
		expected += d.P.Mid
	}
	fmt.Fprintf(m.Stdout, "judged %d incidents against %s (version %d): %d violations, %d probable, %d possible, %d probably not, %d not violations, %d undetermined; %.1f violations expected in the zones\n",
		st.Judged, a.ID, version, st.ByVerdict[truce.Violation], st.ByVerdict[truce.ProbableViolation], st.ByVerdict[truce.PossibleViolation],
		st.ByVerdict[truce.ProbablyNot], st.ByVerdict[truce.NotViolation], st.ByVerdict[truce.Undetermined], expected)
	type tally struct {
		by       map[truce.Verdict]int
		expected float64
		deaths   float64
	}
	byZone := map[string]*tally{}
	for _, d := range days {
		t := byZone[d.ZoneID]
		if t == nil {
			t = &tally{by: map[truce.Verdict]int{}}
			byZone[d.ZoneID] = t
		}
		t.by[d.Verdict] += d.Incidents
		t.expected += d.P.Mid
		t.deaths += d.ExpectedDeaths()
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ZONE\tVIOLATIONS\tPROBABLE\tPOSSIBLE\tPROBABLY NOT\tNOT\tUNDETERMINED\tEXPECTED VIOLATIONS\tEXPECTED DEATHS IN THEM")
	for _, z := range a.Zones {
		t := byZone[z.ID]
		if t == nil {
			t = &tally{by: map[truce.Verdict]int{}}
		}
		fmt.Fprintf(tw, "%s", z.ID)
		for _, v := range tierColumns {
			fmt.Fprintf(tw, "\t%d", t.by[v])
		}
		fmt.Fprintf(tw, "\t%.1f\t%.0f\n", t.expected, t.deaths)
	}
	return tw.Flush()
}

func (m *Main) runWhy(ctx context.Context, args []string) error {
	fs := m.newFlags("why", "why [--db PATH] [--agreement ID] INCIDENT\n\nShows why an incident was judged as it was: the rule trace of its latest verdict, and its\nverdicts under earlier versions of the agreement. INCIDENT is Truce's id (the number in\nJSON and CSV exports) or SOURCE:KEY as in the table output, e.g. ucdp:261812.")
	agreementID := fs.String("agreement", "", "agreement ID (default: the active agreement)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("why takes one INCIDENT")
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
	id, err := m.resolveIncident(ctx, db, pos[0])
	if err != nil {
		return err
	}
	inc, err := db.FindIncident(ctx, id, a.ID)
	if err != nil {
		return err
	}
	hist, err := db.JudgementHistory(ctx, id, a.ID)
	if err != nil {
		return err
	}
	l := inc.Location
	typ := inc.EventType
	if inc.SubEventType != "" {
		typ += " / " + inc.SubEventType
	}
	fmt.Fprintf(m.Stdout, "Incident %d (%s:%s), %s", inc.ID, inc.Source, inc.SourceKey, inc.DateStart.Format(truce.DateLayout))
	if !inc.DateEnd.Equal(inc.DateStart) {
		fmt.Fprintf(m.Stdout, " to %s", inc.DateEnd.Format(truce.DateLayout))
	}
	fmt.Fprintf(m.Stdout, ", %s", orDash(l.Place))
	if l.HasPoint {
		fmt.Fprintf(m.Stdout, " (%.4f, %.4f; precision %d)", l.Lat, l.Lon, l.Precision)
	}
	fmt.Fprintf(m.Stdout, "\n  %s: %s vs %s, deaths %d (low %d, high %d, civilians %d)\n", typ, orDash(inc.SideA), orDash(inc.SideB),
		inc.Fatalities.Best, inc.Fatalities.Low, inc.Fatalities.High, inc.Fatalities.Civilians)
	if inc.TypeReason != "" {
		fmt.Fprintf(m.Stdout, "  type: %s\n", inc.TypeReason)
	}
	if inc.Sources != "" {
		fmt.Fprintf(m.Stdout, "  sources: %s\n", clip(inc.Sources, 120))
	}
	if !inc.Withdrawn.IsZero() {
		fmt.Fprintf(m.Stdout, "  WITHDRAWN by its source on %s\n", inc.Withdrawn.Format(truce.DateLayout))
	}
	latest := hist[0]
	fmt.Fprintf(m.Stdout, "\nVerdict under %s version %d: %s, P(violation) %s", a.ID, latest.AgreementVersion,
		strings.ToUpper(strings.ReplaceAll(string(latest.Verdict), "_", " ")), latest.P.Decimals())
	switch {
	case latest.Severity == "":
	case latest.Verdict != truce.Violation:
		fmt.Fprintf(m.Stdout, ", severity %s if it is a violation", latest.Severity)
	default:
		fmt.Fprintf(m.Stdout, ", severity %s", latest.Severity)
	}
	if latest.AllegedParty != "" {
		fmt.Fprintf(m.Stdout, ", alleged party %s", latest.AllegedParty)
	}
	fmt.Fprintln(m.Stdout)
	for i, s := range latest.Trace {
		clause := ""
		if s.Clause != "" {
			clause = " [" + s.Clause + "]"
		}
		fmt.Fprintf(m.Stdout, "  %d. %-15s %-8s %s%s\n", i+1, s.Rule, s.Outcome, s.Detail, clause)
	}
	printPresenceSources(m.Stdout, a, latest)
	if len(hist) > 1 {
		fmt.Fprintln(m.Stdout, "\nEarlier versions:")
		for _, h := range hist[1:] {
			fmt.Fprintf(m.Stdout, "  version %d: %s, P(violation) %s %s\n", h.AgreementVersion, h.Verdict, h.P.Decimals(), h.Severity)
		}
	}
	if cs, ok := db.(truce.CorroborationService); ok {
		return m.printCorroboration(ctx, cs, id)
	}
	return nil
}

// resolveIncident accepts Truce's numeric id or SOURCE:KEY.
func (m *Main) resolveIncident(ctx context.Context, db Store, s string) (int64, error) {
	if id, err := strconv.ParseInt(s, 10, 64); err == nil {
		return id, nil
	}
	source, key, ok := strings.Cut(s, ":")
	if !ok || source == "" || key == "" {
		return 0, usagef("incident %q: want a number or SOURCE:KEY such as ucdp:261812", s)
	}
	var ids []int64
	err := db.Incidents(ctx, truce.IncidentFilter{Source: source, SourceKey: key, WithWithdrawn: true}, func(inc *truce.Incident) error {
		ids = append(ids, inc.ID)
		return nil
	})
	if err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		return 0, truce.Errorf(truce.ENOTFOUND, "no incident %s", s)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids[0], nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// printPresenceSources prints where the presence figures a verdict weighed
// come from: traces cite the entry ("presence:ZONE:FROM"), the agreement
// keeps the citations.
func printPresenceSources(w io.Writer, a *truce.Agreement, j truce.Judgement) {
	for _, s := range j.Trace {
		zone, from, ok := truce.ParsePresenceClause(s.Clause)
		if !ok {
			continue
		}
		p, ok := a.PresenceEntry(zone, from)
		if !ok {
			fmt.Fprintf(w, "\nPresence in zone %s from %s: not in the agreement's latest version (version %d judged it).\n", zone, from.Format(truce.DateLayout), j.AgreementVersion)
			return
		}
		fmt.Fprintf(w, "\nPresence in zone %s, %s to %s (%s), from the agreement's presence data:\n", zone, from.Format(truce.DateLayout), p.To.Format(truce.DateLayout), p.Measure)
		for _, g := range p.Groups {
			role := "not excluded"
			if g.Excluded {
				role = "excluded"
			}
			lo := strconv.FormatFloat(g.Low, 'f', -1, 64)
			if g.High != g.Low {
				lo += "–" + strconv.FormatFloat(g.High, 'f', -1, 64)
			}
			fmt.Fprintf(w, "  %s (%s): %s. Source: %s\n", g.Name, role, lo, g.Source)
		}
		return
	}
}
