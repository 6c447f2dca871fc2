package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	nethttp "net/http"
	"net/http/httptest"
	"testing"

	trucehttp "github.com/truce-monitor/truce/http"
)

// FuzzSubmit sends arbitrary bodies to POST /api/v1/reports: the server must
// answer 201 or a 4xx with the error shape, never 5xx or a panic, and every
// 201 must be a report it stored.
func FuzzSubmit(f *testing.F) {
	ctx := context.Background()
	db := seededDB(f, 3)
	secret := monitorToken(f, db)
	h := trucehttp.NewServer(db, trucehttp.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler()
	f.Add(report("2017-06-10", idlibLat, idlibLon, "Air/drone strike", "Government of Syria", "", 1, 0), "k")
	f.Add([]byte(`{"date":"2017-06-10","lat":1e400}`), "k2")
	f.Add([]byte(`{"evidence":[""],"lat":null}`), "")
	f.Add([]byte("\x00{"), "k3")
	f.Fuzz(func(t *testing.T, body []byte, key string) {
		req := httptest.NewRequest(nethttp.MethodPost, "/api/v1/reports", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+secret)
		req.Header.Set("Content-Type", "application/json")
		if key != "" && len(key) < 300 && !bytes.ContainsAny([]byte(key), "\r\n\x00") {
			req.Header.Set("Idempotency-Key", key)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch {
		case rec.Code == 200 || rec.Code == 201:
			var out struct {
				IncidentID int64 `json:"incident_id"`
			}
			json.Unmarshal(rec.Body.Bytes(), &out)
			if _, err := db.FindIncident(ctx, out.IncidentID, "astana-2017"); err != nil {
				t.Fatalf("%d for a report not stored (%v): %s", rec.Code, err, rec.Body)
			}
		case rec.Code >= 400 && rec.Code < 500:
			var e struct {
				Error struct{ Code, Message string }
			}
			if json.Unmarshal(rec.Body.Bytes(), &e) != nil || e.Error.Code == "" || e.Error.Message == "" {
				t.Fatalf("%d without the error shape: %s", rec.Code, rec.Body)
			}
		default:
			t.Fatalf("%d for body %q: %s", rec.Code, body, rec.Body)
		}
	})
}
