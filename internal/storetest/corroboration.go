package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
)

// CorroborationStore is a store that keeps corroboration groups.
type CorroborationStore interface {
	Store
	truce.CorroborationService
}

// RunCorroboration checks storing corroboration groups, the MinSources
// filter and analysts' overrides.
func RunCorroboration(t *testing.T, s CorroborationStore) {
	ctx := context.Background()
	if _, err := s.PutAgreement(ctx, TestAgreement()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LastCorroboration(ctx); truce.ErrorCode(err) != truce.ENOTFOUND {
		t.Fatalf("LastCorroboration before any run: %v, want ENOTFOUND", err)
	}
	a := NewReport("a", "2017-05-10", 36.5, 33.5, "a")
	a.Source, a.Origin = "ucdp", "ged.csv"
	b := NewReport("b", "2017-05-10", 36.501, 33.5, "b")
	b.Source, b.Origin = "monitor", "token-7"
	c := NewReport("c", "2017-05-11", 36.9, 33.9, "c")
	w := NewReport("w", "2017-05-11", 36.9, 33.9, "w")
	if _, err := s.PutReports(ctx, "test", placed(a, b, c, w)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutReports(ctx, "test", []*truce.Report{withdrawal("w", "2018-01-01")}); err != nil {
		t.Fatal(err)
	}

	// The standing incidents come as reports, with their report's origin.
	byKey := map[string]*truce.Report{}
	if err := s.CorroborationReports(ctx, func(r *truce.Report) error { byKey[r.Source+":"+r.SourceKey] = r; return nil }); err != nil {
		t.Fatal(err)
	}
	if len(byKey) != 3 || byKey["test:w"] != nil {
		t.Fatalf("CorroborationReports = %v, want ucdp:a, monitor:b, test:c", byKey)
	}
	ra, rb := byKey["ucdp:a"], byKey["monitor:b"]
	if ra == nil || rb == nil || ra.Origin != "ged.csv" || rb.Origin != "token-7" || rb.Incident.ID == 0 || rb.Hash == "" ||
		rb.Incident.SideA != "Government of Syria" {
		t.Fatalf("CorroborationReports: ucdp:a = %+v, monitor:b = %+v", ra, rb)
	}
	idA, idB, idC := ra.Incident.ID, rb.Incident.ID, byKey["test:c"].Incident.ID

	g := truce.CorroborationGroup{
		IndependentSources: 2, Sources: []string{"ucdp:a", "monitor token-7"}, Datasets: []string{"monitor", "ucdp"},
		Conflicts: []string{"attribution disputed: X vs Y"}, Confidence: "low",
		Members: []truce.CorroborationMember{
			{IncidentID: idB, Reason: "earliest report of the incident"},
			{IncidentID: idA, Reason: "0.1 km (within 5 km) and same day as monitor:b"},
		},
	}
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := s.ReplaceCorroboration(ctx, truce.CorroborationRun{Options: `{"km":5}`, Incidents: 3, RanAt: at}, []truce.CorroborationGroup{g}); err != nil {
		t.Fatal(err)
	}
	run, err := s.LastCorroboration(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := (truce.CorroborationRun{Options: `{"km":5}`, Incidents: 3, Groups: 1, RanAt: at}); *run != want {
		t.Fatalf("LastCorroboration = %+v, want %+v", *run, want)
	}
	for _, id := range []int64{idA, idB} {
		got, err := s.CorroborationOf(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		want := g
		want.ID = min(idA, idB)
		want.Members = []truce.CorroborationMember{
			{IncidentID: idB, Source: "monitor", SourceKey: "b", Reason: g.Members[0].Reason},
			{IncidentID: idA, Source: "ucdp", SourceKey: "a", Reason: g.Members[1].Reason},
		}
		if !reflect.DeepEqual(*got, want) {
			t.Fatalf("CorroborationOf(%d) =\n%+v\nwant\n%+v", id, *got, want)
		}
	}
	if _, err := s.CorroborationOf(ctx, idC); truce.ErrorCode(err) != truce.ENOTFOUND {
		t.Fatalf("CorroborationOf(alone) = %v, want ENOTFOUND", err)
	}

	keys := func(f truce.IncidentFilter) []string {
		var out []string
		for _, inc := range collect(t, s, f) {
			out = append(out, inc.Source+":"+inc.SourceKey)
		}
		return out
	}
	for _, tc := range []struct {
		min  int
		want []string
	}{{0, []string{"monitor:b", "ucdp:a", "test:c"}}, {1, []string{"monitor:b", "ucdp:a", "test:c"}}, {2, []string{"monitor:b", "ucdp:a"}}, {3, nil}} {
		got := keys(truce.IncidentFilter{MinSources: tc.min})
		if len(got) == 3 && got[0] != "monitor:b" { // same date: ID order
			got[0], got[1] = got[1], got[0]
		}
		if tc.min == 2 && len(got) == 2 && got[0] == "ucdp:a" {
			got[0], got[1] = got[1], got[0]
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("MinSources %d = %v, want %v", tc.min, got, tc.want)
		}
	}
	if got := keys(truce.IncidentFilter{MinSources: 2, Source: "ucdp"}); !reflect.DeepEqual(got, []string{"ucdp:a"}) {
		t.Errorf("MinSources 2 and source ucdp = %v", got)
	}

	// A new run replaces the groups.
	if err := s.ReplaceCorroboration(ctx, truce.CorroborationRun{Options: "{}", Incidents: 3}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CorroborationOf(ctx, idA); truce.ErrorCode(err) != truce.ENOTFOUND {
		t.Fatalf("after an empty run, CorroborationOf = %v, want ENOTFOUND", err)
	}
	if got := keys(truce.IncidentFilter{MinSources: 2}); got != nil {
		t.Fatalf("after an empty run, MinSources 2 = %v", got)
	}

	// Overrides: the latest decision about a pair wins, in either order.
	if err := s.PutCorroborationOverrides(ctx, []truce.CorroborationOverride{
		{Kind: truce.OverrideSplit, A: "ucdp:a", B: "monitor:b", At: at},
		{Kind: truce.OverrideMerge, A: "test:c", B: "ucdp:a", At: at},
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.PutCorroborationOverrides(ctx, []truce.CorroborationOverride{{Kind: truce.OverrideMerge, A: "monitor:b", B: "ucdp:a", At: at.Add(time.Hour)}}); err != nil {
		t.Fatal(err)
	}
	os, err := s.CorroborationOverrides(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []truce.CorroborationOverride{
		{Kind: truce.OverrideMerge, A: "test:c", B: "ucdp:a", At: at},
		{Kind: truce.OverrideMerge, A: "monitor:b", B: "ucdp:a", At: at.Add(time.Hour)},
	}
	if !reflect.DeepEqual(os, want) {
		t.Fatalf("CorroborationOverrides =\n%+v\nwant\n%+v", os, want)
	}
	if err := s.PutCorroborationOverrides(ctx, []truce.CorroborationOverride{{Kind: "maybe", A: "x:1", B: "x:2"}}); truce.ErrorCode(err) != truce.EINVALID {
		t.Fatalf("unknown kind: %v, want EINVALID", err)
	}
	if err := s.PutCorroborationOverrides(ctx, []truce.CorroborationOverride{{Kind: truce.OverrideSplit, A: "x:1", B: "x:1"}}); truce.ErrorCode(err) != truce.EINVALID {
		t.Fatalf("self pair: %v, want EINVALID", err)
	}
}
