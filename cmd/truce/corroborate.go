package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/app"
	"github.com/truce-monitor/truce/corroborate"
)

// CorroborateStore is a store that keeps corroboration groups; both are.
type CorroborateStore interface {
	Store
	truce.CorroborationService
	FindIncident(ctx context.Context, id int64, agreementID string) (*truce.Incident, error)
}

func (m *Main) openCorroborateStore(ctx context.Context) (CorroborateStore, error) {
	return openStoreAs[CorroborateStore](ctx, m, "keep corroboration groups")
}

// corrWindows are a run's windows, stored with its groups (as JSON) so that
// split and merge re-run with the same ones.
type corrWindows struct {
	Km    float64 `json:"km"`
	Days  int     `json:"days"`
	Type  string  `json:"type"`  // event or any
	Sides string  `json:"sides"` // agree or any
}

func defaultWindows() corrWindows {
	return corrWindows{Km: corroborate.DefaultMaxKm, Days: corroborate.DefaultMaxDays, Type: corroborate.SameEvent, Sides: "agree"}
}

func (w corrWindows) String() string {
	s := fmt.Sprintf("%g km between exact points (+25 km per near location), %d day(s)", w.Km, w.Days)
	if w.Type == corroborate.SameAny {
		s += ", any type"
	} else {
		s += ", same event type"
	}
	if w.Sides == "agree" {
		s += ", sides agree"
	}
	return s
}

func (w corrWindows) options() corroborate.Options {
	o := corroborate.DefaultOptions()
	o.MaxKm, o.MaxDays, o.SameType, o.ActorsMustAgree = w.Km, w.Days, w.Type, w.Sides == "agree"
	return o
}

const corroborateSynopsis = `corroborate [--db PATH] [--km 5] [--days 1] [--type event|any] [--sides agree|any]
       truce corroborate split INCIDENT
       truce corroborate merge INCIDENT INCIDENT

Groups the stored incidents of different sources (UCDP, ACLED, monitors, news) that describe one
event, by closeness in time, space and type, and stores the groups: each with its independent
sources (counted by origin agency: two outlets repeating SANA count once), conflicting
attributions, a confidence level and the reason each incident joined. Incidents are not changed;
each run replaces the previous groups. 'truce why INCIDENT' shows an incident's group;
'truce incidents --corroborated-by 2' lists incidents confirmed by two independent sources.

split takes an incident out of its group and remembers it: later runs do not merge it with those
incidents again. merge joins two incidents' groups whatever the windows say (and undoes a split of
the pair). Both re-run with the last run's windows. INCIDENT is Truce's id or SOURCE:KEY.`

func (m *Main) runCorroborate(ctx context.Context, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "split":
			return m.runCorroborateOverride(ctx, truce.OverrideSplit, args[1:])
		case "merge":
			return m.runCorroborateOverride(ctx, truce.OverrideMerge, args[1:])
		}
	}
	fs := m.newFlags("corroborate", corroborateSynopsis)
	w := defaultWindows()
	fs.Float64Var(&w.Km, "km", w.Km, "spatial window between exact points, km (near locations add 25 km each)")
	fs.IntVar(&w.Days, "days", w.Days, "largest gap in days between two reports' dates (0: same day or overlapping)")
	fs.StringVar(&w.Type, "type", w.Type, "event: event types must match when both are known; any: types are not compared")
	fs.StringVar(&w.Sides, "sides", w.Sides, "agree: the sides must be compatible (disputed attributions allowed); any: not compared")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("corroborate takes no arguments, or split INCIDENT, or merge INCIDENT INCIDENT; not %q", pos[0])
	}
	if !(w.Km > 0) {
		return usagef("--km must be positive")
	}
	if w.Days < 0 {
		return usagef("--days must not be negative")
	}
	if w.Type != corroborate.SameEvent && w.Type != corroborate.SameAny {
		return usagef("--type must be event or any, not %q", w.Type)
	}
	if w.Sides != "agree" && w.Sides != "any" {
		return usagef("--sides must be agree or any, not %q", w.Sides)
	}
	db, err := m.openCorroborateStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	groups, n, err := corroborateStore(ctx, db, w)
	if err != nil {
		return err
	}
	return printCorroborationSummary(m.Stdout, w, n, groups)
}

// corroborateStore clusters the stored incidents with w and the stored
// overrides, and replaces the stored groups with their log entry
// (app.Service.Corroborate). It returns the groups of two or more incidents
// and the number of incidents clustered.
func corroborateStore(ctx context.Context, db CorroborateStore, w corrWindows) ([]truce.CorroborationGroup, int, error) {
	svc, err := appFor(db)
	if err != nil {
		return nil, 0, err
	}
	return svc.Corroborate(ctx, app.CLI, w.options(), w)
}

func printCorroborationSummary(out io.Writer, w corrWindows, n int, groups []truce.CorroborationGroup) error {
	grouped, conflicts := 0, 0
	bySources := map[int][2]int{} // independent sources → groups, incidents
	byConfidence := map[string]int{}
	maxSources := 0
	for _, g := range groups {
		grouped += len(g.Members)
		s := bySources[g.IndependentSources]
		bySources[g.IndependentSources] = [2]int{s[0] + 1, s[1] + len(g.Members)}
		maxSources = max(maxSources, g.IndependentSources)
		byConfidence[g.Confidence]++
		if len(g.Conflicts) > 0 {
			conflicts++
		}
	}
	fmt.Fprintf(out, "corroborated %d incidents (%s): %d groups of two or more hold %d incidents; %d incidents stand alone\n",
		n, w, len(groups), grouped, n-grouped)
	if len(groups) == 0 {
		return nil
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "INDEPENDENT SOURCES\tGROUPS\tINCIDENTS")
	for s := 1; s <= maxSources; s++ {
		if c, ok := bySources[s]; ok {
			fmt.Fprintf(tw, "%d\t%d\t%d\n", s, c[0], c[1])
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(out, "confidence: %d high, %d medium, %d low; %d groups with conflicting attributions\n",
		byConfidence[corroborate.High], byConfidence[corroborate.Medium], byConfidence[corroborate.Low], conflicts)
	fmt.Fprintln(out, "see 'truce incidents --corroborated-by 2' and 'truce why INCIDENT'")
	return nil
}

func (m *Main) runCorroborateOverride(ctx context.Context, kind string, args []string) error {
	name, want := "corroborate split INCIDENT", 1
	if kind == truce.OverrideMerge {
		name, want = "corroborate merge INCIDENT INCIDENT", 2
	}
	fs := m.newFlags(name, corroborateSynopsis)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != want {
		return usagef("%s: want %d INCIDENT argument(s), got %d", name, want, len(pos))
	}
	db, err := m.openCorroborateStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	var incs []*truce.Incident
	for _, p := range pos {
		id, err := m.resolveIncident(ctx, db, p)
		if err != nil {
			return err
		}
		inc, err := db.FindIncident(ctx, id, "")
		if err != nil {
			return err
		}
		incs = append(incs, inc)
	}
	w := defaultWindows()
	if run, err := db.LastCorroboration(ctx); err == nil {
		if err := json.Unmarshal([]byte(run.Options), &w); err != nil {
			return truce.Errorf(truce.EINTERNAL, "stored corroboration windows %q: %v", run.Options, err)
		}
	} else if truce.ErrorCode(err) != truce.ENOTFOUND {
		return err
	}
	key := func(inc *truce.Incident) string { return inc.Source + ":" + inc.SourceKey }
	var os []truce.CorroborationOverride
	if kind == truce.OverrideSplit {
		g, err := db.CorroborationOf(ctx, incs[0].ID)
		if truce.ErrorCode(err) == truce.ENOTFOUND {
			return truce.Errorf(truce.ENOTFOUND, "%s is in no corroboration group: nothing to split", key(incs[0]))
		}
		if err != nil {
			return err
		}
		for _, mb := range g.Members {
			if mb.IncidentID != incs[0].ID {
				os = append(os, truce.CorroborationOverride{Kind: kind, A: key(incs[0]), B: mb.Source + ":" + mb.SourceKey})
			}
		}
	} else {
		if incs[0].ID == incs[1].ID {
			return usagef("corroborate merge: %s twice", key(incs[0]))
		}
		os = append(os, truce.CorroborationOverride{Kind: kind, A: key(incs[0]), B: key(incs[1])})
		// Earlier splits between the two sides would refuse the merge:
		// the analyst's latest decision turns them into merges.
		side := func(inc *truce.Incident) (map[string]bool, error) {
			set := map[string]bool{key(inc): true}
			g, err := db.CorroborationOf(ctx, inc.ID)
			if truce.ErrorCode(err) == truce.ENOTFOUND {
				return set, nil
			}
			if err != nil {
				return nil, err
			}
			for _, mb := range g.Members {
				set[mb.Source+":"+mb.SourceKey] = true
			}
			return set, nil
		}
		sa, err := side(incs[0])
		if err != nil {
			return err
		}
		sb, err := side(incs[1])
		if err != nil {
			return err
		}
		stored, err := db.CorroborationOverrides(ctx)
		if err != nil {
			return err
		}
		for _, o := range stored {
			if o.Kind == truce.OverrideSplit && (sa[o.A] && sb[o.B] || sb[o.A] && sa[o.B]) {
				os = append(os, truce.CorroborationOverride{Kind: kind, A: o.A, B: o.B})
			}
		}
	}
	svc, err := appFor(db)
	if err != nil {
		return err
	}
	if err := svc.Override(ctx, app.CLI, kind, os); err != nil {
		return err
	}
	if kind == truce.OverrideSplit {
		fmt.Fprintf(m.Stdout, "split %s from %d incident(s) of its group; later runs keep them apart\n", key(incs[0]), len(os))
	} else {
		fmt.Fprintf(m.Stdout, "merged %s and %s; later runs keep them together\n", key(incs[0]), key(incs[1]))
	}
	if _, _, err := corroborateStore(ctx, db, w); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "re-ran corroboration (%s)\n", w)
	return m.printCorroboration(ctx, db, incs[0].ID)
}

// printCorroboration writes an incident's corroboration: its group, members
// and the reason each joined; for 'truce why'.
func (m *Main) printCorroboration(ctx context.Context, db truce.CorroborationService, id int64) error {
	out := m.Stdout
	g, err := db.CorroborationOf(ctx, id)
	if truce.ErrorCode(err) == truce.ENOTFOUND {
		run, rerr := db.LastCorroboration(ctx)
		switch {
		case truce.ErrorCode(rerr) == truce.ENOTFOUND:
			return nil // corroboration never ran: nothing to say
		case rerr != nil:
			return rerr
		}
		var w corrWindows
		windows := run.Options
		if json.Unmarshal([]byte(run.Options), &w) == nil {
			windows = w.String()
		}
		fmt.Fprintf(out, "\nCorroboration: uncorroborated, 1 independent source (no other source's incident within %s)\n", windows)
		return nil
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\nCorroboration: group %d of %d incidents, %d independent source(s), confidence %s\n",
		g.ID, len(g.Members), g.IndependentSources, g.Confidence)
	fmt.Fprintf(out, "  sources: %s; datasets: %s\n", strings.Join(g.Sources, ", "), strings.Join(g.Datasets, ", "))
	for _, c := range g.Conflicts {
		fmt.Fprintf(out, "  CONFLICT: %s\n", c)
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	for _, mb := range g.Members {
		mark := " "
		if mb.IncidentID == id {
			mark = "*"
		}
		fmt.Fprintf(tw, "  %s %d\t%s:%s\t%s\n", mark, mb.IncidentID, mb.Source, mb.SourceKey, mb.Reason)
	}
	return tw.Flush()
}
