package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	nethttp "net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/truce-monitor/truce"
	trucehttp "github.com/truce-monitor/truce/http"
	"github.com/truce-monitor/truce/sqlite"
)

// BenchmarkRead measures the server's cost of the reads the load test
// (bench/load.sh) sends most, over a simulated year, in-process: the CPU a
// request costs, without the network.
func BenchmarkRead(b *testing.B) {
	ctx := context.Background()
	db := seededDB(b, 365)
	var ids []int64
	db.Incidents(ctx, truce.IncidentFilter{Limit: 500}, func(inc *truce.Incident) error { ids = append(ids, inc.ID); return nil })
	h := trucehttp.NewServer(db, trucehttp.Options{Public: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler()
	for _, bc := range []struct {
		name string
		path func(i int) string
	}{
		{"status", func(i int) string { return fmt.Sprintf("/api/v1/status?date=2017-%02d-%02d", 1+i%12, 1+i%28) }},
		{"incident", func(i int) string { return fmt.Sprintf("/api/v1/incidents/%d", ids[i%len(ids)]) }},
		{"incidents", func(i int) string { return "/api/v1/incidents?zone=idlib&limit=100" }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(nethttp.MethodGet, bc.path(i), nil))
				if rec.Code != 200 {
					b.Fatalf("%s: %d %s", bc.path(i), rec.Code, rec.Body)
				}
			}
		})
	}
}

// BenchmarkSubmit measures one monitor submission end to end: validation,
// placement, storage with its log entry, judging and alerts.
func BenchmarkSubmit(b *testing.B) {
	db := seededDB(b, 365)
	secret := monitorToken(b, db)
	h := trucehttp.NewServer(db, trucehttp.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler()
	for i := 0; b.Loop(); i++ {
		body := report(fmt.Sprintf("2017-%02d-%02d", 1+i%12, 1+i%28), idlibLat, idlibLon, "Armed clash", "Government of Syria", "Ahrar al-Sham", i%3, 0)
		req := httptest.NewRequest(nethttp.MethodPost, "/api/v1/reports", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+secret)
		req.Header.Set("Idempotency-Key", fmt.Sprint("k", i))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 201 {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
	}
}

// BenchmarkMap measures what the dashboard's map costs the server for a
// whole period: /api/v1/map from the in-memory copy (whole country at zoom
// 7, and a zoomed-in view), the same counted by the store (the path for a
// store too big to copy), reading the copy itself, and what the map did
// before /api/v1/map: every page of /api/v1/incidents for each verdict
// shown. TRUCE_BENCH_DB names a prebuilt embedded store (bench/map.sh
// builds 1 M simulated incidents) and TRUCE_BENCH_PERIOD its period as
// FROM/TO; without them, a simulated year is seeded.
func BenchmarkMap(b *testing.B) {
	ctx := context.Background()
	var db *sqlite.DB
	from, to := "2017-01-01", "2017-12-31"
	if path := os.Getenv("TRUCE_BENCH_DB"); path != "" {
		var err error
		if db, err = sqlite.Open(ctx, path); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		if p := os.Getenv("TRUCE_BENCH_PERIOD"); p != "" {
			from, to, _ = strings.Cut(p, "/")
		}
	} else {
		db = seededDB(b, 365)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	const verdicts = "violation,probable_violation,possible_violation,undetermined"
	period := "from=" + from + "&to=" + to + "&verdict=" + verdicts
	get := func(b *testing.B, h nethttp.Handler, path string) []byte {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(nethttp.MethodGet, path, nil))
		if rec.Code != 200 {
			b.Fatalf("%s: %d %s", path, rec.Code, rec.Body)
		}
		return rec.Body.Bytes()
	}
	h := trucehttp.NewServer(db, trucehttp.Options{Public: true, Logger: log}).Handler()
	get(b, h, "/api/v1/map?"+period) // reads the copy
	for _, bc := range []struct{ name, path string }{
		{"whole", "/api/v1/map?" + period + "&zoom=7"},
		{"view", "/api/v1/map?" + period + "&zoom=10&bbox=36.2,33.3,36.8,33.7"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			n := 0
			for b.Loop() {
				n = len(get(b, h, bc.path))
			}
			b.ReportMetric(float64(n), "bytes/answer")
		})
	}
	b.Run("whole-in-store", func(b *testing.B) {
		defer trucehttp.SetMapCacheLimit(0)()
		h := trucehttp.NewServer(db, trucehttp.Options{Public: true, Logger: log}).Handler()
		for b.Loop() {
			get(b, h, "/api/v1/map?"+period+"&zoom=7")
		}
	})
	b.Run("read-copy", func(b *testing.B) {
		for b.Loop() {
			h := trucehttp.NewServer(db, trucehttp.Options{Public: true, Logger: log}).Handler()
			get(b, h, "/api/v1/map?"+period+"&zoom=7")
		}
	})
	b.Run("incident-pages", func(b *testing.B) {
		n := 0
		for b.Loop() {
			n = 0
			for _, v := range strings.Split(verdicts, ",") {
				cursor := ""
				for {
					var page struct {
						Items []json.RawMessage `json:"items"`
						Next  *string           `json:"next"`
					}
					if err := json.Unmarshal(get(b, h, "/api/v1/incidents?from="+from+"&to="+to+"&verdict="+v+"&limit=1000"+cursor), &page); err != nil {
						b.Fatal(err)
					}
					n += len(page.Items)
					if page.Next == nil {
						break
					}
					cursor = "&cursor=" + *page.Next
				}
			}
		}
		b.ReportMetric(float64(n), "incidents")
	})
}

// BenchmarkReadBetweenWrites measures a read when submissions land between
// reads, one per four reads as in the load test's mix (status 40, submit
// 10): each submission changes a zone-day's rollup and commits, so kept
// answers and the readers' page caches go stale. Submissions are not
// timed; the figure is the read's cost alone.
func BenchmarkReadBetweenWrites(b *testing.B) {
	ctx := context.Background()
	db := seededDB(b, 365)
	secret := monitorToken(b, db)
	var ids []int64
	db.Incidents(ctx, truce.IncidentFilter{Limit: 500}, func(inc *truce.Incident) error { ids = append(ids, inc.ID); return nil })
	h := trucehttp.NewServer(db, trucehttp.Options{Public: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler()
	submitted := 0
	submit := func(b *testing.B, i int) {
		b.StopTimer()
		defer b.StartTimer()
		submitted++
		body := report(fmt.Sprintf("2017-%02d-%02d", 1+(i/7)%12, 1+(i/3)%28), idlibLat, idlibLon, "Armed clash", "Government of Syria", "Ahrar al-Sham", i%3, 0)
		req := httptest.NewRequest(nethttp.MethodPost, "/api/v1/reports", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+secret)
		req.Header.Set("Idempotency-Key", fmt.Sprint("w", submitted))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 201 {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
	}
	for _, bc := range []struct {
		name string
		path func(i int) string
	}{
		{"status", func(i int) string { return fmt.Sprintf("/api/v1/status?date=2017-%02d-%02d", 1+i%12, 1+i%28) }},
		{"incident", func(i int) string { return fmt.Sprintf("/api/v1/incidents/%d", ids[i%len(ids)]) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				if i%4 == 3 {
					submit(b, i)
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(nethttp.MethodGet, bc.path(i), nil))
				if rec.Code != 200 {
					b.Fatalf("%s: %d %s", bc.path(i), rec.Code, rec.Body)
				}
			}
		})
	}
}
