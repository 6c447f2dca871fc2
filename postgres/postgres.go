// Package postgres is Truce's server store: agreements, reports, incidents,
// zone memberships and admin boundaries in PostgreSQL with PostGIS, through
// pgx. It implements the same services with the same semantics as the
// embedded store (package sqlite), checked by the shared contract suite, and
// stores geometries as PostGIS geometry (SRID 4326) so that SQL can query
// them. It owns the schema (incidents partitioned by month, their event keys
// in a table of their own), its migrations and the bulk import (COPY
// straight into the tables for new events, set-based staging for
// duplicates and revisions); it does not parse files or compute placements.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/storesql"
)

//go:embed migration/*.sql
var migrationFS embed.FS

// lockClass is the first key of every advisory lock the store takes; the
// second is a hash naming what is locked in which schema.
const lockClass = 0x74726365 // "trce"

// DB is an open PostgreSQL store.
type DB struct {
	// Store holds the operations both stores perform alike.
	*storesql.Store

	pool *pgxpool.Pool

	// Now returns the current time; tests replace it.
	Now func() time.Time
}

// Open connects to the PostgreSQL database at url (a postgres:// URL or a
// key=value connection string, as libpq takes) and migrates its schema in
// the first schema of the connection's search_path. The database needs the
// PostGIS extension; Open creates it when the user may.
func Open(ctx context.Context, url string) (*DB, error) {
	return open(ctx, url, false)
}

// OpenReadOnly connects to the database at url, typically a hot standby
// (a streaming replica of the primary's cluster), for a server that only
// reads. It writes nothing: it neither migrates nor creates PostGIS, and its
// sessions are read-only (default_transaction_read_only), so a write that
// slipped through fails in PostgreSQL rather than on the primary's
// replication. It fails, saying what to do, when the schema is older than
// this binary's migrations: migrate the primary (open it with Open, as every
// other command does) and let the standby replay.
func OpenReadOnly(ctx context.Context, url string) (*DB, error) {
	return open(ctx, url, true)
}

func open(ctx context.Context, url string, readOnly bool) (*DB, error) {
	if url == "" {
		return nil, truce.Errorf(truce.EINVALID, "postgres: no database URL given")
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgx redacts the password from its message.
		return nil, truce.Errorf(truce.EINVALID, "postgres: bad database URL: %v", err)
	}
	// Room for an import batch's staging tables without spilling to disk,
	// unless the URL says otherwise.
	if _, ok := cfg.ConnConfig.RuntimeParams["temp_buffers"]; !ok {
		cfg.ConnConfig.RuntimeParams["temp_buffers"] = "32MB"
	}
	// No JIT compilation, unless the URL asks for it: over a table of many
	// monthly partitions a chunk of adjudication's read is planned at a
	// cost above jit_above_cost, and compiling its 525 functions took
	// 4.6 s of a query that runs in 55 ms without (10 M incidents, 131
	// months, measured). Truce's queries are index look-ups and
	// aggregates of one zone's days, which JIT does not speed up.
	if _, ok := cfg.ConnConfig.RuntimeParams["jit"]; !ok {
		cfg.ConnConfig.RuntimeParams["jit"] = "off"
	}
	if readOnly {
		cfg.ConnConfig.RuntimeParams["default_transaction_read_only"] = "on"
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	db := &DB{pool: pool, Now: time.Now}
	db.Store = storesql.New(dialect{db})
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: connect to %s:%d/%s: %w", cfg.ConnConfig.Host, cfg.ConnConfig.Port, cfg.ConnConfig.Database, err)
	}
	check := db.migrate
	if readOnly {
		check = db.checkSchema
	}
	if err := check(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: %s: %w", cfg.ConnConfig.Database, err)
	}
	return db, nil
}

// Close closes every connection of the store.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// migrate applies the embedded migrations not yet recorded, each in its own
// transaction, so a failed migration leaves the previous schema intact. It
// holds an advisory lock on one connection meanwhile, so that processes
// starting together take turns and each migration runs once.
func (db *DB) migrate(ctx context.Context) error {
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1, hashtext('migrate:' || current_schema()))`, lockClass); err != nil {
		return fmt.Errorf("lock for migration: %w", err)
	}
	defer func() {
		// A fresh context: the lock must go even when ctx is cancelled. If the
		// unlock fails the connection is closed, which releases it too.
		uctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if _, err := conn.Exec(uctx, `SELECT pg_advisory_unlock($1, hashtext('migrate:' || current_schema()))`, lockClass); err != nil {
			conn.Conn().Close(uctx)
		}
	}()
	if err := ensurePostGIS(ctx, conn.Conn()); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	all, err := storesql.Migrations(migrationFS, "migration")
	if err != nil {
		return err
	}
	for _, m := range all {
		var applied bool
		if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = $1)`, m.Version).Scan(&applied); err != nil {
			return err
		}
		if applied {
			continue
		}
		err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			// No parameters: the simple protocol runs the file's statements in one go.
			if _, err := tx.Exec(ctx, m.Body, pgx.QueryExecModeSimpleProtocol); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`, m.Version, m.Name, db.Now().UTC())
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
	}
	return nil
}

// checkSchema is migrate's read-only counterpart: it fails unless PostGIS
// is usable and every embedded migration is recorded as applied.
func (db *DB) checkSchema(ctx context.Context) error {
	var geometry, table bool
	if err := db.pool.QueryRow(ctx, `SELECT to_regtype('geometry') IS NOT NULL, to_regclass('schema_migrations') IS NOT NULL`).Scan(&geometry, &table); err != nil {
		return err
	}
	if !table {
		return truce.Errorf(truce.EINVALID, "no Truce schema in this database (no schema_migrations table in the search_path): a read-only server does not create one; open the primary with any truce command (e.g. truce serve --db PRIMARY-URL) to migrate it, and point --read-only at a standby of that primary")
	}
	if !geometry {
		return truce.Errorf(truce.EINVALID, "PostGIS is not visible in this database's search_path: a read-only server does not create it; check the URL's search_path")
	}
	all, err := storesql.Migrations(migrationFS, "migration")
	if err != nil {
		return err
	}
	want := map[int]string{}
	for _, m := range all {
		want[m.Version] = m.Name
	}
	rows, err := db.pool.Query(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return err
	}
	have, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	if err != nil {
		return err
	}
	for _, v := range have {
		delete(want, int(v))
	}
	if len(want) > 0 {
		missing := make([]string, 0, len(want))
		for _, name := range want {
			missing = append(missing, name)
		}
		sort.Strings(missing)
		return truce.Errorf(truce.EINVALID, "the schema is older than this truce expects (missing migrations %s): a read-only server does not migrate; run this version of truce against the primary once (any command that opens it, e.g. truce serve) and wait for the standby to replay", strings.Join(missing, ", "))
	}
	return nil
}

// ReplicaLag reports how far the database is behind its primary: on a hot
// standby, the age of the last replayed transaction and the WAL received but
// not replayed; on a primary, zero.
func (db *DB) ReplicaLag(ctx context.Context) (truce.ReplicaLag, error) {
	var (
		lag      truce.ReplicaLag
		ageSecs  *float64
		bytes    *int64
		received bool
	)
	err := db.pool.QueryRow(ctx, `SELECT pg_is_in_recovery(),
		extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8,
		pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())::int8,
		pg_last_wal_receive_lsn() IS NOT NULL`).Scan(&lag.Standby, &ageSecs, &bytes, &received)
	if err != nil {
		return lag, fmt.Errorf("postgres: replication lag: %w", err)
	}
	if !lag.Standby {
		return truce.ReplicaLag{}, nil
	}
	lag.Received = received
	if ageSecs != nil && *ageSecs > 0 {
		lag.ReplayAge = time.Duration(*ageSecs * float64(time.Second))
	}
	if bytes != nil && *bytes > 0 {
		lag.Bytes = *bytes
	}
	if lag.Bytes > 0 || !received {
		lag.Lag = lag.ReplayAge
	}
	return lag, nil
}

// ensurePostGIS makes sure the geometry type is usable, creating the
// extension if it is missing and naming the fix when it cannot.
func ensurePostGIS(ctx context.Context, conn *pgx.Conn) error {
	var visible bool
	if err := conn.QueryRow(ctx, `SELECT to_regtype('geometry') IS NOT NULL`).Scan(&visible); err != nil {
		return err
	}
	if visible {
		return nil
	}
	var schema string
	err := conn.QueryRow(ctx, `SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'postgis'`).Scan(&schema)
	switch {
	case err == nil:
		return fmt.Errorf("PostGIS is installed in schema %q, which is not on the search_path: add it (e.g. ?search_path=myschema,%s)", schema, schema)
	case !errors.Is(err, pgx.ErrNoRows):
		return err
	}
	if _, err := conn.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS postgis`); err != nil {
		return fmt.Errorf("PostGIS is not installed in this database and could not be created (%w): install the PostGIS package for this server (Debian: postgresql-15-postgis-3) and run CREATE EXTENSION postgis as a superuser", err)
	}
	return nil
}

// encodeGeometry returns mp as WKB for ST_GeomFromWKB, nil for no geometry.
func encodeGeometry(mp orb.MultiPolygon) ([]byte, error) {
	if len(mp) == 0 {
		return nil, nil
	}
	return wkb.Marshal(mp)
}

// decodeGeometry reads the WKB of ST_AsBinary back into a multipolygon;
// NULL or empty geometry is nil.
func decodeGeometry(b []byte) (orb.MultiPolygon, error) {
	if b == nil {
		return nil, nil
	}
	g, err := wkb.Unmarshal(b)
	if err != nil {
		return nil, err
	}
	switch g := g.(type) {
	case orb.MultiPolygon:
		if len(g) == 0 {
			return nil, nil
		}
		return g, nil
	case orb.Polygon:
		return orb.MultiPolygon{g}, nil
	default:
		return nil, fmt.Errorf("geometry is a %s, want a MultiPolygon", g.GeoJSONType())
	}
}

// isUniqueViolation reports whether err is PostgreSQL's unique_violation.
func isUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}
