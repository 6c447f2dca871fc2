package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
)

// RunPaging runs the bounding-box and cursor contract on s: BBox keeps the
// incidents whose point lies in the box, edges included, and paging with
// After and Limit walks every incident once, in (DateStart, ID) order, with
// the other filters applied.
func RunPaging(t *testing.T, s Store) {
	ctx := context.Background()
	if _, err := s.PutAgreement(ctx, TestAgreement()); err != nil {
		t.Fatal(err)
	}
	// Dates out of insertion order, several incidents a day, so the cursor
	// must order by date and break ties by ID.
	dates := []string{"2017-05-12", "2017-05-10", "2017-05-12", "2017-05-11", "2017-05-10", "2017-05-13", "2017-05-11", "2017-05-10"}
	// Deaths with ties, so the death orders must break them by date and ID.
	deaths := []int{3, 0, 3, 1, 7, 0, 3, 1}
	var rs []*truce.Report
	for i, d := range dates {
		lon := 36.1 + 0.1*float64(i)
		r := NewReport(fmt.Sprint("p", i), d, lon, 33.5, fmt.Sprint("p", i))
		r.Incident.Fatalities = truce.Fatalities{Low: deaths[i], Best: deaths[i], High: deaths[i]}
		rs = append(rs, r)
	}
	rs = append(rs, NewReport("edge", "2017-05-11", 37, 34, "edge")) // on the box's corner
	rs = append(rs, NewReport("far", "2017-05-11", 40, 35, "far"))   // outside the box
	nopoint := NewReport("nopoint", "2017-05-11", 0, 0, "nopoint")   // no coordinates
	nopoint.Incident.Location = truce.Location{Precision: truce.PrecCountry, Country: "Syria"}
	rs = append(rs, nopoint)
	if _, err := s.PutReports(ctx, "test", placed(rs...)); err != nil {
		t.Fatal(err)
	}

	all := collect(t, s, truce.IncidentFilter{AgreementID: "test"})
	if len(all) != len(rs) {
		t.Fatalf("%d incidents, want %d", len(all), len(rs))
	}
	box := &[4]float64{36, 33, 37, 34}
	inBox := collect(t, s, truce.IncidentFilter{AgreementID: "test", BBox: box})
	if len(inBox) != len(dates)+1 {
		t.Fatalf("BBox: %d incidents, want %d (the edge counts, no point and far do not)", len(inBox), len(dates)+1)
	}
	for _, inc := range inBox {
		if inc.SourceKey == "far" || inc.SourceKey == "nopoint" {
			t.Errorf("BBox returned %s", inc.SourceKey)
		}
	}
	if got := collect(t, s, truce.IncidentFilter{BBox: &[4]float64{10, 10, 11, 11}}); len(got) != 0 {
		t.Errorf("empty box: %d incidents", len(got))
	}

	// Each order is total: its keys, then the ID.
	before := map[truce.IncidentOrder]func(a, b *truce.Incident) bool{
		truce.OrderOldest: func(a, b *truce.Incident) bool {
			return a.DateStart.Before(b.DateStart) || a.DateStart.Equal(b.DateStart) && a.ID < b.ID
		},
		truce.OrderNewest: func(a, b *truce.Incident) bool {
			return a.DateStart.After(b.DateStart) || a.DateStart.Equal(b.DateStart) && a.ID > b.ID
		},
		truce.OrderMostDeaths: func(a, b *truce.Incident) bool {
			x, y := a.Fatalities.Best, b.Fatalities.Best
			return x > y || x == y && (a.DateStart.After(b.DateStart) || a.DateStart.Equal(b.DateStart) && a.ID > b.ID)
		},
		truce.OrderFewestDeaths: func(a, b *truce.Incident) bool {
			x, y := a.Fatalities.Best, b.Fatalities.Best
			return x < y || x == y && (a.DateStart.Before(b.DateStart) || a.DateStart.Equal(b.DateStart) && a.ID < b.ID)
		},
	}
	for o, less := range before {
		got := collect(t, s, truce.IncidentFilter{AgreementID: "test", Order: o})
		if len(got) != len(all) {
			t.Fatalf("order %q: %d incidents, want %d", o, len(got), len(all))
		}
		for i := 1; i < len(got); i++ {
			if !less(got[i-1], got[i]) {
				t.Fatalf("order %q: incident %d (%s, %d deaths) before %d (%s, %d deaths)", o, got[i-1].ID, got[i-1].DateStart.Format(time.DateOnly),
					got[i-1].Fatalities.Best, got[i].ID, got[i].DateStart.Format(time.DateOnly), got[i].Fatalities.Best)
			}
		}
	}
	if err := s.Incidents(ctx, truce.IncidentFilter{Order: "sideways"}, func(*truce.Incident) error { return nil }); truce.ErrorCode(err) != truce.EINVALID {
		t.Errorf("an unknown order: %v, want EINVALID", err)
	}

	for _, f := range []truce.IncidentFilter{
		{AgreementID: "test"},
		{AgreementID: "test", BBox: box},
		{AgreementID: "test", From: day("2017-05-11")},
		{AgreementID: "test", Zone: "square"},
		{AgreementID: "test", Order: truce.OrderNewest},
		{AgreementID: "test", Order: truce.OrderMostDeaths},
		{AgreementID: "test", Order: truce.OrderFewestDeaths, From: day("2017-05-11")},
		{AgreementID: "test", Order: truce.OrderMostDeaths, Zone: "square"},
	} {
		want := collect(t, s, f)
		for _, size := range []int{1, 2, 3, 100} {
			var got []*truce.Incident
			g := f
			g.Limit = size
			for pages := 0; ; pages++ {
				if pages > len(want)+1 {
					t.Fatalf("filter %+v, page size %d: paging does not end", f, size)
				}
				page := collect(t, s, g)
				got = append(got, page...)
				if len(page) < size {
					break
				}
				g.After = page[len(page)-1].ID
			}
			if len(got) != len(want) {
				t.Fatalf("filter %+v, page size %d: %d incidents, want %d", f, size, len(got), len(want))
			}
			for i := range got {
				if got[i].ID != want[i].ID {
					t.Fatalf("filter %+v, page size %d: incident %d is %d, want %d", f, size, i, got[i].ID, want[i].ID)
				}
			}
		}
	}
	for i := 1; i < len(all); i++ {
		a, b := all[i-1], all[i]
		if a.DateStart.After(b.DateStart) || (a.DateStart.Equal(b.DateStart) && a.ID > b.ID) {
			t.Fatalf("incidents not in (date, id) order: %d %s before %d %s", a.ID, a.DateStart, b.ID, b.DateStart)
		}
	}
	if got := collect(t, s, truce.IncidentFilter{After: all[len(all)-1].ID}); len(got) != 0 {
		t.Errorf("after the last incident: %d incidents", len(got))
	}
}
