// Package sqlite is Truce's embedded store: agreements, reports, incidents and
// zone memberships in one SQLite file, through the pure-Go modernc.org/sqlite
// driver so the truce binary needs no cgo. It owns the schema and its
// migrations; it does not parse files or compute placements.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/storesql"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migration/*.sql
var migrationFS embed.FS

// DB is an open embedded store.
type DB struct {
	// Store holds the operations both stores perform alike.
	*storesql.Store

	db *sql.DB // reads, on as many connections as readers
	// w runs write transactions on one connection: writers in this process
	// queue for it in Go instead of polling SQLite's lock (busy_timeout
	// sleeps up to 100 ms between tries), and waiting writers do not hold
	// connections readers need. Other processes still wait on the lock.
	w    *sql.DB
	Path string

	// Now returns the current time; tests replace it.
	Now func() time.Time

	stmtsMu sync.Mutex
	stmts   map[string]*sql.Stmt
}

// Open opens (creating if needed) the store at path and migrates its schema.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, truce.Errorf(truce.EINVALID, "sqlite: no database path given")
	}
	// WAL lets readers run while an import writes; synchronous=NORMAL is safe
	// with WAL (a crash loses at most the last transactions, never corrupts).
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "synchronous(NORMAL)", "busy_timeout(10000)", "foreign_keys(ON)", "cache_size(-262144)", "temp_store(MEMORY)"} {
		q.Add("_pragma", p)
	}
	// Write transactions take the write lock when they begin, so the ids
	// PutReports assigns from MAX(id) cannot race another writer.
	q.Set("_txlock", "immediate")
	sdb, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	// Opening a connection runs the pragmas and reads the schema; keep
	// enough idle ones that a busy server does not open one per request.
	sdb.SetMaxIdleConns(32)
	sdb.SetMaxOpenConns(64)
	w, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		sdb.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxIdleTime(0)
	db := &DB{db: sdb, w: w, Path: path, Now: time.Now, stmts: map[string]*sql.Stmt{}}
	db.Store = storesql.New(dialect{db})
	if err := db.migrate(ctx); err != nil {
		sdb.Close()
		w.Close()
		return nil, fmt.Errorf("sqlite: %s: %w", path, err)
	}
	return db, nil
}

// Close closes the store.
func (db *DB) Close() error {
	db.stmtsMu.Lock()
	for _, st := range db.stmts {
		st.Close()
	}
	db.stmts = map[string]*sql.Stmt{}
	db.stmtsMu.Unlock()
	return errors.Join(db.w.Close(), db.db.Close())
}

// migrate applies the embedded migrations not yet recorded, each in its own
// transaction, so a failed migration leaves the previous schema intact.
func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	all, err := storesql.Migrations(migrationFS, "migration")
	if err != nil {
		return err
	}
	for _, m := range all {
		var n int
		if err := db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, m.Version).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			continue
		}
		tx, err := db.w.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, m.Body); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
			m.Version, m.Name, db.Now().UTC().Format(time.RFC3339)); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
	}
	return nil
}

func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(truce.DateLayout)
}

func parseDate(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, _ := time.Parse(truce.DateLayout, s)
	return t
}
