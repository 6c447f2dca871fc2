package http_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	nethttp "net/http"
	"net/http/httptest"
	"testing"

	"github.com/truce-monitor/truce"
	trucehttp "github.com/truce-monitor/truce/http"
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
