package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// ambientKey keys the transaction Atomic runs its function in.
type ambientKey struct{}

type ambient struct {
	db *DB
	tx pgx.Tx
}

// Atomic runs fn in one transaction: every write fn makes through this
// store with the context it is given joins it (a method's own transaction
// becomes a savepoint in it), and it commits only if fn returns nil. It is
// how a use case writes its data and its log entry together
// (truce.Transactor). Reads made with that context still see the state
// before the transaction. Called inside another Atomic of the same store,
// it joins that one.
func (db *DB) Atomic(ctx context.Context, fn func(ctx context.Context) error) error {
	if a := db.ambient(ctx); a != nil {
		return fn(ctx)
	}
	return pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		return fn(context.WithValue(ctx, ambientKey{}, &ambient{db, tx}))
	})
}

func (db *DB) ambient(ctx context.Context) *ambient {
	if a, ok := ctx.Value(ambientKey{}).(*ambient); ok && a.db == db {
		return a
	}
	return nil
}

// beginFunc runs fn in a transaction of its own, or in a savepoint of the
// Atomic transaction ctx carries.
func (db *DB) beginFunc(ctx context.Context, fn func(pgx.Tx) error) error {
	if a := db.ambient(ctx); a != nil {
		return pgx.BeginFunc(ctx, a.tx, fn)
	}
	return pgx.BeginFunc(ctx, db.pool, fn)
}

// begin begins a transaction, or a savepoint of the Atomic transaction ctx
// carries.
func (db *DB) begin(ctx context.Context) (pgx.Tx, error) {
	if a := db.ambient(ctx); a != nil {
		return a.tx.Begin(ctx)
	}
	return db.pool.Begin(ctx)
}

// execW runs one write statement: in the Atomic transaction ctx carries,
// or on its own.
func (db *DB) execW(ctx context.Context, q string, args ...any) (pgconn.CommandTag, error) {
	if a := db.ambient(ctx); a != nil {
		return a.tx.Exec(ctx, q, args...)
	}
	return db.pool.Exec(ctx, q, args...)
}

// queryRowW runs one write statement that returns a row (INSERT …
// RETURNING), as execW does.
func (db *DB) queryRowW(ctx context.Context, q string, args ...any) pgx.Row {
	if a := db.ambient(ctx); a != nil {
		return a.tx.QueryRow(ctx, q, args...)
	}
	return db.pool.QueryRow(ctx, q, args...)
}
