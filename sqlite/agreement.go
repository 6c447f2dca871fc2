package sqlite

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/paulmach/orb/geojson"
	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/storesql"
)

// LockAgreement does nothing: the write transaction holds the file.
func (dialect) LockAgreement(context.Context, storesql.Conn, string) error { return nil }

// PutZones stores a's zones with their geometries as GeoJSON text.
func (dialect) PutZones(ctx context.Context, tx storesql.Conn, a *truce.Agreement) error {
	for _, z := range a.Zones {
		g, err := json.Marshal(geojson.NewGeometry(z.Geometry))
		if err != nil {
			return fmt.Errorf("encode zone %s: %w", z.ID, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO zones (agreement_id, zone_id, name, geometry, buffer_km, effective_from, effective_to) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			a.ID, z.ID, z.Name, string(g), z.BufferKm, formatDate(z.EffectiveFrom), formatDate(z.EffectiveTo)); err != nil {
			if isUnique(err, "zones.") {
				return truce.Errorf(truce.EINVALID, "agreement %s: two zones share an id", a.ID)
			}
			return fmt.Errorf("store zone %s: %w", z.ID, err)
		}
	}
	return nil
}
