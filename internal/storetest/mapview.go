package storetest

import (
	"cmp"
	"context"
	"errors"
	"math"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
)

// MapStore is a store that answers the dashboard's map.
type MapStore interface {
	JudgeStore
	truce.MapService
}

// RunMap runs the map contract on s: points and grid cells hold exactly
// the standing, judged incidents with a point in the box (edges included)
// and the period, with the verdicts asked for; cells count incidents,
// deaths, verdicts and severities and sit at their incidents' mean point.
func RunMap(t *testing.T, s MapStore) {
	ctx := context.Background()
	if _, err := s.PutAgreement(ctx, TestAgreement()); err != nil {
		t.Fatal(err)
	}
	noPoint := NewReport("6", "2017-05-10", 36.5, 33.5, "6")
	noPoint.Incident.Location.HasPoint = false
	rs := placed(
		NewReport("1", "2017-05-10", 36.5, 33.5, "1"),
		NewReport("2", "2017-05-10", 36.51, 33.52, "2"),
		NewReport("3", "2017-05-11", 36.7, 33.7, "3"), // withdrawn after judging
		NewReport("4", "2017-05-11", 39, 35, "4"),     // outside: not a violation
		NewReport("5", "2017-06-20", 36.55, 33.55, "5"),
		noPoint,
		NewReport("8", "2017-05-31", 36, 34, "8"), // on the square's corner and the box's edge
	)
	if _, err := s.PutReports(ctx, "test", rs); err != nil {
		t.Fatal(err)
	}
	if _, err := s.JudgeAll(ctx, "test", 1, squareJudger{severity: truce.SeveritySerious}); err != nil {
		t.Fatal(err)
	}
	// Stored after judging: one withdrawal, one incident with no judgement.
	if _, err := s.PutReports(ctx, "test", placed(withdrawal("3", "2017-06-01"), NewReport("7", "2017-05-12", 36.4, 33.4, "7"))); err != nil {
		t.Fatal(err)
	}
	id := map[string]int64{}
	if err := s.Incidents(ctx, truce.IncidentFilter{WithWithdrawn: true}, func(inc *truce.Incident) error {
		id[inc.SourceKey] = inc.ID
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	wide := [4]float64{35, 32, 40, 36}
	may := truce.MapFilter{AgreementID: "test", Version: 1, From: day("2017-05-01"), To: day("2017-05-31"), BBox: wide}
	// all collects what MapPoints streams, in ID order.
	all := func(f truce.MapFilter) ([]truce.MapPoint, error) {
		var ps []truce.MapPoint
		err := s.MapPoints(ctx, f, func(p truce.MapPoint) error { ps = append(ps, p); return nil })
		slices.SortFunc(ps, func(a, b truce.MapPoint) int { return cmp.Compare(a.ID, b.ID) })
		return ps, err
	}
	keys := func(ps []truce.MapPoint) []int64 {
		out := []int64{}
		for _, p := range ps {
			out = append(out, p.ID)
		}
		return out
	}
	ids := func(ks ...string) []int64 {
		out := []int64{}
		for _, k := range ks {
			out = append(out, id[k])
		}
		return out
	}

	ps, err := all(may)
	if err != nil || !reflect.DeepEqual(keys(ps), ids("1", "2", "4", "8")) {
		t.Fatalf("MapPoints(May) = %v, %v; want incidents 1, 2, 4 and 8 (not the withdrawn, the pointless, the unjudged or June's)", keys(ps), err)
	}
	if want := (truce.MapPoint{ID: id["1"], Lon: 36.5, Lat: 33.5, Day: day("2017-05-10"), Verdict: truce.Violation, Severity: truce.SeveritySerious, Deaths: 2}); ps[0] != want {
		t.Fatalf("MapPoints: first point %+v, want %+v", ps[0], want)
	}
	if ps[2].Verdict != truce.NotViolation || ps[2].Severity != "" {
		t.Fatalf("MapPoints: the incident outside is %+v, want not a violation, no severity", ps[2])
	}
	stop, n := errors.New("enough"), 0
	if err := s.MapPoints(ctx, may, func(truce.MapPoint) error { n++; return stop }); err != stop || n != 1 {
		t.Fatalf("MapPoints stopped by its callback: %v after %d points; want the callback's error after 1", err, n)
	}
	f := may
	f.Verdicts = []truce.Verdict{truce.NotViolation, truce.Undetermined}
	if ps, err := all(f); err != nil || !reflect.DeepEqual(keys(ps), ids("4")) {
		t.Fatalf("MapPoints(not a violation) = %v, %v; want incident 4", keys(ps), err)
	}
	f = may
	f.BBox = [4]float64{36, 33, 37, 34}
	if ps, err := all(f); err != nil || !reflect.DeepEqual(keys(ps), ids("1", "2", "8")) {
		t.Fatalf("MapPoints(the square) = %v, %v; want 1, 2 and 8 (on the edge)", keys(ps), err)
	}
	f = may
	f.From, f.To = day("2017-06-01"), time.Time{}
	if ps, err := all(f); err != nil || !reflect.DeepEqual(keys(ps), ids("5")) {
		t.Fatalf("MapPoints(from June) = %v, %v; want 5", keys(ps), err)
	}

	cells, err := s.Density(ctx, may, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	cell := func(lon, lat float64) (int, int) { return truce.GridCell(lon, lat, 0.5) }
	x1, y1 := cell(36, 34)
	x2, y2 := cell(36.5, 33.5)
	x3, y3 := cell(39, 35)
	want := []truce.DensityCell{
		{X: x1, Y: y1, Lon: 36, Lat: 34, Incidents: 1, Deaths: 2, Verdicts: map[truce.Verdict]int{truce.Violation: 1}, Severity: map[string]int{truce.SeveritySerious: 1}},
		{X: x2, Y: y2, Lon: 36.505, Lat: 33.51, Incidents: 2, Deaths: 4, Verdicts: map[truce.Verdict]int{truce.Violation: 2}, Severity: map[string]int{truce.SeveritySerious: 2}},
		{X: x3, Y: y3, Lon: 39, Lat: 35, Incidents: 1, Deaths: 2, Verdicts: map[truce.Verdict]int{truce.NotViolation: 1}, Severity: map[string]int{"": 1}},
	}
	if len(cells) != len(want) {
		t.Fatalf("Density = %+v; want %+v", cells, want)
	}
	for i := range want {
		got := cells[i]
		if math.Abs(got.Lon-want[i].Lon) > 1e-9 || math.Abs(got.Lat-want[i].Lat) > 1e-9 {
			t.Errorf("Density cell %d at %v, %v; want the mean point %v, %v", i, got.Lon, got.Lat, want[i].Lon, want[i].Lat)
		}
		got.Lon, got.Lat = want[i].Lon, want[i].Lat
		if !reflect.DeepEqual(got, want[i]) {
			t.Errorf("Density cell %d = %+v; want %+v", i, got, want[i])
		}
	}
	f = may
	f.Verdicts = []truce.Verdict{truce.Violation}
	if cells, err := s.Density(ctx, f, 0.5); err != nil || len(cells) != 2 || cells[0].Incidents+cells[1].Incidents != 3 {
		t.Fatalf("Density(violations) = %+v, %v; want the two cells of the 3 violations", cells, err)
	}
	if _, err := s.Density(ctx, may, 0); truce.ErrorCode(err) != truce.EINVALID {
		t.Fatalf("Density(cell 0) = %v; want EINVALID", err)
	}
}
