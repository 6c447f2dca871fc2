package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/truce-monitor/truce"
)

// nullTime is t for a nullable timestamptz: NULL when zero.
func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func fromNull(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

// CreateToken stores t and sets its ID.
func (db *DB) CreateToken(ctx context.Context, t *truce.Token) error {
	if t.CreatedAt.IsZero() {
		t.CreatedAt = db.Now()
	}
	err := db.queryRowW(ctx, `INSERT INTO tokens (name, role, hash, created_at, created_by, expires_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		t.Name, string(t.Role), t.Hash, t.CreatedAt.UTC(), t.CreatedBy, nullTime(t.ExpiresAt), nullTime(t.RevokedAt)).Scan(&t.ID)
	var pe *pgconn.PgError
	switch {
	case isUniqueViolation(err) && errors.As(err, &pe) && pe.ConstraintName == "tokens_name_key":
		return truce.Errorf(truce.ECONFLICT, "a token named %q exists already", t.Name)
	case isUniqueViolation(err):
		return truce.Errorf(truce.ECONFLICT, "a token with that secret exists already")
	case err != nil:
		return fmt.Errorf("postgres: store token: %w", err)
	}
	return nil
}

const tokenSelect = `SELECT id, name, role, hash, created_at, created_by, expires_at, revoked_at FROM tokens`

func scanToken(row pgx.Row) (*truce.Token, error) {
	var t truce.Token
	var role string
	var expires, revoked *time.Time
	if err := row.Scan(&t.ID, &t.Name, &role, &t.Hash, &t.CreatedAt, &t.CreatedBy, &expires, &revoked); err != nil {
		return nil, err
	}
	t.Role, t.CreatedAt, t.ExpiresAt, t.RevokedAt = truce.Role(role), t.CreatedAt.UTC(), fromNull(expires), fromNull(revoked)
	return &t, nil
}

// FindTokenByHash returns the token with the given secret hash.
func (db *DB) FindTokenByHash(ctx context.Context, hash string) (*truce.Token, error) {
	t, err := scanToken(db.pool.QueryRow(ctx, tokenSelect+` WHERE hash = $1`, hash))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, truce.Errorf(truce.ENOTFOUND, "no such token")
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: find token: %w", err)
	}
	return t, nil
}

// Tokens lists every token by ID.
func (db *DB) Tokens(ctx context.Context) ([]truce.Token, error) {
	rows, err := db.pool.Query(ctx, tokenSelect+` ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("postgres: read tokens: %w", err)
	}
	defer rows.Close()
	var out []truce.Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("postgres: read tokens: %w", err)
		}
		out = append(out, *t)
	}
	return out, rows.Err()
}

// RevokeToken marks the token named name (or whose ID is name) revoked. A
// name wins over an ID, so a token named "7" is found by its name. The row
// is locked while checked, so two revocations cannot both succeed.
func (db *DB) RevokeToken(ctx context.Context, name string, at time.Time) (*truce.Token, error) {
	id, err := strconv.ParseInt(name, 10, 64)
	if err != nil {
		id = -1
	}
	var t *truce.Token
	err = db.beginFunc(ctx, func(tx pgx.Tx) error {
		var err error
		t, err = scanToken(tx.QueryRow(ctx, tokenSelect+` WHERE name = $1 OR id = $2 ORDER BY name = $1 DESC LIMIT 1 FOR UPDATE`, name, id))
		if errors.Is(err, pgx.ErrNoRows) {
			return truce.Errorf(truce.ENOTFOUND, "no token named %q", name)
		}
		if err != nil {
			return err
		}
		if !t.RevokedAt.IsZero() {
			return truce.Errorf(truce.ECONFLICT, "token %q was revoked at %s", t.Name, t.RevokedAt.Format(time.RFC3339))
		}
		t.RevokedAt = at.UTC().Truncate(time.Microsecond)
		_, err = tx.Exec(ctx, `UPDATE tokens SET revoked_at = $1 WHERE id = $2`, t.RevokedAt, t.ID)
		return err
	})
	if err != nil {
		return nil, wrap("revoke token", err)
	}
	return t, nil
}

var _ truce.TokenService = (*DB)(nil)

// AppendLog appends entries with dense indexes.
func (db *DB) AppendLog(ctx context.Context, entries []*truce.LogEntry) error {
	err := db.beginFunc(ctx, func(tx pgx.Tx) error { return appendLog(ctx, tx, entries) })
	if err != nil {
		return wrap("append to the log", err)
	}
	return nil
}

// appendLog appends entries inside tx. Appenders take turns (an advisory
// lock held until tx ends), so no two read the same max(idx): a unique
// violation would otherwise fail one of them.
func appendLog(ctx context.Context, tx pgx.Tx, entries []*truce.LogEntry) error {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext('log:' || current_schema()))`, lockClass); err != nil {
		return err
	}
	var next int64
	if err := tx.QueryRow(ctx, `SELECT COALESCE(max(idx) + 1, 0) FROM log_entries`).Scan(&next); err != nil {
		return fmt.Errorf("read log size: %w", err)
	}
	for _, e := range entries {
		if _, err := tx.Exec(ctx, `INSERT INTO log_entries (idx, kind, at, actor, body, leaf_hash) VALUES ($1, $2, $3, $4, $5, $6)`,
			next, e.Kind, e.At.UTC(), e.Actor, nonNilBytes(e.Body), nonNilBytes(e.LeafHash)); err != nil {
			return fmt.Errorf("append log entry: %w", err)
		}
		e.Index = next
		next++
	}
	return nil
}

func nonNilBytes(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

// LogSize returns the number of log entries.
func (db *DB) LogSize(ctx context.Context) (int64, error) {
	var n int64
	if err := db.pool.QueryRow(ctx, `SELECT COALESCE(max(idx) + 1, 0) FROM log_entries`).Scan(&n); err != nil {
		return 0, fmt.Errorf("postgres: read log size: %w", err)
	}
	return n, nil
}

const logSelect = `SELECT idx, kind, at, actor, body, leaf_hash FROM log_entries`

func scanLogEntry(row pgx.Row) (*truce.LogEntry, error) {
	var e truce.LogEntry
	if err := row.Scan(&e.Index, &e.Kind, &e.At, &e.Actor, &e.Body, &e.LeafHash); err != nil {
		return nil, err
	}
	e.At = e.At.UTC()
	return &e, nil
}

// LogEntries calls fn for the entries with start <= idx < end, in order.
func (db *DB) LogEntries(ctx context.Context, start, end int64, fn func(*truce.LogEntry) error) error {
	rows, err := db.pool.Query(ctx, logSelect+` WHERE idx >= $1 AND idx < $2 ORDER BY idx`, start, end)
	if err != nil {
		return fmt.Errorf("postgres: read log: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanLogEntry(rows)
		if err != nil {
			return fmt.Errorf("postgres: read log: %w", err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("postgres: read log: %w", err)
	}
	return nil
}

// FindLogEntry returns the first entry with the given leaf hash.
func (db *DB) FindLogEntry(ctx context.Context, leafHash []byte) (*truce.LogEntry, error) {
	e, err := scanLogEntry(db.pool.QueryRow(ctx, logSelect+` WHERE leaf_hash = $1 ORDER BY idx LIMIT 1`, nonNilBytes(leafHash)))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, truce.Errorf(truce.ENOTFOUND, "no log entry with leaf hash %x", leafHash)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: find log entry: %w", err)
	}
	return e, nil
}

// PutSignedHead stores h unless a head of its size is stored.
func (db *DB) PutSignedHead(ctx context.Context, h *truce.SignedHead) error {
	if _, err := db.execW(ctx, `INSERT INTO signed_heads (tree_size, root_hash, timestamp, signature, key_id) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (tree_size) DO NOTHING`, h.TreeSize, nonNilBytes(h.RootHash), h.Timestamp.UTC(), nonNilBytes(h.Signature), h.KeyID); err != nil {
		return fmt.Errorf("postgres: store signed head: %w", err)
	}
	return nil
}

const headSelect = `SELECT tree_size, root_hash, timestamp, signature, key_id FROM signed_heads`

func scanHead(row pgx.Row) (*truce.SignedHead, error) {
	var h truce.SignedHead
	if err := row.Scan(&h.TreeSize, &h.RootHash, &h.Timestamp, &h.Signature, &h.KeyID); err != nil {
		return nil, err
	}
	h.Timestamp = h.Timestamp.UTC()
	return &h, nil
}

// SignedHeads lists the stored heads by tree size.
func (db *DB) SignedHeads(ctx context.Context) ([]truce.SignedHead, error) {
	rows, err := db.pool.Query(ctx, headSelect+` ORDER BY tree_size, timestamp`)
	if err != nil {
		return nil, fmt.Errorf("postgres: read signed heads: %w", err)
	}
	defer rows.Close()
	var out []truce.SignedHead
	for rows.Next() {
		h, err := scanHead(rows)
		if err != nil {
			return nil, fmt.Errorf("postgres: read signed heads: %w", err)
		}
		out = append(out, *h)
	}
	return out, rows.Err()
}

// LatestSignedHead returns the head of the largest tree.
func (db *DB) LatestSignedHead(ctx context.Context) (*truce.SignedHead, error) {
	h, err := scanHead(db.pool.QueryRow(ctx, headSelect+` ORDER BY tree_size DESC LIMIT 1`))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, truce.Errorf(truce.ENOTFOUND, "no signed tree head is stored")
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: read signed head: %w", err)
	}
	return h, nil
}

var _ truce.LogService = (*DB)(nil)
