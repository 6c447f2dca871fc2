package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
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
	var reports []*truce.Report
	for i, d := range []string{"2017-03-10", "2017-04-10", "2017-05-10", "2017-06-10", "2017-07-10", "2017-08-10"} {
		r := storetest.NewReport(string(rune('a'+i)), d, 36.5, 33.5, "row "+d)
		r.Incident.Zones = []truce.Membership{{ZoneID: "square", Placement: truce.Inside, Reason: "in", Share: 1}}
		reports = append(reports, r)
	}
	db, a := partitionedStore(t, reports)

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

	// By ID: only the month the incident lies in.
	var idC int64
	if err := db.pool.QueryRow(ctx, `SELECT id FROM incident_keys WHERE source_key = 'c'`).Scan(&idC); err != nil {
		t.Fatal(err)
	}
	may1, _ := truce.ParseDate("2017-05-01")
	if read := plannedPartitions(t, db, incidentsOfMonth, a.ID, []int64{idC}, may1, may1.AddDate(0, 1, 0)); !slices.Equal(read, []string{"incidents_2017_05"}) {
		t.Errorf("by ID: the query read partitions %v, want only May's", read)
	}
	if inc, err := db.FindIncident(ctx, idC, a.ID); err != nil || inc.SourceKey != "c" {
		t.Fatalf("find incident %d: %+v, %v", idC, inc, err)
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
	if inc, err := db.FindIncident(ctx, idC, a.ID); err != nil || inc.DateStart != sep {
		t.Fatalf("find incident %d after its revision: %+v, %v", idC, inc, err)
	}
}

// partitionedStore opens a fresh schema holding the test agreement and
// reports, closed when the test ends.
func partitionedStore(tb testing.TB, reports []*truce.Report) (*DB, *truce.Agreement) {
	tb.Helper()
	ctx := context.Background()
	db, err := Open(ctx, pgtest.FreshSchema(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	a := storetest.TestAgreement()
	if _, err := db.PutAgreement(ctx, a); err != nil {
		tb.Fatal(err)
	}
	if res, err := db.PutReports(ctx, a.ID, reports); err != nil || res.Stored != len(reports) {
		tb.Fatalf("store: %+v, %v", res, err)
	}
	return db, a
}

// partitionsRead returns the partitions of incidents that EXPLAIN ANALYZE
// shows f's query reading, sorted.
func partitionsRead(t *testing.T, db *DB, f truce.IncidentFilter) []string {
	t.Helper()
	q, args, err := incidentsQuery(f)
	if err != nil {
		t.Fatal(err)
	}
	return plannedPartitions(t, db, q, args...)
}

// plannedPartitions returns the partitions of incidents that EXPLAIN
// ANALYZE shows query q reading, sorted.
func plannedPartitions(t *testing.T, db *DB, q string, args ...any) []string {
	t.Helper()
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
			// A month pruned as the query ran is listed, never executed.
			if rel, ok := n["Relation Name"].(string); ok && len(rel) > len("incidents_") && rel[:len("incidents_")] == "incidents_" && n["Actual Loops"] != 0.0 {
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

// BenchmarkIncidentByID looks one incident up by ID in a store of 96
// monthly partitions, by ID alone (every month's primary key probed) and
// through incident_keys (the month found first), in one run:
// go test ./postgres -run '^$' -bench IncidentByID.
func BenchmarkIncidentByID(b *testing.B) {
	ctx := context.Background()
	var reports []*truce.Report
	first, _ := truce.ParseDate("2012-01-01")
	for m := range 96 {
		for k := range 20 {
			d := first.AddDate(0, m, k).Format(truce.DateLayout)
			reports = append(reports, storetest.NewReport(fmt.Sprintf("m%d-%d", m, k), d, 36.5, 33.5, "row "+d))
		}
	}
	db, a := partitionedStore(b, reports)
	if _, err := db.pool.Exec(ctx, `ANALYZE incident_keys, incidents`); err != nil {
		b.Fatal(err)
	}
	var id int64
	if err := db.pool.QueryRow(ctx, `SELECT id FROM incident_keys WHERE source_key = 'm50-3'`).Scan(&id); err != nil {
		b.Fatal(err)
	}
	b.Run("id-only", func(b *testing.B) {
		for b.Loop() {
			rows, err := db.pool.Query(ctx, incidentSelect+` WHERE i.id = ANY($2)`, a.ID, []int64{id})
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			for rows.Next() {
				n++
			}
			if rows.Close(); rows.Err() != nil || n != 1 {
				b.Fatalf("%d rows, %v", n, rows.Err())
			}
		}
	})
	b.Run("by-month", func(b *testing.B) {
		for b.Loop() {
			if inc, err := db.FindIncident(ctx, id, a.ID); err != nil || inc.ID != id {
				b.Fatal(err)
			}
		}
	})
}

// TestAnalyzeChangedMonths: adjudication refreshes the statistics of the
// months that changed, not of every month.
func TestAnalyzeChangedMonths(t *testing.T) {
	ctx := context.Background()
	var reports []*truce.Report
	for m := 1; m <= 12; m++ {
		for k := range 30 {
			d := fmt.Sprintf("2017-%02d-%02d", m, k%28+1)
			reports = append(reports, storetest.NewReport(fmt.Sprintf("m%d-%d", m, k), d, 36.5, 33.5, "row "+d))
		}
	}
	db, a := partitionedStore(t, reports)
	analysed := func() map[string]int64 {
		t.Helper()
		rows, err := db.pool.Query(ctx, `SELECT s.relname::text, s.analyze_count FROM pg_stat_user_tables s
			JOIN pg_inherits h ON h.inhrelid = s.relid WHERE h.inhparent = 'incidents'::regclass`)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]int64{}
		for rows.Next() {
			var name string
			var n int64
			if err := rows.Scan(&name, &n); err != nil {
				t.Fatal(err)
			}
			out[name] = n
		}
		return out
	}
	// A backend reports its changes when it ends, or within seconds of
	// its transaction: end them, and wait for the table's.
	reported := func(table string) {
		t.Helper()
		db.pool.Reset()
		for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
			var mod int64
			if err := db.pool.QueryRow(ctx, `SELECT n_mod_since_analyze FROM pg_stat_user_tables WHERE relname = $1`, table).Scan(&mod); err != nil {
				t.Fatal(err)
			}
			if mod > 0 {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("the changes to %s were never reported", table)
			}
		}
	}
	reported("incidents_2017_12")
	judge := func() {
		t.Helper()
		if _, err := db.JudgeAll(ctx, a.ID, 1, quietJudger{}); err != nil {
			t.Fatal(err)
		}
	}
	judge()
	first := analysed()
	for m := 1; m <= 12; m++ {
		if name := fmt.Sprintf("incidents_2017_%02d", m); first[name] != 1 {
			t.Fatalf("after the first adjudication, %s was analysed %d times, want once (%v)", name, first[name], first)
		}
	}
	judge()
	if again := analysed(); !maps.Equal(again, first) {
		t.Fatalf("nothing changed, yet adjudicating again analysed %v (before: %v)", again, first)
	}
	rev := storetest.NewReport("m3-0", "2017-03-02", 36.5, 33.5, "row revised")
	if res, err := db.PutReports(ctx, a.ID, []*truce.Report{rev}); err != nil || res.Revised != 1 {
		t.Fatalf("revise: %+v, %v", res, err)
	}
	reported("incidents_2017_03")
	judge()
	after := analysed()
	for name, n := range after {
		want := first[name]
		if name == "incidents_2017_03" {
			want++
		}
		if n != want {
			t.Errorf("after a revision in March, %s was analysed %d times, want %d", name, n, want)
		}
	}
}

// quietJudger calls every incident no violation.
type quietJudger struct{}

func (quietJudger) Judge(inc *truce.Incident) truce.Judgement {
	return truce.Judgement{IncidentID: inc.ID, Verdict: truce.NotViolation, Trace: []truce.Step{{Rule: "quiet", Outcome: "fail"}}}
}

// TestChunkBoundaries: JudgeAll and PlaceAll read incidents in chunks by
// day and ID; incidents of one day split across chunks, and months, are
// each read once.
func TestChunkBoundaries(t *testing.T) {
	ctx := context.Background()
	var reports []*truce.Report
	days := []string{"2017-03-31", "2017-04-01", "2017-04-01", "2017-04-01", "2017-05-15"}
	for k := range 40 {
		d := days[k%len(days)]
		reports = append(reports, storetest.NewReport(fmt.Sprintf("c%d", k), d, 36.5, 33.5, "row "+d))
	}
	db, a := partitionedStore(t, reports)
	defer func(j, p int) { judgeChunk, placeChunk = j, p }(judgeChunk, placeChunk)
	judgeChunk, placeChunk = 7, 6
	st, err := db.JudgeAll(ctx, a.ID, 1, quietJudger{})
	if err != nil {
		t.Fatal(err)
	}
	var judged, distinct int
	if err := db.pool.QueryRow(ctx, `SELECT count(*), count(DISTINCT incident_id) FROM judgements`).Scan(&judged, &distinct); err != nil {
		t.Fatal(err)
	}
	if st.Judged != 40 || judged != 40 || distinct != 40 {
		t.Fatalf("judged %d (stats %d, %d distinct), want each of 40 once", judged, st.Judged, distinct)
	}
	placed, err := db.PlaceAll(ctx, a.ID, squarePlacer{})
	if err != nil {
		t.Fatal(err)
	}
	var members int
	if err := db.pool.QueryRow(ctx, `SELECT count(DISTINCT incident_id) FROM memberships`).Scan(&members); err != nil {
		t.Fatal(err)
	}
	if placed != 40 || members != 40 {
		t.Fatalf("placed %d, %d incidents with memberships, want 40", placed, members)
	}
}

// squarePlacer puts every incident inside the test agreement's square.
type squarePlacer struct{}

func (squarePlacer) Place(_ truce.Location, ms []truce.Membership) []truce.Membership {
	return append(ms, truce.Membership{ZoneID: "square", Placement: truce.Inside, Reason: "in", Share: 1})
}
