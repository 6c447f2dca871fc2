package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/assess"
	"github.com/truce-monitor/truce/export"
)

func (m *Main) runZones(ctx context.Context, args []string) error {
	fs := m.newFlags("zones", "zones [--db PATH] [--agreement ID] [--format table|json]\n\nLists the zones of the active agreement with the incidents placed in each.")
	agreementID := fs.String("agreement", "", "agreement ID (default: the active agreement)")
	format := fs.String("format", "table", "table or json")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *format != "table" && *format != "json" {
		return usagef("--format must be table or json, not %q", *format)
	}
	db, err := m.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	a, err := assess.ChooseAgreement(ctx, db, *agreementID)
	if err != nil {
		return err
	}
	counts, err := db.ZoneCounts(ctx, a.ID)
	if err != nil {
		return err
	}
	type row struct {
		ID            string  `json:"id"`
		Name          string  `json:"name"`
		EffectiveFrom string  `json:"effective_from"`
		EffectiveTo   string  `json:"effective_to,omitempty"`
		BufferKm      float64 `json:"buffer_km"`
		Inside        int     `json:"inside"`
		Buffer        int     `json:"buffer"`
		Uncertain     int     `json:"uncertain"`
		DeathsInside  int     `json:"deaths_inside"`
		Approximate   bool    `json:"approximate"`
		Ended         string  `json:"ended,omitempty"`
	}
	rows := make([]row, 0, len(a.Zones))
	for _, z := range a.Zones {
		// The zone's own period within the agreement's: a zone that ended
		// (retaken, surrendered) shows its last day in force.
		from, to := a.ZonePeriod(z)
		r := row{ID: z.ID, Name: z.Name, EffectiveFrom: from.Format(truce.DateLayout), BufferKm: z.BufferKm, Approximate: z.Approximate}
		if !to.IsZero() {
			r.EffectiveTo = to.Format(truce.DateLayout)
		}
		if z.Ended != nil {
			r.Ended = z.Ended.How
		}
		for _, c := range counts {
			if c.ZoneID != z.ID {
				continue
			}
			switch c.Placement {
			case truce.Inside:
				r.Inside, r.DeathsInside = c.Incidents, c.Fatalities
			case truce.InBuffer:
				r.Buffer = c.Incidents
			case truce.Uncertain:
				r.Uncertain = c.Incidents
			}
		}
		rows = append(rows, r)
	}
	if *format == "json" {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"agreement": a.ID, "zones": rows})
	}
	fmt.Fprintf(m.Stdout, "Zones of %s (%s):\n", a.ID, a.Title)
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tFROM\tTO\tBUFFER KM\tINSIDE\tIN BUFFER\tUNCERTAIN\tDEATHS INSIDE\tNAME")
	for _, r := range rows {
		to := r.EffectiveTo
		if to == "" {
			to = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%g\t%d\t%d\t%d\t%d\t%s\n", r.ID, r.EffectiveFrom, to, r.BufferKm, r.Inside, r.Buffer, r.Uncertain, r.DeathsInside, r.Name)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, "INSIDE: located, with its precision, wholly inside the zone. UNCERTAIN: the location's precision area overlaps the zone; not counted as inside.")
	return nil
}

// resolveType maps --type to an ACLED event type or sub-event type.
func resolveType(s string) (eventType, subEventType string, err error) {
	eventType, subEventType, err = export.ResolveType(s)
	if err != nil {
		return "", "", usagef("unknown --type %s", strings.TrimPrefix(truce.ErrorMessage(err), "unknown type "))
	}
	return eventType, subEventType, nil
}

func (m *Main) runIncidents(ctx context.Context, args []string) error {
	fs := m.newFlags("incidents", "incidents [--db PATH] [filters] [--verdict V,…] [--corroborated-by N] [--format table|csv|json|geojson]\n\nLists incidents with their verdict under the active agreement (or --agreement): the tier, the\nprobability of violation with its range, and the severity, when `truce adjudicate` has judged them.")
	zone := fs.String("zone", "", "only incidents placed in this zone (see 'truce zones')")
	placement := fs.String("placement", "inside,buffer", "with --zone: which placements count (inside, buffer, uncertain)")
	from := fs.String("from", "", "first day, YYYY-MM-DD")
	to := fs.String("to", "", "last day, YYYY-MM-DD")
	typ := fs.String("type", "", "ACLED event or sub-event type, or a short name such as airstrike, shelling, clash")
	source := fs.String("source", "", "only incidents from this source (ucdp, acled, geojson, csv, sim)")
	agreementID := fs.String("agreement", "", "agreement whose zones --zone refers to (default: the active one)")
	limit := fs.Int("limit", 0, "at most this many incidents (0: all)")
	corroboratedBy := fs.Int("corroborated-by", 0, "only incidents confirmed by at least this many independent sources (see 'truce corroborate')")
	format := fs.String("format", "table", "table, csv, json or geojson")
	verdict := fs.String("verdict", "", "only incidents with these verdicts, comma-separated: violation, probable, possible, probably_not, not_violation, undetermined")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	var verdicts map[truce.Verdict]bool
	if *verdict != "" {
		var err error
		if verdicts, err = assess.Verdicts(*verdict); err != nil {
			return usagef("--%s", truce.ErrorMessage(err))
		}
	}
	var f truce.IncidentFilter
	var err error
	if f.From, err = parseDateFlag("from", *from); err != nil {
		return err
	}
	if f.To, err = parseDateFlag("to", *to); err != nil {
		return err
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		return usagef("--to %s is before --from %s", *to, *from)
	}
	if f.EventType, f.SubEventType, err = resolveType(*typ); err != nil {
		return err
	}
	if *limit < 0 {
		return usagef("--limit must not be negative")
	}
	if *corroboratedBy < 0 {
		return usagef("--corroborated-by must not be negative")
	}
	f.Source, f.Limit, f.Zone, f.MinSources = *source, *limit, *zone, *corroboratedBy
	if f.Zone != "" {
		if f.Placements, err = parsePlacements(*placement); err != nil {
			return err
		}
	}
	w, err := newIncidentWriter(*format, m.Stdout)
	if err != nil {
		return err
	}
	db, err := m.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if cs, ok := db.(truce.CorroborationService); ok && f.MinSources > 1 {
		if _, err := cs.LastCorroboration(ctx); err != nil {
			return err // ENOTFOUND says to run 'truce corroborate' first
		}
	}
	a, version, err := assess.ActiveVersion(ctx, db, *agreementID)
	if truce.ErrorCode(err) == truce.ENOTFOUND && *agreementID == "" && f.Zone == "" && verdicts == nil {
		a, err = nil, nil // listing without zones or verdicts needs no agreement
	}
	if err != nil {
		return err
	}
	if a != nil {
		f.AgreementID = a.ID
		if f.Zone != "" && !hasZone(a, f.Zone) {
			ids := make([]string, len(a.Zones))
			for i, z := range a.Zones {
				ids[i] = z.ID
			}
			return truce.Errorf(truce.ENOTFOUND, "agreement %s has no zone %q; its zones: %s", a.ID, f.Zone, strings.Join(ids, ", "))
		}
	}
	js, judged := db.(assess.JudgedReader)
	switch {
	case a == nil || !judged:
		if verdicts != nil {
			return truce.Errorf(truce.EINVALID, "--verdict needs a store that keeps verdicts")
		}
		err = db.Incidents(ctx, f, func(inc *truce.Incident) error { return w.write(inc, nil) })
	case verdicts != nil:
		err = assess.ScanJudged(ctx, js, f, version, func(j *truce.Judgement) bool { return j != nil && verdicts[j.Verdict] }, w.write)
	default:
		err = assess.ScanJudged(ctx, js, f, version, nil, w.write)
	}
	if err != nil {
		return err
	}
	return w.close()
}

func hasZone(a *truce.Agreement, id string) bool {
	for _, z := range a.Zones {
		if z.ID == id {
			return true
		}
	}
	return false
}

// parseDateFlag reads the date flag --name, "" for none: every command's
// dates go through it. A well-formed date that does not exist (2018-02-30)
// is told apart from a malformed one, since "want YYYY-MM-DD" for a date
// written as YYYY-MM-DD sends the user looking for the wrong mistake.
func parseDateFlag(name, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := truce.ParseDate(s)
	if err == nil {
		return t, nil
	}
	y, mo, d, ok := dateFields(s)
	switch {
	case !ok:
		return time.Time{}, usagef("--%s %q: want a date as YYYY-MM-DD, e.g. 2018-02-28", name, s)
	case mo < 1 || mo > 12:
		return time.Time{}, usagef("--%s %s: no such month (months run from 01 to 12)", name, s)
	case d < 1:
		return time.Time{}, usagef("--%s %s: no such day (days start at 01)", name, s)
	default:
		// Day 0 of the next month is the last day of this one.
		last := time.Date(y, time.Month(mo)+1, 0, 0, 0, 0, 0, time.UTC).Day()
		return time.Time{}, usagef("--%s %s: no such day (%s %d has %d days)", name, s, time.Month(mo), y, last)
	}
}

// dateFields splits s shaped as YYYY-MM-DD (digits only) into its numbers.
func dateFields(s string) (y, mo, d int, ok bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, 0, 0, false
	}
	num := func(p string) (int, bool) {
		n := 0
		for _, c := range p {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	var oky, okm, okd bool
	y, oky = num(s[:4])
	mo, okm = num(s[5:7])
	d, okd = num(s[8:])
	return y, mo, d, oky && okm && okd
}

// incidentWriter streams incidents, with their judgements when judged, in
// one output format.
type incidentWriter struct {
	write func(*truce.Incident, *truce.Judgement) error
	close func() error
}

func newIncidentWriter(format string, out io.Writer) (*incidentWriter, error) {
	switch format {
	case "table":
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tDATE\tPLACE\tPREC\tTYPE\tSIDE A\tSIDE B\tDEATHS\tVERDICT\tP(VIOLATION)\tSEVERITY\tZONES")
		n := 0
		return &incidentWriter{
			write: func(inc *truce.Incident, j *truce.Judgement) error {
				n++
				typ := inc.SubEventType
				if typ == "" {
					typ = inc.EventType
				}
				verdict, p, sev := "-", "-", "-"
				if j != nil {
					verdict, p, sev = strings.ReplaceAll(string(j.Verdict), "_", " "), j.P.Decimals(), orDash(j.Severity)
				}
				_, err := fmt.Fprintf(tw, "%s:%s\t%s\t%s\t%d\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\n", inc.Source, inc.SourceKey, inc.DateStart.Format(truce.DateLayout),
					clip(inc.Location.Place, 24), inc.Location.Precision, clip(typ, 24), clip(inc.SideA, 20), clip(inc.SideB, 20), inc.Fatalities.Best,
					verdict, p, sev, export.ZonesText(inc))
				return err
			},
			close: func() error {
				if err := tw.Flush(); err != nil {
					return err
				}
				_, err := fmt.Fprintf(out, "%d incidents\n", n)
				return err
			},
		}, nil
	case "csv", "json", "geojson":
		w, err := export.NewWriter(format, out)
		if err != nil {
			return nil, err
		}
		return &incidentWriter{write: w.Write, close: w.Close}, nil
	default:
		return nil, usagef("--format must be table, csv, json or geojson, not %q", format)
	}
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// parsePlacements reads a --placement list such as "inside,buffer".
func parsePlacements(s string) ([]truce.Placement, error) {
	var out []truce.Placement
	for _, p := range strings.Split(s, ",") {
		switch pl := truce.Placement(strings.TrimSpace(p)); pl {
		case truce.Inside, truce.InBuffer, truce.Uncertain:
			out = append(out, pl)
		default:
			return nil, usagef("--placement: unknown placement %q: want inside, buffer or uncertain", p)
		}
	}
	return out, nil
}
