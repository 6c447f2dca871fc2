package app_test

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/app"
	"github.com/truce-monitor/truce/sqlite"
)

func open(t *testing.T) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// failingLog is a store whose log cannot be appended to: every use case
// must then leave its data unwritten too.
type failingLog struct{ *sqlite.DB }

var errLog = errors.New("the log is full")

func (failingLog) AppendLog(context.Context, []*truce.LogEntry) error { return errLog }

// TestLoggedTogether checks that each use case stores its data and its
// log entry together, or neither when the log cannot be written.
func TestLoggedTogether(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		kind  string
		run   func(s *app.Service) error
		count func(db *sqlite.DB) int
		body  string // a field the entry's body must carry
	}{
		{"create token", truce.LogToken,
			func(s *app.Service) error {
				_, _, err := s.CreateToken(ctx, "admin-1", app.NewToken{Name: "mon-7", Role: truce.RoleMonitor, ExpiresInDays: 30})
				return err
			},
			func(db *sqlite.DB) int { l, _ := db.Tokens(ctx); return len(l) }, `"name":"mon-7"`},
		{"create webhook", truce.LogWebhook,
			func(s *app.Service) error {
				return s.CreateWebhook(ctx, "admin-1", &truce.Webhook{URL: "https://user:pw@example.org/hook?k=secret"})
			},
			func(db *sqlite.DB) int { l, _ := db.Webhooks(ctx); return len(l) }, `"url":"https://example.org/hook"`},
		{"store evidence", truce.LogEvidence,
			func(s *app.Service) error {
				_, created, err := s.PutEvidence(ctx, "mon-7", "text/plain", "note.txt", []byte("seen at noon"))
				if err == nil && !created {
					err = errors.New("not created")
				}
				return err
			},
			func(db *sqlite.DB) int {
				_, _, err := db.FindEvidence(ctx, "915619fc1818a617ef07873a281e111428d2ae73b28e8210707b0dddfeacfd7f")
				if err != nil {
					return 0
				}
				return 1
			}, `"size":12`},
		{"import counts", truce.LogCounts,
			func(s *app.Service) error {
				_, err := s.ImportCounts(ctx, app.CLI, app.CountsImport{Source: "csv", Files: []string{"c.csv"}, Counts: []*truce.ReportedCount{
					{Reporter: "russia", Day: time.Date(2017, 5, 5, 0, 0, 0, 0, time.UTC), Count: 15, Source: "c.csv", Line: 2}}})
				return err
			},
			func(db *sqlite.DB) int { l, _ := db.ReportedCounts(ctx, truce.CountFilter{}); return len(l) }, `"stored":1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := open(t)
			broken := &app.Service{Store: failingLog{db}, Now: func() time.Time { return now }}
			if err := tt.run(broken); !errors.Is(err, errLog) {
				t.Fatalf("with a failing log: %v, want the log's error", err)
			}
			if n := tt.count(db); n != 0 {
				t.Fatalf("with a failing log, %d stored; want none", n)
			}
			s := &app.Service{Store: db, Now: func() time.Time { return now }}
			if err := tt.run(s); err != nil {
				t.Fatal(err)
			}
			if n := tt.count(db); n != 1 {
				t.Fatalf("%d stored, want 1", n)
			}
			var entries []*truce.LogEntry
			db.LogEntries(ctx, 0, 10, func(e *truce.LogEntry) error { entries = append(entries, e); return nil })
			if len(entries) != 1 || entries[0].Kind != tt.kind || !json.Valid(entries[0].Body) || !strings.Contains(string(entries[0].Body), tt.body) {
				t.Fatalf("log = %+v, want one %s entry with %s", entries, tt.kind, tt.body)
			}
		})
	}
}

// TestEvidenceStoredOnce checks that the same bytes uploaded again write
// nothing and log nothing.
func TestEvidenceStoredOnce(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	s := app.New(db)
	for i, want := range []bool{true, false} {
		_, created, err := s.PutEvidence(ctx, "mon-7", "text/plain", "", []byte("same bytes"))
		if err != nil || created != want {
			t.Fatalf("upload %d: created %v, %v; want %v", i+1, created, err, want)
		}
	}
	if n, _ := db.LogSize(ctx); n != 1 {
		t.Fatalf("%d log entries, want 1", n)
	}
	if _, _, err := s.PutEvidence(ctx, "mon-7", "text/plain", "", nil); truce.ErrorCode(err) != truce.EINVALID {
		t.Fatalf("empty evidence: %v, want EINVALID", err)
	}
}
