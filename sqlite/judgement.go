package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/storesql"
)

// judgeChunk bounds how many incidents JudgeAll holds in memory at once.
const judgeChunk = 20000

// incidentSelect selects incidents with their memberships in the zones of
// the agreement bound to its first placeholder, in scanIncident's order.
var incidentSelect = `SELECT i.id, ` + incidentReadColumns + `, i.withdrawn_at,
	(SELECT json_group_array(json_array(m.zone_id, m.placement, r.reason, m.share)) FROM memberships m JOIN membership_reasons r ON r.id = m.reason_id
	 WHERE m.incident_id = i.id AND m.agreement_id = ?)
	FROM incidents i`

// JudgeAll judges every standing incident and rebuilds the version's rollup,
// all in one transaction: readers see the old verdicts or the new, never a mix.
func (db *DB) JudgeAll(ctx context.Context, agreementID string, version int, j truce.Judger) (truce.JudgeStats, error) {
	stats := truce.JudgeStats{ByVerdict: map[truce.Verdict]int{}}
	wt, err := db.beginW(ctx)
	if err != nil {
		return stats, err
	}
	defer wt.Rollback()
	tx := wt.Tx
	if _, err := tx.ExecContext(ctx, `DELETE FROM judgements WHERE agreement_id = ? AND agreement_version = ?`, agreementID, version); err != nil {
		return stats, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM judgement_parts WHERE agreement_id = ? AND agreement_version = ?`, agreementID, version); err != nil {
		return stats, err
	}
	now := db.Now().UTC().Format(time.RFC3339)
	traces, err := newTraceInterner(ctx, tx)
	if err != nil {
		return stats, err
	}
	defer traces.close()
	rollup := truce.Rollup{}
	read := func(last int64) ([]*truce.Incident, error) {
		rows, err := tx.QueryContext(ctx, incidentSelect+` WHERE i.id > ? AND i.withdrawn_at = '' ORDER BY i.id LIMIT ?`, agreementID, last, judgeChunk)
		if err != nil {
			return nil, fmt.Errorf("sqlite: read incidents to judge: %w", err)
		}
		var chunk []*truce.Incident
		err = storesql.Each(sqlRows{rows}, scanIncident, func(inc *truce.Incident) error {
			chunk = append(chunk, inc)
			return nil
		})
		return chunk, err
	}
	write := func(c truce.JudgedChunk) error {
		out := newBulk("judgements", "agreement_id, agreement_version, incident_id, zone_id, verdict, severity, alleged_party, trace_id, trace_args, judged_at, day, span, p_low, p, p_high, excluded", 16, len(c.Incidents))
		parts := newBulk("judgement_parts", partColumns, 9, 0)
		for k, inc := range c.Incidents {
			jd := c.Judgements[k]
			traceID, err := traces.id(ctx, c.Words[k])
			if err != nil {
				return err
			}
			day := formatDate(inc.DateStart)
			out.add(agreementID, version, inc.ID, jd.ZoneID, string(jd.Verdict), jd.Severity, jd.AllegedParty, traceID, c.Args[k], now, day,
				truce.SpanDays(inc.DateStart, inc.DateEnd), jd.P.Low, jd.P.Mid, jd.P.High, boolInt(jd.Excluded))
			for _, zp := range jd.Parts {
				parts.add(agreementID, version, inc.ID, zp.ZoneID, day, string(zp.Placement), zp.P.Low, zp.P.Mid, zp.P.High)
			}
			rollup.Add(inc, &jd, day)
			stats.Judged++
			stats.ByVerdict[jd.Verdict]++
		}
		if err := out.write(ctx, tx); err != nil {
			return fmt.Errorf("sqlite: store judgements: %w", err)
		}
		if err := parts.write(ctx, tx); err != nil {
			return fmt.Errorf("sqlite: store judgements' zone parts: %w", err)
		}
		return nil
	}
	if err := truce.JudgeStream(j, read, write); err != nil {
		return stats, err
	}
	if err := logRollupChange(ctx, tx, agreementID, version, "", ""); err != nil {
		return stats, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM zone_days WHERE agreement_id = ? AND agreement_version = ?`, agreementID, version); err != nil {
		return stats, err
	}
	if err := writeRollup(ctx, tx, rollup, agreementID, version); err != nil {
		return stats, fmt.Errorf("sqlite: build zone-day rollup: %w", err)
	}
	return stats, wt.Commit()
}

// writeRollup stores a whole run's rollup.
func writeRollup(ctx context.Context, tx *sql.Tx, r truce.Rollup, agreementID string, version int) error {
	out := newBulk("zone_days", zoneDayColumns, 21, len(r))
	for k, row := range r {
		out.add(agreementID, version, k.Zone, k.Day, k.Placement, k.EventType, k.SubEventType, k.Verdict, k.Severity, boolInt(k.Excluded), k.PKey, boolInt(k.Elsewhere),
			boolInt(k.Continuing), row.Incidents, row.Parts, row.Continued, row.Deaths, row.Civilians, row.PLow, row.P, row.PHigh)
	}
	return out.write(ctx, tx)
}

// maxSpanBack is how many days before a day an incident whose deaths are
// spread over it may have begun (truce.MaxSpanDays less that day).
var maxSpanBack = strconv.Itoa(truce.MaxSpanDays - 1)

// zoneDayColumns are zone_days' columns, as writeRollup and rollupAdd
// write them.
const zoneDayColumns = "agreement_id, agreement_version, zone_id, day, placement, event_type, sub_event_type, verdict, severity, excluded, p_key, elsewhere, continuing, " +
	"incidents, parts, continued, deaths, civilian_deaths, p_low, p, p_high"

// rollupAdd adds one judgement's rows (truce.Rollup.Add) to the zone-day
// rollup: a row of the same group grows by them.
const rollupAdd = `INSERT INTO zone_days (` + zoneDayColumns + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (agreement_id, agreement_version, zone_id, day, placement, event_type, sub_event_type, verdict, severity, excluded, p_key, elsewhere, continuing) DO UPDATE SET
		incidents = zone_days.incidents + excluded.incidents, parts = zone_days.parts + excluded.parts, continued = zone_days.continued + excluded.continued,
		deaths = zone_days.deaths + excluded.deaths,
		civilian_deaths = zone_days.civilian_deaths + excluded.civilian_deaths, p_low = zone_days.p_low + excluded.p_low, p = zone_days.p + excluded.p,
		p_high = zone_days.p_high + excluded.p_high`

// partColumns are judgement_parts' columns, as JudgeAll writes them.
const partColumns = "agreement_id, agreement_version, incident_id, zone_id, day, placement, p_low, p, p_high"

// rollupInsertDay rebuilds the zone_days rows of one zone and day (the
// agreement, version, zone and day bound to ?1 to ?4) from the judgements
// and their incidents, grouped as truce.Rollup groups a whole run: rows group
// incidents whose probabilities of violation in the zone round to the same
// hundredth (p_key), so a status can take a row's incidents as equally
// likely violations; the sums keep the exact values. The first half counts
// the incidents listed in the zone, with the zone's own part when they may
// lie in others too; the second, the parts of incidents listed elsewhere.
// CROSS JOIN makes SQLite start from the day's incidents (by
// incidents_date) rather than from every judgement of the version: a
// submission's rollup update then reads tens of rows, not thousands.
var rollupInsertDay = `INSERT INTO zone_days (` + zoneDayColumns + `)
		SELECT j.agreement_id, j.agreement_version, j.zone_id, i.date_start, COALESCE(m.placement, ''), i.event_type, i.sub_event_type, j.verdict, j.severity,
			j.excluded, CAST(ROUND(COALESCE(o.p, j.p) * 100) AS INTEGER), 0, 0, COUNT(*), 0, 0, SUM(i.deaths_best / j.span), SUM(i.deaths_civ / j.span),
			SUM(COALESCE(o.p_low, j.p_low)), SUM(COALESCE(o.p, j.p)), SUM(COALESCE(o.p_high, j.p_high))
		FROM incidents i CROSS JOIN judgements j ON j.incident_id = i.id
		LEFT JOIN memberships m ON m.incident_id = j.incident_id AND m.agreement_id = j.agreement_id AND m.zone_id = j.zone_id
		LEFT JOIN judgement_parts o ON o.agreement_id = j.agreement_id AND o.agreement_version = j.agreement_version AND o.incident_id = j.incident_id AND o.zone_id = j.zone_id
		WHERE j.agreement_id = ?1 AND j.agreement_version = ?2 AND j.zone_id = ?3 AND i.date_start = ?4
		GROUP BY j.zone_id, i.date_start, m.placement, i.event_type, i.sub_event_type, j.verdict, j.severity, j.excluded, CAST(ROUND(COALESCE(o.p, j.p) * 100) AS INTEGER)
		UNION ALL
		SELECT j.agreement_id, j.agreement_version, j.zone_id, ?4, COALESCE(m.placement, ''), i.event_type, i.sub_event_type, j.verdict, j.severity,
			j.excluded, CAST(ROUND(COALESCE(o.p, j.p) * 100) AS INTEGER), 0, 1, 0, 0, COUNT(*),
			SUM(i.deaths_best * (CAST(julianday(?4) - julianday(j.day) AS INTEGER) + 1) / j.span - i.deaths_best * CAST(julianday(?4) - julianday(j.day) AS INTEGER) / j.span),
			SUM(i.deaths_civ * (CAST(julianday(?4) - julianday(j.day) AS INTEGER) + 1) / j.span - i.deaths_civ * CAST(julianday(?4) - julianday(j.day) AS INTEGER) / j.span),
			0, 0, 0
		FROM judgements j INDEXED BY judgements_spread CROSS JOIN incidents i ON i.id = j.incident_id
		LEFT JOIN memberships m ON m.incident_id = j.incident_id AND m.agreement_id = j.agreement_id AND m.zone_id = j.zone_id
		LEFT JOIN judgement_parts o ON o.agreement_id = j.agreement_id AND o.agreement_version = j.agreement_version AND o.incident_id = j.incident_id AND o.zone_id = j.zone_id
		WHERE j.agreement_id = ?1 AND j.agreement_version = ?2 AND j.zone_id = ?3 AND j.span > 1 AND j.day < ?4 AND j.day >= date(?4, '-` + maxSpanBack + ` days')
			AND julianday(?4) - julianday(j.day) < j.span
		GROUP BY m.placement, i.event_type, i.sub_event_type, j.verdict, j.severity, j.excluded, CAST(ROUND(COALESCE(o.p, j.p) * 100) AS INTEGER)
		UNION ALL
		SELECT o.agreement_id, o.agreement_version, o.zone_id, o.day, o.placement, i.event_type, i.sub_event_type, j.verdict, j.severity,
			j.excluded, CAST(ROUND(o.p * 100) AS INTEGER), 1, 0, 0, COUNT(*), 0, 0, 0, SUM(o.p_low), SUM(o.p), SUM(o.p_high)
		FROM judgement_parts o
		JOIN judgements j ON j.agreement_id = o.agreement_id AND j.agreement_version = o.agreement_version AND j.incident_id = o.incident_id
		JOIN incidents i ON i.id = o.incident_id
		WHERE o.agreement_id = ?1 AND o.agreement_version = ?2 AND o.zone_id = ?3 AND o.day = ?4 AND j.zone_id <> o.zone_id
		GROUP BY o.placement, i.event_type, i.sub_event_type, j.verdict, j.severity, j.excluded, CAST(ROUND(o.p * 100) AS INTEGER)`

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// JudgeIncidents judges the listed incidents and replaces their judgements
// under version, then rebuilds exactly the rollup rows of the zone-days
// their old and new judgements fall on, in one transaction.
func (db *DB) JudgeIncidents(ctx context.Context, agreementID string, version int, ids []int64, j truce.Judger) ([]truce.Judgement, error) {
	wt, err := db.beginW(ctx)
	if err != nil {
		return nil, err
	}
	defer wt.Rollback()
	tx := wt.Tx
	out, err := db.judgeIncidents(ctx, tx, agreementID, version, ids, j)
	if err != nil {
		return nil, err
	}
	if err := wt.Commit(); err != nil {
		return nil, fmt.Errorf("sqlite: commit judgements: %w", err)
	}
	return out, nil
}

// judgeIncidents is JudgeIncidents inside tx, which holds the write lock,
// so that Submit can judge what it stores in the same transaction.
func (db *DB) judgeIncidents(ctx context.Context, tx *sql.Tx, agreementID string, version int, ids []int64, j truce.Judger) ([]truce.Judgement, error) {
	type zoneDay struct{ zone, day string }
	touched := map[zoneDay]bool{}
	now := db.Now().UTC().Truncate(time.Second)
	traces, err := newTraceInterner(ctx, tx)
	if err != nil {
		return nil, err
	}
	defer traces.close()
	var out []truce.Judgement
	seen := map[int64]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		// The day the old judgement was rolled up under, which a revision
		// may since have moved.
		var oldZone, oldDay string
		oldSpan := 1
		judgedBefore := false
		err := tx.QueryRowContext(ctx, `DELETE FROM judgements WHERE agreement_id = ? AND agreement_version = ? AND incident_id = ? RETURNING zone_id, day, span`,
			agreementID, version, id).Scan(&oldZone, &oldDay, &oldSpan)
		switch {
		case err == nil:
			judgedBefore = true
			if oldZone != "" {
				// Every day its deaths were spread over.
				first, err := time.Parse(truce.DateLayout, oldDay)
				if err != nil {
					return nil, fmt.Errorf("sqlite: judgement of incident %d has day %q: %w", id, oldDay, err)
				}
				for i := range max(oldSpan, 1) {
					touched[zoneDay{oldZone, first.AddDate(0, 0, i).Format(truce.DateLayout)}] = true
				}
			}
		case !errors.Is(err, sql.ErrNoRows):
			return nil, fmt.Errorf("sqlite: replace judgement of incident %d: %w", id, err)
		}
		if err := deleteParts(ctx, tx, agreementID, version, id, func(zone, day string) {
			judgedBefore = true
			touched[zoneDay{zone, day}] = true
		}); err != nil {
			return nil, err
		}
		rows, err := tx.QueryContext(ctx, incidentSelect+` WHERE i.id = ?`, agreementID, id)
		if err != nil {
			return nil, fmt.Errorf("sqlite: read incident %d: %w", id, err)
		}
		var inc *truce.Incident
		if rows.Next() {
			inc, err = scanIncident(rows)
		}
		rows.Close()
		if err == nil {
			err = rows.Err()
		}
		if err != nil {
			return nil, err
		}
		if inc == nil {
			return nil, truce.Errorf(truce.ENOTFOUND, "no incident %d", id)
		}
		if !inc.Withdrawn.IsZero() {
			continue
		}
		jd := j.Judge(inc)
		jd.IncidentID, jd.AgreementID, jd.AgreementVersion, jd.JudgedAt = inc.ID, agreementID, version, now
		words, args, err := truce.EncodeTrace(jd.Trace)
		if err != nil {
			return nil, fmt.Errorf("sqlite: encode trace of incident %d: %w", inc.ID, err)
		}
		traceID, err := traces.id(ctx, words)
		if err != nil {
			return nil, err
		}
		d := formatDate(inc.DateStart)
		span := truce.SpanDays(inc.DateStart, inc.DateEnd)
		if _, err := tx.ExecContext(ctx, `INSERT INTO judgements (agreement_id, agreement_version, incident_id, zone_id, verdict, severity, alleged_party, trace_id, trace_args, judged_at, day, span, p_low, p, p_high, excluded)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, agreementID, version, inc.ID, jd.ZoneID, string(jd.Verdict), jd.Severity, jd.AllegedParty, traceID, args, now.Format(time.RFC3339), d,
			span, jd.P.Low, jd.P.Mid, jd.P.High, boolInt(jd.Excluded)); err != nil {
			return nil, fmt.Errorf("sqlite: store judgement of incident %d: %w", inc.ID, err)
		}
		for _, zp := range jd.Parts {
			if _, err := tx.ExecContext(ctx, `INSERT INTO judgement_parts (`+partColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				agreementID, version, inc.ID, zp.ZoneID, d, string(zp.Placement), zp.P.Low, zp.P.Mid, zp.P.High); err != nil {
				return nil, fmt.Errorf("sqlite: store zone parts of incident %d: %w", inc.ID, err)
			}
		}
		if judgedBefore {
			// What the old judgement added is not known row by row: the
			// days it and the new one touch are rebuilt.
			if jd.ZoneID != "" {
				for i := range span {
					touched[zoneDay{jd.ZoneID, formatDate(truce.CalendarDay(inc.DateStart).AddDate(0, 0, i))}] = true
				}
			}
			for _, zp := range jd.Parts {
				touched[zoneDay{zp.ZoneID, d}] = true
			}
		} else if jd.ZoneID != "" {
			// A first judgement (a new submission) adds its rows to the
			// rollup: a cost that does not grow with the incidents the day
			// already holds, as rebuilding the day's rows would.
			rows := truce.Rollup{}
			rows.Add(inc, &jd, d)
			added := map[zoneDay]bool{}
			for k, row := range rows {
				if _, err := tx.ExecContext(ctx, rollupAdd, agreementID, version, k.Zone, k.Day, k.Placement, k.EventType, k.SubEventType, k.Verdict, k.Severity,
					boolInt(k.Excluded), k.PKey, boolInt(k.Elsewhere), boolInt(k.Continuing), row.Incidents, row.Parts, row.Continued, row.Deaths, row.Civilians,
					row.PLow, row.P, row.PHigh); err != nil {
					return nil, fmt.Errorf("sqlite: add to the zone-day rollup: %w", err)
				}
				added[zoneDay{k.Zone, k.Day}] = true
			}
			for zd := range added {
				if !touched[zd] {
					if err := logRollupChange(ctx, tx, agreementID, version, zd.zone, zd.day); err != nil {
						return nil, err
					}
				}
			}
		}
		out = append(out, jd)
	}
	for zd := range touched {
		if _, err := tx.ExecContext(ctx, `DELETE FROM zone_days WHERE agreement_id = ? AND agreement_version = ? AND zone_id = ? AND day = ?`,
			agreementID, version, zd.zone, zd.day); err != nil {
			return nil, fmt.Errorf("sqlite: update zone-day rollup: %w", err)
		}
		if _, err := tx.ExecContext(ctx, rollupInsertDay, agreementID, version, zd.zone, zd.day); err != nil {
			return nil, fmt.Errorf("sqlite: update zone-day rollup: %w", err)
		}
		if err := logRollupChange(ctx, tx, agreementID, version, zd.zone, zd.day); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// deleteParts deletes the zone parts of one incident's judgement, calling
// touched with the zone and day of each.
func deleteParts(ctx context.Context, tx *sql.Tx, agreementID string, version int, id int64, touched func(zone, day string)) error {
	rows, err := tx.QueryContext(ctx, `DELETE FROM judgement_parts WHERE agreement_id = ? AND agreement_version = ? AND incident_id = ? RETURNING zone_id, day`,
		agreementID, version, id)
	if err != nil {
		return fmt.Errorf("sqlite: replace zone parts of incident %d: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var zone, day string
		if err := rows.Scan(&zone, &day); err != nil {
			return err
		}
		touched(zone, day)
	}
	return rows.Err()
}

// FindIncident returns one incident, withdrawn or not, with its memberships
// in agreementID's zones.
func (db *DB) FindIncident(ctx context.Context, id int64, agreementID string) (*truce.Incident, error) {
	rows, err := db.query(ctx, incidentSelect+` WHERE i.id = ?`, agreementID, id)
	if err != nil {
		return nil, fmt.Errorf("sqlite: find incident: %w", err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, err
		}
		return nil, truce.Errorf(truce.ENOTFOUND, "no incident %d", id)
	}
	return scanIncident(rows)
}

var _ truce.JudgementService = (*DB)(nil)

// traceInterner gives each distinct trace one row in traces, remembering
// within a run the ids it has seen (by the trace's SHA-256, not its text) so
// a repeated trace costs a map lookup.
type traceInterner struct {
	seen        map[string]int64 // by the words: a map lookup costs less than hashing them
	seenBytes   int
	find, store *sql.Stmt
}

// traceBytesRemembered bounds the words an interner keeps in memory; past
// it the interner forgets and looks traces up in the store again. Split
// traces (truce.SplitTrace) repeat: a million judgements share a few
// thousand.
const traceBytesRemembered = 64 << 20

func newTraceInterner(ctx context.Context, tx *sql.Tx) (*traceInterner, error) {
	find, err := tx.PrepareContext(ctx, `SELECT id FROM traces WHERE hash = ?`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: prepare traces: %w", err)
	}
	store, err := tx.PrepareContext(ctx, `INSERT INTO traces (hash, body) VALUES (?, ?)`)
	if err != nil {
		find.Close()
		return nil, fmt.Errorf("sqlite: prepare traces: %w", err)
	}
	return &traceInterner{seen: map[string]int64{}, find: find, store: store}, nil
}

func (t *traceInterner) id(ctx context.Context, body []byte) (int64, error) {
	if id, ok := t.seen[string(body)]; ok {
		return id, nil
	}
	sum := sha256.Sum256(body)
	// Look before inserting: most traces of a re-run are stored already,
	// and an upsert would rewrite each one.
	var id int64
	err := t.find.QueryRowContext(ctx, sum[:]).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		var res sql.Result
		if res, err = t.store.ExecContext(ctx, sum[:], string(body)); err == nil {
			id, err = res.LastInsertId()
		}
	}
	if err != nil {
		return 0, fmt.Errorf("sqlite: store trace: %w", err)
	}
	if t.seenBytes += len(body); t.seenBytes > traceBytesRemembered {
		clear(t.seen)
		t.seenBytes = len(body)
	}
	t.seen[string(body)] = id
	return id, nil
}

func (t *traceInterner) close() {
	t.find.Close()
	t.store.Close()
}

// rollupChangesKept bounds the rollup change log: past it, the oldest half
// is dropped and one "everything changed" row tells caches to start over.
const rollupChangesKept = 200000

// logRollupChange records that the rollup rows of (zone, day) were rebuilt
// (zone "": the whole version).
func logRollupChange(ctx context.Context, tx *sql.Tx, agreementID string, version int, zone, day string) error {
	var seq int64
	err := tx.QueryRowContext(ctx, `INSERT INTO rollup_changes (agreement_id, agreement_version, zone_id, day) VALUES (?, ?, ?, ?) RETURNING seq`,
		agreementID, version, zone, day).Scan(&seq)
	if err != nil {
		return fmt.Errorf("sqlite: log rollup change: %w", err)
	}
	if seq%rollupChangesKept == 0 {
		if _, err := tx.ExecContext(ctx, `DELETE FROM rollup_changes WHERE seq <= ?`, seq-rollupChangesKept/2); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO rollup_changes (agreement_id, agreement_version, zone_id, day) VALUES ('', 0, '', '')`)
	}
	return err
}

// Judgements returns the listed incidents' judgements under one version,
// without traces.
func (db *DB) Judgements(ctx context.Context, agreementID string, version int, ids []int64) (map[int64]truce.Judgement, error) {
	out := make(map[int64]truce.Judgement, len(ids))
	for len(ids) > 0 {
		// SQLite binds at most 32766 parameters; pages are far smaller.
		n := min(len(ids), 500)
		args := make([]any, 0, n+2)
		args = append(args, agreementID, version)
		for _, id := range ids[:n] {
			args = append(args, id)
		}
		q := `SELECT incident_id, zone_id, verdict, severity, alleged_party, judged_at, p_low, p, p_high, excluded FROM judgements
			WHERE agreement_id = ? AND agreement_version = ? AND incident_id IN (?` + strings.Repeat(", ?", n-1) + `)`
		rows, err := db.query(ctx, q, args...)
		if err != nil {
			return nil, fmt.Errorf("sqlite: read judgements: %w", err)
		}
		for rows.Next() {
			jd := truce.Judgement{AgreementID: agreementID, AgreementVersion: version}
			var verdict, at string
			if err := rows.Scan(&jd.IncidentID, &jd.ZoneID, &verdict, &jd.Severity, &jd.AllegedParty, &at, &jd.P.Low, &jd.P.Mid, &jd.P.High, &jd.Excluded); err != nil {
				rows.Close()
				return nil, err
			}
			jd.Verdict = truce.Verdict(verdict)
			jd.JudgedAt, _ = time.Parse(time.RFC3339, at)
			out[jd.IncidentID] = jd
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		ids = ids[n:]
	}
	return out, nil
}
