package http_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/truce-monitor/truce/app"
	trucehttp "github.com/truce-monitor/truce/http"
	"github.com/truce-monitor/truce/internal/storetest"
	"github.com/truce-monitor/truce/sim"
	"github.com/truce-monitor/truce/sqlite"
)

// TestMapStaleWhileReadWhole follows `truce adjudicate` run beside a
// serving server, on one SQLite file: new incidents are imported and the
// agreement judged whole through a second handle of the file, as the CLI
// does. The server's copy of the map must then be read whole; until that
// reading is done (held here), /api/v1/map answers from the copy before,
// marked "stale": true, and starts no second reading; once done, it
// answers as a server that read the judged store afresh.
func TestMapStaleWhileReadWhole(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "truce.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	start := time.Date(2017, 4, 26, 0, 0, 0, 0, time.UTC)
	a := storetest.SeedAstana(t, db, start, 20)

	hold, restore := trucehttp.HoldWholeMapReads()
	defer restore()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := trucehttp.NewServer(db, trucehttp.Options{Logger: log, Public: true})
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	// The period covers the seeded days and the imported ones.
	const period = "/api/v1/map?from=2017-04-26&to=2017-05-31"
	var before mapAnswer
	getJSON(t, ts.URL+period, 200, &before)
	if before.Stale || before.Total.Incidents == 0 {
		t.Fatalf("the first answer, read whole: stale %v, %d incidents; want a fresh answer with incidents", before.Stale, before.Total.Incidents)
	}

	// `truce import` then `truce adjudicate`, through their own handle.
	cli, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	cfg := sim.DefaultConfig(8, a.Zones)
	cfg.Start, cfg.Days, cfg.Ceasefire, cfg.IDBase = start.AddDate(0, 0, 25), 5, a.Effective, 1_000_000
	reports := storetest.PlacedSim(t, a, cfg)
	if _, err := cli.PutReports(ctx, a.ID, reports); err != nil {
		t.Fatal(err)
	}
	if _, _, err := app.New(cli).Adjudicate(ctx, app.CLI, a, 1, false); err != nil {
		t.Fatal(err)
	}

	hold.Arm()
	reads := trucehttp.MapWholeReads()
	var stale mapAnswer
	getJSON(t, ts.URL+period, 200, &stale)
	<-hold.Started // the reading whole has begun, and waits
	var again mapAnswer
	getJSON(t, ts.URL+period, 200, &again)
	for _, ans := range []mapAnswer{stale, again} {
		if !ans.Stale {
			t.Errorf("answered during the reading whole without \"stale\": true")
		}
		ans.Stale = false
		if !reflect.DeepEqual(ans, before) {
			t.Errorf("during the reading whole: %d points (total %+v); want the copy before, %d points (total %+v)", len(ans.Points), ans.Total, len(before.Points), before.Total)
		}
	}
	if n := trucehttp.MapWholeReads() - reads; n != 1 {
		t.Errorf("%d readings whole for two requests after judging; want one, the second request answered meanwhile", n)
	}

	hold.Release <- struct{}{}
	<-trucehttp.MapUpdateDone(srv)
	var after mapAnswer
	getJSON(t, ts.URL+period, 200, &after)
	fresh := httptest.NewServer(trucehttp.NewServer(db, trucehttp.Options{Logger: log, Public: true}).Handler())
	defer fresh.Close()
	var whole mapAnswer
	getJSON(t, fresh.URL+period, 200, &whole)
	if after.Stale || !reflect.DeepEqual(after, whole) {
		t.Errorf("after the reading whole: stale %v, %d points (total %+v); a server reading the store afresh: %d points (total %+v)",
			after.Stale, len(after.Points), after.Total, len(whole.Points), whole.Total)
	}
	if after.Total.Incidents <= before.Total.Incidents {
		t.Errorf("after importing and judging %d reports the map holds %d incidents, %d before: the test changed nothing the map shows", len(reports), after.Total.Incidents, before.Total.Incidents)
	}
}
