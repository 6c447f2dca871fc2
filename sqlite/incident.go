package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/storesql"
)

// incidentColumns are the incident columns a report sets; the type's
// reason is named by its ID in type_reasons (incidentReadColumns reads it).
const incidentColumns = `source, source_key, report_id, date_start, date_end, date_prec, has_point, lon, lat, loc_prec,
	country, admin1, admin2, place, event_type, sub_event_type, type_reason_id, violence_type,
	side_a, side_b, assoc_a, assoc_b, deaths_low, deaths_best, deaths_high, deaths_civ, deaths_unknown, sources, num_sources, source_text`

// nIncidentColumns is how many incidentColumns there are.
var nIncidentColumns = strings.Count(incidentColumns, ",") + 1

// incidentReadColumns are incidentColumns of incidents aliased i, as read.
var incidentReadColumns = strings.Replace(incidentColumns, "type_reason_id", "(SELECT reason FROM type_reasons t WHERE t.id = i.type_reason_id)", 1)

// incidentArgs lists inc's values in incidentColumns order, with the IDs of
// its report and its type's reason (report_id last replaced by the
// caller's id, so the struct's field need not be set).
func incidentArgs(inc *truce.Incident, reportID, typeReason int64) []any {
	l := inc.Location
	hasPoint := 0
	if l.HasPoint {
		hasPoint = 1
	}
	return []any{inc.Source, inc.SourceKey, reportID, formatDate(inc.DateStart), formatDate(inc.DateEnd), int(inc.DatePrecision),
		hasPoint, l.Lon, l.Lat, int(l.Precision), l.Country, l.Admin1, l.Admin2, l.Place,
		inc.EventType, inc.SubEventType, typeReason, inc.ViolenceType,
		inc.SideA, inc.SideB, inc.AssocA, inc.AssocB,
		inc.Fatalities.Low, inc.Fatalities.Best, inc.Fatalities.High, inc.Fatalities.Civilians, inc.Fatalities.Unknown,
		inc.Sources, inc.NumSources, inc.SourceText}
}

// PutReports stores reports and their incidents in one transaction. It
// first learns which (source, key) pairs are stored already, then writes the
// new ones with multi-row INSERTs: per-statement overhead, not SQLite's
// B-trees, dominates a row-at-a-time import.
func (db *DB) PutReports(ctx context.Context, agreementID string, reports []*truce.Report) (truce.BatchResult, error) {
	wt, err := db.beginW(ctx)
	if err != nil {
		return truce.BatchResult{}, err
	}
	defer wt.Rollback()
	tx := wt.Tx
	res, err := db.putReports(ctx, tx, agreementID, reports)
	if err != nil {
		return res, err
	}
	if err := wt.Commit(); err != nil {
		return truce.BatchResult{}, fmt.Errorf("sqlite: commit import batch: %w", err)
	}
	return res, nil
}

// putReports is PutReports inside tx, which holds the write lock, so that
// Submit stores a report exactly as an import does.
func (db *DB) putReports(ctx context.Context, tx *sql.Tx, agreementID string, reports []*truce.Report) (truce.BatchResult, error) {
	var res truce.BatchResult
	known, err := knownHashes(ctx, tx, reports)
	if err != nil {
		return res, err
	}
	var nextReport, nextIncident int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE((SELECT MAX(id) FROM reports), 0), COALESCE((SELECT MAX(id) FROM incidents), 0)`).Scan(&nextReport, &nextIncident); err != nil {
		return res, err
	}
	reportRows := newBulk("reports", "id, "+reportColumns, 10, len(reports))
	incidentRows := newBulk("incidents", "id, "+incidentColumns, 1+nIncidentColumns, len(reports))
	memberRows := newBulk("memberships", membershipColumns, 6, len(reports)/2)
	reasons, typeReasons := newInterner("membership_reasons"), newInterner("type_reasons")
	var slow []*truce.Report
	// A batch large enough keeps its new reports' rows in packs (pack.go).
	var packs *packWriter
	if len(reports) >= packMin {
		packs = &packWriter{}
	}
	for _, r := range reports {
		r.ID = 0
		k := reportKey{r.Source, r.SourceKey}
		hashes, stored := known[k]
		switch {
		case hashes[r.Hash]:
			res.Duplicates++
			continue
		case stored || r.Withdraws:
			// Revisions and withdrawals are rare, so they take the
			// row-at-a-time path below, in batch order.
			if hashes == nil {
				known[k] = map[string]bool{}
			}
			known[k][r.Hash] = true
			slow = append(slow, r)
			continue
		}
		known[k] = map[string]bool{r.Hash: true}
		nextReport++
		nextIncident++
		r.ID = nextReport
		inc := &r.Incident
		inc.Source, inc.SourceKey, inc.ID, inc.ReportID = r.Source, r.SourceKey, nextIncident, nextReport
		args := reportArgs(db, nextReport, r)
		if packs != nil {
			packs.add(nextReport, r)
			args[rawArg], args[rawArg+2] = packed, ""
		}
		reportRows.add(args...)
		typeReason, err := typeReasons.id(ctx, tx, inc.TypeReason)
		if err != nil {
			return res, err
		}
		incidentRows.add(nextIncident)
		incidentRows.add(incidentArgs(inc, nextReport, typeReason)...)
		if agreementID != "" {
			for _, m := range inc.Zones {
				reason, err := reasons.id(ctx, tx, m.Reason)
				if err != nil {
					return res, err
				}
				memberRows.add(agreementID, m.ZoneID, nextIncident, string(m.Placement), reason, m.Share)
			}
		}
		res.Stored++
	}
	if packs != nil {
		packs.compress()
	}
	for _, b := range []*bulk{reportRows, incidentRows, memberRows} {
		if err := b.write(ctx, tx); err != nil {
			return res, fmt.Errorf("sqlite: store %s: %w", b.table, err)
		}
	}
	if packs != nil {
		if err := packs.write(ctx, tx); err != nil {
			return res, fmt.Errorf("sqlite: store report packs: %w", err)
		}
	}
	for _, r := range slow {
		nextReport++
		r.ID = nextReport
		var err error
		if r.Withdraws {
			err = db.withdraw(ctx, tx, nextReport, r, &res)
		} else {
			err = db.revise(ctx, tx, agreementID, nextReport, &nextIncident, r, &res, reasons, typeReasons)
		}
		if err != nil {
			return res, fmt.Errorf("sqlite: %s:%d: %w", r.Origin, r.Line, err)
		}
	}
	return res, nil
}

type reportKey struct{ source, key string }

// knownHashesChunk bounds the keys in one IN list, under SQLite's limit on
// bound parameters.
const knownHashesChunk = 500

// knownHashes returns, for each (source, key) of reports already stored,
// the set of report hashes stored for it.
func knownHashes(ctx context.Context, tx *sql.Tx, reports []*truce.Report) (map[reportKey]map[string]bool, error) {
	known := make(map[reportKey]map[string]bool)
	bySource := make(map[string][]any)
	for _, r := range reports {
		bySource[r.Source] = append(bySource[r.Source], r.SourceKey)
	}
	for source, keys := range bySource {
		for i := 0; i < len(keys); i += knownHashesChunk {
			chunk := keys[i:min(i+knownHashesChunk, len(keys))]
			rows, err := tx.QueryContext(ctx, `SELECT source_key, hash FROM reports WHERE source = ? AND source_key IN (`+placeholders(len(chunk))+`)`,
				append([]any{source}, chunk...)...)
			if err != nil {
				return nil, fmt.Errorf("sqlite: look up stored reports: %w", err)
			}
			for rows.Next() {
				var key, hash string
				if err := rows.Scan(&key, &hash); err != nil {
					rows.Close()
					return nil, err
				}
				k := reportKey{source, key}
				if known[k] == nil {
					known[k] = map[string]bool{}
				}
				known[k][hash] = true
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, err
			}
		}
	}
	return known, nil
}

func reportArgs(db *DB, id int64, r *truce.Report) []any {
	received := r.ReceivedAt
	if received.IsZero() {
		received = db.Now()
	}
	return []any{id, r.Source, r.SourceKey, r.Hash, r.Release, r.Origin, r.Line, r.Raw, received.UTC().Format(time.RFC3339), r.IncidentDigest}
}

// reportColumns are the reports columns reportArgs fills after id; the
// row is its argument rawArg, the incident digest rawArg+2.
const (
	reportColumns = "source, source_key, hash, release, origin, line, raw, received_at, incident_digest"
	rawArg        = 7
)

func insertReport(ctx context.Context, tx *sql.Tx, db *DB, id int64, r *truce.Report) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO reports (id, `+reportColumns+`) VALUES (`+placeholders(10)+`)`,
		reportArgs(db, id, r)...)
	return err
}

// revise stores r as a new report superseding the stored one and rewrites
// its incident (standing again if it was withdrawn) and memberships. When
// the event was only ever withdrawn, it has no incident yet: one is made.
func (db *DB) revise(ctx context.Context, tx *sql.Tx, agreementID string, reportID int64, nextIncident *int64, r *truce.Report, res *truce.BatchResult, reasons, typeReasons *interner) error {
	if err := insertReport(ctx, tx, db, reportID, r); err != nil {
		return err
	}
	inc := &r.Incident
	inc.Source, inc.SourceKey, inc.ReportID = r.Source, r.SourceKey, reportID
	typeReason, err := typeReasons.id(ctx, tx, inc.TypeReason)
	if err != nil {
		return err
	}
	args := incidentArgs(inc, reportID, typeReason)
	err = tx.QueryRowContext(ctx, `UPDATE incidents SET (`+incidentColumns+`, withdrawn_at) = (`+placeholders(nIncidentColumns)+`, '') WHERE source = ? AND source_key = ? RETURNING id`,
		append(args, r.Source, r.SourceKey)...).Scan(&inc.ID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		*nextIncident++
		inc.ID = *nextIncident
		if _, err := tx.ExecContext(ctx, `INSERT INTO incidents (id, `+incidentColumns+`) VALUES (`+placeholders(1+nIncidentColumns)+`)`, append([]any{inc.ID}, args...)...); err != nil {
			return err
		}
		res.Stored++
	case err != nil:
		return err
	default:
		if _, err := tx.ExecContext(ctx, `DELETE FROM memberships WHERE incident_id = ?`, inc.ID); err != nil {
			return err
		}
		res.Revised++
	}
	if agreementID == "" {
		return nil
	}
	for _, m := range inc.Zones {
		reason, err := reasons.id(ctx, tx, m.Reason)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO memberships (`+membershipColumns+`) VALUES (?, ?, ?, ?, ?, ?)`,
			agreementID, m.ZoneID, inc.ID, string(m.Placement), reason, m.Share); err != nil {
			return err
		}
	}
	return nil
}

// withdraw stores a withdrawal report and marks its incident withdrawn as of
// the report's time; an unknown event keeps only the report.
func (db *DB) withdraw(ctx context.Context, tx *sql.Tx, reportID int64, r *truce.Report, res *truce.BatchResult) error {
	if err := insertReport(ctx, tx, db, reportID, r); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE reports SET withdraws = 1 WHERE id = ?`, reportID); err != nil {
		return err
	}
	at := r.ReceivedAt
	if at.IsZero() {
		at = db.Now()
	}
	out, err := tx.ExecContext(ctx, `UPDATE incidents SET withdrawn_at = ?, report_id = ? WHERE source = ? AND source_key = ?`,
		at.UTC().Format(time.RFC3339), reportID, r.Source, r.SourceKey)
	if err != nil {
		return err
	}
	if n, _ := out.RowsAffected(); n > 0 {
		res.Withdrawn++
	}
	return nil
}

// bulkRows is how many rows one multi-row INSERT carries: enough to amortise
// the statement, few enough to stay under SQLite's bound-parameter limit for
// the widest table.
const bulkRows = 64

// bulk gathers a batch's rows for one table, then writes them bulkRows at a
// time through one prepared multi-row INSERT. Tables are written whole, in
// order, so rows that reference another table's rows come after them.
type bulk struct {
	table string
	cols  string
	width int
	args  []any
}

// newBulk returns a bulk for rows of width values, with room for about
// rows of them so gathering a batch does not keep regrowing its slice.
func newBulk(table, cols string, width, rows int) *bulk {
	return &bulk{table: table, cols: cols, width: width, args: make([]any, 0, rows*width)}
}

func (b *bulk) insert(rows int) string {
	row := "(" + placeholders(b.width) + ")"
	return `INSERT INTO ` + b.table + ` (` + b.cols + `) VALUES ` + strings.TrimSuffix(strings.Repeat(row+", ", rows), ", ")
}

func (b *bulk) add(values ...any) { b.args = append(b.args, values...) }

func (b *bulk) write(ctx context.Context, tx *sql.Tx) error {
	chunk := bulkRows * b.width
	if len(b.args) >= chunk {
		st, err := tx.PrepareContext(ctx, b.insert(bulkRows))
		if err != nil {
			return err
		}
		defer st.Close()
		for len(b.args) >= chunk {
			if _, err := st.ExecContext(ctx, b.args[:chunk]...); err != nil {
				return err
			}
			b.args = b.args[chunk:]
		}
	}
	if len(b.args) == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, b.insert(len(b.args)/b.width), b.args...)
	b.args = b.args[:0]
	return err
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// Incidents streams the incidents matching f to fn in date order.
func (db *DB) Incidents(ctx context.Context, f truce.IncidentFilter, fn func(*truce.Incident) error) error {
	var where []string
	var args []any
	// The memberships column is filled for the filter's agreement, so output
	// can say where each incident lies without a query per incident.
	args = append(args, f.AgreementID)
	if f.Zone != "" {
		placements := f.Placements
		if len(placements) == 0 {
			placements = []truce.Placement{truce.Inside, truce.InBuffer}
		}
		q := `i.id IN (SELECT incident_id FROM memberships WHERE agreement_id = ? AND zone_id = ? AND placement IN (` + placeholders(len(placements)) + `))`
		if f.Limit > 0 {
			// A page: walk incidents in date order and look each up in the
			// zone (a primary-key probe), stopping at the limit, instead of
			// first collecting every incident of the zone (a whole-history
			// scan of a busy zone for 100 rows).
			q = `EXISTS (SELECT 1 FROM memberships m WHERE m.agreement_id = ? AND m.zone_id = ? AND m.incident_id = i.id AND m.placement IN (` + placeholders(len(placements)) + `))`
		}
		args = append(args, f.AgreementID, f.Zone)
		for _, p := range placements {
			args = append(args, string(p))
		}
		where = append(where, q)
	}
	if !f.From.IsZero() {
		where, args = append(where, "i.date_start >= ?"), append(args, formatDate(f.From))
	}
	if !f.To.IsZero() {
		where, args = append(where, "i.date_start <= ?"), append(args, formatDate(f.To))
	}
	if f.EventType != "" {
		where, args = append(where, "i.event_type = ?"), append(args, f.EventType)
	}
	if f.SubEventType != "" {
		where, args = append(where, "i.sub_event_type = ?"), append(args, f.SubEventType)
	}
	if f.Source != "" {
		where, args = append(where, "i.source = ?"), append(args, f.Source)
	}
	if f.SourceKey != "" {
		where, args = append(where, "i.source_key = ?"), append(args, f.SourceKey)
	}
	if f.BBox != nil {
		b := f.BBox
		where = append(where, "i.has_point = 1 AND i.lon BETWEEN ? AND ? AND i.lat BETWEEN ? AND ?")
		args = append(args, b[0], b[2], b[1], b[3])
	}
	order, after, err := storesql.OrderBy(f.Order)
	if err != nil {
		return err
	}
	if f.After != 0 {
		where = append(where, after+"?)")
		args = append(args, f.After)
	}
	if !f.WithWithdrawn {
		where = append(where, "i.withdrawn_at = ''")
	}
	if f.MinSources > 1 {
		where, args = append(where, storesql.MinSourcesWhere), append(args, f.MinSources)
	}
	// The agreement ID is bound first; the filters' placeholders follow it.
	q := incidentSelect
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += order
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("sqlite: query incidents: %w", err)
	}
	return storesql.Each(sqlRows{rows}, scanIncident, fn)
}

func scanIncident(rows storesql.Row) (*truce.Incident, error) {
	var inc truce.Incident
	var ds, de, withdrawn, zones string
	var datePrec, locPrec, hasPoint int
	l := &inc.Location
	if err := rows.Scan(&inc.ID, &inc.Source, &inc.SourceKey, &inc.ReportID, &ds, &de, &datePrec, &hasPoint, &l.Lon, &l.Lat, &locPrec,
		&l.Country, &l.Admin1, &l.Admin2, &l.Place, &inc.EventType, &inc.SubEventType, &inc.TypeReason, &inc.ViolenceType,
		&inc.SideA, &inc.SideB, &inc.AssocA, &inc.AssocB,
		&inc.Fatalities.Low, &inc.Fatalities.Best, &inc.Fatalities.High, &inc.Fatalities.Civilians, &inc.Fatalities.Unknown,
		&inc.Sources, &inc.NumSources, &inc.SourceText, &withdrawn, &zones); err != nil {
		return nil, fmt.Errorf("sqlite: scan incident: %w", err)
	}
	inc.DateStart, inc.DateEnd = parseDate(ds), parseDate(de)
	if withdrawn != "" {
		inc.Withdrawn, _ = time.Parse(time.RFC3339, withdrawn)
	}
	inc.DatePrecision, l.Precision, l.HasPoint = truce.DatePrecision(datePrec), truce.LocPrecision(locPrec), hasPoint == 1
	var ms [][4]any
	if err := json.Unmarshal([]byte(zones), &ms); err != nil {
		return nil, fmt.Errorf("sqlite: decode memberships of incident %d: %w", inc.ID, err)
	}
	for _, m := range ms {
		mb, err := membership(m)
		if err != nil {
			return nil, fmt.Errorf("sqlite: decode memberships of incident %d: %w", inc.ID, err)
		}
		inc.Zones = append(inc.Zones, mb)
	}
	return &inc, nil
}

// membership decodes one [zone, placement, reason, share] array.
func membership(m [4]any) (truce.Membership, error) {
	zone, ok1 := m[0].(string)
	place, ok2 := m[1].(string)
	reason, ok3 := m[2].(string)
	share, ok4 := m[3].(float64)
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return truce.Membership{}, fmt.Errorf("membership %v is not [zone, placement, reason, share]", m)
	}
	return truce.Membership{ZoneID: zone, Placement: truce.Placement(place), Reason: reason, Share: share}, nil
}

// ExactPoints calls fn with the point and first day of every standing
// incident located exactly.
func (db *DB) ExactPoints(ctx context.Context, fn func(lon, lat float64, day time.Time, kind string) error) error {
	rows, err := db.query(ctx, `SELECT lon, lat, date_start, side_a, side_b FROM incidents WHERE has_point = 1 AND loc_prec = 1 AND withdrawn_at = ''`)
	if err != nil {
		return fmt.Errorf("sqlite: read exact points: %w", err)
	}
	defer rows.Close()
	kinds := map[[2]string]string{} // sources repeat a few hundred pairs of sides
	for rows.Next() {
		var lon, lat float64
		var d string
		var sides [2]string
		if err := rows.Scan(&lon, &lat, &d, &sides[0], &sides[1]); err != nil {
			return err
		}
		kind, ok := kinds[sides]
		if !ok {
			kind = truce.DyadKind(sides[0], sides[1])
			kinds[sides] = kind
		}
		if err := fn(lon, lat, parseDate(d), kind); err != nil {
			return err
		}
	}
	return rows.Err()
}

// PlacementStale reports whether any of agreementID's memberships were
// placed before memberships carried shares, so must be placed again.
func (db *DB) PlacementStale(ctx context.Context, agreementID string) (bool, error) {
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM memberships WHERE agreement_id = ? AND share < 0 LIMIT 1)`, agreementID).Scan(&n)
	return n > 0, err
}

// ZoneCounts counts incidents per zone and placement for an agreement,
// listing every zone of the agreement even when it holds no incident.
func (db *DB) ZoneCounts(ctx context.Context, agreementID string) ([]truce.ZoneCount, error) {
	rows, err := db.query(ctx, `SELECT m.zone_id, m.placement, COUNT(*), SUM(i.deaths_best)
		FROM memberships m JOIN incidents i ON i.id = m.incident_id
		WHERE m.agreement_id = ? AND i.withdrawn_at = '' GROUP BY m.zone_id, m.placement ORDER BY m.zone_id, m.placement`, agreementID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: count zones: %w", err)
	}
	defer rows.Close()
	var out []truce.ZoneCount
	for rows.Next() {
		var c truce.ZoneCount
		var p string
		if err := rows.Scan(&c.ZoneID, &p, &c.Incidents, &c.Fatalities); err != nil {
			return nil, err
		}
		c.Placement = truce.Placement(p)
		out = append(out, c)
	}
	return out, rows.Err()
}

// membershipColumns are the memberships columns every insert fills; the
// reason is named by its ID in membership_reasons.
const membershipColumns = "agreement_id, zone_id, incident_id, placement, reason_id, share"

// interner maps the sentences of one write (memberships' and types'
// reasons: a few hundred distinct, repeated on every row) to their IDs in
// table, adding those not stored yet. It lives as long as the write's
// transaction, so an ID it learnt is never one rolled back.
type interner struct {
	table string
	ids   map[string]int64
}

func newInterner(table string) *interner { return &interner{table, map[string]int64{}} }

func (t *interner) id(ctx context.Context, tx *sql.Tx, reason string) (int64, error) {
	if id, ok := t.ids[reason]; ok {
		return id, nil
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO `+t.table+` (reason) VALUES (?)
		ON CONFLICT (reason) DO UPDATE SET reason = excluded.reason RETURNING id`, reason).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("sqlite: store %s: %w", t.table, err)
	}
	t.ids[reason] = id
	return id, nil
}

// placeChunk bounds how many incidents PlaceAll holds in memory at once.
const placeChunk = 50000

// PlaceAll recomputes all memberships for agreementID in one transaction, so
// readers see either the old placements or the new ones, never a mix.
func (db *DB) PlaceAll(ctx context.Context, agreementID string, p truce.Placer) (int, error) {
	wt, err := db.beginW(ctx)
	if err != nil {
		return 0, err
	}
	defer wt.Rollback()
	tx := wt.Tx
	if _, err := tx.ExecContext(ctx, `DELETE FROM memberships WHERE agreement_id = ?`, agreementID); err != nil {
		return 0, err
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO memberships (`+membershipColumns+`) VALUES (?, ?, ?, ?, ?, ?)`)
	reasons := newInterner("membership_reasons")
	if err != nil {
		return 0, err
	}
	type item struct {
		id  int64
		loc truce.Location
	}
	var (
		last   int64
		placed int
		chunk  = make([]item, 0, placeChunk)
		ms     []truce.Membership
	)
	for {
		chunk = chunk[:0]
		rows, err := tx.QueryContext(ctx, `SELECT id, has_point, lon, lat, loc_prec, country, admin1, admin2 FROM incidents WHERE id > ? ORDER BY id LIMIT ?`, last, placeChunk)
		if err != nil {
			return 0, err
		}
		for rows.Next() {
			var it item
			var hasPoint, prec int
			if err := rows.Scan(&it.id, &hasPoint, &it.loc.Lon, &it.loc.Lat, &prec, &it.loc.Country, &it.loc.Admin1, &it.loc.Admin2); err != nil {
				rows.Close()
				return 0, err
			}
			it.loc.HasPoint, it.loc.Precision = hasPoint == 1, truce.LocPrecision(prec)
			chunk = append(chunk, it)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, err
		}
		if len(chunk) == 0 {
			break
		}
		for _, it := range chunk {
			ms = p.Place(it.loc, ms[:0])
			for _, m := range ms {
				reason, err := reasons.id(ctx, tx, m.Reason)
				if err != nil {
					return 0, err
				}
				if _, err := ins.ExecContext(ctx, agreementID, m.ZoneID, it.id, string(m.Placement), reason, m.Share); err != nil {
					return 0, err
				}
			}
			if len(ms) > 0 {
				placed++
			}
		}
		last = chunk[len(chunk)-1].id
	}
	return placed, wt.Commit()
}

var (
	_ truce.AgreementService = (*DB)(nil)
	_ truce.IncidentService  = (*DB)(nil)
)

// ReportsHighWater returns the largest report ID. Every write transaction
// holds SQLite's write lock from its start, so inside Atomic no other
// writer stores reports until the transaction ends.
func (db *DB) ReportsHighWater(ctx context.Context) (int64, error) {
	var id int64
	err := db.queryRowA(ctx, `SELECT COALESCE(MAX(id), 0) FROM reports`).Scan(&id)
	return id, err
}

// ReportRange calls fn for each report in (after, upTo], in ID order.
func (db *DB) ReportRange(ctx context.Context, after, upTo int64, fn func(*truce.Report) error) error {
	rows, err := db.queryA(ctx, `SELECT id, `+reportColumns+`, withdraws FROM reports WHERE id > ? AND id <= ? ORDER BY id`, after, upTo)
	if err != nil {
		return fmt.Errorf("sqlite: read reports: %w", err)
	}
	defer rows.Close()
	u := unpacker{q: db.queryRowA, whole: true}
	for rows.Next() {
		var r truce.Report
		var received string
		if err := rows.Scan(&r.ID, &r.Source, &r.SourceKey, &r.Hash, &r.Release, &r.Origin, &r.Line, &r.Raw, &received, &r.IncidentDigest, &r.Withdraws); err != nil {
			return err
		}
		r.ReceivedAt, _ = time.Parse(time.RFC3339, received)
		if err := u.fill(ctx, &r); err != nil {
			return err
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	return rows.Err()
}
