package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/truce-monitor/truce/internal/pgtest"
	"github.com/truce-monitor/truce/reported"
)

const countsCSV = `reporter,day,count,province,source
Russian side,2017-06-09,15,,tass-1
Russian side,2017-06-09,9,Idlib,tass-1
Russian side,2017-06-09,6,Daraa,tass-1
Turkish side,2017-06-09,11,,tass-1
russia,2017-06-10,4,,tass-2
turkey,2017-06-10,2,,tass-2
russia,2017-06-12,20,Daraa,tass-3
turkey,2017-06-12,25,,tass-3
russia,2017-06-15,3,,tass-4
turkey,2017-06-15,1,,tass-4
russia,2017-06-16,7,,tass-5
russia,2017-06-31,7,,tass-6
`

func TestReporters(t *testing.T) { testReporters(t, newDB(t)) }

func TestReportersPostgres(t *testing.T) { testReporters(t, pgtest.FreshSchema(t)) }

// testReporters imports counts from a CSV (one bad row named by file, line
// and field; importing again stores nothing), and compares them with the
// incidents of testdata/ucdp_small.csv: the table, JSON and CSV outputs.
func testReporters(t *testing.T, db string) {
	mustRun(t, db, "agreement", "load", astana)
	mustRun(t, db, "import", "ucdp", "testdata/ucdp_small.csv")
	path := filepath.Join(t.TempDir(), "counts.csv")
	if err := os.WriteFile(path, []byte(countsCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	// The bad row is named, the others stored, and the command fails.
	code, out, errs := run(t, db, "import", "counts", path)
	for _, want := range []string{`counts.csv:13: field "day": "2017-06-31": want a day YYYY-MM-DD`, "read 9, stored 9, duplicates 0, conflicts 0, rejected 1"} {
		if !strings.Contains(out, want) {
			t.Errorf("import counts does not say %q:\n%s", want, out)
		}
	}
	if code != exitError || !strings.Contains(errs, "1 rows rejected") {
		t.Errorf("import counts with a bad row: exit %d, %q; want 1", code, errs)
	}
	if _, out, _ := run(t, db, "import", "counts", path); !strings.Contains(out, "read 9, stored 0, duplicates 9") {
		t.Errorf("import counts again:\n%s", out)
	}
	if code, _, errs := run(t, db, "import", "counts", "--strict", path); code != exitError || !strings.Contains(errs, "nothing imported (--strict)") {
		t.Errorf("--strict with a bad row: exit %d, %s", code, errs)
	}
	table := mustRun(t, db, "reporters", "--from", "2017-06-01", "--to", "2017-06-30")
	golden(t, "reporters_small.txt", table)
	var cmp reported.Comparison
	if err := json.Unmarshal([]byte(mustRun(t, db, "reporters", "--format", "json")), &cmp); err != nil {
		t.Fatal(err)
	}
	// Turkey did not report on 16 June: four common days, not five.
	if len(cmp.Pairs) != 1 || cmp.Pairs[0].CommonDays != 4 || cmp.Pairs[0].TotalA != 42 || cmp.Pairs[0].TotalB != 39 || cmp.Reporters[0].Days != 5 {
		t.Errorf("json: %+v", cmp)
	}
	// In Idlib: 9 of 9 June's breakdown, and 0 on 12 June, whose count is
	// its province rows' sum (so a full breakdown without Idlib), when
	// the store has the Idlib battle of 12 June; 16 June has no breakdown,
	// so it is missing.
	csvOut := mustRun(t, db, "reporters", "--format", "csv", "--province", "Idlib governorate")
	if want := "day,russia,incidents\n2017-06-09,9,0\n2017-06-12,0,1\n"; csvOut != want {
		t.Errorf("csv for Idlib:\n%s\nwant:\n%s", csvOut, want)
	}
	for _, args := range [][]string{
		{"reporters", "--format", "xml"},
		{"reporters", "--from", "2017-02-30"},
		{"reporters", "--from", "2017-06-02", "--to", "2017-06-01"},
		{"reporters", "extra"},
		{"import", "counts"},
	} {
		if code, _, errs := run(t, db, args...); code != exitUsage || errs == "" {
			t.Errorf("%q: exit %d, stderr %q; want a usage error", args, code, errs)
		}
	}
	if code, _, errs := run(t, db, "import", "counts", filepath.Join(t.TempDir(), "none.csv")); code != exitError || !strings.Contains(errs, "none.csv") {
		t.Errorf("a missing file: exit %d, %q", code, errs)
	}
}

// TestImportNewsCounts checks that `truce import news` stores the counts
// a bulletin reports, dated by the rule it names, once.
func TestImportNewsCounts(t *testing.T) {
	db := newDB(t)
	mustRun(t, db, "agreement", "load", astana)
	dir := t.TempDir()
	text := "Date: 2017-06-10\n\nMOSCOW, June 10. /TASS/. Russian observers registered 15 ceasefire violations in Syria in the past 24 hours, in the provinces of Idlib (9) and Daraa (6), the bulletin said. The Turkish side registered 11 ceasefire violations.\n"
	if err := os.WriteFile(filepath.Join(dir, "bulletin.txt"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	out := mustRun(t, db, "import", "news", dir)
	for _, want := range []string{
		"count: russia 2017-06-09: 15 (Idlib 9, Daraa 6), bulletin.txt#sentence-1 (day before publication: the sentence counts the past 24 hours)",
		"count: turkey 2017-06-09: 11, bulletin.txt#sentence-2 (day before publication: the article counts the past 24 hours)",
		"read 2, stored 2, duplicates 0, conflicts 0",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("import news does not say %q:\n%s", want, out)
		}
	}
	if out := mustRun(t, db, "import", "news", dir); !strings.Contains(out, "read 2, stored 0, duplicates 2") {
		t.Errorf("import news again:\n%s", out)
	}
	mustRun(t, db, "log", "head")
	if out := mustRun(t, db, "log", "verify"); !strings.Contains(out, "2 reported counts") {
		t.Errorf("verify:\n%s", out)
	}
}
