package postgres

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/pgtest"
	"github.com/truce-monitor/truce/internal/storetest"
)

// TestIncidentsPrune checks that a zone-and-period query reads only the
// partitions of the months asked for, as EXPLAIN ANALYZE shows them, and
// that an incident revised to another month moves to that month's.
func TestIncidentsPrune(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, pgtest.FreshSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a := storetest.TestAgreement()
	if _, err := db.PutAgreement(ctx, a); err != nil {
		t.Fatal(err)
	}
	var reports []*truce.Report
	for i, d := range []string{"2017-03-10", "2017-04-10", "2017-05-10", "2017-06-10", "2017-07-10", "2017-08-10"} {
		r := storetest.NewReport(string(rune('a'+i)), d, 36.5, 33.5, "row "+d)
		r.Incident.Zones = []truce.Membership{{ZoneID: "square", Placement: truce.Inside, Reason: "in", Share: 1}}
		reports = append(reports, r)
	}
	if res, err := db.PutReports(ctx, a.ID, reports); err != nil || res.Stored != len(reports) {
		t.Fatalf("store: %+v, %v", res, err)
	}

	from, _ := truce.ParseDate("2017-05-06")
	to, _ := truce.ParseDate("2017-06-30")
	for _, limit := range []int{0, 100} {
		f := truce.IncidentFilter{AgreementID: a.ID, Zone: "square", From: from, To: to, Limit: limit}
		read := partitionsRead(t, db, f)
		if want := []string{"incidents_2017_05", "incidents_2017_06"}; !slices.Equal(read, want) {
			t.Errorf("limit %d: the query read partitions %v, want %v", limit, read, want)
		}
		var got []string
		if err := db.Incidents(ctx, f, func(inc *truce.Incident) error {
			got = append(got, inc.SourceKey)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if want := []string{"c", "d"}; !slices.Equal(got, want) {
			t.Errorf("limit %d: incidents %v, want %v", limit, got, want)
		}
	}

	// Event "c" revised from May to September: it leaves May's partition.
	rev := storetest.NewReport("c", "2017-09-01", 36.5, 33.5, "row c revised")
	rev.Incident.Zones = reports[2].Incident.Zones
	if res, err := db.PutReports(ctx, a.ID, []*truce.Report{rev}); err != nil || res.Revised != 1 {
		t.Fatalf("revise: %+v, %v", res, err)
	}
	var may, sep, keyDay time.Time
	var inDefault int
	if err := db.pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM incidents_default),
		COALESCE((SELECT min(date_start) FROM incidents_2017_05), '0001-01-01'), (SELECT min(date_start) FROM incidents_2017_09),
		(SELECT date_start FROM incident_keys WHERE source_key = 'c')`).Scan(&inDefault, &may, &sep, &keyDay); err != nil {
		t.Fatal(err)
	}
	if inDefault != 0 || may.Year() != 1 || sep.Format(truce.DateLayout) != "2017-09-01" || keyDay != sep {
		t.Errorf("after the revision: %d in the default partition, May's first day %v, September's %v, the key's %v", inDefault, may, sep, keyDay)
	}
}

// partitionsRead returns the partitions of incidents that EXPLAIN ANALYZE
// shows f's query reading, sorted.
func partitionsRead(t *testing.T, db *DB, f truce.IncidentFilter) []string {
	t.Helper()
	q, args, err := incidentsQuery(f)
	if err != nil {
		t.Fatal(err)
	}
	var plan []byte
	if err := db.pool.QueryRow(context.Background(), "EXPLAIN (ANALYZE, COSTS OFF, FORMAT JSON) "+q, args...).Scan(&plan); err != nil {
		t.Fatal(err)
	}
	var tree any
	if err := json.Unmarshal(plan, &tree); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var walk func(any)
	walk = func(n any) {
		switch n := n.(type) {
		case map[string]any:
			if rel, ok := n["Relation Name"].(string); ok && len(rel) > len("incidents_") && rel[:len("incidents_")] == "incidents_" {
				seen[rel] = true
			}
			for _, v := range n {
				walk(v)
			}
		case []any:
			for _, v := range n {
				walk(v)
			}
		}
	}
	walk(tree)
	var out []string
	for rel := range seen {
		out = append(out, rel)
	}
	slices.Sort(out)
	return out
}
