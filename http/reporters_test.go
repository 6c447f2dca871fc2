package http_test

import (
	"context"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/app"
	"github.com/truce-monitor/truce/reported"
)

// TestReporters checks GET /api/v1/reporters: the same comparison the
// command line prints, over the incidents of the seeded store, and a bad
// parameter named.
func TestReporters(t *testing.T) {
	ts, db := newServer(t)
	d := func(s string) time.Time { v, _ := truce.ParseDate(s); return v }
	var cs []*truce.ReportedCount
	for i, n := range [][2]int{{15, 11}, {4, 2}, {9, 12}} {
		day := d("2017-05-01").AddDate(0, 0, i)
		cs = append(cs, &truce.ReportedCount{Reporter: "russia", Day: day, Count: n[0], Source: "b.csv", Line: 2 * i},
			&truce.ReportedCount{Reporter: "turkey", Day: day, Count: n[1], Source: "b.csv", Line: 2*i + 1})
	}
	if _, err := app.New(db).ImportCounts(context.Background(), app.CLI, app.CountsImport{Source: "csv", Counts: cs}); err != nil {
		t.Fatal(err)
	}
	var got reported.Comparison
	getJSON(t, ts.URL+"/api/v1/reporters?from=2017-05-01&to=2017-05-31", 200, &got)
	if len(got.Reporters) != 2 || got.Reporters[0].Total != 28 || len(got.Pairs) != 1 || got.Pairs[0].CommonDays != 3 ||
		got.Pairs[0].Spearman == nil || *got.Pairs[0].Spearman != 0.5 || len(got.Incidents) != 2 || got.Incidents[0].CommonDays != 3 || len(got.Caveats) == 0 {
		t.Fatalf("reporters: %+v", got)
	}
	want, err := reported.Build(context.Background(), db, reported.Options{From: d("2017-05-01"), To: d("2017-05-31")})
	if err != nil {
		t.Fatal(err)
	}
	if got.Incidents[0].TotalB != want.Incidents[0].TotalB {
		t.Errorf("incidents: API %d, Build %d", got.Incidents[0].TotalB, want.Incidents[0].TotalB)
	}
	for _, q := range []string{"from=2017-13-01", "from=2017-05-02&to=2017-05-01", "top=0"} {
		getJSON(t, ts.URL+"/api/v1/reporters?"+q, 400, nil)
	}
}
