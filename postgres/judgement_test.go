package postgres_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/storetest"
	"github.com/truce-monitor/truce/sqlite"
)

// twoZonePlacer places exact points in a square zone and, overlapping it,
// uncertainly in a wider one.
type twoZonePlacer struct{}

func (twoZonePlacer) Place(l truce.Location, dst []truce.Membership) []truce.Membership {
	if l.HasPoint && l.Lon >= 36 && l.Lon <= 37 && l.Lat >= 33 && l.Lat <= 34 {
		dst = append(dst, truce.Membership{ZoneID: "square", Placement: truce.Inside, Reason: "inside the square"})
	}
	if l.HasPoint && l.Lon >= 36.55 && l.Lon <= 38 && l.Lat >= 33 && l.Lat <= 34 {
		dst = append(dst, truce.Membership{ZoneID: "wide", Placement: truce.Uncertain, Reason: "may be in the wide zone"})
	}
	return dst
}

// zoneJudger calls incidents in zone violations of one severity, deciding
// by the first membership, and traces the membership's reason.
type zoneJudger struct{ severity string }

func (j zoneJudger) Judge(inc *truce.Incident) truce.Judgement {
	jd := truce.Judgement{IncidentID: inc.ID, Verdict: truce.NotViolation,
		Trace: []truce.Step{{Rule: "zone", Outcome: "fail", Detail: "outside every zone"}}}
	if len(inc.Zones) > 0 {
		m := inc.Zones[len(inc.Zones)-1]
		jd.ZoneID, jd.Verdict, jd.Severity, jd.AllegedParty = m.ZoneID, truce.Violation, j.severity, "government"
		if m.Placement != truce.Inside {
			jd.Verdict, jd.Severity = truce.Undetermined, ""
		}
		jd.Trace = []truce.Step{{Rule: "zone", Outcome: "pass", Clause: "art. 1", Detail: m.Reason}, {Rule: "severity", Outcome: "pass", Detail: j.severity}}
	}
	return jd
}

// judgeScenario stores a few incidents in two zones, judges them under two
// versions, and returns everything the JudgementService answers about them.
func judgeScenario(t *testing.T, s storetest.JudgeStore) map[string]any {
	t.Helper()
	ctx := context.Background()
	if _, err := s.PutAgreement(ctx, storetest.TestAgreement()); err != nil {
		t.Fatal(err)
	}
	var rs []*truce.Report
	for i, p := range []struct {
		lon, lat float64
		date     string
	}{{36.5, 33.5, "2017-05-10"}, {36.6, 33.6, "2017-05-10"}, {36.7, 33.7, "2017-05-11"}, {39, 35, "2017-05-11"},
		{36.8, 33.2, "2017-05-12"}, {37.5, 33.5, "2017-05-12"}, {37.6, 33.5, "2017-05-12"}} {
		r := storetest.NewReport(fmt.Sprint(i+1), p.date, p.lon, p.lat, fmt.Sprint(i+1))
		r.Incident.Zones = twoZonePlacer{}.Place(r.Incident.Location, nil)
		r.Incident.Fatalities.Civilians = i
		rs = append(rs, r)
	}
	rs[1].Incident.EventType = truce.Battles
	if _, err := s.PutReports(ctx, "test", rs); err != nil {
		t.Fatal(err)
	}
	out := map[string]any{}
	_, err := s.ZoneDays(ctx, truce.ZoneDayFilter{AgreementID: "test"})
	out["zone days before judging"] = truce.ErrorMessage(err)
	for v, severity := range []string{truce.SeverityMinor, truce.SeverityMinor, truce.SeverityGrave} {
		st, err := s.JudgeAll(ctx, "test", min(v+1, 2), zoneJudger{severity})
		if err != nil {
			t.Fatal(err)
		}
		out[fmt.Sprint("stats ", v)] = st
	}
	for id := int64(1); id <= 8; id++ {
		h, err := s.JudgementHistory(ctx, id, "test")
		out[fmt.Sprint("history ", id)] = []any{h, truce.ErrorMessage(err)}
		inc, err := s.FindIncident(ctx, id, "test")
		out[fmt.Sprint("incident ", id)] = []any{inc, truce.ErrorMessage(err)}
	}
	for _, f := range []truce.ZoneDayFilter{
		{AgreementID: "test"},
		{AgreementID: "test", Version: 1},
		{AgreementID: "test", Version: 1, From: time.Date(2017, 5, 11, 0, 0, 0, 0, time.UTC)},
		{AgreementID: "test", To: time.Date(2017, 5, 10, 0, 0, 0, 0, time.UTC)},
		{AgreementID: "test", ZoneID: "wide"},
		{AgreementID: "test", Version: 3},
		{AgreementID: "other"},
	} {
		zd, err := s.ZoneDays(ctx, f)
		out[fmt.Sprintf("zone days %+v", f)] = []any{zd, truce.ErrorMessage(err)}
	}
	return out
}

// TestJudgementsMatchSQLite runs one scenario on both stores and wants the
// same answers, withdrawals aside (the contract has them).
func TestJudgementsMatchSQLite(t *testing.T) {
	pg := MustOpen(t)
	lite, err := sqlite.Open(context.Background(), t.TempDir()+"/truce.db")
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	now := func() time.Time { return time.Date(2024, 1, 2, 3, 4, 5, 6, time.UTC) }
	pg.Now, lite.Now = now, now
	want, got := judgeScenario(t, lite), judgeScenario(t, pg)
	for k := range want {
		if !reflect.DeepEqual(got[k], want[k]) {
			t.Errorf("%s:\n got %+v\nwant %+v", k, got[k], want[k])
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d answers, want %d", len(got), len(want))
	}
}
