package sqlite

import (
	"context"
	"database/sql"
)

// maxCachedStmts bounds the prepared statements kept: queries built from
// filters come in many shapes, the hot ones in few.
const maxCachedStmts = 512

// stmt returns a prepared statement for q on the read pool, preparing it on
// first use, or nil when the cache is full. Preparing costs more than
// running most of Truce's reads (the SQL parser dominated the API's
// profile); database/sql re-prepares a statement on each connection that
// needs it.
func (db *DB) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	db.stmtsMu.Lock()
	st, ok := db.stmts[q]
	full := len(db.stmts) >= maxCachedStmts
	db.stmtsMu.Unlock()
	if ok || full {
		return st, nil
	}
	st, err := db.db.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	db.stmtsMu.Lock()
	defer db.stmtsMu.Unlock()
	if old, ok := db.stmts[q]; ok {
		st.Close()
		return old, nil
	}
	db.stmts[q] = st
	return st, nil
}

// query runs a read through a cached prepared statement.
func (db *DB) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st, err := db.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return db.db.QueryContext(ctx, q, args...)
	}
	return st.QueryContext(ctx, args...)
}

// queryRow runs a one-row read through a cached prepared statement.
func (db *DB) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	st, err := db.stmt(ctx, q)
	if err != nil || st == nil {
		// The plain path reports a bad query in its usual form.
		return db.db.QueryRowContext(ctx, q, args...)
	}
	return st.QueryRowContext(ctx, args...)
}
