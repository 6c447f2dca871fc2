package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/truce-monitor/truce/internal/pgtest"
	"github.com/truce-monitor/truce/internal/shared"
)

var update = flag.Bool("update", false, "rewrite golden files")

const astana = "../../agreements/astana-2017.yaml"

// run runs the program in-process against a store in dir and returns its
// exit code and output streams.
func run(t *testing.T, db string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, DBPath: db}
	code = m.Run(context.Background(), args)
	return code, out.String(), errb.String()
}

// mustRun runs the program and fails the test unless it exits 0.
func mustRun(t *testing.T, db string, args ...string) string {
	t.Helper()
	code, out, errs := run(t, db, args...)
	if code != 0 {
		t.Fatalf("truce %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, out, errs)
	}
	return out
}

func newDB(t *testing.T) string { return filepath.Join(t.TempDir(), "truce.db") }

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Fatalf("output differs from %s (run go test -update if the change is intended)\n got:\n%s\nwant:\n%s", path, got, want)
	}
}

func TestAgreementLoad(t *testing.T) {
	db := newDB(t)
	out := mustRun(t, db, "agreement", "load", astana)
	if !strings.Contains(out, "loaded agreement astana-2017 (version 1)") {
		t.Fatalf("unexpected output:\n%s", out)
	}
	// Loading the same file again keeps its version.
	if out := mustRun(t, db, "agreement", "load", astana); !strings.Contains(out, "(version 1)") {
		t.Fatalf("reload made a new version:\n%s", out)
	}
	out = mustRun(t, db, "agreement", "list")
	if !regexp.MustCompile(`(?m)^\*\s+astana-2017\s+1\s+[45]\s`).MatchString(out) {
		t.Fatalf("agreement list:\n%s", out)
	}
	t.Run("ErrMissingFile", func(t *testing.T) {
		code, _, errs := run(t, db, "agreement", "load", "testdata/nope.yaml")
		if code != exitError || !strings.Contains(errs, "nope.yaml") {
			t.Fatalf("exit %d, stderr %q", code, errs)
		}
	})
	t.Run("ErrBadFile", func(t *testing.T) {
		code, _, errs := run(t, db, "agreement", "load", "testdata/bad_agreement.yaml")
		if code != exitError || !strings.Contains(errs, "bad_agreement.yaml:") {
			t.Fatalf("exit %d, stderr %q", code, errs)
		}
		// The failed load must leave the stored agreement alone.
		if out := mustRun(t, db, "agreement", "list"); !strings.Contains(out, "astana-2017") || strings.Contains(out, "bad") {
			t.Fatalf("after a failed load:\n%s", out)
		}
	})
	t.Run("ErrUse", func(t *testing.T) {
		if code, _, errs := run(t, db, "agreement", "use", "nope"); code != exitError || !strings.Contains(errs, "nope") {
			t.Fatalf("exit %d, stderr %q", code, errs)
		}
	})
}

func TestImport(t *testing.T) {
	db := newDB(t)
	mustRun(t, db, "agreement", "load", astana)
	out := mustRun(t, db, "import", "ucdp", "testdata/ucdp_small.csv")
	if !strings.Contains(out, "read 5, stored 5, revised 0, duplicates 0, rejected 0") {
		t.Fatalf("first import:\n%s", out)
	}
	out = mustRun(t, db, "import", "ucdp", "testdata/ucdp_small.csv")
	if !strings.Contains(out, "read 5, stored 0, revised 0, duplicates 5, rejected 0") {
		t.Fatalf("re-import must store nothing:\n%s", out)
	}
	zones := mustRun(t, db, "zones", "--format", "json")
	golden(t, "zones_small.json", zones)

	for _, format := range []string{"csv", "json", "geojson", "table"} {
		t.Run("Format"+format, func(t *testing.T) {
			golden(t, "incidents_small."+format, mustRun(t, db, "incidents", "--format", format))
		})
	}
	t.Run("ZoneFilter", func(t *testing.T) {
		out := mustRun(t, db, "incidents", "--zone", "eastern-ghouta", "--from", "2017-05-06", "--to", "2017-06-30", "--type", "airstrike", "--format", "csv")
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != 2 || !strings.Contains(lines[1], "9000001") {
			t.Fatalf("want only the Douma airstrike:\n%s", out)
		}
	})
	t.Run("ErrUnknownZone", func(t *testing.T) {
		code, _, errs := run(t, db, "incidents", "--zone", "atlantis")
		if code != exitError || !strings.Contains(errs, `no zone "atlantis"`) || !strings.Contains(errs, "idlib") {
			t.Fatalf("exit %d, stderr %q", code, errs)
		}
	})
	t.Run("ErrBadFlags", func(t *testing.T) {
		for _, args := range [][]string{
			{"incidents", "--from", "2017-13-01"},
			{"incidents", "--type", "picnic"},
			{"incidents", "--format", "xml"},
			{"incidents", "--from", "2017-06-01", "--to", "2017-05-01"},
			{"import", "ucdp"},
			{"import", "shapefile", "x.shp"},
			{"import", "csv", "x.csv"},
			{"frobnicate"},
		} {
			if code, _, errs := run(t, db, args...); code != exitUsage || errs == "" {
				t.Errorf("truce %s: exit %d, stderr %q; want exit 2 and a message", strings.Join(args, " "), code, errs)
			}
		}
	})
}

func TestImportBadRow(t *testing.T) {
	db := newDB(t)
	mustRun(t, db, "agreement", "load", astana)
	// The bad row is named and skipped, the others stored, and the
	// command fails so that a script does not take it for a whole import.
	code, out, errs := run(t, db, "import", "ucdp", "testdata/ucdp_badrow.csv")
	if code != exitError || !strings.Contains(out, "read 3, stored 2, revised 0, duplicates 0, rejected 1") || !strings.Contains(out, "ucdp_badrow.csv:3") ||
		!strings.Contains(errs, "1 rows rejected (listed above); the others were imported") {
		t.Fatalf("bad row must be reported with file and line and skipped, exit 1: exit %d\n%s\n%s", code, out, errs)
	}
	t.Run("Strict", func(t *testing.T) {
		db := newDB(t)
		code, _, errs := run(t, db, "import", "--strict", "ucdp", "testdata/ucdp_badrow.csv")
		if code != exitError || !strings.Contains(errs, "ucdp_badrow.csv:3") || !strings.Contains(errs, "nothing imported") {
			t.Fatalf("exit %d, stderr %q", code, errs)
		}
		// It fails before opening the store, so it does not create one.
		if _, err := os.Stat(db); !os.IsNotExist(err) {
			t.Fatalf("--strict created the store: %v", err)
		}
	})
	t.Run("KeepsStored", func(t *testing.T) {
		// A later bad import must not lose what is stored.
		mustRun(t, db, "import", "ucdp", "testdata/ucdp_small.csv")
		run(t, db, "import", "--strict", "ucdp", "testdata/ucdp_badrow.csv")
		if out := mustRun(t, db, "incidents", "--format", "csv"); strings.Count(out, "\n") != 6 {
			t.Fatalf("want 5 incidents after a failed strict import:\n%s", out)
		}
	})
}

func TestImportBeforeAgreement(t *testing.T) {
	db := newDB(t)
	mustRun(t, db, "import", "ucdp", "testdata/ucdp_small.csv")
	mustRun(t, db, "agreement", "load", astana)
	// Loading the agreement places what was imported before it.
	got := mustRun(t, db, "zones", "--format", "json")
	golden(t, "zones_small.json", got)
}

func TestSimulate(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	mustRun(t, "", "simulate", "--days", "60", "--seed", "7", "--out", a)
	mustRun(t, "", "simulate", "--days", "60", "--seed", "7", "--out", b)
	ba, _ := os.ReadFile(a)
	bb, _ := os.ReadFile(b)
	if len(ba) == 0 || !bytes.Equal(ba, bb) {
		t.Fatalf("the same seed must give the same bytes (%d vs %d bytes)", len(ba), len(bb))
	}
	db := newDB(t)
	mustRun(t, db, "agreement", "load", astana)
	out := mustRun(t, db, "import", "ucdp", a)
	n := bytes.Count(ba, []byte("\n")) - 1
	if !strings.Contains(out, ", rejected 0") || !strings.Contains(out, "read "+strconv.Itoa(n)+", stored "+strconv.Itoa(n)) {
		t.Fatalf("simulated file must import whole (%d rows):\n%s", n, out)
	}
}

func TestDemo(t *testing.T) {
	db := newDB(t)
	out := mustRun(t, db, "demo", "--days", "120", "--serve", "")
	for _, want := range []string{"loaded agreement astana-2017", "stored", "eastern-ghouta", "idlib", "northern-homs", "south"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
	// Running it again adds nothing.
	if out := mustRun(t, db, "demo", "--days", "120", "--serve", ""); !strings.Contains(out, "stored 0,") {
		t.Fatalf("second demo run stored incidents:\n%s", out)
	}
}

func TestRealUCDP(t *testing.T) {
	ged := shared.Path(t, "ucdp/ged_syria_2016-2019_ged191.csv")
	db := newDB(t)
	mustRun(t, db, "agreement", "load", astana)
	out := mustRun(t, db, "import", "ucdp", ged)
	if !strings.Contains(out, "read 16566, stored 16566, revised 0, duplicates 0, rejected 0") {
		t.Fatalf("import of the real UCDP file:\n%s", out)
	}
	// Zone counts are part of the contract with users: a change must be
	// deliberate (a new agreement file or placement rule), seen in review.
	golden(t, "zones_ucdp_real.json", mustRun(t, db, "zones", "--format", "json"))
}

func TestRealUCDPWithBoundaries(t *testing.T) {
	ged := shared.Path(t, "ucdp/ged_syria_2016-2019_ged191.csv")
	adm1 := shared.Path(t, "boundaries/syr_admin1_ocha2015.geojson")
	adm2 := shared.Path(t, "boundaries/syr_admin2_ocha2015.geojson")
	db := newDB(t)
	mustRun(t, db, "agreement", "load", astana)
	mustRun(t, db, "import", "ucdp", ged)
	before := mustRun(t, db, "zones", "--format", "json")
	out := mustRun(t, db, "boundaries", "load", "--adm1", adm1, "--adm2", adm2)
	if !strings.Contains(out, "loaded 14 governorates and 61 districts") {
		t.Fatalf("boundaries load:\n%s", out)
	}
	if out := mustRun(t, db, "boundaries", "list"); !regexp.MustCompile(`(?m)^2\s+SY0302\s+Duma\s+SY03$`).MatchString(out) {
		t.Fatalf("boundaries list lacks Duma:\n%s", out)
	}
	after := mustRun(t, db, "zones", "--format", "json")
	if after == before {
		t.Fatal("loading boundaries changed no placement: district- and governorate-level events should now be placed by their units")
	}
	golden(t, "zones_ucdp_real_ocha.json", after)
	t.Run("AdminZone", func(t *testing.T) {
		// Without boundaries an admin-unit zone cannot be resolved.
		code, _, errs := run(t, newDB(t), "agreement", "load", "testdata/admin_agreement.yaml")
		if code != exitError || !strings.Contains(errs, "SY0700") {
			t.Fatalf("exit %d, stderr %q", code, errs)
		}
		out := mustRun(t, db, "agreement", "load", "testdata/admin_agreement.yaml")
		if !strings.Contains(out, "loaded agreement admin-test") {
			t.Fatalf("agreement load:\n%s", out)
		}
		zones := mustRun(t, db, "zones", "--format", "json")
		if !regexp.MustCompile(`"inside": [1-9]`).MatchString(zones) {
			t.Fatalf("the Idleb district zone holds no incident:\n%s", zones)
		}
		mustRun(t, db, "agreement", "use", "astana-2017")
	})
	t.Run("ErrBadFile", func(t *testing.T) {
		code, _, errs := run(t, db, "boundaries", "load", "--adm1", "testdata/bad_agreement.yaml")
		if code != exitError || !strings.Contains(errs, "bad_agreement.yaml") {
			t.Fatalf("exit %d, stderr %q", code, errs)
		}
		// A failed load keeps the stored boundaries.
		if out := mustRun(t, db, "zones", "--format", "json"); out != after {
			t.Fatal("a failed boundaries load changed placements")
		}
	})
}

func TestACLEDRevisionsAndDeletions(t *testing.T) {
	db := newDB(t)
	mustRun(t, db, "agreement", "load", astana)
	out := mustRun(t, db, "import", "acled", "../../acled/testdata/acled_2023.csv")
	m := regexp.MustCompile(`read (\d+), stored (\d+),`).FindStringSubmatch(out)
	if m == nil || m[1] != m[2] {
		t.Fatalf("ACLED import:\n%s", out)
	}
	n, _ := strconv.Atoi(m[2])
	count := func() int {
		return strings.Count(mustRun(t, db, "incidents", "--format", "csv"), "\n") - 1
	}
	// The next export revises TST1's date: an upsert, not a new incident.
	orig, err := os.ReadFile("../../acled/testdata/acled_2023.csv")
	if err != nil {
		t.Fatal(err)
	}
	revised := strings.Replace(string(orig), "TST1,2017-05-06,", "TST1,2017-05-07,", 1)
	if revised == string(orig) {
		t.Fatal("fixture changed: TST1 row not found")
	}
	next := filepath.Join(t.TempDir(), "acled-next.csv")
	if err := os.WriteFile(next, []byte(revised), 0o644); err != nil {
		t.Fatal(err)
	}
	if out := mustRun(t, db, "import", "acled", next); !strings.Contains(out, fmt.Sprintf("stored 0, revised 1, duplicates %d,", n-1)) {
		t.Fatalf("importing the revised export:\n%s", out)
	}
	if got := count(); got != n {
		t.Fatalf("%d incidents after a revision, want %d", got, n)
	}
	// The fixture has two bad rows: named, skipped, and the command fails.
	code, out, _ := run(t, db, "import", "acled-deletions", "../../acled/testdata/deletions.csv")
	if code != exitError || !strings.Contains(out, "withdrawn 2, rejected 2") {
		t.Fatalf("deletions import: exit %d\n%s", code, out)
	}
	if got := count(); got != n-2 {
		t.Fatalf("%d incidents after deleting 2 of %d", got, n)
	}
	if _, out, _ := run(t, db, "import", "acled-deletions", "../../acled/testdata/deletions.csv"); !strings.Contains(out, "stored 0, revised 0, duplicates 2, rejected 2") {
		t.Fatalf("re-importing deletions:\n%s", out)
	}
}

func TestAdjudicateAndWhy(t *testing.T) {
	db := newDB(t)
	mustRun(t, db, "agreement", "load", astana)
	mustRun(t, db, "import", "ucdp", "testdata/ucdp_small.csv")
	t.Run("ErrBeforeAdjudicate", func(t *testing.T) {
		code, _, errs := run(t, db, "why", "ucdp:9000001")
		if code != exitError || !strings.Contains(errs, "truce adjudicate") {
			t.Fatalf("exit %d, stderr %q", code, errs)
		}
	})
	first := mustRun(t, db, "adjudicate")
	if again := mustRun(t, db, "adjudicate"); again != first {
		t.Fatalf("adjudicate is not idempotent:\n%s\nthen\n%s", first, again)
	}
	golden(t, "adjudicate_small.txt", first)
	for _, key := range []string{"9000001", "9000002", "9000003", "9000004"} {
		golden(t, "why_"+key+".txt", mustRun(t, db, "why", "ucdp:"+key))
	}
	t.Run("Verdicts", func(t *testing.T) {
		// 9000001 is an air strike in eastern Ghouta that killed civilians
		// (a violation whoever the target); 9000003 is ISIL against the
		// SDF in Raqqa, outside every zone.
		out := mustRun(t, db, "incidents", "--verdict", "violation")
		if !strings.Contains(out, "ucdp:9000001") || strings.Contains(out, "ucdp:9000003") || !regexp.MustCompile(`(?m)^ucdp:9000001 .* violation +grave +eastern-`).MatchString(out) {
			t.Fatalf("incidents --verdict violation:\n%s", out)
		}
		out = mustRun(t, db, "incidents", "--verdict", "not_violation,probably_not", "--format", "csv")
		if !strings.Contains(out, ",9000003,") || strings.Contains(out, ",9000001,") || !strings.Contains(out, ",not_violation,0,0,0,,") {
			t.Fatalf("incidents --verdict not_violation,probably_not:\n%s", out)
		}
		if code, _, errs := run(t, db, "incidents", "--verdict", "guilty"); code != exitUsage || !strings.Contains(errs, `verdict "guilty"`) {
			t.Fatalf("--verdict guilty: exit %d, stderr %q", code, errs)
		}
	})
	t.Run("ErrUnknown", func(t *testing.T) {
		for _, arg := range []string{"ucdp:1", "999999", "nonsense"} {
			if code, _, errs := run(t, db, "why", arg); code == exitOK || errs == "" {
				t.Errorf("why %s: exit %d, stderr %q", arg, code, errs)
			}
		}
	})
}

func TestStatusAndTrend(t *testing.T) {
	dir := t.TempDir()
	sim := filepath.Join(dir, "sim.csv")
	mustRun(t, "", "simulate", "--days", "240", "--seed", "7", "--out", sim)
	db := newDB(t)
	mustRun(t, db, "agreement", "load", astana)
	mustRun(t, db, "import", "ucdp", sim)
	t.Run("ErrBeforeAdjudicate", func(t *testing.T) {
		if code, _, errs := run(t, db, "status", "--date", "2017-06-15"); code != exitError || !strings.Contains(errs, "truce adjudicate") {
			t.Fatalf("exit %d, stderr %q", code, errs)
		}
	})
	mustRun(t, db, "adjudicate")
	golden(t, "status_sim.txt", mustRun(t, db, "status", "--date", "2017-06-15", "--from", "2017-05-01", "--to", "2017-06-30", "--zone", "idlib"))
	golden(t, "status_sim.json", mustRun(t, db, "status", "--date", "2017-06-15", "--format", "json"))
	if out := mustRun(t, db, "status", "--date", "2017-06-15", "--window", "30"); !strings.Contains(out, "window: 30 days") {
		t.Fatalf("status --window 30:\n%s", out)
	}
	golden(t, "trend_sim.txt", mustRun(t, db, "trend", "--zone", "eastern-ghouta", "--before", "90d", "--after", "90d"))
	out := mustRun(t, db, "trend", "--zone", "idlib", "--format", "json")
	var tr struct {
		RateRatio float64 `json:"rate_ratio"`
		Verdict   string  `json:"verdict"`
	}
	if err := json.Unmarshal([]byte(out), &tr); err != nil {
		t.Fatal(err)
	}
	// The simulator's ceasefire cuts violence in zones to 35 %.
	if tr.RateRatio < 0.2 || tr.RateRatio > 0.55 || tr.Verdict != "significant decline" {
		t.Fatalf("trend on simulated data with a 0.35 effect: %+v", tr)
	}
	t.Run("ErrFlags", func(t *testing.T) {
		for _, args := range [][]string{
			{"status"},
			{"status", "--date", "2017-06-15", "--from", "2017-05-01"},
			{"status", "--date", "2017-06-15", "--window", "-1"},
			{"trend"},
			{"trend", "--zone", "idlib", "--before", "-3d"},
			{"trend", "--zone", "idlib", "--metric", "smiles"},
		} {
			if code, _, errs := run(t, db, args...); code != exitUsage || errs == "" {
				t.Errorf("truce %s: exit %d, stderr %q; want exit 2", strings.Join(args, " "), code, errs)
			}
		}
		if code, _, _ := run(t, db, "trend", "--zone", "atlantis"); code != exitError {
			t.Errorf("trend --zone atlantis: exit %d, want 1", code)
		}
	})
}

// TestPostgres runs the CLI against PostgreSQL and expects the same answers
// as from the embedded store: the same golden files.
func TestPostgres(t *testing.T) {
	db := pgtest.FreshSchema(t)
	mustRun(t, db, "agreement", "load", astana)
	out := mustRun(t, db, "import", "ucdp", "testdata/ucdp_small.csv")
	if !strings.Contains(out, "read 5, stored 5, revised 0, duplicates 0, rejected 0") {
		t.Fatalf("import into PostgreSQL:\n%s", out)
	}
	if out := mustRun(t, db, "import", "ucdp", "testdata/ucdp_small.csv"); !strings.Contains(out, "stored 0, revised 0, duplicates 5") {
		t.Fatalf("re-import into PostgreSQL:\n%s", out)
	}
	golden(t, "zones_small.json", mustRun(t, db, "zones", "--format", "json"))
	for _, format := range []string{"csv", "geojson"} {
		golden(t, "incidents_small."+format, mustRun(t, db, "incidents", "--format", format))
	}
	golden(t, "adjudicate_small.txt", mustRun(t, db, "adjudicate"))
	for _, key := range []string{"9000001", "9000002", "9000003", "9000004"} {
		golden(t, "why_"+key+".txt", mustRun(t, db, "why", "ucdp:"+key))
	}
	mustRun(t, db, "claims", "check", "--text", "The ceasefire is holding in all zones", "--date", "2017-06-15", "--speaker", "A spokesman")
	if out := mustRun(t, db, "claims", "list"); !strings.Contains(out, "A spokesman") {
		t.Fatalf("claims list on PostgreSQL:\n%s", out)
	}
}

// lockedBuffer is a bytes.Buffer safe to read while the program writes it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestDemoTokensLast checks that the serving demo prints its tokens after
// the server's start-up lines, with the sign-in address, as the last thing
// before the request log (they used to scroll away above it).
func TestDemoTokensLast(t *testing.T) {
	var out, errb lockedBuffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, DBPath: newDB(t)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- m.Run(ctx, []string{"demo", "--days", "30", "--serve", "127.0.0.1:0"}) }()
	deadline := time.Now().Add(90 * time.Second)
	for !strings.Contains(out.String(), "Ctrl-C stops the server.") {
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("no sign-in hint after 90 s:\n%s\nstderr:\n%s", out.String(), errb.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("demo exit %d: %s", code, errb.String())
	}
	s := out.String()
	serving, admin, monitor := strings.Index(s, "Truce is serving on http://127.0.0.1:"), strings.Index(s, "  admin    truce_"), strings.Index(s, "  monitor  truce_")
	if serving < 0 || admin < serving || monitor < admin || !strings.Contains(s[serving:], "/signin with one of these tokens") {
		t.Fatalf("tokens not after the start-up lines:\n%s", s)
	}
	if !strings.HasSuffix(strings.TrimSpace(s), "Requests are logged on stderr below; Ctrl-C stops the server.") {
		t.Errorf("the sign-in hint is not the last thing printed:\n%s", s[serving:])
	}
}
