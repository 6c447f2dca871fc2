package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/truce-monitor/truce/internal/storetest"
	"github.com/truce-monitor/truce/sqlite"
)

// MustOpen opens a store in a fresh file that is closed when tb ends.
func MustOpen(tb testing.TB) *sqlite.DB {
	tb.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "truce.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Store { return MustOpen(t) })
}

func TestReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "truce.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.PutAgreement(ctx, storetest.TestAgreement()); err != nil {
		t.Fatal(err)
	}
	db.Close()
	// Migrations already applied must not run again, and data must survive.
	db, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if a, err := db.ActiveAgreement(ctx); err != nil || a.ID != "test" {
		t.Fatalf("after reopen: %v, %v", a, err)
	}
}

func TestOpenErrors(t *testing.T) {
	if _, err := sqlite.Open(context.Background(), ""); err == nil {
		t.Fatal("Open(\"\") succeeded")
	}
	if _, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "missing-dir", "x.db")); err == nil {
		t.Fatal("Open in a missing directory succeeded")
	}
}

func TestJudgements(t *testing.T) {
	storetest.RunJudgements(t, MustOpen(t))
}

func TestPaging(t *testing.T) {
	storetest.RunPaging(t, MustOpen(t))
}

// openTwice opens two stores on one fresh file, as two processes would.
func openTwice(t *testing.T) (*sqlite.DB, *sqlite.DB) {
	path := filepath.Join(t.TempDir(), "truce.db")
	var dbs [2]*sqlite.DB
	for i := range dbs {
		db, err := sqlite.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		dbs[i] = db
	}
	return dbs[0], dbs[1]
}

func TestTokens(t *testing.T) {
	storetest.RunTokens(t, MustOpen(t))
}

func TestAtomic(t *testing.T) {
	storetest.RunAtomic(t, MustOpen(t))
}

func TestLog(t *testing.T) {
	a, b := openTwice(t)
	storetest.RunLog(t, a, b)
}

func TestSubmissions(t *testing.T) {
	a, b := openTwice(t)
	storetest.RunSubmissions(t, a, b)
}

func TestAlerts(t *testing.T) {
	a, b := openTwice(t)
	storetest.RunAlerts(t, a, b)
}

func TestJudgeIncidents(t *testing.T) {
	storetest.RunJudgeIncidents(t, MustOpen(t))
}
