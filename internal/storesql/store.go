package storesql

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
)

// Row is one result row to scan: *sql.Row and pgx.Row both are.
type Row interface {
	Scan(dst ...any) error
}

// Rows is a result set, as both drivers give it.
type Rows interface {
	Row
	Next() bool
	Err() error
	Close()
}

// Conn runs statements written with ? placeholders: on a connection pool,
// or in a transaction. PostgreSQL's adapter numbers the placeholders.
type Conn interface {
	Exec(ctx context.Context, q string, args ...any) (int64, error)
	Query(ctx context.Context, q string, args ...any) (Rows, error)
	QueryRow(ctx context.Context, q string, args ...any) Row
}

// Dialect is what the two stores do differently under the operations this
// package writes once: how they run a transaction, spell a time or a JSON
// column, lock, and tell one error from another, and the parts of a write
// that are theirs alone (how a batch of reports is stored, how incidents
// are judged).
type Dialect interface {
	// Name prefixes errors ("sqlite", "postgres").
	Name() string
	// Now is the store's clock (tests replace it).
	Now() time.Time
	// Reader runs reads: the embedded store's join the Atomic transaction
	// ctx carries and see its writes, PostgreSQL's read on the pool and see
	// the state before it (writers that race are met by the writes' own
	// constraints and locks). What the operations here read in an Atomic
	// must be right either way.
	Reader(ctx context.Context) Conn
	// InAtomic tells that ctx carries an Atomic transaction of this store.
	InAtomic(ctx context.Context) bool
	// Write runs fn in a write transaction of its own, or joins the Atomic
	// one ctx carries (as a savepoint where the database has them).
	Write(ctx context.Context, fn func(tx Conn) error) error

	// Time is t for a timestamp column, zero as that column's empty value.
	Time(t time.Time) any
	// Instant is t for a column kept to the microsecond (the log's times,
	// which leaf hashes cover).
	Instant(t time.Time) any
	// Date is t's day for a date column.
	Date(t time.Time) any
	// JSON reads the JSON column col as text.
	JSON(col string) string
	// JSONParam is a placeholder for JSON text bound to a JSON column.
	JSONParam() string
	// Optional is text for a column where "" means none.
	Optional(s string) any
	// ListParam is a placeholder for a comma-separated list bound to a list
	// column; ListText reads a list column back so; ListHas is the
	// condition, with one placeholder, that the list column col is empty
	// or holds the placeholder's value.
	ListParam() string
	ListText(col string) string
	ListHas(col string) string
	// List is a list of strings for a list column.
	List(s []string) any
	// Standing is the condition that incident alias has not been withdrawn.
	Standing(alias string) string
	// IncidentKeys is the table that finds an incident's id from its
	// (source, source_key), unique on those two.
	IncidentKeys() string
	// ForUpdate locks the rows a SELECT reads until the transaction ends,
	// where the database locks rows ("" where a write locks the whole file).
	ForUpdate() string

	// NoRows tells that a one-row read found none.
	NoRows(err error) bool
	// Unique tells that err broke the unique constraint on table.column.
	Unique(err error, table, column string) bool

	// LockWriters makes tx take turns with every writer of reports,
	// incidents, memberships and judgements until it ends.
	LockWriters(ctx context.Context, tx Conn) error
	// LockLog makes tx take turns with every other appender to the log.
	LockLog(ctx context.Context, tx Conn) error
	// LockAgreement makes tx take turns with other loads of agreement id,
	// so that versions never collide.
	LockAgreement(ctx context.Context, tx Conn, id string) error
	// PutZones stores a's zones in tx (its old ones are deleted already).
	PutZones(ctx context.Context, tx Conn, a *truce.Agreement) error
	// PutReports stores a batch of reports and their incidents in tx, as
	// the store's PutReports does.
	PutReports(ctx context.Context, tx Conn, agreementID string, reports []*truce.Report) (truce.BatchResult, error)
	// Clear empties tables in tx.
	Clear(ctx context.Context, tx Conn, tables ...string) error
	// Copy inserts rows of cols into table in tx, in bulk.
	Copy(ctx context.Context, tx Conn, table string, cols []string, rows [][]any) error
	// Incidents is the store's Incidents.
	Incidents(ctx context.Context, f truce.IncidentFilter, fn func(*truce.Incident) error) error
	// Unpack sets the Raw of reports read from the reports table where the
	// store keeps rows elsewhere (the embedded store's packs).
	Unpack(ctx context.Context, reports []*truce.Report) error
	// IncidentsByID calls fn with each of the incidents ids that exists,
	// without memberships.
	IncidentsByID(ctx context.Context, ids []int64, fn func(*truce.Incident) error) error
	// JudgeIncidents judges the incidents ids in tx, as the store's
	// JudgeIncidents does.
	JudgeIncidents(ctx context.Context, tx Conn, agreementID string, version int, ids []int64, j truce.Judger) ([]truce.Judgement, error)
}

// Store holds the operations both stores perform alike, over their
// Dialect. Each store embeds one, so these are its methods.
type Store struct {
	d          Dialect
	agreements agreementCache
	group      submitGroup
}

// New returns the shared operations over d.
func New(d Dialect) *Store { return &Store{d: d} }

// errorf is Wrap with the store's name.
func (s *Store) errorf(what string, err error) error {
	return Wrap(s.d.Name(), what, err)
}

// Wrap prefixes err with the store's name and what failed, leaving the
// domain's own errors (truce.Error) as they are, and not naming the store
// twice.
func Wrap(store, what string, err error) error {
	var te *truce.Error
	if err == nil || errors.As(err, &te) {
		return err
	}
	if strings.HasPrefix(err.Error(), store+": ") {
		return fmt.Errorf("%s: %w", what, err)
	}
	return fmt.Errorf("%s: %s: %w", store, what, err)
}

// Time scans a timestamp or date column into t whatever way the store
// keeps it: a time, RFC 3339 or day text ("" for none), microseconds since
// the epoch, or NULL.
func Time(t *time.Time) interface{ Scan(any) error } { return timeDest{t} }

type timeDest struct{ t *time.Time }

func (d timeDest) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*d.t = time.Time{}
	case time.Time:
		*d.t = x.UTC()
	case int64:
		*d.t = time.UnixMicro(x).UTC()
	case []byte:
		return d.Scan(string(x))
	case string:
		if x == "" {
			*d.t = time.Time{}
			return nil
		}
		layout := time.RFC3339Nano
		if len(x) == len(truce.DateLayout) {
			layout = truce.DateLayout
		}
		t, err := time.Parse(layout, x)
		if err != nil {
			return fmt.Errorf("read time %q: %w", x, err)
		}
		*d.t = t.UTC()
	default:
		return fmt.Errorf("read time: unexpected %T", v)
	}
	return nil
}

// Text scans a text column that may be NULL, NULL read as "".
func Text(s *string) interface{ Scan(any) error } { return textDest{s} }

type textDest struct{ s *string }

func (d textDest) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*d.s = ""
	case string:
		*d.s = x
	case []byte:
		*d.s = string(x)
	default:
		s, err := driver.String.ConvertValue(v)
		if err != nil {
			return err
		}
		*d.s = s.(string)
	}
	return nil
}

// Placeholders returns n ? placeholders separated by commas.
func Placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// NonNilBytes is b, or an empty slice for nil: byte columns are NOT NULL.
func NonNilBytes(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

// collect reads every row of rows with scan.
func collect[T any](rows Rows, err error, scan func(Row) (T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
