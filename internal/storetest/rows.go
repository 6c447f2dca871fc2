package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/truce-monitor/truce"
)

// RowsStore is a store that gives back an incident's reports.
type RowsStore interface {
	Store
	ReportsOf(ctx context.Context, incidentID int64) ([]truce.Report, error)
}

// RunRows checks that every report's verbatim row and incident digest come
// back exactly as stored, however the store keeps them (the embedded store
// compresses an import batch's rows together): a large batch, rows of
// every length (none, long, non-ASCII), and a revision stored after it.
func RunRows(t *testing.T, s RowsStore) {
	ctx := context.Background()
	if _, err := s.PutAgreement(ctx, TestAgreement()); err != nil {
		t.Fatal(err)
	}
	const n = 700
	raw := func(i int) string {
		switch i % 5 {
		case 0:
			return ""
		case 1:
			return strings.Repeat(fmt.Sprintf("row %d, ", i), 200)
		case 2:
			return fmt.Sprintf(`%d,"Ḥamā, السلمية",2017-05-%02d`, i, 1+i%28)
		}
		return fmt.Sprintf("row %d", i)
	}
	var batch []*truce.Report
	for i := range n {
		r := NewReport(fmt.Sprintf("k%d", i), "2017-05-10", 36.5, 33.5, raw(i))
		r.Hash = fmt.Sprintf("h-%d", i)
		batch = append(batch, r)
	}
	if _, err := s.PutReports(ctx, "test", placed(batch...)); err != nil {
		t.Fatal(err)
	}
	revision := NewReport("k300", "2017-05-11", 36.5, 33.5, "revised row 300")
	if _, err := s.PutReports(ctx, "test", placed(revision)); err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, inc := range collect(t, s, truce.IncidentFilter{}) {
		ids[inc.SourceKey] = inc.ID
	}
	for _, i := range []int{0, 1, 2, 255, 256, 257, 511, 512, 699, 300} {
		key := fmt.Sprintf("k%d", i)
		rs, err := s.ReportsOf(ctx, ids[key])
		if err != nil || len(rs) == 0 {
			t.Fatalf("ReportsOf(%s) = %v, %v", key, rs, err)
		}
		if got := rs[0].Raw; got != raw(i) {
			t.Errorf("the row of %s came back as %.60q, want %.60q", key, got, raw(i))
		}
		if i == 300 && (len(rs) != 2 || rs[1].Raw != "revised row 300") {
			t.Errorf("the reports of k300 = %+v, want the row and its revision", rs)
		}
	}
}
