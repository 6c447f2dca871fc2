package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
)

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func parseTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, _ := time.Parse(time.RFC3339, s)
	return t
}

// micros and fromMicros keep the log's times exact: leaf hashes cover them
// to the microsecond.
func micros(t time.Time) int64 { return t.UnixMicro() }

func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

// isUnique reports whether err is a UNIQUE constraint failure on column
// (table.column).
func isUnique(err error, column string) bool {
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed") && strings.Contains(err.Error(), column)
}

// CreateToken stores t and sets its ID.
func (db *DB) CreateToken(ctx context.Context, t *truce.Token) error {
	if t.CreatedAt.IsZero() {
		t.CreatedAt = db.Now()
	}
	res, err := db.execW(ctx, `INSERT INTO tokens (name, role, hash, created_at, created_by, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		t.Name, string(t.Role), t.Hash, formatTime(t.CreatedAt), t.CreatedBy, formatTime(t.ExpiresAt), formatTime(t.RevokedAt))
	switch {
	case isUnique(err, "tokens.name"):
		return truce.Errorf(truce.ECONFLICT, "a token named %q exists already", t.Name)
	case isUnique(err, "tokens.hash"):
		return truce.Errorf(truce.ECONFLICT, "a token with that secret exists already")
	case err != nil:
		return fmt.Errorf("sqlite: store token: %w", err)
	}
	t.ID, err = res.LastInsertId()
	return err
}

const tokenSelect = `SELECT id, name, role, hash, created_at, created_by, expires_at, revoked_at FROM tokens`

type scanner interface{ Scan(...any) error }

func scanToken(row scanner) (*truce.Token, error) {
	var t truce.Token
	var role, created, expires, revoked string
	if err := row.Scan(&t.ID, &t.Name, &role, &t.Hash, &created, &t.CreatedBy, &expires, &revoked); err != nil {
		return nil, err
	}
	t.Role, t.CreatedAt, t.ExpiresAt, t.RevokedAt = truce.Role(role), parseTime(created), parseTime(expires), parseTime(revoked)
	return &t, nil
}

// FindTokenByHash returns the token with the given secret hash.
func (db *DB) FindTokenByHash(ctx context.Context, hash string) (*truce.Token, error) {
	t, err := scanToken(db.queryRow(ctx, tokenSelect+` WHERE hash = ?`, hash))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, truce.Errorf(truce.ENOTFOUND, "no such token")
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: find token: %w", err)
	}
	return t, nil
}

// Tokens lists every token by ID.
func (db *DB) Tokens(ctx context.Context) ([]truce.Token, error) {
	rows, err := db.query(ctx, tokenSelect+` ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: read tokens: %w", err)
	}
	defer rows.Close()
	var out []truce.Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: read tokens: %w", err)
		}
		out = append(out, *t)
	}
	return out, rows.Err()
}

// RevokeToken marks the token named name (or whose ID is name) revoked. A
// name wins over an ID, so a token named "7" is found by its name.
func (db *DB) RevokeToken(ctx context.Context, name string, at time.Time) (*truce.Token, error) {
	wt, err := db.beginW(ctx)
	if err != nil {
		return nil, err
	}
	defer wt.Rollback()
	tx := wt.Tx
	id, idErr := strconv.ParseInt(name, 10, 64)
	if idErr != nil {
		id = -1
	}
	t, err := scanToken(tx.QueryRowContext(ctx, tokenSelect+` WHERE name = ? OR id = ? ORDER BY name = ? DESC LIMIT 1`, name, id, name))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, truce.Errorf(truce.ENOTFOUND, "no token named %q", name)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: find token: %w", err)
	}
	if !t.RevokedAt.IsZero() {
		return nil, truce.Errorf(truce.ECONFLICT, "token %q was revoked at %s", t.Name, t.RevokedAt.Format(time.RFC3339))
	}
	t.RevokedAt = parseTime(formatTime(at))
	if _, err := tx.ExecContext(ctx, `UPDATE tokens SET revoked_at = ? WHERE id = ?`, formatTime(at), t.ID); err != nil {
		return nil, fmt.Errorf("sqlite: revoke token: %w", err)
	}
	return t, wt.Commit()
}

var _ truce.TokenService = (*DB)(nil)

// AppendLog appends entries with dense indexes. The transaction takes
// SQLite's write lock when it begins (_txlock=immediate), so no other
// process can read the same MAX(idx) meanwhile.
func (db *DB) AppendLog(ctx context.Context, entries []*truce.LogEntry) error {
	wt, err := db.beginW(ctx)
	if err != nil {
		return err
	}
	defer wt.Rollback()
	tx := wt.Tx
	if err := appendLog(ctx, tx, entries); err != nil {
		return err
	}
	return wt.Commit()
}

// appendLog appends entries inside tx, which must hold the write lock.
func appendLog(ctx context.Context, tx *sql.Tx, entries []*truce.LogEntry) error {
	var next int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(idx) + 1, 0) FROM log_entries`).Scan(&next); err != nil {
		return fmt.Errorf("sqlite: read log size: %w", err)
	}
	for _, e := range entries {
		if _, err := tx.ExecContext(ctx, `INSERT INTO log_entries (idx, kind, at, actor, body, leaf_hash) VALUES (?, ?, ?, ?, ?, ?)`,
			next, e.Kind, micros(e.At), e.Actor, nonNilBytes(e.Body), nonNilBytes(e.LeafHash)); err != nil {
			return fmt.Errorf("sqlite: append log entry: %w", err)
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
	if err := db.queryRow(ctx, `SELECT COALESCE(MAX(idx) + 1, 0) FROM log_entries`).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlite: read log size: %w", err)
	}
	return n, nil
}

const logSelect = `SELECT idx, kind, at, actor, body, leaf_hash FROM log_entries`

func scanLogEntry(row scanner) (*truce.LogEntry, error) {
	var e truce.LogEntry
	var at int64
	if err := row.Scan(&e.Index, &e.Kind, &at, &e.Actor, &e.Body, &e.LeafHash); err != nil {
		return nil, err
	}
	e.At = fromMicros(at)
	return &e, nil
}

// LogEntries calls fn for the entries with start <= idx < end, in order.
func (db *DB) LogEntries(ctx context.Context, start, end int64, fn func(*truce.LogEntry) error) error {
	rows, err := db.query(ctx, logSelect+` WHERE idx >= ? AND idx < ? ORDER BY idx`, start, end)
	if err != nil {
		return fmt.Errorf("sqlite: read log: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanLogEntry(rows)
		if err != nil {
			return fmt.Errorf("sqlite: read log: %w", err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// FindLogEntry returns the first entry with the given leaf hash.
func (db *DB) FindLogEntry(ctx context.Context, leafHash []byte) (*truce.LogEntry, error) {
	e, err := scanLogEntry(db.queryRow(ctx, logSelect+` WHERE leaf_hash = ? ORDER BY idx LIMIT 1`, nonNilBytes(leafHash)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, truce.Errorf(truce.ENOTFOUND, "no log entry with leaf hash %x", leafHash)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: find log entry: %w", err)
	}
	return e, nil
}

// PutSignedHead stores h unless a head of its size is stored.
func (db *DB) PutSignedHead(ctx context.Context, h *truce.SignedHead) error {
	_, err := db.execW(ctx, `INSERT INTO signed_heads (tree_size, root_hash, timestamp, signature, key_id) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (tree_size) DO NOTHING`, h.TreeSize, nonNilBytes(h.RootHash), micros(h.Timestamp), nonNilBytes(h.Signature), h.KeyID)
	if err != nil {
		return fmt.Errorf("sqlite: store signed head: %w", err)
	}
	return nil
}

const headSelect = `SELECT tree_size, root_hash, timestamp, signature, key_id FROM signed_heads`

func scanHead(row scanner) (*truce.SignedHead, error) {
	var h truce.SignedHead
	var ts int64
	if err := row.Scan(&h.TreeSize, &h.RootHash, &ts, &h.Signature, &h.KeyID); err != nil {
		return nil, err
	}
	h.Timestamp = fromMicros(ts)
	return &h, nil
}

// SignedHeads lists the stored heads by tree size.
func (db *DB) SignedHeads(ctx context.Context) ([]truce.SignedHead, error) {
	rows, err := db.query(ctx, headSelect+` ORDER BY tree_size, timestamp`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: read signed heads: %w", err)
	}
	defer rows.Close()
	var out []truce.SignedHead
	for rows.Next() {
		h, err := scanHead(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: read signed heads: %w", err)
		}
		out = append(out, *h)
	}
	return out, rows.Err()
}

// LatestSignedHead returns the head of the largest tree.
func (db *DB) LatestSignedHead(ctx context.Context) (*truce.SignedHead, error) {
	h, err := scanHead(db.queryRow(ctx, headSelect+` ORDER BY tree_size DESC LIMIT 1`))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, truce.Errorf(truce.ENOTFOUND, "no signed tree head is stored")
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: read signed head: %w", err)
	}
	return h, nil
}

var _ truce.LogService = (*DB)(nil)
