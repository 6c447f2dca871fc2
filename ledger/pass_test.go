package ledger_test

import (
	"context"
	"crypto/ed25519"
	"errors"
	"path/filepath"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/ledger"
	"github.com/truce-monitor/truce/sqlite"
)

// failingLog is a store whose log breaks after some entries, as a disk or a
// connection may mid-read.
type failingLog struct {
	*sqlite.DB
	after int
}

var errBroken = errors.New("the log broke mid-read")

func (f failingLog) LogEntries(ctx context.Context, start, end int64, fn func(*truce.LogEntry) error) error {
	n := 0
	return f.DB.LogEntries(ctx, start, end, func(e *truce.LogEntry) error {
		if n++; n > f.after {
			return errBroken
		}
		return fn(e)
	})
}

// TestAuditOnePass checks that Audit, which feeds three checks from one read
// of the log, agrees with them run one by one, and that a read failing
// part-way comes back as the error (no check hangs waiting for entries).
func TestAuditOnePass(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	pub, priv, _ := ed25519.GenerateKey(nil)
	l := ledger.New(db, priv)
	for i := range 700 { // more than the fan-out's buffers hold
		if _, err := l.Record(ctx, truce.LogWebhook, "admin", map[string]any{"action": "noted", "n": i}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := l.Head(ctx); err != nil {
		t.Fatal(err)
	}
	res, state, recs, err := ledger.Audit(ctx, db, pub)
	if err != nil {
		t.Fatal(err)
	}
	alone, err := ledger.Verify(ctx, db, pub)
	if err != nil {
		t.Fatal(err)
	}
	if res.Entries != 700 || alone.Entries != 700 || len(res.Problems) != len(alone.Problems) || res.Heads != alone.Heads {
		t.Fatalf("Audit's log check = %+v, Verify alone = %+v", res, alone)
	}
	if state == nil && recs == nil {
		t.Fatal("Audit returned no record check")
	}
	for _, after := range []int{0, 1, 300} {
		if _, _, _, err := ledger.Audit(ctx, failingLog{db, after}, pub); !errors.Is(err, errBroken) {
			t.Errorf("a log breaking after %d entries: Audit = %v, want the read's error", after, err)
		}
	}
}
