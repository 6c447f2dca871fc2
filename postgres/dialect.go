package postgres

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/storesql"
)

// dialect is how PostgreSQL spells what internal/storesql writes once for
// both stores: timestamptz and date columns (NULL for none), jsonb, row
// locks, advisory locks for the writers that must take turns, and $n
// placeholders.
type dialect struct{ db *DB }

func (dialect) Name() string     { return "postgres" }
func (d dialect) Now() time.Time { return d.db.Now() }

// Reader reads on the pool, outside any Atomic transaction: writers that
// race are met by the writes' own constraints (ON CONFLICT) and locks.
func (d dialect) Reader(context.Context) storesql.Conn { return conn{d.db.pool} }

func (d dialect) InAtomic(ctx context.Context) bool { return d.db.ambient(ctx) != nil }

func (d dialect) Write(ctx context.Context, fn func(storesql.Conn) error) error {
	return d.db.beginFunc(ctx, func(tx pgx.Tx) error { return fn(conn{tx}) })
}

func (dialect) Time(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

func (d dialect) Instant(t time.Time) any { return t.UTC() }

func (dialect) Date(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Format(truce.DateLayout)
}

// JSON reads jsonb and text[] columns alike, as JSON text.
func (dialect) JSON(col string) string { return "to_json(" + col + ")::text" }
func (dialect) JSONParam() string      { return "?::jsonb" }

func (dialect) Optional(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Webhooks' events are a text[]; string_to_array(”, ',') is empty.
func (dialect) ListParam() string          { return "string_to_array(?, ',')" }
func (dialect) ListText(col string) string { return "array_to_string(" + col + ", ',')" }
func (dialect) ListHas(col string) string {
	return "cardinality(" + col + ") = 0 OR ? = ANY(" + col + ")"
}

// List is a text[] value; a nil list is stored empty, not NULL.
func (dialect) List(s []string) any {
	if s == nil {
		return []string{}
	}
	return s
}

func (dialect) Standing(alias string) string { return alias + ".withdrawn_at IS NULL" }

// incidents is partitioned by month and unique on no key but (id,
// date_start): incident_keys is unique on the event's key.
func (dialect) IncidentKeys() string { return "incident_keys" }

func (dialect) Clear(ctx context.Context, tx storesql.Conn, tables ...string) error {
	_, err := tx.Exec(ctx, `TRUNCATE `+strings.Join(tables, ", "))
	return err
}

func (dialect) Copy(ctx context.Context, tx storesql.Conn, table string, cols []string, rows [][]any) error {
	_, err := tx.(conn).q.(pgx.Tx).CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
	return err
}

func (d dialect) Incidents(ctx context.Context, f truce.IncidentFilter, fn func(*truce.Incident) error) error {
	return d.db.Incidents(ctx, f, fn)
}

func (dialect) ForUpdate() string { return " FOR UPDATE" }

func (dialect) NoRows(err error) bool { return errors.Is(err, pgx.ErrNoRows) }

// Unique relies on PostgreSQL's default constraint names, table_column_key.
func (dialect) Unique(err error, table, column string) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505" && pe.ConstraintName == table+"_"+column+"_key"
}

func (dialect) LockWriters(ctx context.Context, tx storesql.Conn) error {
	return lockImports(ctx, tx.(conn).q.(pgx.Tx))
}

// LockLog takes an advisory lock held until tx ends, so no two appenders
// read the same max(idx): a unique violation would fail one of them.
func (dialect) LockLog(ctx context.Context, tx storesql.Conn) error {
	_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(?, hashtext('log:' || current_schema()))`, lockClass)
	return err
}

func (d dialect) PutReports(ctx context.Context, tx storesql.Conn, agreementID string, reports []*truce.Report) (truce.BatchResult, error) {
	var res truce.BatchResult
	err := putReports(ctx, tx.(conn).q.(pgx.Tx), agreementID, reports, d.db.Now(), &res)
	return res, err
}

func (d dialect) JudgeIncidents(ctx context.Context, tx storesql.Conn, agreementID string, version int, ids []int64, j truce.Judger) ([]truce.Judgement, error) {
	var out []truce.Judgement
	err := judgeIncidents(ctx, tx.(conn).q.(pgx.Tx), agreementID, version, ids, j, d.db.Now().UTC().Truncate(time.Second), &out)
	return out, err
}

func (d dialect) IncidentsByID(ctx context.Context, ids []int64, fn func(*truce.Incident) error) error {
	return incidentsByID(ctx, d.db.pool, "", ids, fn)
}

// Unpack does nothing: PostgreSQL keeps each row with its report (and
// compresses long ones itself, TOAST).
func (dialect) Unpack(context.Context, []*truce.Report) error { return nil }

// querier is what a pool and a transaction share.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// conn runs storesql's statements, their ? placeholders numbered.
type conn struct{ q querier }

func (c conn) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	tag, err := c.q.Exec(ctx, rebind(q), args...)
	return tag.RowsAffected(), err
}

func (c conn) Query(ctx context.Context, q string, args ...any) (storesql.Rows, error) {
	return c.q.Query(ctx, rebind(q), args...)
}

func (c conn) QueryRow(ctx context.Context, q string, args ...any) storesql.Row {
	return c.q.QueryRow(ctx, rebind(q), args...)
}

var rebound sync.Map // query with ? → with $n

// rebind numbers q's ? placeholders $1, $2, …. The shared queries hold no
// ? in literals, nor jsonb's ? operators.
func rebind(q string) string {
	if v, ok := rebound.Load(q); ok {
		return v.(string)
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	rebound.Store(q, b.String())
	return b.String()
}
