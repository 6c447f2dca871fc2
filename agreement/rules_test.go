package agreement

import (
	"reflect"
	"strings"
	"testing"

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
