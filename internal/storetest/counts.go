package storetest

import (
	"context"
	"reflect"
	"testing"

	"github.com/truce-monitor/truce"
)

// RunCounts runs the reported counts contract on s: counts are stored once
// per source, reporter and day (reading a source again stores nothing, a
// second source's count of the same day is its own row), with their
// province breakdown, listed by day then reporter, filtered, and an
// invalid count stores nothing of its batch.
func RunCounts(t *testing.T, s truce.CountService) {
	ctx := context.Background()
	if list, err := s.ReportedCounts(ctx, truce.CountFilter{}); err != nil || len(list) != 0 {
		t.Fatalf("ReportedCounts on an empty store = %v, %v; want none", list, err)
	}
	mk := func(reporter, d string, n int, source string, line int) *truce.ReportedCount {
		return &truce.ReportedCount{Reporter: reporter, ReporterWords: reporter + " side", Day: day(d), Count: n, What: "violations",
			Source: source, Line: line, Lang: "en", DayRule: "given", Text: "words"}
	}
	first := []*truce.ReportedCount{
		mk("turkey", "2017-05-05", 11, "a.txt", 3),
		mk("russia", "2017-05-05", 15, "a.txt", 2),
		mk("russia", "2017-05-06", 4, "b.txt", 1),
	}
	first[1].Provinces = map[string]int{"Damascus": 9, "Hama": 3, "Latakia": 2, "Daraa": 1}
	stored, err := s.PutCounts(ctx, first)
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) != 3 || stored[0].ID == 0 || stored[1].ID == 0 || stored[2].ID == 0 {
		t.Fatalf("PutCounts stored %+v, want all three with IDs", stored)
	}
	// The same counts again, one with other words and another number:
	// the same source, reporter and day are the same report.
	again := []*truce.ReportedCount{mk("turkey", "2017-05-05", 11, "a.txt", 3), mk("russia", "2017-05-05", 16, "a.txt", 9),
		mk("russia", "2017-05-05", 15, "c.csv", 2)}
	stored, err = s.PutCounts(ctx, again)
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) != 1 || stored[0] != again[2] || again[0].ID != 0 || again[1].ID != 0 {
		t.Fatalf("PutCounts again stored %+v, want only the count of c.csv", stored)
	}
	list, err := s.ReportedCounts(ctx, truce.CountFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range list {
		got = append(got, c.Day.Format(truce.DateLayout)+" "+c.Reporter+" "+c.Source)
	}
	want := []string{"2017-05-05 russia a.txt", "2017-05-05 russia c.csv", "2017-05-05 turkey a.txt", "2017-05-06 russia b.txt"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("ReportedCounts order = %q, want %q", got, want)
	}
	if c := list[0]; !reflect.DeepEqual(c, first[1]) {
		t.Fatalf("count read back = %+v, want %+v", c, first[1])
	}
	if list[1].Provinces != nil {
		t.Fatalf("a count without a breakdown reads back with %v", list[1].Provinces)
	}
	for _, tc := range []struct {
		f    truce.CountFilter
		want int
	}{
		{truce.CountFilter{Reporter: "russia"}, 3},
		{truce.CountFilter{From: day("2017-05-06")}, 1},
		{truce.CountFilter{To: day("2017-05-05")}, 3},
		{truce.CountFilter{Source: "a.txt"}, 2},
		{truce.CountFilter{Reporter: "turkey", From: day("2017-05-06")}, 0},
	} {
		if l, err := s.ReportedCounts(ctx, tc.f); err != nil || len(l) != tc.want {
			t.Errorf("ReportedCounts(%+v) = %d counts, %v; want %d", tc.f, len(l), err, tc.want)
		}
	}
	bad := []*truce.ReportedCount{mk("russia", "2017-05-07", 1, "d.txt", 1), mk("russia", "2017-05-08", -1, "d.txt", 2)}
	over := mk("turkey", "2017-05-07", 2, "d.txt", 3)
	over.Provinces = map[string]int{"Idlib": 3}
	for _, batch := range [][]*truce.ReportedCount{bad, {over}, {mk("", "2017-05-07", 1, "d.txt", 1)}, {mk("russia", "2017-05-07", 1, "", 1)}} {
		if _, err := s.PutCounts(ctx, batch); truce.ErrorCode(err) != truce.EINVALID {
			t.Errorf("PutCounts(%+v) = %v, want EINVALID", batch[len(batch)-1], err)
		}
	}
	if l, _ := s.ReportedCounts(ctx, truce.CountFilter{Source: "d.txt"}); len(l) != 0 {
		t.Fatalf("invalid batches stored %d counts", len(l))
	}
}
