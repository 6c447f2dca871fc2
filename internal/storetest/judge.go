package storetest

import (
	"context"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
)

// RunJudgeIncidents runs the incremental judging contract on s: judging
// the incidents that changed since a full run leaves the rollup exactly as
// a new full run would.
func RunJudgeIncidents(t *testing.T, s JudgeStore) {
	ctx := context.Background()
	if _, err := s.PutAgreement(ctx, TestAgreement()); err != nil {
		t.Fatal(err)
	}
	if v, err := s.JudgedVersion(ctx, "test"); err != nil || v != 0 {
		t.Fatalf("JudgedVersion before judging = %d, %v; want 0", v, err)
	}
	if _, err := s.PutReports(ctx, "test", placed(
		NewReport("same", "2017-05-10", 36.5, 33.5, "same"),
		NewReport("moves", "2017-05-10", 36.6, 33.6, "moves"),
		NewReport("leaves", "2017-05-11", 36.7, 33.7, "leaves"),
		NewReport("goes", "2017-05-11", 36.8, 33.8, "goes"),
		NewReport("enters", "2017-05-12", 39, 35, "enters"),
		NewReport("outside", "2017-05-12", 39, 35, "outside"),
		// A weekly count, whose deaths the rollup spreads over its days.
		spanning("week", "2017-05-08", "2017-05-14", 10, 3, "week"),
	)); err != nil {
		t.Fatal(err)
	}
	// Each incident in the square may lie in the annex too, so both
	// zones' rollups change with it.
	j := squareJudger{severity: truce.SeveritySerious, split: true}
	if _, err := s.JudgeAll(ctx, "test", 1, j); err != nil {
		t.Fatal(err)
	}
	if _, err := s.JudgeAll(ctx, "test", 2, j); err != nil {
		t.Fatal(err)
	}
	if v, err := s.JudgedVersion(ctx, "test"); err != nil || v != 2 {
		t.Fatalf("JudgedVersion = %d, %v; want 2", v, err)
	}
	// Changes: one incident moves to another day, one leaves the zone, one
	// is withdrawn, one enters the zone, one new incident joins a day.
	moved := NewReport("moves", "2017-05-13", 36.6, 33.6, "moves v2")
	moved.Incident.EventType = truce.Battles
	if _, err := s.PutReports(ctx, "test", placed(
		moved,
		NewReport("leaves", "2017-05-11", 39, 35, "leaves v2"),
		withdrawal("goes", "2017-06-01"),
		NewReport("enters", "2017-05-11", 36.9, 33.9, "enters v2"),
		NewReport("new", "2017-05-14", 36.55, 33.55, "new"),
		// A first judgement on a day whose rollup rows it joins.
		NewReport("joins", "2017-05-10", 36.5, 33.5, "joins"),
		// The weekly count, revised to fewer days: the days it no longer
		// covers lose its deaths.
		spanning("week", "2017-05-09", "2017-05-11", 10, 3, "week v2"),
		// A first judgement of several days.
		spanning("month", "2017-05-12", "2017-06-10", 31, 0, "month"),
	)); err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, inc := range collect(t, s, truce.IncidentFilter{WithWithdrawn: true}) {
		ids[inc.SourceKey] = inc.ID
	}
	changed := []int64{ids["moves"], ids["leaves"], ids["goes"], ids["enters"], ids["new"], ids["joins"], ids["week"], ids["month"]}
	got, err := s.JudgeIncidents(ctx, "test", 2, changed, j)
	if err != nil {
		t.Fatal(err)
	}
	verdicts := map[int64]truce.Verdict{}
	for _, jd := range got {
		if jd.AgreementID != "test" || jd.AgreementVersion != 2 || len(jd.Trace) != 1 || jd.JudgedAt.IsZero() {
			t.Fatalf("JudgeIncidents returned %+v", jd)
		}
		verdicts[jd.IncidentID] = jd.Verdict
	}
	wantVerdicts := map[int64]truce.Verdict{ids["moves"]: truce.Violation, ids["leaves"]: truce.NotViolation, ids["enters"]: truce.Violation, ids["new"]: truce.Violation,
		ids["joins"]: truce.Violation, ids["week"]: truce.Violation, ids["month"]: truce.Violation}
	if !reflect.DeepEqual(verdicts, wantVerdicts) {
		t.Fatalf("JudgeIncidents verdicts = %v, want %v (none for the withdrawn incident)", verdicts, wantVerdicts)
	}
	if hist, err := s.JudgementHistory(ctx, ids["goes"], "test"); err != nil || len(hist) != 1 || hist[0].AgreementVersion != 1 {
		t.Fatalf("history of the withdrawn incident = %+v, %v; want only version 1's", hist, err)
	}
	incremental, err := s.ZoneDays(ctx, truce.ZoneDayFilter{AgreementID: "test", Version: 2})
	if err != nil {
		t.Fatal(err)
	}
	before, _ := s.ZoneDays(ctx, truce.ZoneDayFilter{AgreementID: "test", Version: 1})
	if _, err := s.JudgeAll(ctx, "test", 2, j); err != nil {
		t.Fatal(err)
	}
	full, err := s.ZoneDays(ctx, truce.ZoneDayFilter{AgreementID: "test", Version: 2})
	if err != nil {
		t.Fatal(err)
	}
	if !sameZoneDays(incremental, full) {
		t.Fatalf("rollup after JudgeIncidents =\n%+v\nwant, as after JudgeAll,\n%+v", incremental, full)
	}
	// Each zone counts its own part; the incident is listed once, where
	// its judgement lists it.
	var square, annex, listed float64
	incidents, parts := 0, 0
	deaths := map[string]int{}
	for _, zd := range full {
		switch zd.ZoneID {
		case "square":
			square += zd.P.Mid
			incidents += zd.Incidents
			deaths[zd.Day.Format(truce.DateLayout)] += zd.Deaths
			if zd.Continued > 0 && (zd.Incidents != 0 || zd.P != (truce.Range{}) || zd.PKey != 80) {
				t.Fatalf("row %+v of incidents that go on: want no incidents, no P, PKey 80 (the square's part)", zd)
			}
		case "annex":
			annex += zd.P.Mid
			parts += zd.Parts
			if zd.Incidents != 0 || zd.Deaths != 0 || zd.Parts == 0 {
				t.Fatalf("annex row %+v: want parts only", zd)
			}
		}
	}
	// The week's 10 deaths over its 3 days, the month's 31 over 30 days,
	// each day's share a whole number; the other incidents' 2 on their day.
	for d, want := range map[string]int{"2017-05-09": 3, "2017-05-10": 3 + 2 + 2, "2017-05-11": 4 + 2, "2017-05-12": 1, "2017-05-13": 1 + 2, "2017-05-14": 1 + 2,
		"2017-06-09": 1, "2017-06-10": 2} {
		if deaths[d] != want {
			t.Errorf("square's deaths on %s = %d, want %d (all: %v)", d, deaths[d], want, deaths)
		}
	}
	if len(deaths) != 33 {
		t.Errorf("square's days with rows = %v, want the 33 from 2017-05-09 to 2017-06-10", deaths)
	}
	for _, id := range []int64{ids["same"], ids["moves"], ids["enters"], ids["new"], ids["joins"], ids["week"], ids["month"]} {
		hist, err := s.JudgementHistory(ctx, id, "test")
		if err != nil {
			t.Fatal(err)
		}
		listed += hist[0].P.Mid
	}
	if incidents != 7 || parts != 7 || math.Abs(square-0.8*listed) > 1e-9 || math.Abs(annex-0.2*listed) > 1e-9 {
		t.Fatalf("rollup: square %d incidents, P %.4f; annex %d parts, P %.4f; want 7, %.4f and 7, %.4f", incidents, square, parts, annex, 0.8*listed, 0.2*listed)
	}
	if after, _ := s.ZoneDays(ctx, truce.ZoneDayFilter{AgreementID: "test", Version: 1}); !reflect.DeepEqual(after, before) {
		t.Fatalf("JudgeIncidents on version 2 changed version 1's rollup:\n%+v\nwas\n%+v", after, before)
	}
	// The data's last day: the latest a standing incident begins on.
	if de, ok := s.(interface {
		DataEnd(ctx context.Context) (time.Time, error)
	}); !ok {
		t.Error("the store cannot say the last day of its data (DataEnd)")
	} else if end, err := de.DataEnd(ctx); err != nil || !end.Equal(day("2017-05-14")) {
		t.Errorf("DataEnd = %v, %v; want 2017-05-14", end, err)
	}
	if _, err := s.JudgeIncidents(ctx, "test", 2, []int64{999999}, j); truce.ErrorCode(err) != truce.ENOTFOUND {
		t.Fatalf("JudgeIncidents(999999) = %v, want ENOTFOUND", err)
	}
	if again, _ := s.ZoneDays(ctx, truce.ZoneDayFilter{AgreementID: "test", Version: 2}); !reflect.DeepEqual(again, full) {
		t.Fatal("a failed JudgeIncidents changed the rollup")
	}
}

// spanning returns a report of one exact-point incident in the square from
// first to last, with its deaths.
func spanning(key, first, last string, deaths, civilians int, raw string) *truce.Report {
	r := NewReport(key, first, 36.45, 33.45, raw)
	r.Incident.DateEnd, r.Incident.DatePrecision = day(last), truce.DateMonth
	r.Incident.Fatalities = truce.Fatalities{Low: deaths, Best: deaths, High: deaths, Civilians: civilians}
	return r
}

// sameZoneDays compares rollups, their probability sums to 1e-9: a full
// rebuild and a zone-day's rebuild may add the same numbers in another
// order, or in Go rather than SQL.
func sameZoneDays(a, b []truce.ZoneDay) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if math.Abs(x.P.Low-y.P.Low) > 1e-9 || math.Abs(x.P.Mid-y.P.Mid) > 1e-9 || math.Abs(x.P.High-y.P.High) > 1e-9 {
			return false
		}
		x.P, y.P = truce.Range{}, truce.Range{}
		if !reflect.DeepEqual(x, y) {
			return false
		}
	}
	return true
}
