package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/app"
	"github.com/truce-monitor/truce/ledger"
)

// TestImportCountsOnce checks that a source's count read again is a
// duplicate, another number for the same source, reporter and day is a
// conflict that stores nothing, and that what was stored verifies
// against its log entries.
func TestImportCountsOnce(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	s := app.New(db)
	d := time.Date(2017, 5, 5, 0, 0, 0, 0, time.UTC)
	batch := func() []*truce.ReportedCount {
		return []*truce.ReportedCount{
			{Reporter: "russia", Day: d, Count: 15, Source: "a.txt", Line: 1, Provinces: map[string]int{"Damascus": 9}},
			{Reporter: "russia", Day: d, Count: 15, Source: "a.txt", Line: 4}, // the body repeating the title
			{Reporter: "turkey", Day: d, Count: 11, Source: "a.txt", Line: 2},
		}
	}
	res, err := s.ImportCounts(ctx, app.CLI, app.CountsImport{Source: "news", Counts: batch()})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Stored) != 2 || res.Duplicates != 1 || len(res.Conflicts) != 0 {
		t.Fatalf("first import: stored %d, duplicates %d, conflicts %v; want 2, 1, none", len(res.Stored), res.Duplicates, res.Conflicts)
	}
	again := append(batch(), &truce.ReportedCount{Reporter: "turkey", Day: d, Count: 12, Source: "a.txt", Line: 7})
	res, err = s.ImportCounts(ctx, app.CLI, app.CountsImport{Source: "news", Counts: again})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Stored) != 0 || res.Duplicates != 3 || len(res.Conflicts) != 1 || res.Conflicts[0].Kept.Count != 11 {
		t.Fatalf("again: stored %d, duplicates %d, conflicts %v; want 0, 3, the 12 against 11", len(res.Stored), res.Duplicates, res.Conflicts)
	}
	if want := "a.txt:7: turkey on 2017-05-05: 12, but a.txt:2 gives 11: not stored"; res.Conflicts[0].Error() != want {
		t.Fatalf("conflict says %q, want %q", res.Conflicts[0].Error(), want)
	}
	if _, err := s.ImportCounts(ctx, app.CLI, app.CountsImport{Source: "csv", Counts: []*truce.ReportedCount{{Reporter: "russia", Day: d, Count: -1, Source: "b.csv", Line: 3}}}); truce.ErrorCode(err) != truce.EINVALID {
		t.Fatalf("a negative count: %v, want EINVALID", err)
	}
	recs, err := ledger.VerifyRecords(ctx, db, db)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs.Problems) != 0 || recs.Counts != 2 {
		t.Fatalf("verify: %d counts, problems %v; want 2 and none", recs.Counts, recs.Problems)
	}
}
