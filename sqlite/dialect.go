package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/storesql"
)

// dialect is how the embedded store spells what internal/storesql writes
// once for both stores: times as RFC 3339 text ("" for none) or, where the
// log needs them exact, microseconds; one writer connection; no row locks,
// since a write transaction holds the whole file.
type dialect struct{ db *DB }

func (dialect) Name() string     { return "sqlite" }
func (d dialect) Now() time.Time { return d.db.Now() }

// Reader joins the Atomic transaction ctx carries, if any: its reads then
// see its writes and, under the write lock, nothing another writer does.
func (d dialect) Reader(ctx context.Context) storesql.Conn {
	if tx := d.db.ambientTx(ctx); tx != nil {
		return txConn{tx}
	}
	return reader(d)
}

func (d dialect) InAtomic(ctx context.Context) bool { return d.db.ambientTx(ctx) != nil }

func (d dialect) Write(ctx context.Context, fn func(storesql.Conn) error) error {
	wt, err := d.db.beginW(ctx)
	if err != nil {
		return err
	}
	defer wt.Rollback()
	if err := fn(txConn{wt.Tx}); err != nil {
		return err
	}
	return wt.Commit()
}

func (dialect) Time(t time.Time) any    { return formatTime(t) }
func (dialect) Instant(t time.Time) any { return micros(t) }
func (dialect) Date(t time.Time) any    { return formatDate(t) }
func (dialect) JSON(name string) string { return name }
func (dialect) JSONParam() string       { return "?" }
func (dialect) Optional(s string) any   { return s }

// Webhooks' events are comma-separated text.
func (dialect) ListParam() string          { return "?" }
func (dialect) ListText(col string) string { return col }
func (dialect) ListHas(col string) string {
	return col + " = '' OR instr(',' || " + col + " || ',', ',' || ? || ',') > 0"
}

func (dialect) List(s []string) any {
	if s == nil {
		s = []string{}
	}
	b, _ := json.Marshal(s)
	return string(b)
}

func (dialect) Standing(alias string) string { return alias + ".withdrawn_at = ''" }

func (dialect) IncidentKeys() string { return "incidents" }

func (dialect) Clear(ctx context.Context, tx storesql.Conn, tables ...string) error {
	for _, t := range tables {
		if _, err := tx.Exec(ctx, `DELETE FROM `+t); err != nil {
			return err
		}
	}
	return nil
}

func (dialect) Copy(ctx context.Context, tx storesql.Conn, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	b := newBulk(table, strings.Join(cols, ", "), len(cols), len(rows))
	for _, r := range rows {
		b.add(r...)
	}
	return b.write(ctx, tx.(txConn).Tx)
}

func (d dialect) Incidents(ctx context.Context, f truce.IncidentFilter, fn func(*truce.Incident) error) error {
	return d.db.Incidents(ctx, f, fn)
}

func (dialect) ForUpdate() string { return "" }

func (dialect) NoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

func (dialect) Unique(err error, table, column string) bool {
	return isUnique(err, table+"."+column)
}

// The write transaction holds SQLite's write lock from its start
// (_txlock=immediate): writers take turns already.
func (dialect) LockWriters(context.Context, storesql.Conn) error { return nil }
func (dialect) LockLog(context.Context, storesql.Conn) error     { return nil }

func (d dialect) PutReports(ctx context.Context, tx storesql.Conn, agreementID string, reports []*truce.Report) (truce.BatchResult, error) {
	return d.db.putReports(ctx, tx.(txConn).Tx, agreementID, reports)
}

func (d dialect) JudgeIncidents(ctx context.Context, tx storesql.Conn, agreementID string, version int, ids []int64, j truce.Judger) ([]truce.Judgement, error) {
	return d.db.judgeIncidents(ctx, tx.(txConn).Tx, agreementID, version, ids, j)
}

func (d dialect) IncidentsByID(ctx context.Context, ids []int64, fn func(*truce.Incident) error) error {
	args := make([]any, 0, len(ids)+1)
	args = append(args, "")
	for _, id := range ids {
		args = append(args, id)
	}
	rows, err := d.db.query(ctx, incidentSelect+` WHERE i.id IN (`+placeholders(len(ids))+`)`, args...)
	if err != nil {
		return err
	}
	return storesql.Each(sqlRows{rows}, scanIncident, fn)
}

func (d dialect) Unpack(ctx context.Context, reports []*truce.Report) error {
	u := unpacker{q: d.db.queryRowA}
	for _, r := range reports {
		if err := u.fill(ctx, r); err != nil {
			return err
		}
	}
	return nil
}

// reader runs reads on the readers' pool through cached statements.
type reader struct{ db *DB }

func (r reader) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	res, err := r.db.db.ExecContext(ctx, q, args...)
	return affected(res, err)
}

func (r reader) Query(ctx context.Context, q string, args ...any) (storesql.Rows, error) {
	rows, err := r.db.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return sqlRows{rows}, nil
}

func (r reader) QueryRow(ctx context.Context, q string, args ...any) storesql.Row {
	return r.db.queryRow(ctx, q, args...)
}

// txConn runs statements in a write transaction.
type txConn struct{ *sql.Tx }

func (t txConn) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	res, err := t.Tx.ExecContext(ctx, q, args...)
	return affected(res, err)
}

func (t txConn) Query(ctx context.Context, q string, args ...any) (storesql.Rows, error) {
	rows, err := t.Tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return sqlRows{rows}, nil
}

func (t txConn) QueryRow(ctx context.Context, q string, args ...any) storesql.Row {
	return t.Tx.QueryRowContext(ctx, q, args...)
}

func affected(res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// sqlRows gives *sql.Rows the Close of storesql.Rows; an error closing is
// reported by Err.
type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { r.Rows.Close() }

// isUnique reports whether err is a UNIQUE constraint failure on column
// (table.column).
func isUnique(err error, column string) bool {
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed") && strings.Contains(err.Error(), column)
}
