package storesql

import (
	"context"
	"strconv"
	"time"

	"github.com/truce-monitor/truce"
)

// CreateToken stores t and sets its ID.
func (s *Store) CreateToken(ctx context.Context, t *truce.Token) error {
	if t.CreatedAt.IsZero() {
		t.CreatedAt = s.d.Now()
	}
	d := s.d
	err := d.Write(ctx, func(tx Conn) error {
		return tx.QueryRow(ctx, `INSERT INTO tokens (name, role, hash, created_at, created_by, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			t.Name, string(t.Role), t.Hash, d.Time(t.CreatedAt), t.CreatedBy, d.Time(t.ExpiresAt), d.Time(t.RevokedAt)).Scan(&t.ID)
	})
	switch {
	case d.Unique(err, "tokens", "name"):
		return truce.Errorf(truce.ECONFLICT, "a token named %q exists already", t.Name)
	case d.Unique(err, "tokens", "hash"):
		return truce.Errorf(truce.ECONFLICT, "a token with that secret exists already")
	}
	return s.errorf("store token", err)
}

const tokenSelect = `SELECT id, name, role, hash, created_at, created_by, expires_at, revoked_at FROM tokens`

func scanToken(row Row) (truce.Token, error) {
	var t truce.Token
	var role string
	if err := row.Scan(&t.ID, &t.Name, &role, &t.Hash, Time(&t.CreatedAt), &t.CreatedBy, Time(&t.ExpiresAt), Time(&t.RevokedAt)); err != nil {
		return t, err
	}
	t.Role = truce.Role(role)
	return t, nil
}

// FindTokenByHash returns the token with the given secret hash.
func (s *Store) FindTokenByHash(ctx context.Context, hash string) (*truce.Token, error) {
	t, err := scanToken(s.d.Reader(ctx).QueryRow(ctx, tokenSelect+` WHERE hash = ?`, hash))
	if s.d.NoRows(err) {
		return nil, truce.Errorf(truce.ENOTFOUND, "no such token")
	}
	if err != nil {
		return nil, s.errorf("find token", err)
	}
	return &t, nil
}

// Tokens lists every token by ID.
func (s *Store) Tokens(ctx context.Context) ([]truce.Token, error) {
	rows, err := s.d.Reader(ctx).Query(ctx, tokenSelect+` ORDER BY id`)
	out, err := collect(rows, err, scanToken)
	return out, s.errorf("read tokens", err)
}

// RevokeToken marks the token named name (or whose ID is name) revoked. A
// name wins over an ID, so a token named "7" is found by its name. The row
// stays locked while it is checked, so two revocations cannot both succeed.
func (s *Store) RevokeToken(ctx context.Context, name string, at time.Time) (*truce.Token, error) {
	id, err := strconv.ParseInt(name, 10, 64)
	if err != nil {
		id = -1
	}
	var t truce.Token
	err = s.d.Write(ctx, func(tx Conn) error {
		var err error
		t, err = scanToken(tx.QueryRow(ctx, tokenSelect+` WHERE name = ? OR id = ? ORDER BY name = ? DESC LIMIT 1`+s.d.ForUpdate(), name, id, name))
		if s.d.NoRows(err) {
			return truce.Errorf(truce.ENOTFOUND, "no token named %q", name)
		}
		if err != nil {
			return err
		}
		if !t.RevokedAt.IsZero() {
			return truce.Errorf(truce.ECONFLICT, "token %q was revoked at %s", t.Name, t.RevokedAt.Format(time.RFC3339))
		}
		// The time as stored, which may be coarser than at.
		return tx.QueryRow(ctx, `UPDATE tokens SET revoked_at = ? WHERE id = ? RETURNING revoked_at`, s.d.Time(at), t.ID).Scan(Time(&t.RevokedAt))
	})
	if err != nil {
		return nil, s.errorf("revoke token", err)
	}
	return &t, nil
}

// AppendLog appends entries with dense indexes.
func (s *Store) AppendLog(ctx context.Context, entries []*truce.LogEntry) error {
	return s.errorf("append to the log", s.d.Write(ctx, func(tx Conn) error { return s.AppendLogTx(ctx, tx, entries) }))
}

// AppendLogTx appends entries inside tx. Appenders take turns (LockLog),
// so no two read the same max(idx).
func (s *Store) AppendLogTx(ctx context.Context, tx Conn, entries []*truce.LogEntry) error {
	if err := s.d.LockLog(ctx, tx); err != nil {
		return err
	}
	var next int64
	if err := tx.QueryRow(ctx, `SELECT COALESCE(max(idx) + 1, 0) FROM log_entries`).Scan(&next); err != nil {
		return s.errorf("read log size", err)
	}
	for _, e := range entries {
		if _, err := tx.Exec(ctx, `INSERT INTO log_entries (idx, kind, at, actor, body, leaf_hash) VALUES (?, ?, ?, ?, ?, ?)`,
			next, e.Kind, s.d.Instant(e.At), e.Actor, NonNilBytes(e.Body), NonNilBytes(e.LeafHash)); err != nil {
			return s.errorf("append log entry", err)
		}
		e.Index = next
		next++
	}
	return nil
}

// LogSize returns the number of log entries.
func (s *Store) LogSize(ctx context.Context) (int64, error) {
	var n int64
	err := s.d.Reader(ctx).QueryRow(ctx, `SELECT COALESCE(max(idx) + 1, 0) FROM log_entries`).Scan(&n)
	return n, s.errorf("read log size", err)
}

const logSelect = `SELECT idx, kind, at, actor, body, leaf_hash FROM log_entries`

func scanLogEntry(row Row) (*truce.LogEntry, error) {
	var e truce.LogEntry
	if err := row.Scan(&e.Index, &e.Kind, Time(&e.At), &e.Actor, &e.Body, &e.LeafHash); err != nil {
		return nil, err
	}
	return &e, nil
}

// LogEntries calls fn for the entries with start <= idx < end, in order.
func (s *Store) LogEntries(ctx context.Context, start, end int64, fn func(*truce.LogEntry) error) error {
	rows, err := s.d.Reader(ctx).Query(ctx, logSelect+` WHERE idx >= ? AND idx < ? ORDER BY idx`, start, end)
	if err != nil {
		return s.errorf("read log", err)
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanLogEntry(rows)
		if err != nil {
			return s.errorf("read log", err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return s.errorf("read log", rows.Err())
}

// FindLogEntry returns the first entry with the given leaf hash.
func (s *Store) FindLogEntry(ctx context.Context, leafHash []byte) (*truce.LogEntry, error) {
	e, err := scanLogEntry(s.d.Reader(ctx).QueryRow(ctx, logSelect+` WHERE leaf_hash = ? ORDER BY idx LIMIT 1`, NonNilBytes(leafHash)))
	if s.d.NoRows(err) {
		return nil, truce.Errorf(truce.ENOTFOUND, "no log entry with leaf hash %x", leafHash)
	}
	return e, s.errorf("find log entry", err)
}

// PutSignedHead stores h unless a head of its size is stored.
func (s *Store) PutSignedHead(ctx context.Context, h *truce.SignedHead) error {
	return s.errorf("store signed head", s.d.Write(ctx, func(tx Conn) error {
		_, err := tx.Exec(ctx, `INSERT INTO signed_heads (tree_size, root_hash, timestamp, signature, key_id) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (tree_size) DO NOTHING`, h.TreeSize, NonNilBytes(h.RootHash), s.d.Instant(h.Timestamp), NonNilBytes(h.Signature), h.KeyID)
		return err
	}))
}

const headSelect = `SELECT tree_size, root_hash, timestamp, signature, key_id FROM signed_heads`

func scanHead(row Row) (truce.SignedHead, error) {
	var h truce.SignedHead
	err := row.Scan(&h.TreeSize, &h.RootHash, Time(&h.Timestamp), &h.Signature, &h.KeyID)
	return h, err
}

// SignedHeads lists the stored heads by tree size.
func (s *Store) SignedHeads(ctx context.Context) ([]truce.SignedHead, error) {
	rows, err := s.d.Reader(ctx).Query(ctx, headSelect+` ORDER BY tree_size, timestamp`)
	out, err := collect(rows, err, scanHead)
	return out, s.errorf("read signed heads", err)
}

// LatestSignedHead returns the head of the largest tree.
func (s *Store) LatestSignedHead(ctx context.Context) (*truce.SignedHead, error) {
	h, err := scanHead(s.d.Reader(ctx).QueryRow(ctx, headSelect+` ORDER BY tree_size DESC LIMIT 1`))
	if s.d.NoRows(err) {
		return nil, truce.Errorf(truce.ENOTFOUND, "no signed tree head is stored")
	}
	if err != nil {
		return nil, s.errorf("read signed head", err)
	}
	return &h, nil
}

var (
	_ truce.TokenService = (*Store)(nil)
	_ truce.LogService   = (*Store)(nil)
)
