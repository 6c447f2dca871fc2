package http_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	nethttp "net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	trucehttp "github.com/truce-monitor/truce/http"
	"github.com/truce-monitor/truce/sqlite"
)

// TestPrepareSubmissions prepares the judge at start on a store with an
// agreement, where a submission then succeeds, and on one without, where
// there is nothing to prepare and starting must not fail.
func TestPrepareSubmissions(t *testing.T) {
	empty, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "empty.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { empty.Close() })
	for _, tc := range []struct {
		name   string
		db     *sqlite.DB
		submit int // the answer to a submission after preparing
	}{
		{"seeded", seededDB(t, 20), 201},
		{"no agreement", empty, 404},
	} {
		t.Run(tc.name, func(t *testing.T) {
			secret := monitorToken(t, tc.db)
			s := trucehttp.NewServer(tc.db, trucehttp.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			if err := s.PrepareSubmissions(context.Background()); err != nil {
				t.Fatalf("PrepareSubmissions: %v", err)
			}
			req := httptest.NewRequest(nethttp.MethodPost, "/api/v1/reports",
				bytes.NewReader(report("2017-05-10", idlibLat, idlibLon, "Armed clash", "Government of Syria", "Ahrar al-Sham", 1, 0)))
			req.Header.Set("Authorization", "Bearer "+secret)
			req.Header.Set("Idempotency-Key", "p1")
			rec := httptest.NewRecorder()
			s.Handler().ServeHTTP(rec, req)
			if rec.Code != tc.submit {
				t.Fatalf("submission after preparing: %d %s, want %d", rec.Code, rec.Body, tc.submit)
			}
		})
	}
}
