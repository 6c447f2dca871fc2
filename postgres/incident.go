package postgres

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/storesql"
)

// incidentColumns are the incident columns a report sets, in the same
// order in the incidents table and the import staging table.
var incidentColumns = []string{"source", "source_key", "report_id", "date_start", "date_end", "date_prec", "has_point", "lon", "lat", "loc_prec",
	"country", "admin1", "admin2", "place", "event_type", "sub_event_type", "type_reason", "violence_type",
	"side_a", "side_b", "assoc_a", "assoc_b", "deaths_low", "deaths_best", "deaths_high", "deaths_civ", "deaths_unknown", "sources", "num_sources", "source_text"}

// stagingColumns are the columns PutReports copies into import_rows.
var stagingColumns = []string{"ord", "source", "source_key", "hash", "release", "origin", "line", "raw", "received_at", "incident_digest",
	"date_start", "date_end", "date_prec", "has_point", "lon", "lat", "loc_prec",
	"country", "admin1", "admin2", "place", "event_type", "sub_event_type", "type_reason", "violence_type",
	"side_a", "side_b", "assoc_a", "assoc_b", "deaths_low", "deaths_best", "deaths_high", "deaths_civ", "deaths_unknown", "sources", "num_sources", "source_text"}

// createStaging makes the connection's import staging tables. They are
// temporary (private to the connection) and emptied at every commit or
// rollback; the plan columns (revision … incident_id) are filled by SQL.
const createStaging = `CREATE TEMP TABLE IF NOT EXISTS import_rows (
	ord integer NOT NULL,
	source text NOT NULL, source_key text NOT NULL, hash text NOT NULL, release text NOT NULL, origin text NOT NULL,
	line integer NOT NULL, raw text NOT NULL, received_at timestamptz NOT NULL, incident_digest text NOT NULL,
	date_start date NOT NULL, date_end date NOT NULL, date_prec integer NOT NULL,
	has_point boolean NOT NULL, lon float8 NOT NULL, lat float8 NOT NULL, loc_prec integer NOT NULL,
	country text NOT NULL, admin1 text NOT NULL, admin2 text NOT NULL, place text NOT NULL,
	event_type text NOT NULL, sub_event_type text NOT NULL, type_reason text NOT NULL, violence_type integer NOT NULL,
	side_a text NOT NULL, side_b text NOT NULL, assoc_a text NOT NULL, assoc_b text NOT NULL,
	deaths_low integer NOT NULL, deaths_best integer NOT NULL, deaths_high integer NOT NULL, deaths_civ integer NOT NULL, deaths_unknown integer NOT NULL,
	sources text NOT NULL, num_sources integer NOT NULL, source_text text NOT NULL,
	revision boolean, is_last boolean, incident_id bigint
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS import_members (
	ord integer NOT NULL, zone_id text NOT NULL, placement text NOT NULL, reason text NOT NULL, share double precision NOT NULL
) ON COMMIT DELETE ROWS;
-- Staging tables have no statistics and batches are small: compiling
-- plans to machine code would cost more than running them.
SET LOCAL jit = off`

// stagedIncident is the SQL for an incident's incidentColumns and geom
// from its staged row s and its stored report r.
var stagedIncident = strings.Replace(prefixed("s.", incidentColumns), "s.report_id", "r.id", 1) +
	`, CASE WHEN s.has_point THEN ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4326) END`

// importSteps turn the staged batch into reports, incidents and
// memberships, set-based, with the semantics of PutReports. They run in
// order in one transaction; $1 is the agreement ID. An incident's key, ID
// and first day are in incident_keys, which finds it (and its month's
// partition) from its (source, source_key).
var importSteps = []string{
	// Duplicates: a (source, key, hash) stored already, or seen earlier in
	// the batch. What remains becomes reports.
	`DELETE FROM pg_temp.import_rows s USING (
		SELECT ord FROM (SELECT ord, row_number() OVER (PARTITION BY source, source_key, hash ORDER BY ord) AS n FROM pg_temp.import_rows) w
		WHERE n > 1
		UNION ALL
		SELECT t.ord FROM pg_temp.import_rows t
		JOIN reports r ON r.source = t.source AND r.source_key = t.source_key AND r.hash = t.hash
	) d
	WHERE s.ord = d.ord`,
	// Plan: a row is a revision when its (source, key) is stored or came
	// earlier in the batch; the last row of each key decides the incident's
	// final content.
	`UPDATE pg_temp.import_rows s
	SET incident_id = k.incident_id, revision = (k.incident_id IS NOT NULL OR s.ord > k.first_ord), is_last = (s.ord = k.last_ord)
	FROM (SELECT r.source, r.source_key, min(r.ord) AS first_ord, max(r.ord) AS last_ord, min(i.id) AS incident_id
		FROM pg_temp.import_rows r LEFT JOIN incident_keys i ON i.source = r.source AND i.source_key = r.source_key
		GROUP BY r.source, r.source_key) k
	WHERE k.source = s.source AND k.source_key = s.source_key`,
	// Reports, never edited: new ones first, then revisions, each in batch
	// order, numbered as the embedded store numbers them.
	`INSERT INTO reports (source, source_key, hash, release, origin, line, raw, received_at, incident_digest)
	SELECT source, source_key, hash, release, origin, line, raw, received_at, incident_digest
	FROM pg_temp.import_rows ORDER BY revision, ord
	RETURNING id, source, source_key, hash`,
	// New incidents' keys, numbered in batch order, from the first row of
	// each new key.
	`INSERT INTO incident_keys (source, source_key, date_start)
	SELECT source, source_key, date_start FROM pg_temp.import_rows WHERE NOT revision ORDER BY ord`,
	// New incidents (counted: Stored).
	`INSERT INTO incidents (id, ` + strings.Join(incidentColumns, ", ") + `, geom)
	SELECT k.id, ` + stagedIncident + `
	FROM pg_temp.import_rows s JOIN reports r ON r.source = s.source AND r.source_key = s.source_key AND r.hash = s.hash
	JOIN incident_keys k ON k.source = s.source AND k.source_key = s.source_key
	WHERE NOT s.revision ORDER BY s.ord`,
	// Revised incidents take the content of their key's last row, found in
	// the partition of their old first day, and move if that day changed.
	`UPDATE incidents i SET (` + strings.Join(incidentColumns, ", ") + `, geom, withdrawn_at) = (` + stagedIncident + `, NULL)
	FROM pg_temp.import_rows s JOIN reports r ON r.source = s.source AND r.source_key = s.source_key AND r.hash = s.hash
	JOIN incident_keys k ON k.source = s.source AND k.source_key = s.source_key
	WHERE s.revision AND s.is_last AND i.id = k.id AND i.date_start = k.date_start`,
	`UPDATE incident_keys k SET date_start = s.date_start FROM pg_temp.import_rows s
	WHERE s.revision AND s.is_last AND k.source = s.source AND k.source_key = s.source_key AND k.date_start <> s.date_start`,
	// A revised incident loses the memberships of its old content, in every
	// agreement; those of the new content follow.
	`DELETE FROM memberships m USING pg_temp.import_rows s
	WHERE s.revision AND s.is_last AND s.incident_id IS NOT NULL AND m.incident_id = s.incident_id`,
	// Memberships of each key's last row, in agreement $1 (none when "").
	`INSERT INTO memberships (agreement_id, zone_id, incident_id, placement, reason, share)
	SELECT $1, m.zone_id, k.id, m.placement, m.reason, m.share
	FROM pg_temp.import_members m
	JOIN pg_temp.import_rows s ON s.ord = m.ord AND s.is_last
	JOIN incident_keys k ON k.source = s.source AND k.source_key = s.source_key
	WHERE $1 <> ''`,
}

// Indexes of the steps whose row counts PutReports reports.
const (
	stepDuplicates = 0
	stepReports    = 2 // returns the stored reports' IDs
	stepStored     = 4
)

func prefixed(prefix string, cols []string) string {
	var b strings.Builder
	for i, c := range cols {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(prefix)
		b.WriteString(c)
	}
	return b.String()
}

// PutReports stores reports and their incidents in one transaction. The
// batch is copied (COPY, binary) into temporary staging tables, then set-based
// SQL finds duplicates and revisions and writes reports, incidents and
// memberships, so a batch costs a handful of round trips whatever its size.
// Imports take turns (a transaction-scoped advisory lock), as in the
// embedded store, so two writers never both think a key is new.
func (db *DB) PutReports(ctx context.Context, agreementID string, reports []*truce.Report) (truce.BatchResult, error) {
	var res truce.BatchResult
	if len(reports) == 0 {
		return res, nil
	}
	now := db.Now()
	err := db.beginFunc(ctx, func(tx pgx.Tx) error {
		if err := lockImports(ctx, tx); err != nil {
			return err
		}
		return putReports(ctx, tx, agreementID, reports, now, &res)
	})
	if err != nil {
		return truce.BatchResult{}, wrap("import batch", err)
	}
	return res, nil
}

// lockImports makes tx take turns with every other writer of reports,
// incidents, memberships and judgements, until it ends.
func lockImports(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext('import:' || current_schema()))`, lockClass)
	return err
}

// putReports is PutReports inside tx, which holds the import lock, so that
// Submit stores a report exactly as an import does.
func putReports(ctx context.Context, tx pgx.Tx, agreementID string, reports []*truce.Report, now time.Time, res *truce.BatchResult) error {
	if err := makeMonths(ctx, tx, reports); err != nil {
		return fmt.Errorf("make the partitions of incidents: %w", err)
	}
	// Withdrawals are rare and must apply in batch order: the runs of
	// events between them go through staging, each withdrawal alone.
	for start := 0; start < len(reports); {
		if reports[start].Withdraws {
			if err := withdraw(ctx, tx, reports[start], now, res); err != nil {
				return err
			}
			start++
			continue
		}
		end := start
		for end < len(reports) && !reports[end].Withdraws {
			end++
		}
		if err := stageRun(ctx, tx, agreementID, reports[start:end], now, res); err != nil {
			return err
		}
		start = end
	}
	return nil
}

// stageRun stores a run of event reports: straight into their tables when
// none is a duplicate or a revision (copyRun), else through the staging
// tables.
func stageRun(ctx context.Context, tx pgx.Tx, agreementID string, reports []*truce.Report, now time.Time, res *truce.BatchResult) error {
	if ok, err := allNew(ctx, tx, reports); err != nil {
		return fmt.Errorf("look up the reports' keys: %w", err)
	} else if ok {
		return copyRun(ctx, tx, agreementID, reports, now, res)
	}
	if _, err := tx.Exec(ctx, createStaging); err != nil {
		return fmt.Errorf("create staging tables: %w", err)
	}
	// Staging rows live until commit; a second run in one batch starts clean.
	// TRUNCATE also gives the tables new storage, which makes PostgreSQL plan
	// the steps again: pgx prepares them once per connection and, having no
	// parameters, they would otherwise keep the generic plan made when
	// reports and incidents were small (hash joins over full scans of both,
	// measured falling from 20 k to 3.6 k rows/s by 600 k rows).
	if _, err := tx.Exec(ctx, `TRUNCATE pg_temp.import_rows, pg_temp.import_members`); err != nil {
		return err
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"pg_temp", "import_rows"}, stagingColumns, pgx.CopyFromSlice(len(reports), func(i int) ([]any, error) {
		return stagingRow(i, reports[i], now), nil
	})); err != nil {
		return fmt.Errorf("stage reports: %w", err)
	}
	if agreementID != "" {
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"pg_temp", "import_members"}, []string{"ord", "zone_id", "placement", "reason", "share"}, &memberRows{reports: reports}); err != nil {
			return fmt.Errorf("stage memberships: %w", err)
		}
	}
	// The staging tables' statistics, so that PostgreSQL plans the steps for
	// this batch: without them it guesses a few thousand rows and, for one
	// submitted report, hash-joins it against every stored report and
	// incident, which grows with the store.
	if _, err := tx.Exec(ctx, `ANALYZE pg_temp.import_rows, pg_temp.import_members`); err != nil {
		return fmt.Errorf("analyze staged reports: %w", err)
	}
	b := &pgx.Batch{}
	for i, q := range importSteps {
		if i == len(importSteps)-1 {
			b.Queue(q, agreementID)
		} else {
			b.Queue(q)
		}
	}
	br := tx.SendBatch(ctx, b)
	remaining := len(reports)
	var stored int
	for i := range importSteps {
		if i == stepReports {
			if err := readReportIDs(br, reports); err != nil {
				br.Close()
				return fmt.Errorf("import step %d: %w", i, err)
			}
			continue
		}
		tag, err := br.Exec()
		if err != nil {
			br.Close()
			return fmt.Errorf("import step %d: %w", i, err)
		}
		switch i {
		case stepDuplicates:
			res.Duplicates += int(tag.RowsAffected())
			remaining -= int(tag.RowsAffected())
		case stepStored:
			stored = int(tag.RowsAffected())
		}
	}
	res.Stored += stored
	res.Revised += remaining - stored
	return br.Close()
}

// makeMonths makes the partitions of incidents for the months of the
// batch's events before any is written: a row whose month has none would
// land in the default partition, which every query that cannot rule it
// out must read.
func makeMonths(ctx context.Context, tx pgx.Tx, reports []*truce.Report) error {
	seen := map[time.Time]bool{}
	var months []time.Time
	for _, r := range reports {
		if r.Withdraws {
			continue
		}
		d := r.Incident.DateStart
		m := time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
		if !seen[m] {
			seen[m] = true
			months = append(months, m)
		}
	}
	if len(months) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `SELECT incidents_month(m) FROM unnest($1::date[]) m`, months)
	return err
}

// allNew reports whether no report of the run shares its (source, key)
// with another report of the run or a stored report: then none is a
// duplicate or a revision, and each makes a new incident. Every stored
// incident has a report of its key, so looking up reports suffices.
func allNew(ctx context.Context, tx pgx.Tx, reports []*truce.Report) (bool, error) {
	type key struct{ source, key string }
	seen := make(map[key]bool, len(reports))
	sources, keys := make([]string, len(reports)), make([]string, len(reports))
	for i, r := range reports {
		k := key{r.Source, r.SourceKey}
		if seen[k] {
			return false, nil
		}
		seen[k] = true
		sources[i], keys[i] = r.Source, r.SourceKey
	}
	var stored bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM unnest($1::text[], $2::text[]) u (source, source_key)
		JOIN reports r ON r.source = u.source AND r.source_key = u.source_key)`, sources, keys).Scan(&stored)
	return !stored, err
}

// copyRun stores a run of reports that are all new (allNew) with one COPY
// per table and no SQL after: the IDs of reports and incidents are taken
// from their sequences in one block each and assigned here, in batch
// order as the staged path numbers them, so that nothing needs reading
// back. The store takes turns with every other writer of reports
// (lockImports), so no one else draws from the sequences meanwhile.
func copyRun(ctx context.Context, tx pgx.Tx, agreementID string, reports []*truce.Report, now time.Time, res *truce.BatchResult) error {
	n := int64(len(reports))
	var lastReport, lastIncident int64
	if err := tx.QueryRow(ctx, `SELECT setval('reports_id_seq', nextval('reports_id_seq') + $1 - 1),
		setval('incidents_id_seq', nextval('incidents_id_seq') + $1 - 1)`, n).Scan(&lastReport, &lastIncident); err != nil {
		return fmt.Errorf("number reports: %w", err)
	}
	firstReport, firstIncident := lastReport-n+1, lastIncident-n+1
	for i, r := range reports {
		r.ID = firstReport + int64(i)
	}
	// About the CSV's size: the rows and what was parsed from them.
	size := 0
	for _, r := range reports {
		size += len(r.Raw)
	}
	c := newCopyBuf(size + 300*len(reports))
	for _, r := range reports {
		received := r.ReceivedAt
		if received.IsZero() {
			received = now
		}
		c.row(10)
		c.int8(r.ID)
		c.text(r.Source)
		c.text(r.SourceKey)
		c.text(r.Hash)
		c.text(r.Release)
		c.text(r.Origin)
		c.int4(r.Line, "line", r.Origin, r.Line)
		c.text(r.Raw)
		c.timestamptz(received)
		c.text(r.IncidentDigest)
	}
	if err := copyInto(ctx, tx, "reports", reportColumns, c); err != nil {
		return fmt.Errorf("store reports: %w", err)
	}
	c.reset()
	for i, r := range reports {
		c.row(4)
		c.int8(firstIncident + int64(i))
		c.text(r.Source)
		c.text(r.SourceKey)
		c.date(r.Incident.DateStart)
	}
	if err := copyInto(ctx, tx, "incident_keys", []string{"id", "source", "source_key", "date_start"}, c); err != nil {
		return fmt.Errorf("store incident keys: %w", err)
	}
	c.reset()
	for i, r := range reports {
		incidentRow(c, firstIncident+int64(i), r)
	}
	if err := copyInto(ctx, tx, "incidents", append(append([]string{"id"}, incidentColumns...), "geom"), c); err != nil {
		return fmt.Errorf("store incidents: %w", err)
	}
	if agreementID != "" {
		c.reset()
		for i, r := range reports {
			for _, z := range r.Incident.Zones {
				c.row(6)
				c.text(agreementID)
				c.text(z.ZoneID)
				c.int8(firstIncident + int64(i))
				c.text(string(z.Placement))
				c.text(z.Reason)
				c.float8(z.Share)
			}
		}
		if err := copyInto(ctx, tx, "memberships", []string{"agreement_id", "zone_id", "incident_id", "placement", "reason", "share"}, c); err != nil {
			return fmt.Errorf("store memberships: %w", err)
		}
	}
	res.Stored += len(reports)
	return nil
}

// reportColumns are the columns copyRun writes of a report.
var reportColumns = []string{"id", "source", "source_key", "hash", "release", "origin", "line", "raw", "received_at", "incident_digest"}

// incidentRow writes the incident of r, numbered id, in the order of
// "id", incidentColumns and "geom".
func incidentRow(c *copyBuf, id int64, r *truce.Report) {
	inc := &r.Incident
	l := &inc.Location
	c.row(2 + len(incidentColumns))
	c.int8(id)
	c.text(r.Source)
	c.text(r.SourceKey)
	c.int8(r.ID)
	c.date(inc.DateStart)
	c.date(inc.DateEnd)
	c.int4(int(inc.DatePrecision), "date precision", r.Origin, r.Line)
	c.bool(l.HasPoint)
	c.float8(l.Lon)
	c.float8(l.Lat)
	c.int4(int(l.Precision), "location precision", r.Origin, r.Line)
	c.text(l.Country)
	c.text(l.Admin1)
	c.text(l.Admin2)
	c.text(l.Place)
	c.text(inc.EventType)
	c.text(inc.SubEventType)
	c.text(inc.TypeReason)
	c.int4(inc.ViolenceType, "type of violence", r.Origin, r.Line)
	c.text(inc.SideA)
	c.text(inc.SideB)
	c.text(inc.AssocA)
	c.text(inc.AssocB)
	c.int4(inc.Fatalities.Low, "deaths (low)", r.Origin, r.Line)
	c.int4(inc.Fatalities.Best, "deaths (best)", r.Origin, r.Line)
	c.int4(inc.Fatalities.High, "deaths (high)", r.Origin, r.Line)
	c.int4(inc.Fatalities.Civilians, "civilian deaths", r.Origin, r.Line)
	c.int4(inc.Fatalities.Unknown, "deaths of unknown status", r.Origin, r.Line)
	c.text(inc.Sources)
	c.int4(inc.NumSources, "number of sources", r.Origin, r.Line)
	c.text(inc.SourceText)
	if l.HasPoint {
		c.bytes(pointEWKB(l.Lon, l.Lat))
	} else {
		c.null()
	}
}

// pointEWKB is the point (lon, lat) in SRID 4326 as PostGIS's binary input
// reads it (extended WKB, little-endian), so that COPY stores the geometry
// with no function call per row.
func pointEWKB(lon, lat float64) []byte {
	b := make([]byte, 25)
	b[0] = 1                                           // little-endian
	binary.LittleEndian.PutUint32(b[1:], 1|0x20000000) // a point, with an SRID
	binary.LittleEndian.PutUint32(b[5:], 4326)         // WGS 84
	binary.LittleEndian.PutUint64(b[9:], math.Float64bits(lon))
	binary.LittleEndian.PutUint64(b[17:], math.Float64bits(lat))
	return b
}

// readReportIDs sets the IDs of the reports the batch's report step stored
// from what it returned; the others (duplicates) keep 0.
func readReportIDs(br pgx.BatchResults, reports []*truce.Report) error {
	type name struct{ source, key, hash string }
	byName := make(map[name]*truce.Report, len(reports))
	for _, r := range reports {
		r.ID = 0
		// The first of a report given twice is the one stored.
		if k := (name{r.Source, r.SourceKey, r.Hash}); byName[k] == nil {
			byName[k] = r
		}
	}
	rows, err := br.Query()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n name
		if err := rows.Scan(&id, &n.source, &n.key, &n.hash); err != nil {
			return err
		}
		if r := byName[n]; r != nil {
			r.ID = id
		}
	}
	return rows.Err()
}

// withdraw stores a withdrawal report, unless it is stored already, and
// marks its incident withdrawn as of the report's time; an unknown event
// keeps only the report.
func withdraw(ctx context.Context, tx pgx.Tx, r *truce.Report, now time.Time, res *truce.BatchResult) error {
	var dup bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM reports WHERE source = $1 AND source_key = $2 AND hash = $3)`,
		r.Source, r.SourceKey, r.Hash).Scan(&dup); err != nil {
		return err
	}
	if dup {
		res.Duplicates++
		r.ID = 0
		return nil
	}
	at := r.ReceivedAt
	if at.IsZero() {
		at = now
	}
	var id int64
	if err := tx.QueryRow(ctx, `INSERT INTO reports (source, source_key, hash, release, origin, line, raw, received_at, withdraws)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, true) RETURNING id`,
		r.Source, r.SourceKey, r.Hash, r.Release, r.Origin, r.Line, r.Raw, at).Scan(&id); err != nil {
		return fmt.Errorf("%s:%d: store withdrawal: %w", r.Origin, r.Line, err)
	}
	r.ID = id
	tag, err := tx.Exec(ctx, `UPDATE incidents i SET withdrawn_at = $1, report_id = $2
		FROM incident_keys k WHERE k.source = $3 AND k.source_key = $4 AND i.id = k.id AND i.date_start = k.date_start`, at, id, r.Source, r.SourceKey)
	if err != nil {
		return fmt.Errorf("%s:%d: withdraw incident: %w", r.Origin, r.Line, err)
	}
	if tag.RowsAffected() > 0 {
		res.Withdrawn++
	}
	return nil
}

// stagingRow lists r's values in stagingColumns order.
func stagingRow(ord int, r *truce.Report, now time.Time) []any {
	received := r.ReceivedAt
	if received.IsZero() {
		received = now
	}
	inc := &r.Incident
	l := &inc.Location
	return []any{ord, r.Source, r.SourceKey, r.Hash, r.Release, r.Origin, r.Line, r.Raw, received, r.IncidentDigest,
		inc.DateStart, inc.DateEnd, int(inc.DatePrecision), l.HasPoint, l.Lon, l.Lat, int(l.Precision),
		l.Country, l.Admin1, l.Admin2, l.Place, inc.EventType, inc.SubEventType, inc.TypeReason, inc.ViolenceType,
		inc.SideA, inc.SideB, inc.AssocA, inc.AssocB,
		inc.Fatalities.Low, inc.Fatalities.Best, inc.Fatalities.High, inc.Fatalities.Civilians, inc.Fatalities.Unknown,
		inc.Sources, inc.NumSources, inc.SourceText}
}

// memberRows streams the batch's memberships to COPY.
type memberRows struct {
	reports []*truce.Report
	r, m    int // the current report and its next membership
	row     []any
}

func (s *memberRows) Next() bool {
	for s.r < len(s.reports) {
		zs := s.reports[s.r].Incident.Zones
		if s.m < len(zs) {
			z := zs[s.m]
			s.row = append(s.row[:0], s.r, z.ZoneID, string(z.Placement), z.Reason, z.Share)
			s.m++
			return true
		}
		s.r, s.m = s.r+1, 0
	}
	return false
}

func (s *memberRows) Values() ([]any, error) { return s.row, nil }
func (s *memberRows) Err() error             { return nil }

// Incidents streams the incidents matching f to fn in date order, each
// with its memberships in f.AgreementID's zones.
func (db *DB) Incidents(ctx context.Context, f truce.IncidentFilter, fn func(*truce.Incident) error) error {
	q, args, err := incidentsQuery(f)
	if err != nil {
		return err
	}
	rows, err := db.pool.Query(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("postgres: query incidents: %w", err)
	}
	return wrap("query incidents", storesql.Each(rows, scanIncident, fn))
}

// incidentsQuery is the SQL of Incidents and its arguments. Its period is
// a range of date_start, so that PostgreSQL reads only the months' partitions.
func incidentsQuery(f truce.IncidentFilter) (string, []any, error) {
	args := []any{f.AgreementID}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	var where []string
	if f.Zone != "" {
		placements := f.Placements
		if len(placements) == 0 {
			placements = []truce.Placement{truce.Inside, truce.InBuffer}
		}
		ps := make([]string, len(placements))
		for i, p := range placements {
			ps[i] = string(p)
		}
		if f.Limit > 0 {
			// A page: probe each incident, in date order, for membership
			// and stop at the limit, rather than hash every incident of a
			// busy zone first.
			where = append(where, `EXISTS (SELECT 1 FROM memberships m WHERE m.agreement_id = $1 AND m.zone_id = `+arg(f.Zone)+` AND m.incident_id = i.id AND m.placement = ANY(`+arg(ps)+`::text[]))`)
		} else {
			where = append(where, `i.id IN (SELECT incident_id FROM memberships WHERE agreement_id = $1 AND zone_id = `+arg(f.Zone)+` AND placement = ANY(`+arg(ps)+`::text[]))`)
		}
	}
	if !f.From.IsZero() {
		where = append(where, "i.date_start >= "+arg(f.From)+"::date")
	}
	if !f.To.IsZero() {
		where = append(where, "i.date_start <= "+arg(f.To)+"::date")
	}
	if f.EventType != "" {
		where = append(where, "i.event_type = "+arg(f.EventType))
	}
	if f.SubEventType != "" {
		where = append(where, "i.sub_event_type = "+arg(f.SubEventType))
	}
	if f.Source != "" {
		where = append(where, "i.source = "+arg(f.Source))
	}
	if f.SourceKey != "" {
		// incidents has no index on its keys: incident_keys has.
		where = append(where, "i.id IN (SELECT id FROM incident_keys WHERE source_key = "+arg(f.SourceKey)+")")
	}
	if !f.WithWithdrawn {
		where = append(where, "i.withdrawn_at IS NULL")
	}
	if f.BBox != nil {
		b := f.BBox
		// && uses the GiST index; ST_Intersects keeps points on the edges.
		env := "ST_MakeEnvelope(" + arg(b[0]) + "::float8, " + arg(b[1]) + "::float8, " + arg(b[2]) + "::float8, " + arg(b[3]) + "::float8, 4326)"
		where = append(where, "i.geom && "+env+" AND ST_Intersects(i.geom, "+env+")")
	}
	order, after, err := storesql.OrderBy(f.Order)
	if err != nil {
		return "", nil, err
	}
	if f.After != 0 {
		// The cursor's row, found in its own month: by ID alone the
		// subquery would probe every month's partition.
		id := arg(f.After)
		where = append(where, after+id+" AND date_start = (SELECT date_start FROM incident_keys WHERE id = "+id+"))")
	}
	if f.MinSources > 1 {
		where = append(where, strings.Replace(storesql.MinSourcesWhere, "?", arg(f.MinSources), 1))
	}
	q := `SELECT i.id, ` + prefixed("i.", incidentColumns) + `, i.withdrawn_at, m.zones, m.placements, m.reasons, m.shares
		FROM incidents i
		LEFT JOIN LATERAL (SELECT array_agg(zone_id ORDER BY zone_id) AS zones, array_agg(placement ORDER BY zone_id) AS placements,
			array_agg(reason ORDER BY zone_id) AS reasons, array_agg(share ORDER BY zone_id) AS shares
			FROM memberships WHERE incident_id = i.id AND agreement_id = $1) m ON true`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += order
	if f.Limit > 0 {
		q += " LIMIT " + strconv.Itoa(f.Limit)
	}
	return q, args, nil
}

func scanIncident(rows storesql.Row) (*truce.Incident, error) {
	var inc truce.Incident
	var datePrec, locPrec int
	var zones, placements, reasons []string
	var shares []float64
	var withdrawn *time.Time
	l := &inc.Location
	if err := rows.Scan(&inc.ID, &inc.Source, &inc.SourceKey, &inc.ReportID, &inc.DateStart, &inc.DateEnd, &datePrec, &l.HasPoint, &l.Lon, &l.Lat, &locPrec,
		&l.Country, &l.Admin1, &l.Admin2, &l.Place, &inc.EventType, &inc.SubEventType, &inc.TypeReason, &inc.ViolenceType,
		&inc.SideA, &inc.SideB, &inc.AssocA, &inc.AssocB,
		&inc.Fatalities.Low, &inc.Fatalities.Best, &inc.Fatalities.High, &inc.Fatalities.Civilians, &inc.Fatalities.Unknown,
		&inc.Sources, &inc.NumSources, &inc.SourceText, &withdrawn, &zones, &placements, &reasons, &shares); err != nil {
		return nil, fmt.Errorf("postgres: scan incident: %w", err)
	}
	inc.DatePrecision, l.Precision = truce.DatePrecision(datePrec), truce.LocPrecision(locPrec)
	if withdrawn != nil {
		inc.Withdrawn = withdrawn.UTC()
	}
	for i := range zones {
		inc.Zones = append(inc.Zones, truce.Membership{ZoneID: zones[i], Placement: truce.Placement(placements[i]), Reason: reasons[i], Share: shares[i]})
	}
	return &inc, nil
}

// ZoneCounts counts incidents per zone and placement for an agreement.
func (db *DB) ZoneCounts(ctx context.Context, agreementID string) ([]truce.ZoneCount, error) {
	rows, err := db.pool.Query(ctx, `SELECT m.zone_id, m.placement, count(*), sum(i.deaths_best)
		FROM memberships m JOIN incidents i ON i.id = m.incident_id
		WHERE m.agreement_id = $1 AND i.withdrawn_at IS NULL GROUP BY m.zone_id, m.placement ORDER BY m.zone_id, m.placement`, agreementID)
	if err != nil {
		return nil, fmt.Errorf("postgres: count zones: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (truce.ZoneCount, error) {
		var c truce.ZoneCount
		var p string
		err := row.Scan(&c.ZoneID, &p, &c.Incidents, &c.Fatalities)
		c.Placement = truce.Placement(p)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: count zones: %w", err)
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// ExactPoints calls fn with the point and first day of every standing
// incident located exactly.
func (db *DB) ExactPoints(ctx context.Context, fn func(lon, lat float64, day time.Time, kind string) error) error {
	rows, err := db.pool.Query(ctx, `SELECT lon, lat, date_start, side_a, side_b FROM incidents WHERE has_point AND loc_prec = 1 AND withdrawn_at IS NULL`)
	if err != nil {
		return wrap("read exact points", err)
	}
	defer rows.Close()
	kinds := map[[2]string]string{} // sources repeat a few hundred pairs of sides
	for rows.Next() {
		var lon, lat float64
		var d time.Time
		var sides [2]string
		if err := rows.Scan(&lon, &lat, &d, &sides[0], &sides[1]); err != nil {
			return wrap("read exact points", err)
		}
		kind, ok := kinds[sides]
		if !ok {
			kind = truce.DyadKind(sides[0], sides[1])
			kinds[sides] = kind
		}
		if err := fn(lon, lat, d, kind); err != nil {
			return err
		}
	}
	return wrap("read exact points", rows.Err())
}

// PlacementStale reports whether any of agreementID's memberships were
// placed before memberships carried shares, so must be placed again.
func (db *DB) PlacementStale(ctx context.Context, agreementID string) (bool, error) {
	var stale bool
	err := db.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM memberships WHERE agreement_id = $1 AND share < 0)`, agreementID).Scan(&stale)
	return stale, wrap("check placements of "+agreementID, err)
}

// placeChunk bounds how many incidents PlaceAll holds in memory at once.
var placeChunk = 50000 // a variable for the tests of chunk boundaries

// PlaceAll recomputes all memberships for agreementID in one transaction, so
// readers see either the old placements or the new ones, never a mix. It
// reads locations in chunks and COPYs each chunk's memberships.
func (db *DB) PlaceAll(ctx context.Context, agreementID string, p truce.Placer) (int, error) {
	placed := 0
	err := db.beginFunc(ctx, func(tx pgx.Tx) error {
		// Imports and placements take turns: an import committing meanwhile
		// would otherwise keep memberships this placement did not compute.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext('import:' || current_schema()))`, lockClass); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM memberships WHERE agreement_id = $1`, agreementID); err != nil {
			return err
		}
		type item struct {
			id  int64
			day time.Time
			loc truce.Location
		}
		var (
			after incidentKey
			chunk = make([]item, 0, placeChunk)
			ms    []truce.Membership
			out   [][]any
		)
		for {
			chunk, out = chunk[:0], out[:0]
			rows, err := tx.Query(ctx, `SELECT i.id, i.date_start, i.has_point, i.lon, i.lat, i.loc_prec, i.country, i.admin1, i.admin2 FROM incidents i
				WHERE `+afterKey+` ORDER BY i.date_start, i.id LIMIT $1`, placeChunk, after.day, after.id)
			if err != nil {
				return err
			}
			for rows.Next() {
				var it item
				var prec int
				if err := rows.Scan(&it.id, &it.day, &it.loc.HasPoint, &it.loc.Lon, &it.loc.Lat, &prec, &it.loc.Country, &it.loc.Admin1, &it.loc.Admin2); err != nil {
					rows.Close()
					return err
				}
				it.loc.Precision = truce.LocPrecision(prec)
				chunk = append(chunk, it)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			if len(chunk) == 0 {
				return nil
			}
			for _, it := range chunk {
				ms = p.Place(it.loc, ms[:0])
				for _, m := range ms {
					out = append(out, []any{agreementID, m.ZoneID, it.id, string(m.Placement), m.Reason, m.Share})
				}
				if len(ms) > 0 {
					placed++
				}
			}
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{"memberships"}, []string{"agreement_id", "zone_id", "incident_id", "placement", "reason", "share"}, pgx.CopyFromRows(out)); err != nil {
				return fmt.Errorf("store memberships: %w", err)
			}
			after = incidentKey{chunk[len(chunk)-1].day, chunk[len(chunk)-1].id}
		}
	})
	if err != nil {
		return 0, wrap("place incidents in "+agreementID, err)
	}
	return placed, nil
}

var (
	_ truce.AgreementService = (*DB)(nil)
	_ truce.IncidentService  = (*DB)(nil)
)

// ReportsHighWater returns the largest report ID. Inside Atomic it first
// takes the import lock (lockImports), which the transaction then holds
// until it ends, so that no other writer stores reports meanwhile.
func (db *DB) ReportsHighWater(ctx context.Context) (int64, error) {
	var id int64
	if a := db.ambient(ctx); a != nil {
		if err := lockImports(ctx, a.tx); err != nil {
			return 0, wrap("take the import lock", err)
		}
		err := a.tx.QueryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM reports`).Scan(&id)
		return id, wrap("read the largest report id", err)
	}
	err := db.pool.QueryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM reports`).Scan(&id)
	return id, wrap("read the largest report id", err)
}

// ReportRange calls fn for each report in (after, upTo], in ID order.
func (db *DB) ReportRange(ctx context.Context, after, upTo int64, fn func(*truce.Report) error) error {
	q := `SELECT id, source, source_key, hash, release, origin, line, raw, received_at, incident_digest, withdraws
		FROM reports WHERE id > $1 AND id <= $2 ORDER BY id`
	var rows pgx.Rows
	var err error
	if a := db.ambient(ctx); a != nil {
		rows, err = a.tx.Query(ctx, q, after, upTo)
	} else {
		rows, err = db.pool.Query(ctx, q, after, upTo)
	}
	if err != nil {
		return wrap("read reports", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r truce.Report
		if err := rows.Scan(&r.ID, &r.Source, &r.SourceKey, &r.Hash, &r.Release, &r.Origin, &r.Line, &r.Raw, &r.ReceivedAt, &r.IncidentDigest, &r.Withdraws); err != nil {
			return wrap("read reports", err)
		}
		r.ReceivedAt = r.ReceivedAt.UTC()
		if err := fn(&r); err != nil {
			return err
		}
	}
	return wrap("read reports", rows.Err())
}
