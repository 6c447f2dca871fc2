package postgres_test

import (
	"context"
	"net/url"
	"sync"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/pgtest"
	"github.com/truce-monitor/truce/internal/storetest"
	"github.com/truce-monitor/truce/postgres"
)

// FreshSchema and testURL are pgtest's, named here as the tests use them.
var (
	FreshSchema = pgtest.FreshSchema
	testURL     = pgtest.URL
)

// MustOpen opens a store in a fresh schema; it is closed when tb ends
// (before the schema is dropped).
func MustOpen(tb testing.TB) *postgres.DB {
	tb.Helper()
	return mustOpenURL(tb, FreshSchema(tb))
}

func mustOpenURL(tb testing.TB, u string) *postgres.DB {
	tb.Helper()
	db, err := postgres.Open(context.Background(), u)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func TestContract(t *testing.T) {
	storetest.RunAll(t, func(t *testing.T) *postgres.DB { return MustOpen(t) }, openTwice)
}

func TestReopen(t *testing.T) {
	ctx := context.Background()
	u := FreshSchema(t)
	db, err := postgres.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.PutAgreement(ctx, storetest.TestAgreement()); err != nil {
		t.Fatal(err)
	}
	db.Close()
	// Migrations already applied must not run again, and data must survive.
	db = mustOpenURL(t, u)
	if a, err := db.ActiveAgreement(ctx); err != nil || a.ID != "test" {
		t.Fatalf("after reopen: %v, %v", a, err)
	}
}

// TestConcurrentOpen starts several stores on one empty schema at once: the
// migration lock must let exactly one of them create the schema.
func TestConcurrentOpen(t *testing.T) {
	u := FreshSchema(t)
	const n = 6
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			db, err := postgres.Open(context.Background(), u)
			if err == nil {
				db.Close()
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	base := testURL(t)
	for _, tt := range []struct {
		name, url, code string
	}{
		{"Empty", "", truce.EINVALID},
		{"Malformed", "postgres://user@host:notaport/db", truce.EINVALID},
		{"NoDatabase", withPath(t, base, "/truce_no_such_database"), truce.EINTERNAL},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db, err := postgres.Open(context.Background(), tt.url)
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded")
			}
			if got := truce.ErrorCode(err); got != tt.code {
				t.Fatalf("Open: %v: code %s, want %s", err, got, tt.code)
			}
		})
	}
}

func withPath(t *testing.T, base, path string) string {
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = path
	return u.String()
}

// TestBatchSemantics checks the set-based import against the embedded
// store's row-by-row rules in batches that mix them: repeats, revisions of
// rows earlier in the same batch, and revisions of stored rows.
func TestBatchSemantics(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	if _, err := db.PutAgreement(ctx, storetest.TestAgreement()); err != nil {
		t.Fatal(err)
	}
	r := storetest.NewReport
	type want struct {
		res  truce.BatchResult
		date string // of incident "k" after the batch
		in   bool   // incident "k" is in the square
	}
	for _, tt := range []struct {
		name  string
		batch []*truce.Report
		want  want
	}{
		{"NewThenRevisedThenRepeated", []*truce.Report{
			r("k", "2017-05-10", 36.5, 33.5, "A"),
			r("k", "2017-05-11", 40, 35, "B"),
			r("k", "2017-05-10", 36.5, 33.5, "A"),
		}, want{truce.BatchResult{Stored: 1, Revised: 1, Duplicates: 1}, "2017-05-11", false}},
		{"RevisedTwice", []*truce.Report{
			r("k", "2017-05-12", 36.5, 33.5, "C"),
			r("k", "2017-05-11", 40, 35, "B"), // stored already
			r("k", "2017-05-13", 36.6, 33.6, "D"),
			r("other", "2017-05-01", 36.5, 33.5, "E"),
		}, want{truce.BatchResult{Stored: 1, Revised: 2, Duplicates: 1}, "2017-05-13", true}},
		{"AllDuplicates", []*truce.Report{
			r("k", "2017-05-10", 36.5, 33.5, "A"),
			r("other", "2017-05-01", 36.5, 33.5, "E"),
		}, want{truce.BatchResult{Duplicates: 2}, "2017-05-13", true}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, rep := range tt.batch {
				rep.Incident.Zones = placeSquare(rep.Incident.Location)
			}
			res, err := db.PutReports(ctx, "test", tt.batch)
			if err != nil {
				t.Fatal(err)
			}
			if res != tt.want.res {
				t.Fatalf("PutReports = %+v, want %+v", res, tt.want.res)
			}
			var k *truce.Incident
			err = db.Incidents(ctx, truce.IncidentFilter{AgreementID: "test"}, func(i *truce.Incident) error {
				if i.SourceKey == "k" {
					k = i
				}
				return nil
			})
			if err != nil || k == nil {
				t.Fatalf("incident k: %v, %v", k, err)
			}
			if got := k.DateStart.Format(truce.DateLayout); got != tt.want.date || (len(k.Zones) == 1) != tt.want.in {
				t.Fatalf("incident k = %s with zones %+v; want %s, in the square %v", got, k.Zones, tt.want.date, tt.want.in)
			}
		})
	}
	st, err := db.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Reports A, B, C, D, E; incidents k and other.
	if st.Reports != 5 || st.Incidents != 2 {
		t.Fatalf("Stats = %+v, want 5 reports and 2 incidents", st)
	}
}

func placeSquare(l truce.Location) []truce.Membership {
	if l.HasPoint && l.Lon >= 36 && l.Lon <= 37 && l.Lat >= 33 && l.Lat <= 34 {
		return []truce.Membership{{ZoneID: "square", Placement: truce.Inside, Reason: "inside the square"}}
	}
	return nil
}

// TestNoPoint stores an incident without coordinates: it has no geometry
// and reads back as it was.
func TestNoPoint(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	rep := storetest.NewReport("np", "2017-05-10", 0, 0, "np")
	rep.Incident.Location = truce.Location{Precision: truce.PrecCountry, Country: "Syria"}
	if _, err := db.PutReports(ctx, "", []*truce.Report{rep}); err != nil {
		t.Fatal(err)
	}
	var got []*truce.Incident
	if err := db.Incidents(ctx, truce.IncidentFilter{}, func(i *truce.Incident) error { got = append(got, i); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Location != rep.Incident.Location || got[0].Zones != nil {
		t.Fatalf("got %+v, want the location %+v and no zones", got, rep.Incident.Location)
	}
}

// openTwice opens two stores on one fresh schema, as two servers would.
func openTwice(t *testing.T) (*postgres.DB, *postgres.DB) {
	u := FreshSchema(t)
	return mustOpenURL(t, u), mustOpenURL(t, u)
}
