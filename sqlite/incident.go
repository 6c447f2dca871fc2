package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
)

const incidentColumns = `source, source_key, report_id, date_start, date_end, date_prec, has_point, lon, lat, loc_prec,
	country, admin1, admin2, place, event_type, sub_event_type, type_reason, violence_type,
	side_a, side_b, assoc_a, assoc_b, deaths_low, deaths_best, deaths_high, deaths_civ, sources, num_sources, source_text`

// incidentArgs lists inc's values in incidentColumns order (report_id last
// replaced by the caller's id, so the struct's field need not be set).
func incidentArgs(inc *truce.Incident, reportID int64) []any {
	l := inc.Location
	hasPoint := 0
	if l.HasPoint {
		hasPoint = 1
	}
	return []any{inc.Source, inc.SourceKey, reportID, formatDate(inc.DateStart), formatDate(inc.DateEnd), int(inc.DatePrecision),
		hasPoint, l.Lon, l.Lat, int(l.Precision), l.Country, l.Admin1, l.Admin2, l.Place,
		inc.EventType, inc.SubEventType, inc.TypeReason, inc.ViolenceType,
		inc.SideA, inc.SideB, inc.AssocA, inc.AssocB,
		inc.Fatalities.Low, inc.Fatalities.Best, inc.Fatalities.High, inc.Fatalities.Civilians,
		inc.Sources, inc.NumSources, inc.SourceText}
}

// batchStmts are the statements PutReports prepares once per transaction;
// preparing them per row would cost more than the inserts themselves.
type batchStmts struct {
	report, insert, update, unplace, place *sql.Stmt
}

func prepareBatch(ctx context.Context, tx *sql.Tx) (*batchStmts, error) {
	var s batchStmts
	var err error
	prep := func(q string) *sql.Stmt {
		if err != nil {
			return nil
		}
		var st *sql.Stmt
		st, err = tx.PrepareContext(ctx, q)
		return st
	}
	s.report = prep(`INSERT INTO reports (source, source_key, hash, release, origin, line, raw, received_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source, source_key, hash) DO NOTHING`)
	s.insert = prep(`INSERT INTO incidents (` + incidentColumns + `) VALUES (` + placeholders(29) + `) ON CONFLICT (source, source_key) DO NOTHING`)
	s.update = prep(`UPDATE incidents SET (` + incidentColumns + `) = (` + placeholders(29) + `) WHERE source = ? AND source_key = ? RETURNING id`)
	s.unplace = prep(`DELETE FROM memberships WHERE incident_id = ?`)
	s.place = prep(`INSERT INTO memberships (agreement_id, zone_id, incident_id, placement, reason) VALUES (?, ?, ?, ?, ?)`)
	return &s, err
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// PutReports stores reports and their incidents in one transaction.
func (db *DB) PutReports(ctx context.Context, agreementID string, reports []*truce.Report) (truce.BatchResult, error) {
	var res truce.BatchResult
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return res, err
	}
	defer tx.Rollback()
	st, err := prepareBatch(ctx, tx)
	if err != nil {
		return res, fmt.Errorf("sqlite: prepare import: %w", err)
	}
	for _, r := range reports {
		if err := db.putReport(ctx, st, agreementID, r, &res); err != nil {
			return truce.BatchResult{}, fmt.Errorf("sqlite: %s:%d: %w", r.Origin, r.Line, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return truce.BatchResult{}, fmt.Errorf("sqlite: commit import batch: %w", err)
	}
	return res, nil
}

func (db *DB) putReport(ctx context.Context, st *batchStmts, agreementID string, r *truce.Report, res *truce.BatchResult) error {
	received := r.ReceivedAt
	if received.IsZero() {
		received = db.Now()
	}
	out, err := st.report.ExecContext(ctx, r.Source, r.SourceKey, r.Hash, r.Release, r.Origin, r.Line, r.Raw, received.UTC().Format(time.RFC3339))
	if err != nil {
		return err
	}
	if n, _ := out.RowsAffected(); n == 0 {
		res.Duplicates++
		return nil
	}
	reportID, err := out.LastInsertId()
	if err != nil {
		return err
	}
	inc := &r.Incident
	inc.Source, inc.SourceKey = r.Source, r.SourceKey
	args := incidentArgs(inc, reportID)
	out, err = st.insert.ExecContext(ctx, args...)
	if err != nil {
		return err
	}
	var incidentID int64
	if n, _ := out.RowsAffected(); n == 1 {
		if incidentID, err = out.LastInsertId(); err != nil {
			return err
		}
		res.Stored++
	} else {
		if err := st.update.QueryRowContext(ctx, append(args, r.Source, r.SourceKey)...).Scan(&incidentID); err != nil {
			return err
		}
		if _, err := st.unplace.ExecContext(ctx, incidentID); err != nil {
			return err
		}
		res.Revised++
	}
	inc.ID, inc.ReportID = incidentID, reportID
	if agreementID == "" {
		return nil
	}
	for _, m := range inc.Zones {
		if _, err := st.place.ExecContext(ctx, agreementID, m.ZoneID, incidentID, string(m.Placement), m.Reason); err != nil {
			return err
		}
	}
	return nil
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
	q := `SELECT i.id, ` + incidentColumns + `,
		(SELECT json_group_array(json_array(m.zone_id, m.placement, m.reason)) FROM memberships m
		 WHERE m.incident_id = i.id AND m.agreement_id = ?1)
		FROM incidents i`
	// ?1 is the agreement ID bound first; the filters' placeholders follow it.
	q = strings.Replace(q, "?1", "?", 1)
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY i.date_start, i.id"
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := db.db.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("sqlite: query incidents: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		inc, err := scanIncident(rows)
		if err != nil {
			return err
		}
		if err := fn(inc); err != nil {
			return err
		}
	}
	return rows.Err()
}

func scanIncident(rows *sql.Rows) (*truce.Incident, error) {
	var inc truce.Incident
	var ds, de, zones string
	var datePrec, locPrec, hasPoint int
	l := &inc.Location
	if err := rows.Scan(&inc.ID, &inc.Source, &inc.SourceKey, &inc.ReportID, &ds, &de, &datePrec, &hasPoint, &l.Lon, &l.Lat, &locPrec,
		&l.Country, &l.Admin1, &l.Admin2, &l.Place, &inc.EventType, &inc.SubEventType, &inc.TypeReason, &inc.ViolenceType,
		&inc.SideA, &inc.SideB, &inc.AssocA, &inc.AssocB,
		&inc.Fatalities.Low, &inc.Fatalities.Best, &inc.Fatalities.High, &inc.Fatalities.Civilians,
		&inc.Sources, &inc.NumSources, &inc.SourceText, &zones); err != nil {
		return nil, fmt.Errorf("sqlite: scan incident: %w", err)
	}
	inc.DateStart, inc.DateEnd = parseDate(ds), parseDate(de)
	inc.DatePrecision, l.Precision, l.HasPoint = truce.DatePrecision(datePrec), truce.LocPrecision(locPrec), hasPoint == 1
	var ms [][3]string
	if err := json.Unmarshal([]byte(zones), &ms); err != nil {
		return nil, fmt.Errorf("sqlite: decode memberships of incident %d: %w", inc.ID, err)
	}
	for _, m := range ms {
		inc.Zones = append(inc.Zones, truce.Membership{ZoneID: m[0], Placement: truce.Placement(m[1]), Reason: m[2]})
	}
	return &inc, nil
}

// ZoneCounts counts incidents per zone and placement for an agreement,
// listing every zone of the agreement even when it holds no incident.
func (db *DB) ZoneCounts(ctx context.Context, agreementID string) ([]truce.ZoneCount, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT m.zone_id, m.placement, COUNT(*), SUM(i.deaths_best)
		FROM memberships m JOIN incidents i ON i.id = m.incident_id
		WHERE m.agreement_id = ? GROUP BY m.zone_id, m.placement ORDER BY m.zone_id, m.placement`, agreementID)
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

// placeChunk bounds how many incidents PlaceAll holds in memory at once.
const placeChunk = 50000

// PlaceAll recomputes all memberships for agreementID in one transaction, so
// readers see either the old placements or the new ones, never a mix.
func (db *DB) PlaceAll(ctx context.Context, agreementID string, p truce.Placer) (int, error) {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM memberships WHERE agreement_id = ?`, agreementID); err != nil {
		return 0, err
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO memberships (agreement_id, zone_id, incident_id, placement, reason) VALUES (?, ?, ?, ?, ?)`)
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
				if _, err := ins.ExecContext(ctx, agreementID, m.ZoneID, it.id, string(m.Placement), m.Reason); err != nil {
					return 0, err
				}
			}
			if len(ms) > 0 {
				placed++
			}
		}
		last = chunk[len(chunk)-1].id
	}
	return placed, tx.Commit()
}

// Stats counts what the store holds.
func (db *DB) Stats(ctx context.Context) (truce.StoreStats, error) {
	s := truce.StoreStats{BySource: map[string]int{}}
	var first, last sql.NullString
	if err := db.db.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM reports), COUNT(*), MIN(date_start), MAX(date_start) FROM incidents`).
		Scan(&s.Reports, &s.Incidents, &first, &last); err != nil {
		return s, err
	}
	s.FirstDate, s.LastDate = parseDate(first.String), parseDate(last.String)
	rows, err := db.db.QueryContext(ctx, `SELECT source, COUNT(*) FROM incidents GROUP BY source`)
	if err != nil {
		return s, err
	}
	defer rows.Close()
	for rows.Next() {
		var src string
		var n int
		if err := rows.Scan(&src, &n); err != nil {
			return s, err
		}
		s.BySource[src] = n
	}
	return s, rows.Err()
}

var (
	_ truce.AgreementService = (*DB)(nil)
	_ truce.IncidentService  = (*DB)(nil)
)
