package postgres_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/storetest"
	"github.com/truce-monitor/truce/postgres"
	"github.com/truce-monitor/truce/sim"
)

func putAll(tb testing.TB, db *postgres.DB, agreementID string, reports []*truce.Report) {
	tb.Helper()
	for j := 0; j < len(reports); j += 4000 {
		if _, err := db.PutReports(context.Background(), agreementID, reports[j:min(j+4000, len(reports))]); err != nil {
			tb.Fatal(err)
		}
	}
}

// TestPostGISAgreesWithGeo checks that the zones and points the store keeps
// in PostGIS mean what package geo placed: every exact point geo put Inside
// a zone is covered by that zone's geometry in PostGIS, and every exact point
// PostGIS covers was put Inside by geo, except points within edgeTolerance
// degrees of the zone's boundary, where floating point may differ.
func TestPostGISAgreesWithGeo(t *testing.T) {
	const edgeTolerance = 1e-9
	ctx := context.Background()
	u := FreshSchema(t)
	db := mustOpenURL(t, u)
	a, reports := storetest.SimReportsWith(t, func(c *sim.Config) { c.Days = 120 })
	if _, err := db.PutAgreement(ctx, a); err != nil {
		t.Fatal(err)
	}
	putAll(t, db, a.ID, reports)

	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	// One row per exact point and zone, saying what each side decided.
	rows, err := conn.Query(ctx, `SELECT i.source_key, z.zone_id, ST_X(i.geom), ST_Y(i.geom),
			ST_Covers(z.geom, i.geom) AS postgis, m.placement IS NOT DISTINCT FROM 'inside' AS geo,
			ST_Distance(ST_Boundary(z.geom), i.geom) AS edge
		FROM incidents i CROSS JOIN zones z
		LEFT JOIN memberships m ON m.incident_id = i.id AND m.agreement_id = z.agreement_id AND m.zone_id = z.zone_id
		WHERE z.agreement_id = $1 AND i.loc_prec = 1 AND i.geom IS NOT NULL`, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var pairs, inside, nearEdge int
	for rows.Next() {
		var key, zone string
		var lon, lat, edge float64
		var covered, placed bool
		if err := rows.Scan(&key, &zone, &lon, &lat, &covered, &placed, &edge); err != nil {
			t.Fatal(err)
		}
		pairs++
		if placed {
			inside++
		}
		if covered == placed {
			continue
		}
		if edge <= edgeTolerance {
			nearEdge++
			continue
		}
		t.Errorf("incident %s (%.6f, %.6f), zone %s: geo says inside=%v, PostGIS ST_Covers=%v, %.3g° from the edge",
			key, lon, lat, zone, placed, covered, edge)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d exact incident × zone pairs compared, %d inside, %d disagreements on an edge", pairs, inside, nearEdge)
	if inside < 100 || pairs-inside < 100 {
		t.Fatalf("%d pairs, %d inside: the simulation no longer tests both sides", pairs, inside)
	}
}
