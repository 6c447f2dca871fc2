package sqlite

import (
	"context"
	"database/sql"
)

// ambientKey keys the transaction Atomic runs its function in.
type ambientKey struct{}

type ambient struct {
	db *DB
	tx *sql.Tx
}

// ambientTx is the Atomic transaction of this store ctx carries, or nil.
func (db *DB) ambientTx(ctx context.Context) *sql.Tx {
	if a, ok := ctx.Value(ambientKey{}).(*ambient); ok && a.db == db {
		return a.tx
	}
	return nil
}

// Atomic runs fn in one write transaction: every write fn makes through
// this store with the context it is given joins it, and it commits only if
// fn returns nil. It is how a use case writes its data and its log entry
// together (truce.Transactor). Reads of the operations both stores share
// (internal/storesql: tokens, claims, counts, the log…) made with that
// context join it and see its writes; the incident and judgement queries
// still read the state before it. Called inside another Atomic of the same
// store, it joins that one.
func (db *DB) Atomic(ctx context.Context, fn func(ctx context.Context) error) error {
	if db.ambientTx(ctx) != nil {
		return fn(ctx)
	}
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(context.WithValue(ctx, ambientKey{}, &ambient{db, tx})); err != nil {
		return err
	}
	return tx.Commit()
}

// wtx is a write transaction: a new one, or the one of an Atomic the
// context carries, whose end is then Atomic's to decide.
type wtx struct {
	*sql.Tx
	joined bool
}

func (t wtx) Commit() error {
	if t.joined {
		return nil
	}
	return t.Tx.Commit()
}

func (t wtx) Rollback() error {
	if t.joined {
		return nil
	}
	return t.Tx.Rollback()
}

// beginW begins a write transaction on the writer connection, or joins
// the Atomic one ctx carries.
func (db *DB) beginW(ctx context.Context) (wtx, error) {
	if tx := db.ambientTx(ctx); tx != nil {
		return wtx{tx, true}, nil
	}
	tx, err := db.w.BeginTx(ctx, nil)
	return wtx{Tx: tx}, err
}

// queryA runs a read in the Atomic transaction ctx carries, so that it sees
// the transaction's own writes, or on its own otherwise.
func (db *DB) queryA(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if tx := db.ambientTx(ctx); tx != nil {
		return tx.QueryContext(ctx, q, args...)
	}
	return db.query(ctx, q, args...)
}

// queryRowA is queryA for one row.
func (db *DB) queryRowA(ctx context.Context, q string, args ...any) *sql.Row {
	if tx := db.ambientTx(ctx); tx != nil {
		return tx.QueryRowContext(ctx, q, args...)
	}
	return db.queryRow(ctx, q, args...)
}
