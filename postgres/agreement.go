package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/storesql"
)

// LockAgreement makes two loads of one agreement take turns.
func (dialect) LockAgreement(ctx context.Context, tx storesql.Conn, id string) error {
	_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(?, hashtext('agreement:' || current_schema() || ':' || ?))`, lockClass, id)
	return err
}

// PutZones stores a's zones as PostGIS multipolygons, all in one statement.
func (dialect) PutZones(ctx context.Context, tx storesql.Conn, a *truce.Agreement) error {
	var (
		ids, names []string
		geoms      [][]byte
		buffers    []float64
		from, to   []*time.Time
	)
	for _, z := range a.Zones {
		g, err := encodeGeometry(z.Geometry)
		if err != nil {
			return fmt.Errorf("encode zone %s: %w", z.ID, err)
		}
		ids, names, geoms, buffers = append(ids, z.ID), append(names, z.Name), append(geoms, g), append(buffers, z.BufferKm)
		from, to = append(from, datePtr(z.EffectiveFrom)), append(to, datePtr(z.EffectiveTo))
	}
	if _, err := tx.Exec(ctx, `INSERT INTO zones (agreement_id, zone_id, name, geom, buffer_km, effective_from, effective_to)
		SELECT ?, z.id, z.name, ST_Multi(ST_GeomFromWKB(z.geom, 4326)), z.buffer_km, z.effective_from, z.effective_to
		FROM unnest(?::text[], ?::text[], ?::bytea[], ?::float8[], ?::date[], ?::date[])
			AS z (id, name, geom, buffer_km, effective_from, effective_to)`,
		a.ID, ids, names, geoms, buffers, from, to); err != nil {
		if isUniqueViolation(err) {
			return truce.Errorf(truce.EINVALID, "agreement %s: two zones share an id", a.ID)
		}
		return fmt.Errorf("store zones of %s: %w", a.ID, err)
	}
	return nil
}

// datePtr returns t as a nullable date parameter.
func datePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// wrap prefixes err with the package and what failed (storesql.Wrap).
func wrap(what string, err error) error { return storesql.Wrap("postgres", what, err) }
