package postgres

import (
	"cmp"
	"context"
	"crypto/sha256"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/storesql"
)

// judgeChunk bounds how many incidents JudgeAll holds in memory at once.
var judgeChunk = 20000 // a variable for the tests of chunk boundaries

// incidentSelect selects incidents with their memberships in the zones of
// the agreement bound to $1, in scanIncident's column order.
var incidentSelect = `SELECT i.id, ` + prefixed("i.", incidentColumns) + `, i.withdrawn_at, m.zones, m.placements, m.reasons, m.shares
	FROM incidents i
	LEFT JOIN LATERAL (SELECT array_agg(zone_id ORDER BY zone_id) AS zones, array_agg(placement ORDER BY zone_id) AS placements,
		array_agg(reason ORDER BY zone_id) AS reasons, array_agg(share ORDER BY zone_id) AS shares
		FROM memberships WHERE incident_id = i.id AND agreement_id = $1) m ON true`

// standingIncident is the condition on incidents i that JudgeAll judges:
// withdrawn incidents are kept but not judged, as in the embedded store.
const standingIncident = `i.withdrawn_at IS NULL`

// JudgeAll judges every standing incident and rebuilds the version's rollup,
// all in one transaction: readers see the old verdicts or the new, never a
// mix. It reads incidents in id-ordered chunks, interns each chunk's new
// traces by hash (one lookup and one insert per chunk), and copies (COPY)
// the chunk's judgements straight into the table. Judging takes turns with
// imports and placements (their advisory lock), so the incidents and
// memberships it reads cannot change under it.
func (db *DB) JudgeAll(ctx context.Context, agreementID string, version int, j truce.Judger) (truce.JudgeStats, error) {
	stats := truce.JudgeStats{ByVerdict: map[truce.Verdict]int{}}
	// Whole seconds, as the embedded store keeps them.
	now := db.Now().UTC().Truncate(time.Second)
	err := db.beginFunc(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext('import:' || current_schema()))`, lockClass); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM judgements WHERE agreement_id = $1 AND agreement_version = $2`, agreementID, version); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM judgement_parts WHERE agreement_id = $1 AND agreement_version = $2`, agreementID, version); err != nil {
			return err
		}
		var (
			ids    = map[string]int64{} // trace hash → its id in traces, for traces met lately
			out    = &judgementRows{agreementID: agreementID, version: version, now: now, ids: ids}
			traces []traceBody
		)
		var after incidentKey // the last incident read; JudgeStream's last ID alone cannot resume a read in date order
		read := func(int64) ([]*truce.Incident, error) {
			chunk, err := readIncidents(ctx, tx, agreementID, after)
			if err != nil {
				return nil, fmt.Errorf("read incidents to judge: %w", err)
			}
			if n := len(chunk); n > 0 {
				after = incidentKey{chunk[n-1].DateStart, chunk[n-1].ID}
			}
			return chunk, nil
		}
		write := func(c truce.JudgedChunk) error {
			out.rows, out.i, traces = out.rows[:0], 0, traces[:0]
			var parts [][]any
			forgetTraces(ids)
			queued := map[string]bool{}
			for k, inc := range c.Incidents {
				jd, words, args := c.Judgements[k], c.Words[k], c.Args[k]
				sum := sha256.Sum256(words)
				hash := sum[:]
				if _, ok := ids[string(hash)]; !ok && !queued[string(hash)] {
					queued[string(hash)] = true
					traces = append(traces, traceBody{hash, string(words)})
				}
				out.rows = append(out.rows, judgementRow{inc.ID, inc.DateStart, truce.SpanDays(inc.DateStart, inc.DateEnd), jd, hash, args})
				parts = appendParts(parts, agreementID, version, inc, &jd)
				stats.Judged++
				stats.ByVerdict[jd.Verdict]++
			}
			if err := internTraces(ctx, tx, traces, ids); err != nil {
				return fmt.Errorf("store traces: %w", err)
			}
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{"judgements"}, judgementColumns, out); err != nil {
				return fmt.Errorf("store judgements: %w", err)
			}
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{"judgement_parts"}, partColumns, pgx.CopyFromRows(parts)); err != nil {
				return fmt.Errorf("store judgements' zone parts: %w", err)
			}
			return nil
		}
		if err := truce.JudgeStream(j, read, write); err != nil {
			return err
		}
		if err := logRollupChange(ctx, tx, agreementID, version, "", time.Time{}); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM zone_days WHERE agreement_id = $1 AND agreement_version = $2`, agreementID, version); err != nil {
			return err
		}
		// The rollup joins the judgements just written: planned with
		// statistics of the table before (often empty), the join is a
		// nested loop that probes every month of incidents per judgement
		// (10 M judgements, 131 months: over 5 minutes and counting).
		if _, err := tx.Exec(ctx, `ANALYZE judgements, judgement_parts`); err != nil {
			return fmt.Errorf("analyze: %w", err)
		}
		if _, err := tx.Exec(ctx, fmt.Sprintf(rollupInsert, "", "", ""), agreementID, version); err != nil {
			return fmt.Errorf("build zone-day rollup: %w", err)
		}
		// Fresh statistics of what the import and this run wrote: until
		// autovacuum samples them, PostgreSQL plans for the tables as they
		// were (often empty), and a submission's lookups by key, its
		// foreign-key checks and its replacement of a judgement scan whole
		// tables (measured: 45 ms at 100 k incidents, growing with them).
		// incident_keys is what a staged import joins to find stored
		// events.
		if _, err := tx.Exec(ctx, `ANALYZE reports, incident_keys, memberships, traces, zone_days`); err != nil {
			return fmt.Errorf("analyze: %w", err)
		}
		return analyzeIncidents(ctx, tx)
	})
	if err != nil {
		return truce.JudgeStats{ByVerdict: map[truce.Verdict]int{}}, wrap("judge incidents against "+agreementID+" version "+strconv.Itoa(version), err)
	}
	return stats, nil
}

// analyzeIncidents refreshes the statistics of the months of incidents
// that changed since they were last sampled, not of every month: on
// PostgreSQL 15 analysing the partitioned table samples it and then each
// month, most of adjudication's closing ANALYZE in a store of many months
// (6.1 s of 8.3 s at 0.5 M incidents in 14 months, measured). A month
// with rows changed since (n_mod_since_analyze, which a writer reports when
// its transaction ends or within seconds of it) is analysed alone. The
// whole table, whose statistics the planner uses to join it, is analysed
// again when a month was never sampled (reltuples < 0, which PostgreSQL
// knows at once: a new month, once a month in a live store) or the changed
// rows are a tenth of it or more (autovacuum's own measure of stale);
// otherwise without its months (ANALYZE ONLY) where the server can
// (PostgreSQL 17).
func analyzeIncidents(ctx context.Context, tx pgx.Tx) error {
	rows, err := tx.Query(ctx, `SELECT c.oid::regclass::text, c.reltuples < 0, COALESCE(s.n_mod_since_analyze, 0), COALESCE(s.n_live_tup, 0)
		FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
		WHERE h.inhparent = 'incidents'::regclass ORDER BY 1`)
	if err != nil {
		return fmt.Errorf("analyze incidents: %w", err)
	}
	var stale []string
	var changed, total int64
	fresh := false // a month never sampled: new, or not yet reported
	for rows.Next() {
		var name string
		var never bool
		var mod, live int64
		if err := rows.Scan(&name, &never, &mod, &live); err != nil {
			rows.Close()
			return fmt.Errorf("analyze incidents: %w", err)
		}
		total += live
		if never || mod > 0 {
			stale = append(stale, pgx.Identifier{name}.Sanitize())
			changed += mod
			fresh = fresh || never
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("analyze incidents: %w", err)
	}
	var version int
	if err := tx.QueryRow(ctx, `SELECT current_setting('server_version_num')::int`).Scan(&version); err != nil {
		return fmt.Errorf("analyze incidents: %w", err)
	}
	var stmt string
	switch {
	case len(stale) == 0:
		return nil
	case fresh || changed*10 >= total:
		stmt = `ANALYZE incidents` // the table and every month
	case version >= 170000:
		stmt = `ANALYZE ONLY incidents, ` + strings.Join(stale, ", ")
	default:
		stmt = `ANALYZE ` + strings.Join(stale, ", ")
	}
	if _, err := tx.Exec(ctx, stmt); err != nil {
		return fmt.Errorf("analyze incidents: %w", err)
	}
	return nil
}

// rollupInsert builds zone_days rows of the agreement and version bound to
// $1 and $2 from the judgements and their incidents; the three %s take
// further conditions on the judgements (j, i), on the days after the first
// of the incidents of several days (j, k) and on the zone parts (o), so
// JudgeAll and JudgeIncidents group alike. The first part counts the
// incidents listed in each zone, with the zone's own part when they may lie
// in others too, and their first day's share of their deaths; the second,
// the other days' shares of the deaths of incidents of several days
// (truce.Rollup.Add); the third, the parts of incidents listed elsewhere.
const rollupInsert = `INSERT INTO zone_days (` + zoneDayColumns + `)
	SELECT j.agreement_id, j.agreement_version, j.zone_id, i.date_start, COALESCE(m.placement, ''), i.event_type, i.sub_event_type, j.verdict, j.severity,
		j.excluded, round(COALESCE(o.p, j.p) * 100)::integer, false, false, count(*), 0, 0, sum(i.deaths_best / j.span), sum(i.deaths_civ / j.span),
		sum(COALESCE(o.p_low, j.p_low)), sum(COALESCE(o.p, j.p)), sum(COALESCE(o.p_high, j.p_high))
	FROM judgements j JOIN incidents i ON i.id = j.incident_id
	LEFT JOIN memberships m ON m.incident_id = j.incident_id AND m.agreement_id = j.agreement_id AND m.zone_id = j.zone_id
	LEFT JOIN judgement_parts o ON o.agreement_id = j.agreement_id AND o.agreement_version = j.agreement_version AND o.incident_id = j.incident_id AND o.zone_id = j.zone_id
	WHERE j.agreement_id = $1 AND j.agreement_version = $2 AND j.zone_id <> '' %s
	GROUP BY j.agreement_id, j.agreement_version, j.zone_id, i.date_start, COALESCE(m.placement, ''), i.event_type, i.sub_event_type, j.verdict, j.severity,
		j.excluded, round(COALESCE(o.p, j.p) * 100)::integer
	UNION ALL
	SELECT j.agreement_id, j.agreement_version, j.zone_id, j.day + k, COALESCE(m.placement, ''), i.event_type, i.sub_event_type, j.verdict, j.severity,
		j.excluded, round(COALESCE(o.p, j.p) * 100)::integer, false, true, 0, 0, count(*),
		sum(i.deaths_best * (k + 1) / j.span - i.deaths_best * k / j.span), sum(i.deaths_civ * (k + 1) / j.span - i.deaths_civ * k / j.span), 0, 0, 0
	FROM judgements j CROSS JOIN LATERAL generate_series(1, j.span - 1) AS k
	JOIN incidents i ON i.id = j.incident_id
	LEFT JOIN memberships m ON m.incident_id = j.incident_id AND m.agreement_id = j.agreement_id AND m.zone_id = j.zone_id
	LEFT JOIN judgement_parts o ON o.agreement_id = j.agreement_id AND o.agreement_version = j.agreement_version AND o.incident_id = j.incident_id AND o.zone_id = j.zone_id
	WHERE j.agreement_id = $1 AND j.agreement_version = $2 AND j.zone_id <> '' AND j.span > 1 %s
	GROUP BY j.agreement_id, j.agreement_version, j.zone_id, j.day + k, COALESCE(m.placement, ''), i.event_type, i.sub_event_type, j.verdict, j.severity,
		j.excluded, round(COALESCE(o.p, j.p) * 100)::integer
	UNION ALL
	SELECT o.agreement_id, o.agreement_version, o.zone_id, o.day, o.placement, i.event_type, i.sub_event_type, j.verdict, j.severity,
		j.excluded, round(o.p * 100)::integer, true, false, 0, count(*), 0, 0, 0, sum(o.p_low), sum(o.p), sum(o.p_high)
	FROM judgement_parts o
	JOIN judgements j ON j.agreement_id = o.agreement_id AND j.agreement_version = o.agreement_version AND j.incident_id = o.incident_id
	JOIN incidents i ON i.id = o.incident_id
	WHERE o.agreement_id = $1 AND o.agreement_version = $2 AND j.zone_id <> o.zone_id %s
	GROUP BY o.agreement_id, o.agreement_version, o.zone_id, o.day, o.placement, i.event_type, i.sub_event_type, j.verdict, j.severity,
		j.excluded, round(o.p * 100)::integer`

// rollupDay is rollupInsert's conditions for one zone ($3) and day ($4):
// the incidents of several days that go on through it began at most
// truce.MaxSpanDays-1 days before.
var rollupDay = fmt.Sprintf(rollupInsert, "AND j.zone_id = $3 AND i.date_start = $4",
	"AND j.zone_id = $3 AND j.day < $4 AND j.day >= $4::date - "+strconv.Itoa(truce.MaxSpanDays-1)+" AND j.day + k = $4",
	"AND o.zone_id = $3 AND o.day = $4")

// zoneDayColumns are zone_days' columns, as rollupInsert and rollupAdd
// write them.
const zoneDayColumns = "agreement_id, agreement_version, zone_id, day, placement, event_type, sub_event_type, verdict, severity, excluded, p_key, elsewhere, continuing, " +
	"incidents, parts, continued, deaths, civilian_deaths, p_low, p, p_high"

// partColumns are judgement_parts' columns, in appendParts' order.
var partColumns = []string{"agreement_id", "agreement_version", "incident_id", "zone_id", "day", "placement", "p_low", "p", "p_high"}

// appendParts appends the rows of jd's zone parts to rows.
func appendParts(rows [][]any, agreementID string, version int, inc *truce.Incident, jd *truce.Judgement) [][]any {
	for _, zp := range jd.Parts {
		rows = append(rows, []any{agreementID, version, inc.ID, zp.ZoneID, inc.DateStart, string(zp.Placement), zp.P.Low, zp.P.Mid, zp.P.High})
	}
	return rows
}

// JudgeIncidents judges the listed incidents and replaces their judgements
// under version, then rebuilds exactly the rollup rows of the zone-days
// their old and new judgements fall on, in one transaction. It takes the
// import lock, as JudgeAll does, so the incidents cannot change under it.
func (db *DB) JudgeIncidents(ctx context.Context, agreementID string, version int, ids []int64, j truce.Judger) ([]truce.Judgement, error) {
	// Whole seconds, as the embedded store keeps them.
	now := db.Now().UTC().Truncate(time.Second)
	var out []truce.Judgement
	err := db.beginFunc(ctx, func(tx pgx.Tx) error {
		out = nil
		if err := lockImports(ctx, tx); err != nil {
			return err
		}
		return judgeIncidents(ctx, tx, agreementID, version, ids, j, now, &out)
	})
	if err != nil {
		return nil, wrap("judge incidents against "+agreementID+" version "+strconv.Itoa(version), err)
	}
	return out, nil
}

// judgeIncidents is JudgeIncidents inside tx, which holds the import lock,
// so that Submit can judge what it stores in the same transaction. It
// appends the new judgements to out.
func judgeIncidents(ctx context.Context, tx pgx.Tx, agreementID string, version int, ids []int64, j truce.Judger, now time.Time, out *[]truce.Judgement) error {
	type zoneDay struct {
		zone string
		day  time.Time
	}
	touched := map[zoneDay]bool{}
	judgedBefore := map[int64]bool{}
	// The days the old judgements and their zone parts were rolled up
	// under, which revisions may since have moved.
	// A judgement's deaths were spread over its span of days; a part's
	// were not (they are counted where the incident is listed).
	for _, table := range []struct{ name, span string }{{"judgements", "span"}, {"judgement_parts", "1"}} {
		rows, err := tx.Query(ctx, `DELETE FROM `+table.name+` WHERE agreement_id = $1 AND agreement_version = $2 AND incident_id = ANY($3) RETURNING incident_id, zone_id, day, `+table.span,
			agreementID, version, ids)
		if err != nil {
			return fmt.Errorf("replace %s: %w", table.name, err)
		}
		for rows.Next() {
			var zd zoneDay
			var id int64
			var span int
			if err := rows.Scan(&id, &zd.zone, &zd.day, &span); err != nil {
				rows.Close()
				return err
			}
			judgedBefore[id] = true
			if zd.zone != "" {
				for i := range max(span, 1) {
					touched[zoneDay{zd.zone, zd.day.AddDate(0, 0, i)}] = true
				}
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("replace %s: %w", table.name, err)
		}
	}
	var incs []*truce.Incident
	found := map[int64]bool{}
	if err := incidentsByID(ctx, tx, agreementID, ids, func(inc *truce.Incident) error {
		incs, found[inc.ID] = append(incs, inc), true
		return nil
	}); err != nil {
		return fmt.Errorf("read incidents to judge: %w", err)
	}
	for _, id := range ids {
		if !found[id] {
			return truce.Errorf(truce.ENOTFOUND, "no incident %d", id)
		}
	}
	var (
		seen   = map[string][]byte{} // bounded by the incidents listed
		hashes = map[string]int64{}
		jr     = &judgementRows{agreementID: agreementID, version: version, now: now, ids: hashes}
		traces []traceBody
		parts  [][]any
		added  = truce.Rollup{}
	)
	for _, inc := range incs {
		if !inc.Withdrawn.IsZero() {
			continue
		}
		jd := j.Judge(inc)
		jd.IncidentID, jd.AgreementID, jd.AgreementVersion, jd.JudgedAt = inc.ID, agreementID, version, now
		words, args, err := truce.EncodeTrace(jd.Trace)
		if err != nil {
			return fmt.Errorf("encode trace of incident %d: %w", inc.ID, err)
		}
		hash, ok := seen[string(words)]
		if !ok {
			sum := sha256.Sum256(words)
			hash = sum[:]
			seen[string(words)] = hash
			traces = append(traces, traceBody{hash, string(words)})
		}
		jr.rows = append(jr.rows, judgementRow{inc.ID, inc.DateStart, truce.SpanDays(inc.DateStart, inc.DateEnd), jd, hash, args})
		if judgedBefore[inc.ID] {
			// What the old judgement added is not known row by row: the
			// days it and the new one touch are rebuilt.
			if jd.ZoneID != "" {
				for i := range truce.SpanDays(inc.DateStart, inc.DateEnd) {
					touched[zoneDay{jd.ZoneID, truce.CalendarDay(inc.DateStart).AddDate(0, 0, i)}] = true
				}
			}
			for _, zp := range jd.Parts {
				touched[zoneDay{zp.ZoneID, inc.DateStart}] = true
			}
		} else {
			// A first judgement (a new submission) adds its rows to the
			// rollup, at a cost that does not grow with the day's
			// incidents as a rebuild of the day would.
			added.Add(inc, &jd, inc.DateStart.Format(truce.DateLayout))
		}
		parts = appendParts(parts, agreementID, version, inc, &jd)
		*out = append(*out, jd)
	}
	if err := internTraces(ctx, tx, traces, hashes); err != nil {
		return fmt.Errorf("store traces: %w", err)
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"judgements"}, judgementColumns, jr); err != nil {
		return fmt.Errorf("store judgements: %w", err)
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"judgement_parts"}, partColumns, pgx.CopyFromRows(parts)); err != nil {
		return fmt.Errorf("store zone parts: %w", err)
	}
	// Added rows first: a zone-day rebuilt below (another incident's old
	// judgement lay there) is rebuilt from every judgement, these included.
	addedDays := map[zoneDay]bool{}
	for k, row := range added {
		if _, err := tx.Exec(ctx, rollupAdd, agreementID, version, k.Zone, k.Day, k.Placement, k.EventType, k.SubEventType, k.Verdict, k.Severity,
			k.Excluded, k.PKey, k.Elsewhere, k.Continuing, row.Incidents, row.Parts, row.Continued, row.Deaths, row.Civilians, row.PLow, row.P, row.PHigh); err != nil {
			return fmt.Errorf("add to the zone-day rollup: %w", err)
		}
		day, _ := time.Parse(truce.DateLayout, k.Day)
		addedDays[zoneDay{k.Zone, day}] = true
	}
	for zd := range addedDays {
		if touched[zd] {
			continue
		}
		if err := logRollupChange(ctx, tx, agreementID, version, zd.zone, zd.day); err != nil {
			return err
		}
	}
	for zd := range touched {
		if _, err := tx.Exec(ctx, `DELETE FROM zone_days WHERE agreement_id = $1 AND agreement_version = $2 AND zone_id = $3 AND day = $4`,
			agreementID, version, zd.zone, zd.day); err != nil {
			return fmt.Errorf("update zone-day rollup: %w", err)
		}
		if _, err := tx.Exec(ctx, rollupDay, agreementID, version, zd.zone, zd.day); err != nil {
			return fmt.Errorf("update zone-day rollup: %w", err)
		}
		if err := logRollupChange(ctx, tx, agreementID, version, zd.zone, zd.day); err != nil {
			return err
		}
	}
	return nil
}

// rollupAdd adds one judgement's rows (truce.Rollup.Add) to the zone-day
// rollup: a row of the same group grows by them.
const rollupAdd = `INSERT INTO zone_days (` + zoneDayColumns + `) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
	ON CONFLICT (agreement_id, agreement_version, zone_id, day, placement, event_type, sub_event_type, verdict, severity, excluded, p_key, elsewhere, continuing) DO UPDATE SET
		incidents = zone_days.incidents + excluded.incidents, parts = zone_days.parts + excluded.parts, continued = zone_days.continued + excluded.continued,
		deaths = zone_days.deaths + excluded.deaths,
		civilian_deaths = zone_days.civilian_deaths + excluded.civilian_deaths, p_low = zone_days.p_low + excluded.p_low, p = zone_days.p + excluded.p,
		p_high = zone_days.p_high + excluded.p_high`

// incidentKey orders incidents as their partitions and the date index
// do: by first day, then ID. The zero key comes before every incident.
type incidentKey struct {
	day time.Time
	id  int64
}

// afterKey is the condition on incidents i that they come after the key
// bound to $2 (day) and $3 (ID). Reading in ID order instead walks every
// month's primary key, and with statistics that lag behind an import the
// planner scans and sorts every month for each chunk: at 10 M incidents
// in 131 months, 10 s a chunk, against milliseconds this way. The
// explicit lower bound on the day prunes the months already read.
const afterKey = `i.date_start >= $2 AND (i.date_start, i.id) > ($2, $3)`

// readIncidents reads the next chunk of standing incidents after key
// after, in date and ID order, with their memberships in agreementID's
// zones.
func readIncidents(ctx context.Context, tx pgx.Tx, agreementID string, after incidentKey) ([]*truce.Incident, error) {
	rows, err := tx.Query(ctx, incidentSelect+` WHERE `+afterKey+` AND `+standingIncident+` ORDER BY i.date_start, i.id LIMIT $4`,
		agreementID, after.day, after.id, judgeChunk)
	if err != nil {
		return nil, err
	}
	chunk := make([]*truce.Incident, 0, judgeChunk)
	err = storesql.Each(rows, scanIncident, func(inc *truce.Incident) error {
		chunk = append(chunk, inc)
		return nil
	})
	return chunk, err
}

// incidentsOfMonth selects the incidents whose IDs are bound to $2 among
// those of the month [$3, $4): one partition.
var incidentsOfMonth = incidentSelect + ` WHERE i.id = ANY($2) AND i.date_start >= $3 AND i.date_start < $4`

// incidentsByID reads the incidents ids name, in ID order, with their
// memberships in agreementID's zones: the months they lie in first, from
// incident_keys, then each month's partition alone. By ID alone the plan
// probes every month's primary key, and a join to incident_keys still
// starts every month's scan; a month bound as a parameter is pruned before
// the query runs, in generic plans too. Over 96 months (one run,
// BenchmarkIncidentByID): 2.9 ms by ID alone, 1.0 ms joined, 0.58 ms so.
func incidentsByID(ctx context.Context, q querier, agreementID string, ids []int64, fn func(*truce.Incident) error) error {
	rows, err := q.Query(ctx, `SELECT DISTINCT date_trunc('month', date_start)::date FROM incident_keys WHERE id = ANY($1) ORDER BY 1`, ids)
	if err != nil {
		return err
	}
	months, err := pgx.CollectRows(rows, pgx.RowTo[time.Time])
	if err != nil {
		return err
	}
	var incs []*truce.Incident
	for _, m := range months {
		rows, err := q.Query(ctx, incidentsOfMonth, agreementID, ids, m, m.AddDate(0, 1, 0))
		if err != nil {
			return err
		}
		if err := storesql.Each(rows, scanIncident, func(inc *truce.Incident) error {
			incs = append(incs, inc)
			return nil
		}); err != nil {
			return err
		}
	}
	slices.SortFunc(incs, func(a, b *truce.Incident) int { return cmp.Compare(a.ID, b.ID) })
	for _, inc := range incs {
		if err := fn(inc); err != nil {
			return err
		}
	}
	return nil
}

// FindIncident returns one incident, withdrawn or not, with its memberships
// in agreementID's zones.
func (db *DB) FindIncident(ctx context.Context, id int64, agreementID string) (*truce.Incident, error) {
	var found *truce.Incident
	if err := incidentsByID(ctx, db.pool, agreementID, []int64{id}, func(inc *truce.Incident) error {
		found = inc
		return nil
	}); err != nil {
		return nil, fmt.Errorf("postgres: find incident: %w", err)
	}
	if found == nil {
		return nil, truce.Errorf(truce.ENOTFOUND, "no incident %d", id)
	}
	return found, nil
}

var _ truce.JudgementService = (*DB)(nil)

// judgementColumns are the columns JudgeAll copies into judgements.
var judgementColumns = []string{"agreement_id", "agreement_version", "incident_id", "zone_id", "verdict", "severity", "alleged_party", "trace_id", "trace_args", "judged_at", "day",
	"span", "p_low", "p", "p_high", "excluded"}

// judgementRow is one judgement of a chunk, with the hash of its trace's
// words and the trace's numbers (truce.SplitTrace).
type judgementRow struct {
	incidentID int64
	day        time.Time // the incident's DateStart: the rollup day
	span       int       // the days its deaths are spread over (truce.SpanDays)
	jd         truce.Judgement
	hash       []byte
	args       string
}

// judgementRows streams a chunk's judgements to COPY, in judgementColumns
// order, with each trace's id looked up by its hash.
type judgementRows struct {
	agreementID string
	version     int
	now         time.Time
	ids         map[string]int64
	rows        []judgementRow
	i           int
	row         [16]any
}

func (r *judgementRows) Next() bool {
	if r.i >= len(r.rows) {
		return false
	}
	x := &r.rows[r.i]
	r.row = [16]any{r.agreementID, r.version, x.incidentID, x.jd.ZoneID, string(x.jd.Verdict), x.jd.Severity, x.jd.AllegedParty, r.ids[string(x.hash)], x.args, r.now, x.day,
		x.span, x.jd.P.Low, x.jd.P.Mid, x.jd.P.High, x.jd.Excluded}
	r.i++
	return true
}

func (r *judgementRows) Values() ([]any, error) { return r.row[:], nil }
func (r *judgementRows) Err() error             { return nil }

// traceBody is a trace to intern: its JSON and that JSON's SHA-256.
type traceBody struct {
	hash []byte
	body string
}

// tracesRemembered bounds the trace ids a judging run keeps in memory;
// past it they are forgotten and looked up again by hash.
const tracesRemembered = 1 << 18

func forgetTraces(ids map[string]int64) {
	if len(ids) > tracesRemembered {
		clear(ids)
	}
}

// internTraces gives each trace (hash, body) of traces one row in the
// traces table and records its id in ids by hash. It looks before
// inserting: most traces of a re-run are stored already, and an upsert
// would rewrite each one.
func internTraces(ctx context.Context, tx pgx.Tx, traces []traceBody, ids map[string]int64) error {
	if len(traces) == 0 {
		return nil
	}
	hashes := make([][]byte, len(traces))
	for i, t := range traces {
		hashes[i] = t.hash
	}
	if err := traceIDs(ctx, tx, `SELECT hash, id FROM traces WHERE hash = ANY($1::bytea[])`, ids, hashes); err != nil {
		return err
	}
	var newHashes [][]byte
	var newBodies []string
	for _, t := range traces {
		if _, ok := ids[string(t.hash)]; !ok {
			newHashes, newBodies = append(newHashes, t.hash), append(newBodies, t.body)
		}
	}
	if len(newHashes) == 0 {
		return nil
	}
	// Judging takes turns (the advisory lock), so no other writer can store
	// one of these meanwhile; DO NOTHING and the lookup after it are for
	// writers that do not take the lock.
	if err := traceIDs(ctx, tx, `INSERT INTO traces (hash, body) SELECT * FROM unnest($1::bytea[], $2::text[])
		ON CONFLICT (hash) DO NOTHING RETURNING hash, id`, ids, newHashes, newBodies); err != nil {
		return err
	}
	for _, h := range newHashes {
		if _, ok := ids[string(h)]; !ok {
			return traceIDs(ctx, tx, `SELECT hash, id FROM traces WHERE hash = ANY($1::bytea[])`, ids, newHashes)
		}
	}
	return nil
}

// traceIDs runs q, which returns (hash, id) rows, and records them in ids.
func traceIDs(ctx context.Context, tx pgx.Tx, q string, ids map[string]int64, args ...any) error {
	rows, err := tx.Query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var h []byte
		var id int64
		if err := rows.Scan(&h, &id); err != nil {
			return err
		}
		ids[string(h)] = id
	}
	return rows.Err()
}

// rollupChangesKept bounds the rollup change log: past it, the oldest half
// is dropped and one "everything changed" row tells caches to start over.
const rollupChangesKept = 200000

// logRollupChange records that the rollup rows of (zone, day) were rebuilt
// (zone "": the whole version).
func logRollupChange(ctx context.Context, tx pgx.Tx, agreementID string, version int, zone string, day time.Time) error {
	var d any
	if !day.IsZero() {
		d = day
	}
	var seq int64
	if err := tx.QueryRow(ctx, `INSERT INTO rollup_changes (agreement_id, agreement_version, zone_id, day) VALUES ($1, $2, $3, $4) RETURNING seq`,
		agreementID, version, zone, d).Scan(&seq); err != nil {
		return fmt.Errorf("log rollup change: %w", err)
	}
	if seq%rollupChangesKept == 0 {
		if _, err := tx.Exec(ctx, `DELETE FROM rollup_changes WHERE seq <= $1`, seq-rollupChangesKept/2); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO rollup_changes (agreement_id, agreement_version, zone_id) VALUES ('', 0, '')`); err != nil {
			return err
		}
	}
	return nil
}

// Judgements returns the listed incidents' judgements under one version,
// without traces.
func (db *DB) Judgements(ctx context.Context, agreementID string, version int, ids []int64) (map[int64]truce.Judgement, error) {
	rows, err := db.pool.Query(ctx, `SELECT incident_id, zone_id, verdict, severity, alleged_party, judged_at, p_low, p, p_high, excluded FROM judgements
		WHERE agreement_id = $1 AND agreement_version = $2 AND incident_id = ANY($3)`, agreementID, version, ids)
	if err != nil {
		return nil, fmt.Errorf("postgres: read judgements: %w", err)
	}
	defer rows.Close()
	out := make(map[int64]truce.Judgement, len(ids))
	for rows.Next() {
		jd := truce.Judgement{AgreementID: agreementID, AgreementVersion: version}
		var verdict string
		if err := rows.Scan(&jd.IncidentID, &jd.ZoneID, &verdict, &jd.Severity, &jd.AllegedParty, &jd.JudgedAt, &jd.P.Low, &jd.P.Mid, &jd.P.High, &jd.Excluded); err != nil {
			return nil, err
		}
		jd.Verdict = truce.Verdict(verdict)
		jd.JudgedAt = jd.JudgedAt.UTC()
		out[jd.IncidentID] = jd
	}
	return out, rows.Err()
}
