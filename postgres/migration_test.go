package postgres_test

import (
	"context"
	"os"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/storesql"
	"github.com/truce-monitor/truce/internal/storetest"
)

// TestPartitionMigration converts a store made before incidents were
// partitioned by month (migration 00014): its incidents keep their IDs,
// contents, memberships and judgements, and imports number after them.
func TestPartitionMigration(t *testing.T) {
	ctx := context.Background()
	u := FreshSchema(t)
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	all, err := storesql.Migrations(os.DirFS("."), "migration")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for _, m := range all {
		if m.Version >= 14 {
			break
		}
		if _, err := conn.Exec(ctx, m.Body, pgx.QueryExecModeSimpleProtocol); err != nil {
			t.Fatalf("%s: %v", m.Name, err)
		}
		if _, err := conn.Exec(ctx, `INSERT INTO schema_migrations VALUES ($1, $2, now())`, m.Version, m.Name); err != nil {
			t.Fatal(err)
		}
	}
	// Two incidents in two months, as the store before wrote them, one in
	// a zone and judged.
	if _, err := conn.Exec(ctx, `
		INSERT INTO reports (source, source_key, hash, release, origin, line, raw, received_at) VALUES
			('test', 'a', 'h-a', '', 'test.csv', 2, 'row a', now()), ('test', 'b', 'h-b', '', 'test.csv', 3, 'row b', now());
		INSERT INTO incidents (source, source_key, report_id, date_start, date_end, date_prec, has_point, lon, lat, geom, loc_prec,
			country, admin1, admin2, place, event_type, sub_event_type, type_reason, violence_type, side_a, side_b, assoc_a, assoc_b,
			deaths_low, deaths_best, deaths_high, deaths_civ, sources, num_sources, source_text)
		SELECT r.source, r.source_key, r.id, d, d, 1, true, 36.5, 33.5, ST_SetSRID(ST_MakePoint(36.5, 33.5), 4326), 1,
			'Syria', '', '', 'P' || r.source_key, 'Battles', 'Armed clash', '', 1, 'A', 'B', '', '', 1, 2, 3, 0, '', 1, ''
		FROM reports r JOIN (VALUES ('a', date '2017-05-10'), ('b', date '2017-06-10')) v (k, d) ON v.k = r.source_key ORDER BY r.id;
		INSERT INTO memberships (agreement_id, zone_id, incident_id, placement, reason, share)
			SELECT 'test', 'square', id, 'inside', 'in', 1 FROM incidents WHERE source_key = 'a';
		INSERT INTO traces (hash, body) VALUES ('\x00', '[]');
		INSERT INTO judgements (agreement_id, agreement_version, incident_id, zone_id, verdict, severity, alleged_party, trace_id, judged_at, day)
			SELECT 'test', 1, id, 'square', 'violation', 'high', 'A', (SELECT id FROM traces), now(), date_start FROM incidents WHERE source_key = 'a'`,
		pgx.QueryExecModeSimpleProtocol); err != nil {
		t.Fatal(err)
	}

	db := mustOpenURL(t, u)
	if _, err := db.PutAgreement(ctx, storetest.TestAgreement()); err != nil {
		t.Fatal(err)
	}
	var got []string
	if err := db.Incidents(ctx, truce.IncidentFilter{AgreementID: "test", WithWithdrawn: true}, func(inc *truce.Incident) error {
		got = append(got, inc.SourceKey+" "+inc.DateStart.Format(truce.DateLayout)+" "+inc.Location.Place)
		if inc.SourceKey == "a" && (inc.ID != 1 || len(inc.Zones) != 1) {
			t.Errorf("incident a: id %d, zones %v", inc.ID, inc.Zones)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if want := []string{"a 2017-05-10 Pa", "b 2017-06-10 Pb"}; !slices.Equal(got, want) {
		t.Errorf("incidents after the migration: %v, want %v", got, want)
	}
	var parts []string
	rows, err := conn.Query(ctx, `SELECT c.relname FROM pg_inherits JOIN pg_class c ON c.oid = inhrelid WHERE inhparent = 'incidents'::regclass ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	if parts, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
		t.Fatal(err)
	}
	if want := []string{"incidents_2017_05", "incidents_2017_06", "incidents_default"}; !slices.Equal(parts, want) {
		t.Errorf("partitions %v, want %v", parts, want)
	}
	var judged int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM judgements`).Scan(&judged); err != nil || judged != 1 {
		t.Errorf("judgements after the migration: %d, %v", judged, err)
	}

	// New reports and incidents are numbered after the old ones.
	r := storetest.NewReport("c", "2017-07-01", 36.5, 33.5, "row c")
	if _, err := db.PutReports(ctx, "test", []*truce.Report{r}); err != nil {
		t.Fatal(err)
	}
	var incID int64
	if err := conn.QueryRow(ctx, `SELECT id FROM incidents WHERE source_key = 'c'`).Scan(&incID); err != nil {
		t.Fatal(err)
	}
	if r.ID != 3 || incID != 3 {
		t.Errorf("new report %d and incident %d, want 3 and 3", r.ID, incID)
	}
}
