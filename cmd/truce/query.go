package main

import (
	"bufio"
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
	"unicode/utf8"

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
	fs := m.newFlags("incidents", "incidents [--db PATH] [filters] [--verdict V,…] [--severity S,…] [--corroborated-by N] [--format table|csv|json|geojson]\n\nLists incidents with their verdict under the active agreement (or --agreement): the tier, the\nprobability of violation with its range, and the severity, when `truce adjudicate` has judged them.")
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
	verdict := fs.String("verdict", "", "only incidents with these verdicts, comma-separated: "+strings.Join(verdictNames, ", "))
	severity := fs.String("severity", "", "only incidents judged violations of these severities, comma-separated: minor, serious, grave")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	verdicts, err := parseVerdicts(*verdict)
	if err != nil {
		return err
	}
	severities, err := parseSeverities(*severity)
	if err != nil {
		return err
	}
	var f truce.IncidentFilter
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
	judging := verdicts != nil || severities != nil
	a, version, err := assess.ActiveVersion(ctx, db, *agreementID)
	if truce.ErrorCode(err) == truce.ENOTFOUND && *agreementID == "" && f.Zone == "" && !judging {
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
		if judging {
			return truce.Errorf(truce.EINVALID, "--verdict and --severity need a store that keeps verdicts")
		}
		err = db.Incidents(ctx, f, func(inc *truce.Incident) error { return w.write(inc, nil) })
	case judging:
		// Verdicts are kept apart from incidents, so these filters apply
		// after the store's: its limit would count incidents they drop.
		limit := f.Limit
		f.Limit = 0
		n := 0
		keep := func(j *truce.Judgement) bool {
			return j != nil && (verdicts == nil || verdicts[j.Verdict]) && (severities == nil || severities[j.Severity])
		}
		err = assess.ScanJudged(ctx, js, f, version, keep, func(inc *truce.Incident, j *truce.Judgement) error {
			if limit > 0 && n >= limit {
				return errLimit
			}
			n++
			return w.write(inc, j)
		})
		if err == errLimit {
			err = nil
		}
	default:
		err = assess.ScanJudged(ctx, js, f, version, nil, w.write)
	}
	if err != nil {
		return err
	}
	return w.close()
}

// errLimit stops a scan once --limit incidents are written.
var errLimit = errors.New("limit reached")

// verdictNames are the verdicts as --verdict's help lists them: short, and
// with hyphens as the other flags' values have, in truce.Verdicts' order.
var verdictNames = []string{"violation", "probable", "possible", "probably-not", "not", "undetermined"}

// verdictLabels are the verdicts as the table shows them; --verdict takes
// these too.
var verdictLabels = []string{"violation", "probable", "possible", "probably not", "not violation", "undetermined"}

// verdictLabel returns v's label in verdictLabels.
func verdictLabel(v truce.Verdict) string {
	for i, tv := range truce.Verdicts {
		if tv == v && i < len(verdictLabels) {
			return verdictLabels[i]
		}
	}
	return string(v)
}

// parseVerdicts reads --verdict: names from verdictNames or verdictLabels
// or the verdicts' stored names (probable_violation), comma-separated; nil
// for "".
func parseVerdicts(s string) (map[truce.Verdict]bool, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	out := map[truce.Verdict]bool{}
	for _, part := range strings.Split(s, ",") {
		name := strings.ToLower(strings.TrimSpace(part))
		if name == "" {
			continue
		}
		v, ok := truce.ParseVerdict(strings.NewReplacer("-", "_", " ", "_").Replace(name))
		if !ok {
			return nil, usagef("--verdict %q%s: want one or more of %s, comma-separated", part, suggest(name, verdictNames), strings.Join(verdictNames, ", "))
		}
		out[v] = true
	}
	return out, nil
}

// parseSeverities reads --severity, comma-separated; nil for "".
func parseSeverities(s string) (map[string]bool, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	names := []string{truce.SeverityMinor, truce.SeveritySerious, truce.SeverityGrave}
	out := map[string]bool{}
	for _, part := range strings.Split(s, ",") {
		name := strings.ToLower(strings.TrimSpace(part))
		if name == "" {
			continue
		}
		if !slices.Contains(names, name) {
			return nil, usagef("--severity %q%s: want one or more of %s, comma-separated", part, suggest(name, names), strings.Join(names, ", "))
		}
		out[name] = true
	}
	return out, nil
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
		t := &incidentTable{out: out}
		return &incidentWriter{write: t.write, close: t.close}, nil
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

// tableWidth is the widest an incidents table gets: a terminal of 120
// columns shows a row on one line.
const tableWidth = 120

// incidentTable lays incidents out in columns no wider together than
// tableWidth: the id whole (it is what `truce why` takes), the free-text
// columns narrowed, widest first, and their text clipped with "…". csv
// and json have every field whole, and the probability behind a verdict.
type incidentTable struct {
	out    io.Writer
	rows   [][]string
	marks  []string // each row's zone mark, kept whole when the zone is clipped
	marked bool
}

var tableHeader = []string{"ID", "DATE", "PLACE", "TYPE", "SIDE A", "SIDE B", "DEATHS", "VERDICT", "SEVERITY", "ZONE"}

// tableFlexible marks the columns that may be narrowed, to at least 8.
var tableFlexible = []bool{false, false, true, true, true, true, false, false, false, true}

func (t *incidentTable) write(inc *truce.Incident, j *truce.Judgement) error {
	verdict, sev := "-", "-"
	if j != nil {
		verdict, sev = verdictLabel(j.Verdict), orDash(j.Severity)
	}
	zone, mark := tableZone(inc)
	t.marked = t.marked || mark != ""
	t.rows = append(t.rows, []string{inc.Source + ":" + inc.SourceKey, inc.DateStart.Format(truce.DateLayout),
		orDash(inc.Location.Place), tableType(inc), orDash(tableActor(inc.SideA)), orDash(tableActor(inc.SideB)),
		strconv.Itoa(inc.Fatalities.Best), verdict, sev, zone + mark})
	t.marks = append(t.marks, mark)
	return nil
}

func (t *incidentTable) close() error {
	const gap, minFlex = 2, 8
	widths := make([]int, len(tableHeader))
	for _, row := range append([][]string{tableHeader}, t.rows...) {
		for i, cell := range row {
			widths[i] = max(widths[i], utf8.RuneCountInString(cell))
		}
	}
	total := gap * (len(widths) - 1)
	for _, w := range widths {
		total += w
	}
	for total > tableWidth {
		widest := -1
		for i, w := range widths {
			if tableFlexible[i] && w > minFlex && (widest < 0 || w > widths[widest]) {
				widest = i
			}
		}
		if widest < 0 {
			break // only ids and fixed columns left: wider, but whole
		}
		widths[widest]--
		total--
	}
	bw := bufio.NewWriter(t.out)
	zoneCol := len(tableHeader) - 1
	for r, row := range append([][]string{tableHeader}, t.rows...) {
		var line strings.Builder
		for i, cell := range row {
			if mark := ""; i == zoneCol && r > 0 {
				mark = t.marks[r-1]
				cell = clip(strings.TrimSuffix(cell, mark), widths[i]-len(mark)) + mark
			} else {
				cell = clip(cell, widths[i])
			}
			line.WriteString(cell)
			if i < len(row)-1 {
				line.WriteString(strings.Repeat(" ", widths[i]-utf8.RuneCountInString(cell)+gap))
			}
		}
		bw.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
	if t.marked {
		fmt.Fprintln(bw, "(zone~ in its buffer, zone? placement uncertain, zone+N in N more zones; --format csv lists them all)")
	}
	fmt.Fprintf(bw, "%d incidents\n", len(t.rows))
	return bw.Flush()
}

// tableTypes are short names for the types whose names are long.
var tableTypes = map[string]string{
	"Air/drone strike":                  "air strike",
	"Shelling/artillery/missile attack": "shelling",
	"Remote explosive/landmine/IED":     "IED",
	"Abduction/forced disappearance":    "abduction",
}

func tableType(inc *truce.Incident) string {
	t := inc.SubEventType
	if t == "" {
		t = inc.EventType
	}
	if short, ok := tableTypes[t]; ok {
		return short
	}
	return orDash(t)
}

// tableActor shortens the commonest long prefix of actor names, so
// "Government of Syria" fits whole.
func tableActor(s string) string {
	if rest, ok := strings.CutPrefix(s, "Government of "); ok {
		return "Gov. " + rest
	}
	return s
}

// tableZone returns the first zone an incident is placed in and its mark
// (ASCII, explained by the table's legend): ~ when in its buffer, ? when
// uncertain, +N when in N more zones.
func tableZone(inc *truce.Incident) (zone, mark string) {
	if len(inc.Zones) == 0 {
		return "-", ""
	}
	z := inc.Zones[0]
	switch z.Placement {
	case truce.InBuffer:
		mark = "~"
	case truce.Uncertain:
		mark = "?"
	}
	if len(inc.Zones) > 1 {
		mark += fmt.Sprintf("+%d", len(inc.Zones)-1)
	}
	return z.ZoneID, mark
}

// clip shortens s to n characters, ending it with "…" when cut.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	if n < 1 {
		return ""
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
