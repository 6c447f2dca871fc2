package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/storesql"
)

// mapWhere is the shared FROM and WHERE of the map's two queries and its
// arguments. CROSS JOIN makes SQLite walk incidents by the date index and
// probe each one's judgement by its key, rather than walk every judgement
// of the version: the period is the selective part.
func mapWhere(f truce.MapFilter) (string, []any) {
	q := ` FROM incidents i CROSS JOIN judgements j
		WHERE j.agreement_id = ? AND j.agreement_version = ? AND j.incident_id = i.id
		AND i.has_point = 1 AND i.withdrawn_at = '' AND i.lon BETWEEN ? AND ? AND i.lat BETWEEN ? AND ?`
	args := []any{f.AgreementID, f.Version, f.BBox[0], f.BBox[2], f.BBox[1], f.BBox[3]}
	if !f.From.IsZero() {
		q += ` AND i.date_start >= ?`
		args = append(args, formatDate(f.From))
	}
	if !f.To.IsZero() {
		q += ` AND i.date_start <= ?`
		args = append(args, formatDate(f.To))
	}
	if len(f.Verdicts) > 0 {
		q += ` AND j.verdict IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(f.Verdicts)), ", ") + `)`
		for _, v := range f.Verdicts {
			args = append(args, string(v))
		}
	}
	return q, args
}

// MapPoints calls fn with each incident f selects.
func (db *DB) MapPoints(ctx context.Context, f truce.MapFilter, fn func(truce.MapPoint) error) error {
	where, args := mapWhere(f)
	rows, err := db.query(ctx, `SELECT i.id, i.lon, i.lat, i.date_start, j.verdict, j.severity, i.deaths_best`+where, args...)
	if err != nil {
		return fmt.Errorf("sqlite: map points: %w", err)
	}
	return storesql.MapPoints(sqlRows{rows}, "sqlite", fn)
}

// Density groups the incidents f selects on a grid of cell degrees.
func (db *DB) Density(ctx context.Context, f truce.MapFilter, cell float64) ([]truce.DensityCell, error) {
	if !(cell > 0) {
		return nil, truce.Errorf(truce.EINVALID, "density: cell size %v: want more than 0 degrees", cell)
	}
	where, args := mapWhere(f)
	// lon+180 and lat+90 are never negative, so CAST truncates as floor
	// does (truce.GridCell).
	rows, err := db.query(ctx, `SELECT CAST((i.lon + 180) / ? AS INTEGER) AS x, CAST((i.lat + 90) / ? AS INTEGER) AS y,
		j.verdict, j.severity, count(*), sum(i.deaths_best), sum(i.lon), sum(i.lat)`+where+`
		GROUP BY x, y, j.verdict, j.severity ORDER BY x, y`, append([]any{cell, cell}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: density: %w", err)
	}
	out, err := storesql.DensityCells(sqlRows{rows})
	if err != nil {
		return nil, fmt.Errorf("sqlite: density: %w", err)
	}
	return out, nil
}

var _ truce.MapService = (*DB)(nil)
