package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/truce-monitor/truce"
)

// insertOne stores one new report, its incident and its memberships in one
// statement. It is the staged import's steps for a batch of one new event:
// what the staging tables buy (set-based duplicate and revision finding)
// costs a submission more than it saves (creating, emptying and analysing
// them, and planning every step again: about 10 ms of a 20 ms submission).
var insertOne = `WITH r AS (
	INSERT INTO reports (source, source_key, hash, release, origin, line, raw, received_at, incident_digest)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
	RETURNING id
), i AS (
	INSERT INTO incidents (` + strings.Join(incidentColumns, ", ") + `, geom)
	SELECT $1, $2, r.id, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24,
		$25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35,
		CASE WHEN $13 THEN ST_SetSRID(ST_MakePoint($14, $15), 4326) END
	FROM r
	RETURNING id
), m AS (
	INSERT INTO memberships (agreement_id, zone_id, incident_id, placement, reason, share)
	SELECT $36, z.zone_id, i.id, z.placement, z.reason, z.share
	FROM i, unnest($37::text[], $38::text[], $39::text[], $40::float8[]) AS z (zone_id, placement, reason, share)
	WHERE $36 <> ''
)
SELECT id FROM r`

// putOne stores a batch of one event report whose event is not stored yet
// (no report with its source and key) with insertOne, and reports whether
// it did; a duplicate it counts, and anything else (a revision, a
// withdrawal) it leaves to the staged path.
func putOne(ctx context.Context, tx pgx.Tx, agreementID string, r *truce.Report, now time.Time, res *truce.BatchResult) (bool, error) {
	if r.Withdraws {
		return false, nil
	}
	var stored, same bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM reports WHERE source = $1 AND source_key = $2),
		EXISTS (SELECT 1 FROM reports WHERE source = $1 AND source_key = $2 AND hash = $3)`,
		r.Source, r.SourceKey, r.Hash).Scan(&stored, &same); err != nil {
		return false, fmt.Errorf("look up stored report: %w", err)
	}
	switch {
	case same:
		r.ID = 0
		res.Duplicates++
		return true, nil
	case stored:
		return false, nil
	}
	row := stagingRow(0, r, now)[1:] // without ord: $1 … $35
	zones := r.Incident.Zones
	ids, placements, reasons, shares := make([]string, len(zones)), make([]string, len(zones)), make([]string, len(zones)), make([]float64, len(zones))
	for k, z := range zones {
		ids[k], placements[k], reasons[k], shares[k] = z.ZoneID, string(z.Placement), z.Reason, z.Share
	}
	if agreementID == "" {
		ids, placements, reasons, shares = nil, nil, nil, nil
	}
	args := append(row, agreementID, ids, placements, reasons, shares)
	if err := tx.QueryRow(ctx, insertOne, args...).Scan(&r.ID); err != nil {
		return false, fmt.Errorf("%s:%d: store report: %w", r.Origin, r.Line, err)
	}
	res.Stored++
	return true, nil
}
