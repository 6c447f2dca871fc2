package postgres

import (
	"context"
	"fmt"
	"strconv"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/storesql"
)

// mapWhere is the shared FROM and WHERE of the map's two queries, with its
// arguments numbered after the first skip.
func mapWhere(f truce.MapFilter, skip int) (string, []any) {
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(skip+len(args))
	}
	// && lets the GiST index narrow a zoomed-in view; the BETWEENs keep
	// points on the edges, as the embedded store does.
	b := f.BBox
	q := ` FROM incidents i JOIN judgements j ON j.incident_id = i.id
		WHERE j.agreement_id = ` + arg(f.AgreementID) + ` AND j.agreement_version = ` + arg(f.Version) + `
		AND i.has_point AND i.withdrawn_at IS NULL
		AND i.geom && ST_MakeEnvelope(` + arg(b[0]) + `::float8, ` + arg(b[1]) + `::float8, ` + arg(b[2]) + `::float8, ` + arg(b[3]) + `::float8, 4326)
		AND i.lon BETWEEN $` + strconv.Itoa(skip+3) + `::float8 AND $` + strconv.Itoa(skip+5) + `::float8
		AND i.lat BETWEEN $` + strconv.Itoa(skip+4) + `::float8 AND $` + strconv.Itoa(skip+6) + `::float8`
	if !f.From.IsZero() {
		q += ` AND i.date_start >= ` + arg(f.From.Format(truce.DateLayout)) + `::date`
	}
	if !f.To.IsZero() {
		q += ` AND i.date_start <= ` + arg(f.To.Format(truce.DateLayout)) + `::date`
	}
	if len(f.Verdicts) > 0 {
		vs := make([]string, len(f.Verdicts))
		for i, v := range f.Verdicts {
			vs[i] = string(v)
		}
		q += ` AND j.verdict = ANY(` + arg(vs) + `::text[])`
	}
	return q, args
}

// MapPoints calls fn with each incident f selects.
func (db *DB) MapPoints(ctx context.Context, f truce.MapFilter, fn func(truce.MapPoint) error) error {
	where, args := mapWhere(f, 0)
	rows, err := db.pool.Query(ctx, `SELECT i.id, i.lon, i.lat, i.date_start, j.verdict, j.severity, i.deaths_best`+where, args...)
	if err != nil {
		return fmt.Errorf("postgres: map points: %w", err)
	}
	return storesql.MapPoints(rows, "postgres", fn)
}

// Density groups the incidents f selects on a grid of cell degrees.
func (db *DB) Density(ctx context.Context, f truce.MapFilter, cell float64) ([]truce.DensityCell, error) {
	if !(cell > 0) {
		return nil, truce.Errorf(truce.EINVALID, "density: cell size %v: want more than 0 degrees", cell)
	}
	where, args := mapWhere(f, 1)
	rows, err := db.pool.Query(ctx, `SELECT floor((i.lon + 180) / $1::float8)::int AS x, floor((i.lat + 90) / $1::float8)::int AS y,
		j.verdict, j.severity, count(*)::int, sum(i.deaths_best)::int, sum(i.lon), sum(i.lat)`+where+`
		GROUP BY 1, 2, 3, 4 ORDER BY 1, 2`, append([]any{cell}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("postgres: density: %w", err)
	}
	out, err := storesql.DensityCells(rows)
	if err != nil {
		return nil, fmt.Errorf("postgres: density: %w", err)
	}
	return out, nil
}

var _ truce.MapService = (*DB)(nil)
