package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/sqlite"
)

// TestImportWorkers imports each file with one parsing worker and with
// several into fresh stores and checks that the stores hold the same
// reports under the same IDs, the same incidents in the same zones, and log
// entries with the same bodies, and that both logs verify: the number of
// workers must change only how fast an import runs.
func TestImportWorkers(t *testing.T) {
	sim := simulatedWithBadRows(t)
	stray := withStrayQuote(t, sim, 1000)
	for _, tc := range []struct {
		name  string
		args  []string
		batch int // reports per batch: small, so that batches end inside chunks
		fatal string
	}{
		{"ucdp", []string{"ucdp", sim}, 301, ""},
		// Reading stops at the stray quote: the batches before it are
		// stored, the unfinished one is not, whatever the workers.
		{"ucdp stray quote", []string{"ucdp", stray}, 301, "stray quote"},
		{"csv", []string{"--map", "id=id,date=date_start,date_end=date_end,lat=latitude,lon=longitude,fatalities=best,side_a=side_a,side_b=side_b", "csv", sim}, 1000, ""},
		{"acled", []string{"acled", "../../acled/testdata/acled_errors.csv"}, 2, ""},
		{"acled-deletions", []string{"acled-deletions", "../../acled/testdata/deletions.csv"}, 1, ""},
		// GeoJSON readers hand out parsed reports, not records: the
		// workers only place and digest them.
		{"geojson", []string{"geojson", "../../geojson/testdata/incidents.geojson"}, 1, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func(n int) { batchSize = n }(batchSize)
			batchSize = tc.batch
			var stores []storeContents
			for _, workers := range []int{1, 4} {
				db := newDB(t)
				mustRun(t, db, "agreement", "load", astana)
				code, out, errs := run(t, db, append([]string{"import", "--workers", fmt.Sprint(workers)}, tc.args...)...)
				if code != 0 && code != exitError { // exitError: rows rejected, the rest stored
					t.Fatalf("import --workers %d: exit %d\n%s\n%s", workers, code, out, errs)
				}
				if tc.fatal != "" && (code != exitError || !strings.Contains(errs, tc.fatal)) {
					t.Fatalf("import --workers %d: exit %d, stderr %q; want exit 1 naming the %s", workers, code, errs, tc.fatal)
				}
				mustRun(t, db, "log", "head") // signs a head for verify to check against
				if out := mustRun(t, db, "log", "verify"); !strings.Contains(out, "OK") {
					t.Fatalf("log verify after import --workers %d:\n%s", workers, out)
				}
				stores = append(stores, readStore(t, db))
			}
			one, many := stores[0], stores[1]
			if len(one.reports) == 0 || len(one.log) < 2 {
				t.Fatalf("the fixture stored %d reports in %d log entries: too few to compare", len(one.reports), len(one.log))
			}
			for _, c := range []struct {
				what      string
				one, many any
			}{
				{"reports", one.reports, many.reports},
				{"log entries", one.log, many.log},
				{"incidents", one.incidents, many.incidents},
				{"zones", one.zones, many.zones},
			} {
				if !reflect.DeepEqual(c.one, c.many) {
					t.Errorf("%s differ between 1 and 4 workers:\n 1: %.2000v\n 4: %.2000v", c.what, c.one, c.many)
				}
			}
		})
	}
}

// storeContents is what an import leaves in a store, less the times that
// differ from run to run (when each report was received, when each entry
// was logged).
type storeContents struct {
	reports   []truce.Report
	log       []string // kind, actor and body of each entry
	incidents string
	zones     string
}

func readStore(t *testing.T, db string) storeContents {
	t.Helper()
	ctx := context.Background()
	var c storeContents
	c.incidents = mustRun(t, db, "incidents", "--format", "csv")
	c.zones = mustRun(t, db, "zones", "--format", "json")
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	hw, err := st.ReportsHighWater(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.ReportRange(ctx, 0, hw, func(r *truce.Report) error {
		r.ReceivedAt = time.Time{}
		c.reports = append(c.reports, *r)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := st.LogEntries(ctx, 0, 1<<40, func(e *truce.LogEntry) error {
		if e.Kind != truce.LogAgreement { // the agreement's entry names its load time
			c.log = append(c.log, e.Kind+"\x00"+e.Actor+"\x00"+string(e.Body))
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return c
}

// simulatedWithBadRows writes a simulated UCDP-shaped file of a few
// thousand rows, some of them unreadable and some repeated, so that
// rejections and duplicates fall inside chunks and batches.
func simulatedWithBadRows(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	clean := filepath.Join(dir, "clean.csv")
	mustRun(t, "", "simulate", "--days", "90", "--rows", "2500", "--seed", "3", "--out", clean)
	f, err := os.Open(clean)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	lat := -1
	for i, h := range rows[0] {
		if h == "latitude" {
			lat = i
		}
	}
	if lat < 0 || len(rows) < 2400 {
		t.Fatalf("simulated file: %d rows, latitude column %d", len(rows), lat)
	}
	for _, i := range []int{1, 255, 256, 257, 900, 2301} {
		rows[i][lat] = "north"
	}
	rows = append(rows, rows[10], rows[700], rows[2000]) // duplicates
	out := filepath.Join(dir, "sim_badrows.csv")
	g, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(g)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	if err := g.Close(); err != nil {
		t.Fatal(err)
	}
	return out
}

// withStrayQuote copies a CSV file with a quote opened and never closed at
// the start of line n's last cell: the field runs on into the next line,
// which stops an import there rather than costing one row.
func withStrayQuote(t *testing.T, path string, n int) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	if len(lines) <= n {
		t.Fatalf("%s has %d lines, want more than %d", path, len(lines), n)
	}
	i := strings.LastIndexByte(lines[n], ',')
	lines[n] = lines[n][:i+1] + `"` + lines[n][i+1:]
	out := filepath.Join(t.TempDir(), "stray.csv")
	if err := os.WriteFile(out, []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}
