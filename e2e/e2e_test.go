// Package e2e holds the end-to-end tests of Truce's web dashboard: a
// seeded store served in-process, driven by headless Chromium through
// playwright-core (run.mjs). The test skips, saying why, when node,
// /usr/bin/chromium or e2e/node_modules are missing: install them with
// `apt-get install -y chromium nodejs npm` and `(cd e2e && npm ci)`.
package e2e

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"io"
	"log/slog"
	"net"
	nethttp "net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/app"
	"github.com/truce-monitor/truce/claim"
	"github.com/truce-monitor/truce/gazetteer"
	"github.com/truce-monitor/truce/geo"
	trucehttp "github.com/truce-monitor/truce/http"
	"github.com/truce-monitor/truce/internal/storetest"
	"github.com/truce-monitor/truce/ledger"
	"github.com/truce-monitor/truce/sqlite"
	"github.com/truce-monitor/truce/web"
)

const chromium = "/usr/bin/chromium"

// seed loads the Astana agreement, a simulated year from 2017-01-01
// (placed and judged) and one checked claim into db.
func seed(t *testing.T, db *sqlite.DB) {
	t.Helper()
	ctx := context.Background()
	// TRUCE_E2E_DAYS seeds more (e.g. 4700 days, about 100,000 incidents)
	// to check the first paint on a large store; screenshots and counts
	// assume the default year.
	days := 365
	if v, err := strconv.Atoi(os.Getenv("TRUCE_E2E_DAYS")); err == nil && v > 0 {
		days = v
	}
	a := storetest.SeedAstana(t, db, time.Time{}, days)
	day, _ := truce.ParseDate("2017-06-15")
	c := &truce.Claim{Speaker: "A spokesman", Text: "The ceasefire is holding in all the de-escalation zones", Date: day, Source: "e2e seed"}
	if err := claim.ReadClaim(c, a, claim.ClaimOverrides{}, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := claim.CheckStored(ctx, db, a, 1, c, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := db.PutClaim(ctx, c); err != nil {
		t.Fatal(err)
	}
	// Reported counts for the reporters page: a test series of two sides
	// over four days (the last reported by one side only), marked as such.
	var cs []*truce.ReportedCount
	for i, n := range [][2]int{{15, 11}, {4, 2}, {9, 12}, {7, -1}} {
		d := day.AddDate(0, -1, i) // from 2017-05-15
		cs = append(cs, &truce.ReportedCount{Reporter: "russia", Day: d, Count: n[0], Source: "e2e-test-counts.csv", Line: 2 * i})
		if n[1] >= 0 {
			cs = append(cs, &truce.ReportedCount{Reporter: "turkey", Day: d, Count: n[1], Source: "e2e-test-counts.csv", Line: 2*i + 1})
		}
	}
	if _, err := app.New(db).ImportCounts(ctx, app.CLI, app.CountsImport{Source: "csv", Counts: cs}); err != nil {
		t.Fatal(err)
	}
}

// boundaries stores the OCHA governorates and districts of ../shared/data
// when they are there (the map then draws them) and says which: run.mjs
// checks the drawn borders, or the legend's "none loaded", accordingly.
func boundaries(t *testing.T, db truce.BoundaryService) string {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", "data", "boundaries")
	adm1, adm2 := filepath.Join(dir, "syr_admin1_ocha2015.geojson"), filepath.Join(dir, "syr_admin2_ocha2015.geojson")
	if _, err := os.Stat(adm2); err != nil || os.Getenv("TRUCE_E2E_NO_BOUNDARIES") == "1" {
		t.Log("no boundaries loaded: the map's legend must say so")
		return "none"
	}
	areas, err := geo.LoadAdminAreas(adm1, adm2)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.PutAdminUnits(context.Background(), "ocha2015", append(areas.Units(1), areas.Units(2)...)); err != nil {
		t.Fatal(err)
	}
	return "loaded"
}

// tokens creates a token per role when the store keeps tokens, and returns
// them as run.mjs's environment (TRUCE_TOKEN_VIEWER, …).
func tokens(t *testing.T, db any) []string {
	t.Helper()
	ts, ok := db.(truce.TokenService)
	if !ok {
		t.Log("the store keeps no tokens yet: the write steps are skipped")
		return nil
	}
	var env []string
	for _, role := range []truce.Role{truce.RoleViewer, truce.RoleMonitor, truce.RoleAnalyst} {
		secret, hash := truce.NewTokenSecret()
		tok := &truce.Token{Name: "e2e-" + string(role), Role: role, Hash: hash, CreatedAt: time.Now().UTC(), CreatedBy: "e2e"}
		if err := ts.CreateToken(context.Background(), tok); err != nil {
			t.Fatal(err)
		}
		env = append(env, "TRUCE_TOKEN_"+map[truce.Role]string{truce.RoleViewer: "VIEWER", truce.RoleMonitor: "MONITOR", truce.RoleAnalyst: "ANALYST"}[role]+"="+secret)
	}
	return env
}

// needBrowser skips t, naming what is missing, unless node, Chromium and
// playwright-core are there and the run is not -short; it returns node.
func needBrowser(t *testing.T, what string) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("SKIP " + what + ": node not found (apt-get install -y nodejs npm)")
	}
	if _, err := os.Stat(chromium); err != nil {
		t.Skip("SKIP " + what + ": " + chromium + " not found (apt-get install -y chromium)")
	}
	if _, err := os.Stat(filepath.Join("node_modules", "playwright-core")); err != nil {
		t.Skip("SKIP " + what + ": e2e/node_modules missing (cd e2e && npm ci)")
	}
	if testing.Short() {
		t.Skip("SKIP " + what + ": -short")
	}
	return node
}

func TestDashboard(t *testing.T) {
	node := needBrowser(t, "dashboard e2e")
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "truce.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	seed(t, db)
	env := tokens(t, db)
	env = append(env, "TRUCE_E2E_BOUNDARIES="+boundaries(t, db))

	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	// A signing key, as truce serve has: the incident page shows log proofs.
	_, key, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := &nethttp.Server{
		Handler:           trucehttp.NewServer(db, trucehttp.Options{Logger: log, UI: web.Handler(web.Options{}), Ledger: ledger.New(db, key)}).Handler(),
		ReadHeaderTimeout: 10 * time.Second,
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()

	runCtx, cancel := context.WithTimeout(ctx, 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(runCtx, node, "run.mjs", base)
	cmd.Env = append(os.Environ(), env...)
	cmd.Env = append(cmd.Env, "CHROMIUM="+chromium)
	if os.Getenv("TRUCE_UPDATE_SCREENSHOTS") == "1" {
		docs, err := filepath.Abs(filepath.Join("..", "docs", "img"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(docs, 0o755); err != nil {
			t.Fatal(err)
		}
		cmd.Env = append(cmd.Env, "TRUCE_SCREENSHOTS_DOCS="+docs)
	}
	out, err := cmd.CombinedOutput()
	t.Logf("node run.mjs %s:\n%s", base, out)
	if err != nil {
		t.Fatalf("dashboard e2e failed: %v (screenshots in e2e/out/)", err)
	}
}

// TestRealData builds a store of the real UCDP GED Syria events with the
// truce command, as a user would (agreement load, boundaries load, import
// ucdp, adjudicate), serves it, and has real.mjs check and photograph
// Eastern Ghouta over November 2017 - May 2018 (the README's screenshots,
// saved under docs/img with TRUCE_UPDATE_SCREENSHOTS=1).
func TestRealData(t *testing.T) {
	node := needBrowser(t, "real-data e2e")
	data := filepath.Join("..", "..", "shared", "data")
	ged := filepath.Join(data, "ucdp", "ged_syria_2016-2019_ged191.csv")
	adm := filepath.Join(data, "boundaries")
	if _, err := os.Stat(ged); err != nil {
		t.Skip("SKIP real-data e2e: " + ged + " is absent")
	}
	dir := t.TempDir()
	bin, db := filepath.Join(dir, "truce"), filepath.Join(dir, "ucdp.db")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/truce").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, args := range [][]string{
		{"agreement", "load", "../agreements/astana-2017.yaml"},
		{"boundaries", "load", "--adm1", filepath.Join(adm, "syr_admin1_ocha2015.geojson"), "--adm2", filepath.Join(adm, "syr_admin2_ocha2015.geojson")},
		{"import", "ucdp", ged},
		{"adjudicate"},
	} {
		cmd := exec.Command(bin, append([]string{"--db", db}, args...)...)
		// The log's signing key goes to a temporary config directory.
		cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+filepath.Join(dir, "config"))
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("truce %v: %v\n%s", args, err, out)
		}
		t.Logf("truce %v: %s", args, bytes.TrimSpace(bytes.SplitN(out, []byte("\n"), 2)[0]))
	}
	store, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	// The GeoNames towns of ../shared/data, as truce serve --gazetteer
	// reads them: their Arabic names label the map.
	opts := trucehttp.Options{Public: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), UI: web.Handler(web.Options{})}
	if f, err := os.Open(filepath.Join(data, "gazetteer", "SY_cities1000.tsv")); err == nil {
		gz := gazetteer.Default()
		_, err := gz.ReadGeoNames(f, "SY_cities1000.tsv")
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		opts.Gazetteer = gz
	} else {
		t.Log("no GeoNames gazetteer in ../shared/data: towns are labelled in English only")
	}
	srv := &nethttp.Server{
		Handler:           trucehttp.NewServer(store, opts).Handler(),
		ReadHeaderTimeout: 10 * time.Second,
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "real.mjs", base)
	cmd.Env = append(os.Environ(), "CHROMIUM="+chromium)
	if os.Getenv("TRUCE_UPDATE_SCREENSHOTS") == "1" {
		docs, err := filepath.Abs(filepath.Join("..", "docs", "img"))
		if err != nil {
			t.Fatal(err)
		}
		cmd.Env = append(cmd.Env, "TRUCE_SCREENSHOTS_DOCS="+docs)
	}
	out, err := cmd.CombinedOutput()
	t.Logf("node real.mjs %s:\n%s", base, out)
	if err != nil {
		t.Fatalf("real-data e2e failed: %v (screenshots in e2e/out/)", err)
	}
}
