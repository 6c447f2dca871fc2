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
	storetest.RunAll(t, func(t *testing.T) *sqlite.DB { return MustOpen(t) }, openTwice)
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
