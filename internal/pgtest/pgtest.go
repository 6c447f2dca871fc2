// Package pgtest gives tests a PostgreSQL schema of their own on the server
// TRUCE_TEST_POSTGRES names, and skips them with a visible message when it
// names none. It is for tests only.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
)

// URL returns the server the tests use, skipping tb when none is set.
func URL(tb testing.TB) string {
	tb.Helper()
	u := os.Getenv("TRUCE_TEST_POSTGRES")
	if u == "" {
		tb.Skip("SKIP PostgreSQL tests: set TRUCE_TEST_POSTGRES=postgres://… (see .ci/run)")
	}
	return u
}

var postgisOnce sync.Once

// FreshSchema creates a uniquely named schema, dropped when tb ends, and
// returns a URL whose search_path puts it first (then public, where PostGIS
// lives). Stores opened on the URL migrate and use that schema alone.
func FreshSchema(tb testing.TB) string {
	tb.Helper()
	base := URL(tb)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		tb.Fatalf("connect to TRUCE_TEST_POSTGRES: %v", err)
	}
	defer conn.Close(ctx)
	// Once, in public: were Open to create it in the test's schema, dropping
	// the schema would drop PostGIS for everyone.
	var extErr error
	postgisOnce.Do(func() { _, extErr = conn.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public`) })
	if extErr != nil {
		tb.Fatalf("PostGIS: %v (install postgresql-15-postgis-3, see .ci/run)", extErr)
	}
	var b [6]byte
	rand.Read(b[:])
	schema := "truce_test_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(ctx, `CREATE SCHEMA `+schema); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema+",public")
	u.RawQuery = q.Encode()
	return u.String()
}
