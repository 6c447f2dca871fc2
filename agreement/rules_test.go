package agreement

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
)

func TestParseRules(t *testing.T) {
	a, err := Load("testdata/ok-rules.yaml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !a.BufferCounts || !reflect.DeepEqual(a.AggregateActors, []string{"insurgents"}) {
		t.Errorf("buffer_counts %v, aggregate_actors %q", a.BufferCounts, a.AggregateActors)
	}
	wantSev := []truce.SeverityRule{
		{ID: "air", Severity: truce.SeverityGrave, EventTypes: []string{truce.ExplosionsRemoteViolence}, SubEventTypes: []string{"Air/drone strike"}},
		{ID: "massacre", Severity: truce.SeverityGrave, MinCivilianDeaths: 10},
		{ID: "deadly", Severity: truce.SeveritySerious, MinDeaths: 1},
	}
	if !reflect.DeepEqual(a.Severity, wantSev) || a.SeverityDefault != truce.SeverityMinor {
		t.Errorf("severity = %+v, default %q", a.Severity, a.SeverityDefault)
	}
	wantStatus := truce.StatusRules{
		WindowDays: 14,
		Strained:   truce.StatusThreshold{Violations: 2},
		Breached:   truce.StatusThreshold{Violations: 6, Serious: 2},
		Collapsed:  truce.StatusThreshold{CivilianDeaths: 25, Grave: 3},
	}
	if a.Status != wantStatus {
		t.Errorf("status = %+v", a.Status)
	}
	if want := []truce.PermittedAct{{ID: "retake", EventType: truce.Battles, SubEventType: "Government regains territory",
		Clause: "Art. 9 (handover)"}}; !reflect.DeepEqual(a.Permitted, want) {
		t.Errorf("permitted = %+v", a.Permitted)
	}
}

// TestParseRulesAbsent checks that a file without rules leaves them zero,
// which every reader takes as the defaults.
func TestParseRulesAbsent(t *testing.T) {
	a, err := Load("testdata/ok-minimal.yaml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.BufferCounts || a.AggregateActors != nil || a.Severity != nil || a.SeverityDefault != "" ||
		a.Status != (truce.StatusRules{}) || a.Permitted != nil {
		t.Errorf("rules not zero: %+v %+v", a.Status, a.Severity)
	}
	if got := a.Status.WithDefaults(); got != truce.DefaultStatusRules() {
		t.Errorf("defaults = %+v", got)
	}
}

func TestParseRulesPartialStatus(t *testing.T) {
	base := "id: s\ntitle: t\nsigned: 2020-01-01\neffective: 2020-01-01\nparties: [{id: a, name: A}]\n" +
		"prohibited: [{id: p, event_type: Battles, clause: c}]\n" +
		"zones: [{id: z, name: Z, geometry: {type: Polygon, coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}]\n"
	a, err := Parse([]byte(base+"status: {window_days: 30, collapsed: {deaths: 100}}\n"), "s.yaml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := a.Status.WithDefaults()
	want := truce.DefaultStatusRules()
	want.WindowDays, want.Collapsed = 30, truce.StatusThreshold{Deaths: 100}
	if got != want {
		t.Errorf("status = %+v, want %+v", got, want)
	}
	// A collapse threshold below the default breach threshold is refused.
	_, err = Parse([]byte(base+"status:\n  collapsed: {violations: 3}\n"), "s.yaml", Options{})
	if msg := truce.ErrorMessage(err); !strings.Contains(msg, "s.yaml:9: status.collapsed.violations: 3 is below breached.violations, 5 (the default)") {
		t.Errorf("error = %s", msg)
	}
}

// TestParseRulesErrors checks every message of the broken rules file, in
// order, with its line.
func TestParseRulesErrors(t *testing.T) {
	_, err := Load("testdata/err-rules.yaml", Options{})
	want := []string{
		`err-rules.yaml:8: excluded[0].aliases[0]: "Hay’at  Army" also names parties[0]`,
		`err-rules.yaml:12: permitted[0].id: id "battles" is already used by prohibited[0]`,
		`err-rules.yaml:13: permitted[1]: act "protest" permits nothing the agreement prohibits`,
		`err-rules.yaml:14: buffer_counts: want true or false, got "yes please"`,
		`err-rules.yaml:15: aggregate_actors[0]: "Nobody" names no party or guarantor`,
		`err-rules.yaml:15: aggregate_actors[1]: "HTS" names an excluded group (excluded[0])`,
		`err-rules.yaml:17: severity[0]: rule "everything" has no condition, so it matches every violation and the 2 rule(s) after it never apply`,
		`err-rules.yaml:18: severity[1].severity: "catastrophic" is not a severity tier (minor, serious, grave)`,
		`err-rules.yaml:18: severity[1].sub_event_types[0]: "Air strike" is not an ACLED sub-event type`,
		`err-rules.yaml:19: severity[2].min_deaths: -1 is out of range [0, 1000000]`,
		`err-rules.yaml:19: severity[2].sub_event_types[0]: "Air/drone strike" belongs to "Explosions/Remote violence", not "Battles"`,
		`err-rules.yaml:20: severity_default: "severe" is not a severity tier`,
		`err-rules.yaml:22: status.window_days: 0 is out of range [1, 366]`,
		`err-rules.yaml:23: status.strained.deaths: 0 is out of range [1, 1000000]`,
		`err-rules.yaml:24: status.breached: needs at least one of violations, serious, grave, deaths, civilian_deaths`,
		`err-rules.yaml:24: status.breached.violations: 5 (the default) is below strained.violations, 10;`,
		`err-rules.yaml:25: status: unknown key "collapse"`,
	}
	if truce.ErrorCode(err) != truce.EINVALID {
		t.Fatalf("code = %q (%v)", truce.ErrorCode(err), err)
	}
	lines := strings.Split(truce.ErrorMessage(err), "\n")
	if len(lines) != len(want) {
		t.Fatalf("got %d errors, want %d:\n%s", len(lines), len(want), truce.ErrorMessage(err))
	}
	for i, w := range want {
		if !strings.HasPrefix(strings.TrimPrefix(lines[i], "testdata/"), w) {
			t.Errorf("error %d:\n got %s\nwant %s…", i, lines[i], w)
		}
	}
}

func TestParseGraded(t *testing.T) {
	a, err := Load("testdata/ok-graded.yaml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Tiers != (truce.TierRules{Violation: 0.9, Probable: 0.6, Possible: 0.4, ProbablyNot: 0.1}) {
		t.Errorf("tiers = %+v", a.Tiers)
	}
	wantActs := []truce.TargetlessAct{
		{ID: "chemical", EventTypes: []string{truce.ExplosionsRemoteViolence}, SubEventTypes: []string{"Chemical weapon"},
			Clause: "UNSC 2118 para 4", Sources: []string{"UNSC resolution 2118 (2013)"}},
		{ID: "civilians", MinCivilianDeaths: 1, Zones: []string{"box"}, Clause: "Art. 7"},
	}
	if !reflect.DeepEqual(a.RegardlessOfTarget, wantActs) {
		t.Errorf("regardless_of_target = %+v", a.RegardlessOfTarget)
	}
	if !reflect.DeepEqual(a.Prohibited[1].Zones, []string{"dmz"}) {
		t.Errorf("prohibited zones = %v", a.Prohibited[1].Zones)
	}
	box := a.Zones[0]
	if box.BorderErrorKm != 2.5 || box.Ended == nil || box.Ended.How != "taken-by-force" || box.Ended.Date.Format(truce.DateLayout) != "2021-03-01" ||
		!reflect.DeepEqual(box.Ended.Sources, []string{"a news report"}) {
		t.Errorf("zone box: border %g, ended %+v", box.BorderErrorKm, box.Ended)
	}
	if len(a.Presence) != 2 {
		t.Fatalf("presence entries = %d", len(a.Presence))
	}
	p := a.Presence[0]
	if p.Measure != truce.MeasureFighters || p.Line != 29 || len(p.Groups) != 3 || p.Groups[0].ActorID != "hts" || !p.Groups[0].Excluded ||
		p.Groups[1].ActorID != "reb" || p.Groups[2].ActorID != "reb" || p.Groups[1].Low != 900 || p.Groups[1].High != 1200 {
		t.Errorf("presence[0] = %+v", p)
	}
	// HTS 100-300 fighters beside 1,000-1,300 others: 100/1,400 to
	// 300/1,300, best 200/1,350.
	share, ok := p.ExcludedShare()
	want := truce.Range{Low: 100.0 / 1400, Mid: 200.0 / 1350, High: 300.0 / 1300}
	if !ok || !near(share, want) {
		t.Errorf("excluded share = %+v, want %+v", share, want)
	}
	share, _ = a.Presence[1].ExcludedShare()
	if !near(share, truce.Range{Low: 0.1, Mid: 0.15, High: 0.2}) {
		t.Errorf("excluded share of shares = %+v", share)
	}
	if got, ok := a.PresenceAt("dmz", mustDate("2020-08-01")); !ok || got.Line != a.Presence[1].Line {
		t.Errorf("PresenceAt(dmz, 2020-08-01) = %+v, %v", got, ok)
	}
	if _, ok := a.PresenceAt("dmz", mustDate("2020-03-01")); ok {
		t.Error("PresenceAt found an entry for a zone it does not name")
	}
	// The zone's period ends the day before it ended.
	if _, to := a.ZonePeriod(box); to.Format(truce.DateLayout) != "2021-02-28" {
		t.Errorf("zone period ends %s", to.Format(truce.DateLayout))
	}
}

func near(a, b truce.Range) bool {
	const e = 1e-9
	d := func(x, y float64) bool { return x-y < e && y-x < e }
	return d(a.Low, b.Low) && d(a.Mid, b.Mid) && d(a.High, b.High)
}

func TestParsePresenceFile(t *testing.T) {
	a, err := Load("testdata/ok-presence-file.yaml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.PresenceFile != "presence-ok.yaml" || len(a.PresenceRaw) == 0 || len(a.Presence) != 1 || a.Presence[0].Zones[0] != "box" {
		t.Errorf("presence %q (%d bytes): %+v", a.PresenceFile, len(a.PresenceRaw), a.Presence)
	}
	// Parse without a way to read the file refuses it, naming it.
	data, _ := os.ReadFile("testdata/ok-presence-file.yaml")
	if _, err := Parse(data, "pf.yaml", Options{}); !strings.Contains(truce.ErrorMessage(err), `pf.yaml:12: presence: names the file "presence-ok.yaml"`) {
		t.Errorf("without ReadFile: %v", err)
	}
	// Names must stay beside the agreement file.
	if _, err := DirReader("testdata")("../agreement.go"); err == nil {
		t.Error("DirReader read a file outside its directory")
	}
}

// TestParseGradedErrors checks every message of the broken graded file and
// of a broken presence file, in order, with their lines.
func TestParseGradedErrors(t *testing.T) {
	for _, tc := range []struct {
		file string
		want []string
	}{
		{"err-graded.yaml", []string{
			`err-graded.yaml:13: prohibited[0].zones[0]: "nowhere" is not a zone of this agreement`,
			`err-graded.yaml:14: tiers.probably_not: 1 is not strictly between 0 and 1`,
			`err-graded.yaml:16: regardless_of_target[0]: act "anything" has no condition`,
			`err-graded.yaml:17: regardless_of_target[1].zones[0]: "elsewhere" is not a zone of this agreement`,
			`err-graded.yaml:19: presence[0].zones[1]: "nowhere" is not a zone of this agreement`,
			`err-graded.yaml:21: presence[0].to: 2020-03-01 is before from (2020-05-01)`,
			`err-graded.yaml:22: presence[0].measure: "headcount" is not a measure (fighters, share)`,
			`err-graded.yaml:24: presence[0].groups[0].name: "Unknown Front" is not a name or alias of any party or excluded group`,
			`err-graded.yaml:25: presence: the entry for zone "box" from 2020-01-02 to 2020-06-30 overlaps the entry at line 19`,
			`err-graded.yaml:31: presence[1].groups[1].share: low 0.6 is above high 0.4`,
			`err-graded.yaml:32: presence[1].groups[2].name: "Russia" names a guarantor`,
			`err-graded.yaml:33: presence[1].groups[3].fighters: this entry's measure is share; give share, not fighters`,
			`err-graded.yaml:33: presence[1].groups[3].share: required`,
			`err-graded.yaml:34: presence: the entry for zone "box" from 2020-06-01 to 2020-07-31 overlaps the entry at line 25`,
			`err-graded.yaml:39: presence[2].groups[0].share: want [low, high], got 3 numbers`,
			`err-graded.yaml:40: presence[2].groups[1].source: required`,
			`err-graded.yaml:44: zones[0].border_error_km: 80 is out of range [0, 50]`,
			`err-graded.yaml:46: zones[0].ended.sources: required`,
			`err-graded.yaml:46: zones[0].ended.date: 2019-01-01 is not after the agreement is effective (2020-01-02)`,
			`err-graded.yaml:47: zones[0].ended.how: "vanished" is not a way a zone ends`,
		}},
		{"err-presence-file.yaml", []string{
			`err-presence-file.yaml:11: presence: presence file "presence-bad.yaml" has errors (listed with its name)`,
			`presence-bad.yaml:7: presence[0].groups[0].fighters: [-1, 30] is out of range [0, 10000000]`,
			`presence-bad.yaml:8: presence[0].groups[1].name: "Nobody" is not a name or alias`,
			`presence-bad.yaml:10: unknown key "colour" (allowed: presence, sources, notes)`,
		}},
	} {
		_, err := Load("testdata/"+tc.file, Options{})
		if truce.ErrorCode(err) != truce.EINVALID {
			t.Fatalf("%s: code = %q (%v)", tc.file, truce.ErrorCode(err), err)
		}
		lines := strings.Split(truce.ErrorMessage(err), "\n")
		if len(lines) != len(tc.want) {
			t.Fatalf("%s: got %d errors, want %d:\n%s", tc.file, len(lines), len(tc.want), truce.ErrorMessage(err))
		}
		for i, w := range tc.want {
			if !strings.HasPrefix(strings.TrimPrefix(lines[i], "testdata/"), w) {
				t.Errorf("%s: error %d:\n got %s\nwant %s…", tc.file, i, lines[i], w)
			}
		}
	}
}

// FuzzPresenceFile checks that no presence file makes an agreement that
// names it panic, and that an accepted one has well-formed ranges.
func FuzzPresenceFile(f *testing.F) {
	agreementFile, err := os.ReadFile("testdata/ok-presence-file.yaml")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range []string{"testdata/presence-ok.yaml", "testdata/presence-bad.yaml"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		read := func(string) ([]byte, error) { return data, nil }
		a, err := Parse(agreementFile, "pf.yaml", Options{ReadFile: read})
		if (a == nil) == (err == nil) {
			t.Fatalf("Parse = %v, %v: want exactly one", a, err)
		}
		if err != nil {
			if truce.ErrorCode(err) != truce.EINVALID {
				t.Fatalf("code %q for %v", truce.ErrorCode(err), err)
			}
			return
		}
		for _, p := range a.Presence {
			if share, ok := p.ExcludedShare(); ok && !(0 <= share.Low && share.Low <= share.Mid && share.Mid <= share.High && share.High <= 1) {
				t.Fatalf("entry at line %d: share %+v", p.Line, share)
			}
		}
	})
}

func mustDate(s string) time.Time {
	d, err := truce.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}
