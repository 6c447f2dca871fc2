// Package storetest is the contract every Truce store must meet: one suite of
// tests run against each backend (the embedded SQLite store and PostgreSQL +
// PostGIS), so that no backend drifts from the others: reports, revisions and
// withdrawals, placement, judgements with their zone parts and the rollup
// (a full rebuild must equal a per-day one), claims, tokens, the log,
// submissions and evidence, alerts, corroboration, and Atomic.
package storetest

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/truce-monitor/truce"
)

// Store is what a backend implements.
type Store interface {
	truce.AgreementService
	truce.IncidentService
	truce.BoundaryService
}

// Run runs the contract suite; open returns a new, empty store for each test.
func Run(t *testing.T, open func(t *testing.T) Store) {
	t.Run("Agreement", func(t *testing.T) { testAgreement(t, open(t)) })
	t.Run("Import", func(t *testing.T) { testImport(t, open(t)) })
	t.Run("Filter", func(t *testing.T) { testFilter(t, open(t)) })
	t.Run("PlaceAll", func(t *testing.T) { testPlaceAll(t, open(t)) })
	t.Run("AdminUnits", func(t *testing.T) { testAdminUnits(t, open(t)) })
	t.Run("Withdraw", func(t *testing.T) { testWithdraw(t, open(t)) })
}

func day(s string) time.Time {
	t, err := truce.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestAgreement returns a small agreement with one square zone around
// 36–37°E, 33–34°N.
func TestAgreement() *truce.Agreement {
	sq := orb.MultiPolygon{{{{36, 33}, {37, 33}, {37, 34}, {36, 34}, {36, 33}}}}
	return &truce.Agreement{
		ID: "test", Title: "Test memorandum", Signed: day("2017-05-04"), Effective: day("2017-05-06"),
		Zones: []truce.Zone{{ID: "square", Name: "Square", Geometry: sq, BufferKm: 5}},
		Raw:   []byte("id: test\n"),
	}
}

// NewReport returns a report of one exact-point incident.
func NewReport(key, date string, lon, lat float64, raw string) *truce.Report {
	return &truce.Report{
		Source: "test", SourceKey: key, Origin: "test.csv", Line: 2, Raw: raw, Hash: "h-" + raw, IncidentDigest: "d-" + raw,
		Incident: truce.Incident{
			DateStart: day(date), DateEnd: day(date), DatePrecision: truce.DateExact,
			Location:  truce.Location{HasPoint: true, Lon: lon, Lat: lat, Precision: truce.PrecExact, Place: "P" + key},
			EventType: truce.ExplosionsRemoteViolence, SubEventType: "Air/drone strike",
			SideA: "Government of Syria", SideB: "Syrian insurgents", Fatalities: truce.Fatalities{Low: 1, Best: 2, High: 3, Unknown: 1},
		},
	}
}

// squarePlacer places exact points in TestAgreement's square zone; it
// stands in for package geo so the contract does not depend on it.
type squarePlacer struct{}

func (squarePlacer) Place(l truce.Location, dst []truce.Membership) []truce.Membership {
	if l.HasPoint && l.Lon >= 36 && l.Lon <= 37 && l.Lat >= 33 && l.Lat <= 34 {
		dst = append(dst, truce.Membership{ZoneID: "square", Placement: truce.Inside, Reason: "inside the square", Share: 1})
	}
	return dst
}

func placed(rs ...*truce.Report) []*truce.Report {
	for _, r := range rs {
		r.Incident.Zones = squarePlacer{}.Place(r.Incident.Location, nil)
	}
	return rs
}

func collect(t *testing.T, s Store, f truce.IncidentFilter) []*truce.Incident {
	t.Helper()
	var out []*truce.Incident
	if err := s.Incidents(context.Background(), f, func(i *truce.Incident) error { out = append(out, i); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

func testAgreement(t *testing.T, s Store) {
	ctx := context.Background()
	if _, err := s.ActiveAgreement(ctx); truce.ErrorCode(err) != truce.ENOTFOUND {
		t.Fatalf("ActiveAgreement on empty store: err = %v, want ENOTFOUND", err)
	}
	a := TestAgreement()
	v, err := s.PutAgreement(ctx, a)
	if err != nil || v != 1 {
		t.Fatalf("PutAgreement = %d, %v; want 1, nil", v, err)
	}
	// The same file again is not a new version.
	if v, err := s.PutAgreement(ctx, a); err != nil || v != 1 {
		t.Fatalf("PutAgreement again = %d, %v; want 1, nil", v, err)
	}
	b := TestAgreement()
	b.Raw = []byte("id: test\n# amended\n")
	b.Zones[0].BufferKm = 10
	if v, err := s.PutAgreement(ctx, b); err != nil || v != 2 {
		t.Fatalf("PutAgreement amended = %d, %v; want 2, nil", v, err)
	}
	got, err := s.ActiveAgreement(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.Zones[0].BufferKm != 10 || !reflect.DeepEqual(got.Zones[0].Geometry, a.Zones[0].Geometry) || !got.Effective.Equal(a.Effective) {
		t.Fatalf("ActiveAgreement = %+v, want the amended agreement", got)
	}
	other := TestAgreement()
	other.ID, other.Raw = "other", []byte("id: other\n")
	if _, err := s.PutAgreement(ctx, other); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.ActiveAgreement(ctx); got.ID != "test" {
		t.Fatalf("a second agreement must not replace the active one; active = %s", got.ID)
	}
	if err := s.SetActiveAgreement(ctx, "nope"); truce.ErrorCode(err) != truce.ENOTFOUND {
		t.Fatalf("SetActiveAgreement(nope) = %v, want ENOTFOUND", err)
	}
	if err := s.SetActiveAgreement(ctx, "other"); err != nil {
		t.Fatal(err)
	}
	list, err := s.Agreements(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != "other" || !list[0].Active || list[1].Version != 2 || list[1].Zones != 1 {
		t.Fatalf("Agreements = %+v", list)
	}
}

func testImport(t *testing.T, s Store) {
	ctx := context.Background()
	if _, err := s.PutAgreement(ctx, TestAgreement()); err != nil {
		t.Fatal(err)
	}
	batch := placed(
		NewReport("1", "2017-05-10", 36.5, 33.5, "row1"),
		NewReport("2", "2017-05-11", 38.5, 35.5, "row2"),
		NewReport("1", "2017-05-10", 36.5, 33.5, "row1"), // the same row twice in one file
	)
	res, err := s.PutReports(ctx, "test", batch)
	if err != nil {
		t.Fatal(err)
	}
	if want := (truce.BatchResult{Stored: 2, Duplicates: 1}); res != want {
		t.Fatalf("first import = %+v, want %+v", res, want)
	}
	// The store numbers what it stores, and the log entry names those
	// numbers: ReportRange reads back exactly them.
	if batch[0].ID == 0 || batch[1].ID <= batch[0].ID || batch[2].ID != 0 {
		t.Fatalf("report IDs after the first import: %d, %d, %d; want two rising IDs and 0 for the duplicate", batch[0].ID, batch[1].ID, batch[2].ID)
	}
	high, err := s.ReportsHighWater(ctx)
	if err != nil || high != batch[1].ID {
		t.Fatalf("ReportsHighWater = %d, %v; want %d", high, err, batch[1].ID)
	}
	var ranged []string
	if err := s.ReportRange(ctx, batch[0].ID-1, high, func(r *truce.Report) error {
		ranged = append(ranged, fmt.Sprintf("%d %s %s %s", r.ID, r.SourceKey, r.Raw, r.IncidentDigest))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	wantRange := []string{fmt.Sprintf("%d 1 row1 %s", batch[0].ID, batch[0].IncidentDigest), fmt.Sprintf("%d 2 row2 %s", batch[1].ID, batch[1].IncidentDigest)}
	if !reflect.DeepEqual(ranged, wantRange) {
		t.Fatalf("ReportRange = %q, want %q", ranged, wantRange)
	}
	// Re-importing the same file stores nothing new.
	res, err = s.PutReports(ctx, "test", placed(NewReport("1", "2017-05-10", 36.5, 33.5, "row1"), NewReport("2", "2017-05-11", 38.5, 35.5, "row2")))
	if err != nil {
		t.Fatal(err)
	}
	if want := (truce.BatchResult{Duplicates: 2}); res != want {
		t.Fatalf("re-import = %+v, want %+v", res, want)
	}
	// A revised row moves incident 2 into the zone.
	res, err = s.PutReports(ctx, "test", placed(NewReport("2", "2017-05-12", 36.6, 33.6, "row2 revised")))
	if err != nil {
		t.Fatal(err)
	}
	if want := (truce.BatchResult{Revised: 1}); res != want {
		t.Fatalf("revision = %+v, want %+v", res, want)
	}
	all := collect(t, s, truce.IncidentFilter{AgreementID: "test"})
	if len(all) != 2 {
		t.Fatalf("got %d incidents, want 2", len(all))
	}
	rev := all[1]
	if rev.SourceKey != "2" || !rev.DateStart.Equal(day("2017-05-12")) || len(rev.Zones) != 1 || rev.Zones[0].ZoneID != "square" {
		t.Fatalf("revised incident = %+v", rev)
	}
	first := all[0]
	want := NewReport("1", "2017-05-10", 36.5, 33.5, "row1").Incident
	want.ID, want.ReportID, want.Source, want.SourceKey = first.ID, first.ReportID, "test", "1"
	want.Zones = []truce.Membership{{ZoneID: "square", Placement: truce.Inside, Reason: "inside the square", Share: 1}}
	if !reflect.DeepEqual(*first, want) {
		t.Fatalf("incident round trip:\n got %+v\nwant %+v", *first, want)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Reports != 3 || st.Incidents != 2 || st.BySource["test"] != 2 {
		t.Fatalf("Stats = %+v: want 3 reports (one superseded) and 2 incidents", st)
	}
	counts, err := s.ZoneCounts(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	if want := []truce.ZoneCount{{ZoneID: "square", Placement: truce.Inside, Incidents: 2, Fatalities: 4}}; !reflect.DeepEqual(counts, want) {
		t.Fatalf("ZoneCounts = %+v, want %+v", counts, want)
	}
}

func testFilter(t *testing.T, s Store) {
	ctx := context.Background()
	if _, err := s.PutAgreement(ctx, TestAgreement()); err != nil {
		t.Fatal(err)
	}
	rs := placed(
		NewReport("a", "2017-05-01", 36.5, 33.5, "a"),
		NewReport("b", "2017-05-07", 36.5, 33.5, "b"),
		NewReport("c", "2017-06-30", 36.5, 33.5, "c"),
		NewReport("d", "2017-06-01", 40, 35, "d"),
	)
	rs[1].Incident.EventType, rs[1].Incident.SubEventType = truce.Battles, "Armed clash"
	if _, err := s.PutReports(ctx, "test", rs); err != nil {
		t.Fatal(err)
	}
	keys := func(f truce.IncidentFilter) []string {
		var out []string
		for _, i := range collect(t, s, f) {
			out = append(out, i.SourceKey)
		}
		return out
	}
	for _, tt := range []struct {
		name string
		f    truce.IncidentFilter
		want []string
	}{
		{"All", truce.IncidentFilter{}, []string{"a", "b", "d", "c"}},
		{"Zone", truce.IncidentFilter{AgreementID: "test", Zone: "square"}, []string{"a", "b", "c"}},
		{"ZoneUncertainOnly", truce.IncidentFilter{AgreementID: "test", Zone: "square", Placements: []truce.Placement{truce.Uncertain}}, nil},
		{"Dates", truce.IncidentFilter{From: day("2017-05-06"), To: day("2017-06-30")}, []string{"b", "d", "c"}},
		{"EventType", truce.IncidentFilter{EventType: truce.Battles}, []string{"b"}},
		{"SubEventType", truce.IncidentFilter{AgreementID: "test", Zone: "square", SubEventType: "Air/drone strike"}, []string{"a", "c"}},
		{"Source", truce.IncidentFilter{Source: "other"}, nil},
		{"Limit", truce.IncidentFilter{Limit: 2}, []string{"a", "b"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := keys(tt.f); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func testPlaceAll(t *testing.T, s Store) {
	ctx := context.Background()
	if _, err := s.PutAgreement(ctx, TestAgreement()); err != nil {
		t.Fatal(err)
	}
	// Stored before any placement: no memberships.
	if _, err := s.PutReports(ctx, "", []*truce.Report{NewReport("1", "2017-05-10", 36.5, 33.5, "1"), NewReport("2", "2017-05-10", 39, 33.5, "2")}); err != nil {
		t.Fatal(err)
	}
	if n := len(collect(t, s, truce.IncidentFilter{AgreementID: "test", Zone: "square"})); n != 0 {
		t.Fatalf("%d incidents in the zone before placement, want 0", n)
	}
	for range 2 { // placing twice replaces, never duplicates
		n, err := s.PlaceAll(ctx, "test", squarePlacer{})
		if err != nil || n != 1 {
			t.Fatalf("PlaceAll = %d, %v; want 1, nil", n, err)
		}
	}
	got := collect(t, s, truce.IncidentFilter{AgreementID: "test", Zone: "square"})
	if len(got) != 1 || got[0].SourceKey != "1" || len(got[0].Zones) != 1 {
		t.Fatalf("after PlaceAll: %+v", got)
	}
}

func testAdminUnits(t *testing.T, s Store) {
	ctx := context.Background()
	if units, err := s.AdminUnits(ctx); err != nil || len(units) != 0 {
		t.Fatalf("AdminUnits on empty store = %v, %v", units, err)
	}
	gov := truce.AdminUnit{Level: 1, Code: "SY03", Name: "Rural Damascus", Geometry: orb.MultiPolygon{{{{36, 33}, {37, 33}, {37, 34}, {36, 33}}}}}
	dist := truce.AdminUnit{Level: 2, Code: "SY0302", Name: "Duma", NameAr: "دوما", Parent: "SY03", Geometry: orb.MultiPolygon{{{{36.2, 33.4}, {36.6, 33.4}, {36.6, 33.7}, {36.2, 33.4}}}}}
	if err := s.PutAdminUnits(ctx, "a.geojson", []truce.AdminUnit{dist, gov}); err != nil {
		t.Fatal(err)
	}
	got, err := s.AdminUnits(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := []truce.AdminUnit{gov, dist}; !reflect.DeepEqual(got, want) {
		t.Fatalf("AdminUnits = %+v, want %+v", got, want)
	}
	// Loading districts again replaces the districts and keeps governorates.
	dist2 := dist
	dist2.Code, dist2.Name = "SY0303", "Al Qutayfah"
	if err := s.PutAdminUnits(ctx, "b.geojson", []truce.AdminUnit{dist2}); err != nil {
		t.Fatal(err)
	}
	got, _ = s.AdminUnits(ctx)
	if len(got) != 2 || got[0].Code != "SY03" || got[1].Code != "SY0303" {
		t.Fatalf("after replacing districts: %+v", got)
	}
	// A duplicate code fails whole, keeping what was stored.
	if err := s.PutAdminUnits(ctx, "c.geojson", []truce.AdminUnit{dist, dist}); err == nil {
		t.Fatal("duplicate codes accepted")
	}
	if got, _ := s.AdminUnits(ctx); len(got) != 2 || got[1].Code != "SY0303" {
		t.Fatalf("a failed load changed the store: %+v", got)
	}
}

// withdrawal returns a report withdrawing event key, as ACLED's deletion
// lists do.
func withdrawal(key, at string) *truce.Report {
	return &truce.Report{Source: "test", SourceKey: key, Origin: "deletions.csv", Line: 2, Raw: "del " + key + " " + at,
		Hash: "h-del " + key + " " + at, ReceivedAt: day(at), Withdraws: true}
}

func testWithdraw(t *testing.T, s Store) {
	ctx := context.Background()
	if _, err := s.PutAgreement(ctx, TestAgreement()); err != nil {
		t.Fatal(err)
	}
	// A withdrawal may precede the event in the same batch or arrive first:
	// "x" is withdrawn before it is ever seen, then reported.
	res, err := s.PutReports(ctx, "test", placed(
		NewReport("1", "2017-05-10", 36.5, 33.5, "r1"),
		NewReport("2", "2017-05-11", 36.6, 33.6, "r2"),
		withdrawal("1", "2017-06-01"),
		withdrawal("x", "2017-06-01"),
	))
	if err != nil {
		t.Fatal(err)
	}
	if want := (truce.BatchResult{Stored: 2, Withdrawn: 1}); res != want {
		t.Fatalf("batch = %+v, want %+v", res, want)
	}
	keys := func(f truce.IncidentFilter) (out []string) {
		for _, i := range collect(t, s, f) {
			out = append(out, i.SourceKey)
		}
		return out
	}
	if got := keys(truce.IncidentFilter{AgreementID: "test", Zone: "square"}); !reflect.DeepEqual(got, []string{"2"}) {
		t.Fatalf("standing incidents in the zone = %v, want [2]", got)
	}
	all := collect(t, s, truce.IncidentFilter{WithWithdrawn: true})
	if len(all) != 2 || !all[0].Withdrawn.Equal(day("2017-06-01")) || !all[1].Withdrawn.IsZero() {
		t.Fatalf("with withdrawn: %+v", all)
	}
	counts, _ := s.ZoneCounts(ctx, "test")
	if len(counts) != 1 || counts[0].Incidents != 1 {
		t.Fatalf("ZoneCounts = %+v: a withdrawn incident must not count", counts)
	}
	st, _ := s.Stats(ctx)
	if st.Incidents != 1 || st.Withdrawn != 1 || st.Reports != 4 {
		t.Fatalf("Stats = %+v", st)
	}
	// The same deletion list again changes nothing.
	if res, _ := s.PutReports(ctx, "test", []*truce.Report{withdrawal("1", "2017-06-01")}); res != (truce.BatchResult{Duplicates: 1}) {
		t.Fatalf("repeated withdrawal = %+v", res)
	}
	// A revised row brings a withdrawn event back; the first report of "x"
	// makes its incident.
	res, err = s.PutReports(ctx, "test", placed(NewReport("1", "2017-05-10", 36.5, 33.5, "r1 revised"), NewReport("x", "2017-05-12", 36.7, 33.7, "rx")))
	if err != nil {
		t.Fatal(err)
	}
	if want := (truce.BatchResult{Stored: 1, Revised: 1}); res != want {
		t.Fatalf("after withdrawal = %+v, want %+v", res, want)
	}
	if got := keys(truce.IncidentFilter{AgreementID: "test", Zone: "square"}); !reflect.DeepEqual(got, []string{"1", "2", "x"}) {
		t.Fatalf("standing incidents = %v, want [1 2 x]", got)
	}
}

// JudgeStore is a store that also keeps judgements.
type JudgeStore interface {
	Store
	truce.JudgementService
}

// squareJudger calls an incident inside the square zone a violation with
// the probability that it lies there (its membership's share), and marks
// one naming HTS as outside the agreement's dyads. With split, it gives
// a fifth of each such incident's chance to a neighbouring zone, "annex",
// as an imprecise location that may lie in either would.
type squareJudger struct {
	severity string
	split    bool
}

func (j squareJudger) Judge(inc *truce.Incident) truce.Judgement {
	jd := truce.Judgement{IncidentID: inc.ID, Verdict: truce.NotViolation, Excluded: inc.SideB == "HTS",
		Trace: []truce.Step{{Rule: "zone", Outcome: "fail", Detail: "outside every zone"}}}
	for _, m := range inc.Zones {
		if m.ZoneID == "square" && m.Placement == truce.Inside {
			jd.ZoneID, jd.Severity, jd.AllegedParty = "square", j.severity, "government"
			jd.P = truce.Range{Low: 0.9 * m.Share, Mid: m.Share, High: m.Share}
			jd.Verdict = truce.TierRules{}.Tier(jd.P)
			jd.Trace = []truce.Step{{Rule: "zone", Outcome: "pass", Detail: m.Reason, P: &jd.P}}
			if j.split {
				jd.Parts = []truce.ZonePart{
					{ZoneID: "square", Placement: m.Placement, P: truce.Range{Low: jd.P.Low * 0.8, Mid: jd.P.Mid * 0.8, High: jd.P.High * 0.8}},
					{ZoneID: "annex", Placement: truce.Uncertain, P: truce.Range{Low: jd.P.Low * 0.2, Mid: jd.P.Mid * 0.2, High: jd.P.High * 0.2}},
				}
			}
		}
	}
	return jd
}

// RunJudgements runs the judgement contract on s.
func RunJudgements(t *testing.T, s JudgeStore) {
	ctx := context.Background()
	if _, err := s.PutAgreement(ctx, TestAgreement()); err != nil {
		t.Fatal(err)
	}
	rs := placed(
		NewReport("1", "2017-05-10", 36.5, 33.5, "1"),
		NewReport("2", "2017-05-10", 36.6, 33.6, "2"),
		NewReport("3", "2017-05-11", 36.7, 33.7, "3"),
		NewReport("4", "2017-05-11", 39, 35, "4"),
		withdrawal("3", "2017-06-01"),
	)
	rs[1].Incident.EventType, rs[1].Incident.SubEventType, rs[1].Incident.SideB = truce.Battles, "Armed clash", "HTS"
	rs[1].Incident.Zones[0].Share = 0.75
	if _, err := s.PutReports(ctx, "test", rs); err != nil {
		t.Fatal(err)
	}
	if stale, err := s.PlacementStale(ctx, "test"); err != nil || stale {
		t.Fatalf("PlacementStale after placing = %v, %v", stale, err)
	}
	var points []string
	if err := s.ExactPoints(ctx, func(lon, lat float64, d time.Time, kind string) error {
		points = append(points, fmt.Sprintf("%g %g %s %s", lon, lat, d.Format(truce.DateLayout), kind))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	sort.Strings(points)
	// Three standing incidents (the third is withdrawn) and the one outside,
	// each with the kind of its pair of sides.
	if want := []string{"36.5 33.5 2017-05-10 government of syria|syrian insurgents", "36.6 33.6 2017-05-10 government of syria|hts",
		"39 35 2017-05-11 government of syria|syrian insurgents"}; !reflect.DeepEqual(points, want) {
		t.Fatalf("ExactPoints = %q, want %q", points, want)
	}
	if _, err := s.ZoneDays(ctx, truce.ZoneDayFilter{AgreementID: "test"}); truce.ErrorCode(err) != truce.ENOTFOUND {
		t.Fatalf("ZoneDays before judging: %v, want ENOTFOUND", err)
	}
	for range 2 { // idempotent
		st, err := s.JudgeAll(ctx, "test", 1, squareJudger{severity: truce.SeverityMinor})
		if err != nil {
			t.Fatal(err)
		}
		if st.Judged != 3 || st.ByVerdict[truce.Violation] != 1 || st.ByVerdict[truce.ProbableViolation] != 1 || st.ByVerdict[truce.NotViolation] != 1 {
			t.Fatalf("JudgeAll = %+v: want 3 standing incidents judged, a violation and a probable one", st)
		}
	}
	if _, err := s.JudgeAll(ctx, "test", 2, squareJudger{severity: truce.SeverityGrave}); err != nil {
		t.Fatal(err)
	}
	first := collect(t, s, truce.IncidentFilter{AgreementID: "test", Zone: "square"})[0]
	hist, err := s.JudgementHistory(ctx, first.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 2 || hist[0].AgreementVersion != 2 || hist[0].Severity != truce.SeverityGrave || hist[1].Severity != truce.SeverityMinor ||
		hist[0].Verdict != truce.Violation || hist[0].P != (truce.Range{Low: 0.9, Mid: 1, High: 1}) || hist[0].AllegedParty != "government" ||
		len(hist[0].Trace) != 1 || hist[0].Trace[0].Detail != "inside the square" || hist[0].Trace[0].P == nil || *hist[0].Trace[0].P != hist[0].P {
		t.Fatalf("JudgementHistory = %+v", hist)
	}
	// Judgements: a page's verdicts in one call, per version, unknown ids
	// left out.
	for _, v := range []struct {
		version  int
		severity string
	}{{2, truce.SeverityGrave}, {1, truce.SeverityMinor}} {
		js, err := s.Judgements(ctx, "test", v.version, []int64{first.ID, 999999})
		if err != nil {
			t.Fatal(err)
		}
		jd, ok := js[first.ID]
		if len(js) != 1 || !ok || jd.Verdict != truce.Violation || jd.P.Low != 0.9 || jd.Severity != v.severity || jd.ZoneID != "square" ||
			jd.AllegedParty != "government" || jd.AgreementVersion != v.version || jd.JudgedAt.IsZero() || jd.Excluded {
			t.Fatalf("Judgements(version %d) = %+v", v.version, js)
		}
	}
	days, err := s.ZoneDays(ctx, truce.ZoneDayFilter{AgreementID: "test"})
	if err != nil {
		t.Fatal(err)
	}
	want := []truce.ZoneDay{
		{AgreementID: "test", AgreementVersion: 2, ZoneID: "square", Day: day("2017-05-10"), Placement: truce.Inside, EventType: truce.Battles, SubEventType: "Armed clash",
			Verdict: truce.ProbableViolation, Severity: truce.SeverityGrave, Excluded: true, Incidents: 1, Deaths: 2, P: truce.Range{Low: 0.675, Mid: 0.75, High: 0.75}},
		{AgreementID: "test", AgreementVersion: 2, ZoneID: "square", Day: day("2017-05-10"), Placement: truce.Inside, EventType: truce.ExplosionsRemoteViolence, SubEventType: "Air/drone strike",
			Verdict: truce.Violation, Severity: truce.SeverityGrave, Incidents: 1, Deaths: 2, P: truce.Range{Low: 0.9, Mid: 1, High: 1}},
	}
	if !reflect.DeepEqual(days, want) {
		t.Fatalf("ZoneDays =\n%+v\nwant\n%+v", days, want)
	}
	if days, _ := s.ZoneDays(ctx, truce.ZoneDayFilter{AgreementID: "test", Version: 1, From: day("2017-05-11")}); len(days) != 0 {
		t.Fatalf("ZoneDays from 2017-05-11 = %+v, want none (incident 3 is withdrawn)", days)
	}
	inc, err := s.FindIncident(ctx, first.ID, "test")
	if err != nil || inc.SourceKey != first.SourceKey || len(inc.Zones) != 1 || inc.Zones[0].Share != 1 {
		t.Fatalf("FindIncident = %+v, %v", inc, err)
	}
	second := collect(t, s, truce.IncidentFilter{AgreementID: "test", Zone: "square"})[1]
	if len(second.Zones) != 1 || second.Zones[0].Share != 0.75 {
		t.Fatalf("the second incident's membership lost its share: %+v", second.Zones)
	}
	if _, err := s.FindIncident(ctx, 999999, "test"); truce.ErrorCode(err) != truce.ENOTFOUND {
		t.Fatalf("FindIncident(999999) = %v, want ENOTFOUND", err)
	}
	if _, err := s.JudgementHistory(ctx, 999999, "test"); truce.ErrorCode(err) != truce.ENOTFOUND {
		t.Fatalf("JudgementHistory(999999) = %v, want ENOTFOUND", err)
	}
}

// RunClaims runs the claims contract on s: claims are stored with their
// checks, listed newest claim date first, found by ID, and refused with the
// field named when they cannot be checked.
func RunClaims(t *testing.T, s truce.ClaimService) {
	ctx := context.Background()
	if list, err := s.Claims(ctx); err != nil || len(list) != 0 {
		t.Fatalf("Claims on an empty store = %v, %v; want none", list, err)
	}
	checked := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	holding := &truce.Claim{Speaker: "Sergey Shoigu", Text: "The ceasefire is holding in all zones", Source: "SANA, 8 June 2017",
		Date: day("2017-06-08"), Scope: truce.ClaimScope{All: true}, Assertion: truce.AssertHolding,
		Notes: []string{"assertion: holding, from \"holding\""},
		Check: &truce.ClaimCheck{Verdict: truce.ClaimMixed, Reason: "supported in 1 of 2 zones", AgreementID: "test", AgreementVersion: 2,
			WindowFrom: day("2017-06-02"), WindowTo: day("2017-06-08"), CheckedAt: checked,
			PerZone: []truce.ZoneEvidence{
				{ZoneID: "square", Verdict: truce.ClaimSupported, Reason: "holding", Status: truce.Holding, StatusProbability: 0.97, StatusBest: truce.Holding, StatusWorst: truce.Strained, Probability: 0.96, Reports: 3},
				{ZoneID: "other", Verdict: truce.ClaimContradicted, Reason: "breached", Status: truce.Breached, StatusProbability: 0.9, StatusBest: truce.Breached, StatusWorst: truce.Collapsed, Expected: 6.5, ExpectedLow: 6, ExpectedHigh: 7,
					Violations: truce.WindowCounts{Violations: 6, Serious: 2, Grave: 1, Deaths: 9}, Incidents: []string{"test:1", "test:2"}},
			}}}
	decline := &truce.Claim{Speaker: "Sergey Lavrov", Text: "A significant decline in Idlib", Date: day("2017-06-26"),
		Scope: truce.ClaimScope{Zones: []string{"square"}}, Assertion: truce.AssertDecline,
		Check: &truce.ClaimCheck{Verdict: truce.ClaimSupported, AgreementID: "test", AgreementVersion: 2, CheckedAt: checked,
			PerZone: []truce.ZoneEvidence{{ZoneID: "square", Verdict: truce.ClaimSupported, Break: day("2017-05-06"), DaysBefore: 52, DaysAfter: 52,
				TotalBefore: 40, TotalAfter: 10, RateRatio: 0.25, IntervalLower: 0.1, IntervalUpper: 0.5, Trend: "significant decline"}}}}
	unchecked := &truce.Claim{Speaker: "A spokesman", Text: "Violated by the rebels", Date: day("2017-06-08"),
		Scope: truce.ClaimScope{All: true}, Assertion: truce.AssertAccusation, Accused: "rebels"}
	var ids []int64
	for _, c := range []*truce.Claim{holding, decline, unchecked} {
		id, err := s.PutClaim(ctx, c)
		if err != nil {
			t.Fatalf("PutClaim(%q): %v", c.Text, err)
		}
		if id <= 0 || slices.Contains(ids, id) {
			t.Fatalf("PutClaim(%q) = %d, want a new positive ID (have %v)", c.Text, id, ids)
		}
		ids = append(ids, id)
	}
	got, err := s.FindClaim(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	want := *holding
	want.ID = ids[0]
	if !reflect.DeepEqual(got, &want) {
		t.Fatalf("FindClaim =\n%+v\n%+v\nwant\n%+v\n%+v", got, got.Check, &want, want.Check)
	}
	if got, err := s.FindClaim(ctx, ids[2]); err != nil || got.Check != nil || got.Accused != "rebels" {
		t.Fatalf("FindClaim(unchecked) = %+v, %v; want no check and the accused kept", got, err)
	}
	list, err := s.Claims(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var order []int64
	for _, c := range list {
		order = append(order, c.ID)
	}
	// Newest claim date first; of two claims made the same day, the one
	// stored last first.
	if wantOrder := []int64{ids[1], ids[2], ids[0]}; !slices.Equal(order, wantOrder) {
		t.Fatalf("Claims order = %v, want %v", order, wantOrder)
	}
	if list[0].Check == nil || list[0].Check.PerZone[0].RateRatio != 0.25 || !list[0].Check.PerZone[0].Break.Equal(day("2017-05-06")) {
		t.Fatalf("Claims()[0] lost its check: %+v", list[0].Check)
	}
	if _, err := s.FindClaim(ctx, 999999); truce.ErrorCode(err) != truce.ENOTFOUND {
		t.Fatalf("FindClaim(999999) = %v, want ENOTFOUND", err)
	}
	for field, c := range map[string]*truce.Claim{
		"speaker":   {Text: "x", Date: day("2017-06-08"), Scope: truce.ClaimScope{All: true}, Assertion: truce.AssertHolding},
		"text":      {Speaker: "x", Date: day("2017-06-08"), Scope: truce.ClaimScope{All: true}, Assertion: truce.AssertHolding},
		"date":      {Speaker: "x", Text: "x", Scope: truce.ClaimScope{All: true}, Assertion: truce.AssertHolding},
		"assertion": {Speaker: "x", Text: "x", Date: day("2017-06-08"), Scope: truce.ClaimScope{All: true}, Assertion: "smiles"},
		"accused":   {Speaker: "x", Text: "x", Date: day("2017-06-08"), Scope: truce.ClaimScope{All: true}, Assertion: truce.AssertAccusation},
		"scope":     {Speaker: "x", Text: "x", Date: day("2017-06-08"), Assertion: truce.AssertHolding},
	} {
		_, err := s.PutClaim(ctx, c)
		if truce.ErrorCode(err) != truce.EINVALID || !strings.Contains(truce.ErrorMessage(err), field) {
			t.Errorf("PutClaim without a valid %s = %v, want EINVALID naming it", field, err)
		}
	}
	if list, _ := s.Claims(ctx); len(list) != 3 {
		t.Fatalf("invalid claims were stored: %d claims", len(list))
	}
}
