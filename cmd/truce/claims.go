package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/app"
	"github.com/truce-monitor/truce/claim"
	"github.com/truce-monitor/truce/news"
)

// ClaimStore is a store that keeps judgements and claims.
type ClaimStore interface {
	JudgeStore
	truce.ClaimService
}

func (m *Main) openClaimStore(ctx context.Context) (ClaimStore, error) {
	return openStoreAs[ClaimStore](ctx, m, "keep claims")
}

func (m *Main) runClaims(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usagef("claims needs a subcommand: check, list, show ID")
	}
	switch args[0] {
	case "check":
		return m.runClaimsCheck(ctx, args[1:])
	case "list":
		return m.runClaimsList(ctx, args[1:])
	case "show":
		return m.runClaimsShow(ctx, args[1:])
	}
	return usagef("claims: unknown subcommand %q: want check, list or show ID", args[0])
}

func (m *Main) runClaimsCheck(ctx context.Context, args []string) error {
	fs := m.newFlags("claims check", "claims check [--db PATH] --text T --date YYYY-MM-DD --speaker S [--source REF] [--assertion A] [--zones a,b] [--accused ACTOR] [--format table|json]\n\nReads a statement about the ceasefire (scope: all zones or named ones; assertion: holding, not-holding,\ndecline, increase, violations-not-serious, no-violations or an accusation), checks it against the verdicts\nof the last `truce adjudicate` around its date, prints the verdict (supported, contradicted, mixed\nor insufficient-evidence) with the numbers and incidents behind it, and stores the claim.\n--assertion, --zones and --accused override what is read from the words. Words the claim grammar\ncannot read are read as `truce import news` reads a statement, in any of its languages.")
	text := fs.String("text", "", "the claim's words (required)")
	date := fs.String("date", "", "the day the claim was made, YYYY-MM-DD (required)")
	speaker := fs.String("speaker", "", "who made the claim (required)")
	source := fs.String("source", "", "where it was published: a URL or a reference")
	assertion := fs.String("assertion", "", "what it asserts, overriding the words: "+strings.Join(truce.Assertions, ", "))
	zones := fs.String("zones", "", "zone IDs it is about, comma-separated, or all, overriding the words")
	accused := fs.String("accused", "", "for an accusation: the accused actor (ID, name or alias in the agreement), or unknown when the words name no attacker")
	agreementID := fs.String("agreement", "", "agreement ID (default: the active agreement)")
	format := fs.String("format", "table", "table or json")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 0:
		return usagef("claims check takes no arguments (got %q): quote the claim in --text", pos[0])
	case strings.TrimSpace(*text) == "":
		return usagef("claims check needs --text, the claim's words")
	case *date == "":
		return usagef("claims check needs --date YYYY-MM-DD, the day the claim was made")
	case strings.TrimSpace(*speaker) == "":
		return usagef("claims check needs --speaker, who made the claim")
	case *format != "table" && *format != "json":
		return usagef("--format must be table or json, not %q", *format)
	case *assertion != "" && !slices.Contains(truce.Assertions, *assertion):
		return usagef("--assertion %q: want one of %s", *assertion, strings.Join(truce.Assertions, ", "))
	case *accused != "" && *assertion != "" && *assertion != truce.AssertAccusation:
		return usagef("--accused goes with --assertion accusation, not %s", *assertion)
	}
	day, err := parseDateFlag("date", *date)
	if err != nil {
		return err
	}
	db, err := m.openClaimStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	a, version, err := activeVersion(ctx, db, *agreementID)
	if err != nil {
		return err
	}
	c := truce.Claim{Speaker: strings.TrimSpace(*speaker), Text: strings.TrimSpace(*text), Source: *source, Date: day}
	if err := readClaim(&c, a, *assertion, *zones, *accused); err != nil {
		return err
	}
	svc, err := appFor(db)
	if err != nil {
		return err
	}
	judged, err := svc.CheckClaim(ctx, app.CLI, a, version, &c)
	if err != nil {
		return err
	}
	m.noteJudged(a, judged, version)
	if *format == "json" {
		return writeJSON(m.Stdout, claimJSON(&c))
	}
	printClaim(m.Stdout, &c)
	fmt.Fprintf(m.Stdout, "\nStored as claim %d (`truce claims show %d`).\n", c.ID, c.ID)
	return nil
}

// noteJudged says when a check read verdicts of an older version.
func (m *Main) noteJudged(a *truce.Agreement, judged, version int) {
	if judged != version {
		fmt.Fprintf(m.Stderr, "truce: note: the verdicts are of %s version %d, the agreement is at version %d: run `truce adjudicate` to check against the current version\n", a.ID, judged, version)
	}
}

// readClaim fills c's scope and assertion from its words, with the flags
// overriding them.
func readClaim(c *truce.Claim, a *truce.Agreement, assertion, zones, accused string) error {
	err := news.ReadClaim(c, a, claim.ClaimOverrides{Assertion: assertion, Zones: zones, Accused: accused}, "--")
	var oe *claim.OverrideError
	if errors.As(err, &oe) {
		return usagef("%s", oe.Msg)
	}
	return err
}

func scopeText(s truce.ClaimScope) string {
	text := strings.Join(s.Zones, ", ")
	if s.All {
		text = "all zones"
	}
	if len(s.Areas) > 0 {
		if text == "" {
			text = "no zone"
		}
		text = strings.Join(s.Areas, ", ") + " (" + text + ")"
	}
	return text
}

// printClaim writes a claim and its check for a reader.
func printClaim(w io.Writer, c *truce.Claim) {
	fmt.Fprintf(w, "Claim %d: %q\n", c.ID, c.Text)
	fmt.Fprintf(w, "  by %s on %s; source: %s\n", c.Speaker, c.Date.Format(truce.DateLayout), orDash(c.Source))
	read := fmt.Sprintf("%s, in %s", c.Assertion, scopeText(c.Scope))
	if c.Accused != "" {
		read += ", accused: " + c.Accused
	}
	fmt.Fprintf(w, "  read as: %s\n", read)
	for _, n := range c.Notes {
		fmt.Fprintf(w, "  note: %s\n", n)
	}
	chk := c.Check
	if chk == nil {
		fmt.Fprintln(w, "\nNot checked.")
		return
	}
	prob := ""
	if note := claim.ProbabilityNote(c.Assertion, chk); note != "" {
		prob = " (" + note + ")"
	}
	fmt.Fprintf(w, "\nVerdict: %s%s: %s\n", strings.ToUpper(string(chk.Verdict)), prob, chk.Reason)
	fmt.Fprintf(w, "Evidence: verdicts of %s version %d, incidents from %s to %s\n", chk.AgreementID, chk.AgreementVersion,
		chk.WindowFrom.Format(truce.DateLayout), chk.WindowTo.Format(truce.DateLayout))
	if chk.Frame != "" {
		fmt.Fprintf(w, "Time frame: %s\n", chk.Frame)
	}
	if len(chk.PerZone) == 0 {
		return // no zone weighed: the reason says why
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	trend := c.Assertion == truce.AssertDecline || c.Assertion == truce.AssertIncrease
	if trend {
		fmt.Fprintln(tw, "ZONE\tVERDICT\tP(TRUE)\tFROM\tDAYS BEFORE/AFTER\tBEFORE\tAFTER\tRATE RATIO\t95% INTERVAL\tTREND")
		for _, ze := range chk.PerZone {
			if ze.DaysBefore == 0 {
				fmt.Fprintf(tw, "%s\t%s\t-\t%s\t-\t-\t-\t-\t-\t-\n", ze.ZoneID, ze.Verdict, ze.Break.Format(truce.DateLayout))
				continue
			}
			upper := "inf"
			if ze.IntervalUpper > 0 {
				upper = strconv.FormatFloat(ze.IntervalUpper, 'f', 2, 64)
			}
			fmt.Fprintf(tw, "%s\t%s\t%.0f%%\t%s\t%d/%d\t%g\t%g\t%.2f\t%.2f-%s\t%s\n", ze.ZoneID, ze.Verdict, ze.Probability*100, ze.Break.Format(truce.DateLayout),
				ze.DaysBefore, ze.DaysAfter, ze.TotalBefore, ze.TotalAfter, ze.RateRatio, ze.IntervalLower, upper, ze.Trend)
		}
	} else {
		fmt.Fprintln(tw, "ZONE\tVERDICT\tP(TRUE)\tSTATUS\tRANGE\tEXPECTED VIOLATIONS (90%)\tCERTAIN\tEVENTS\tDEATHS\tREPORTS 30D\tATTRIBUTED")
		for _, ze := range chk.PerZone {
			status, rng := orDash(string(ze.Status)), "-"
			if truce.StatusRank(ze.Status) > 0 {
				status = fmt.Sprintf("%s %.0f%%", ze.Status, ze.StatusProbability*100)
				rng = string(ze.StatusBest)
				if ze.StatusWorst != ze.StatusBest {
					rng += "-" + string(ze.StatusWorst)
				}
			}
			p := "-"
			if ze.Probability > 0 || ze.Verdict == truce.ClaimContradicted {
				p = fmt.Sprintf("%.0f%%", ze.Probability*100)
			}
			verdict := string(ze.Verdict)
			if c.Assertion == truce.AssertCount && chk.Verdict != truce.ClaimInsufficient {
				// A count is weighed on its zones' sum: a zone has no
				// verdict of its own to set against the claim's.
				verdict = "counted"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%.1f (%d-%d)\t%d\t%d\t%d\t%d\t%d\n", ze.ZoneID, verdict, p, status, rng, ze.Expected,
				ze.ExpectedLow, ze.ExpectedHigh, ze.Violations.Violations, ze.Events, ze.Deaths, ze.Reports, ze.Attributed)
		}
	}
	tw.Flush()
	fmt.Fprintln(w, "\nWhy, per zone:")
	listed := false
	for _, ze := range chk.PerZone {
		fmt.Fprintf(w, "  %s: %s\n", ze.ZoneID, ze.Reason)
		if len(ze.Incidents) > 0 {
			listed = true
			what := "incidents behind it"
			if trend {
				what = "deadliest incidents inside the zone after the break"
				if len(c.Scope.Areas) > 0 {
					what = "deadliest incidents in the area after the break"
				}
			}
			fmt.Fprintf(w, "    %s: %s\n", what, strings.Join(ze.Incidents, " "))
		}
	}
	if listed {
		fmt.Fprintln(w, "Each incident's verdict and rule trace: `truce why SOURCE:KEY`.")
	}
}

// claimOut is the JSON shape of a claim.
type claimOut struct {
	ID        int64             `json:"id"`
	Speaker   string            `json:"speaker"`
	Text      string            `json:"text"`
	Source    string            `json:"source"`
	Date      string            `json:"date"`
	Scope     truce.ClaimScope  `json:"scope"`
	Assertion string            `json:"assertion"`
	Accused   string            `json:"accused,omitempty"`
	Notes     []string          `json:"notes"`
	Check     *truce.ClaimCheck `json:"check"`
}

func claimJSON(c *truce.Claim) claimOut {
	notes := c.Notes
	if notes == nil {
		notes = []string{}
	}
	return claimOut{ID: c.ID, Speaker: c.Speaker, Text: c.Text, Source: c.Source, Date: c.Date.Format(truce.DateLayout),
		Scope: c.Scope, Assertion: c.Assertion, Accused: c.Accused, Notes: notes, Check: c.Check}
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func (m *Main) runClaimsList(ctx context.Context, args []string) error {
	fs := m.newFlags("claims list", "claims list [--db PATH] [--speaker S] [--format table|json]\n\nLists the stored claims, newest claim date first, with their verdicts.")
	format := fs.String("format", "table", "table or json")
	speaker := fs.String("speaker", "", "only claims whose speaker contains this, ignoring case (\"Lavrov\")")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("claims list takes no arguments (got %q)", pos[0])
	}
	if *format != "table" && *format != "json" {
		return usagef("--format must be table or json, not %q", *format)
	}
	db, err := m.openClaimStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	list, err := db.Claims(ctx)
	if err != nil {
		return err
	}
	if want := strings.ToLower(strings.TrimSpace(*speaker)); want != "" {
		list = slices.DeleteFunc(list, func(c *truce.Claim) bool { return !strings.Contains(strings.ToLower(c.Speaker), want) })
	}
	if *format == "json" {
		out := make([]claimOut, 0, len(list))
		for _, c := range list {
			out = append(out, claimJSON(c))
		}
		return writeJSON(m.Stdout, out)
	}
	if len(list) == 0 {
		fmt.Fprintln(m.Stdout, "no claims stored: check one with `truce claims check --text T --date D --speaker S`")
		return nil
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDATE\tSPEAKER\tASSERTION\tSCOPE\tVERDICT\tTEXT")
	for _, c := range list {
		verdict := "-"
		if c.Check != nil {
			verdict = string(c.Check.Verdict)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", c.ID, c.Date.Format(truce.DateLayout), clip(c.Speaker, 24), c.Assertion,
			clip(scopeText(c.Scope), 30), verdict, clip(c.Text, 60))
	}
	return tw.Flush()
}

func (m *Main) runClaimsShow(ctx context.Context, args []string) error {
	fs := m.newFlags("claims show", "claims show [--db PATH] [--format table|json] ID\n\nShows a stored claim with the check made when it was stored.")
	format := fs.String("format", "table", "table or json")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("claims show takes one claim ID")
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil || id < 1 {
		return usagef("claims show: ID %q: want a claim number, as `truce claims list` shows", pos[0])
	}
	if *format != "table" && *format != "json" {
		return usagef("--format must be table or json, not %q", *format)
	}
	db, err := m.openClaimStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	c, err := db.FindClaim(ctx, id)
	if err != nil {
		return err
	}
	if *format == "json" {
		return writeJSON(m.Stdout, claimJSON(c))
	}
	printClaim(m.Stdout, c)
	if c.Check != nil && !c.Check.CheckedAt.IsZero() {
		fmt.Fprintf(m.Stdout, "Checked at %s.\n", c.Check.CheckedAt.Format(time.RFC3339))
	}
	return nil
}
