package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/truce-monitor/truce"
)

// TestIncidentsFilters runs --verdict and --severity against the judged
// small fixture: 9000001 is a grave violation (air strike on Douma),
// 9000002 a serious one, 9000003 (Raqqa, outside every zone) not one.
func TestIncidentsFilters(t *testing.T) {
	db := newDB(t)
	mustRun(t, db, "agreement", "load", astana)
	mustRun(t, db, "import", "ucdp", "testdata/ucdp_small.csv")
	mustRun(t, db, "adjudicate")
	ids := func(out string) string {
		return strings.Join(regexp.MustCompile(`(?m)^ucdp:(\d+)`).FindAllString(out, -1), " ")
	}
	for _, tc := range []struct {
		args []string
		want string // the incidents listed, in order
	}{
		{[]string{"--verdict", "violation"}, "ucdp:9000001 ucdp:9000002"},
		{[]string{"--verdict", "not"}, "ucdp:9000005 ucdp:9000003 ucdp:9000004"},
		{[]string{"--verdict", "probably-not,not"}, "ucdp:9000005 ucdp:9000003 ucdp:9000004"},
		{[]string{"--verdict", "not violation, Probably_Not"}, "ucdp:9000005 ucdp:9000003 ucdp:9000004"},
		{[]string{"--verdict", "probably-not,undetermined"}, ""},
		{[]string{"--verdict", "not", "--limit", "2"}, "ucdp:9000005 ucdp:9000003"},
		{[]string{"--severity", "grave"}, "ucdp:9000001"},
		{[]string{"--severity", "serious,grave"}, "ucdp:9000001 ucdp:9000002"},
		{[]string{"--severity", "minor"}, ""},
		{[]string{"--verdict", "violation", "--severity", "serious"}, "ucdp:9000002"},
		// The limit counts the incidents the filters keep, not those
		// the store scanned.
		{[]string{"--verdict", "violation", "--limit", "1"}, "ucdp:9000001"},
		{[]string{"--severity", "serious", "--limit", "1"}, "ucdp:9000002"},
	} {
		t.Run(strings.Join(tc.args, "_"), func(t *testing.T) {
			out := mustRun(t, db, append([]string{"incidents"}, tc.args...)...)
			if got := ids(out); got != tc.want {
				t.Fatalf("listed %q, want %q\n%s", got, tc.want, out)
			}
		})
	}
	for _, tc := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"--verdict", "guilty"}, `--verdict "guilty": want one or more of violation, probable, possible, probably-not, not, undetermined`},
		{[]string{"--verdict", "violaton"}, `(did you mean "violation"?)`},
		{[]string{"--severity", "grav"}, `--severity "grav" (did you mean "grave"?)`},
		{[]string{"--severity", "huge"}, "want one or more of minor, serious, grave"},
	} {
		t.Run("Err"+strings.Join(tc.args, "_"), func(t *testing.T) {
			code, _, errs := run(t, db, append([]string{"incidents"}, tc.args...)...)
			if code != exitUsage || !strings.Contains(errs, tc.stderr) {
				t.Fatalf("exit %d, stderr %q; want 2 and %q", code, errs, tc.stderr)
			}
		})
	}
}

// TestIncidentTable checks the table's layout with fields long enough to
// overflow: rows fit tableWidth, ids stay whole, clipped text ends in "…",
// and the zone's mark survives clipping.
func TestIncidentTable(t *testing.T) {
	long := strings.Repeat("Very long name ", 6)
	day := time.Date(2018, 2, 20, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		inc  truce.Incident
		j    *truce.Judgement
		want []string // substrings of the row
	}{
		{"Short", truce.Incident{Source: "ucdp", SourceKey: "1", DateStart: day, SubEventType: "Air/drone strike", SideA: "Government of Syria", SideB: "Jaysh al-Islam",
			Location: truce.Location{Place: "Douma"}, Fatalities: truce.Fatalities{Best: 3}, Zones: []truce.Membership{{ZoneID: "eastern-ghouta", Placement: truce.Inside}}},
			&truce.Judgement{Verdict: truce.ProbableViolation, Severity: truce.SeveritySerious},
			[]string{"ucdp:1 ", "2018-02-20", "Douma", "air strike", "Gov. Syria", "Jaysh al-Islam", "probable", "serious", "eastern-ghouta"}},
		{"Long", truce.Incident{Source: "acled", SourceKey: "SYR123456789", DateStart: day, EventType: long, SideA: long, SideB: long,
			Location: truce.Location{Place: long}, Fatalities: truce.Fatalities{Best: 120},
			Zones: []truce.Membership{{ZoneID: "a-zone-with-a-very-long-identifier", Placement: truce.Uncertain}, {ZoneID: "b", Placement: truce.Inside}}},
			&truce.Judgement{Verdict: truce.Undetermined},
			[]string{"acled:SYR123456789 ", "Very long", "…", "120", "undetermined", "?+1"}},
		{"Unjudged", truce.Incident{Source: "sim", SourceKey: "7", DateStart: day}, nil,
			[]string{"sim:7 ", "2018-02-20"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			w, err := newIncidentWriter("table", &b)
			if err != nil {
				t.Fatal(err)
			}
			if err := w.write(&tc.inc, tc.j); err != nil {
				t.Fatal(err)
			}
			if err := w.close(); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
			if !strings.HasPrefix(lines[0], "ID ") || !strings.Contains(lines[0], "VERDICT") || !strings.Contains(lines[0], "SEVERITY") {
				t.Fatalf("header: %q", lines[0])
			}
			for _, l := range lines {
				if n := utf8.RuneCountInString(l); n > tableWidth {
					t.Errorf("%d columns, want at most %d: %q", n, tableWidth, l)
				}
			}
			for _, want := range tc.want {
				if !strings.Contains(lines[1], want) {
					t.Errorf("row lacks %q: %q", want, lines[1])
				}
			}
			if lines[len(lines)-1] != "1 incidents" {
				t.Errorf("last line %q", lines[len(lines)-1])
			}
		})
	}
}
