package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
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
