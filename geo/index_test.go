package geo

import (
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"github.com/truce-monitor/truce"
)

// testZones are the hand-made zones of the placement tests: Z, a 1°×1° square
// around 36.5E 33.5N with a 5 km buffer, and Z2, a small square east of it,
// inside the fake governorate "East".
func testZones() []truce.Zone {
	return []truce.Zone{
		{ID: "z", Name: "Square", Geometry: orb.MultiPolygon{{square(36, 33, 37, 34)}}, BufferKm: 5},
		{ID: "z2", Name: "East Box", Geometry: orb.MultiPolygon{{square(38, 33.2, 38.5, 33.6)}}},
	}
}

func mustAdmin(tb testing.TB) *AdminAreas {
	tb.Helper()
	a, err := LoadAdminAreas("testdata/admin1.geojson", "testdata/admin2.geojson")
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

func mustIndex(tb testing.TB, zones []truce.Zone, opts Options) *Index {
	tb.Helper()
	ix, err := NewIndex(zones, opts)
	if err != nil {
		tb.Fatal(err)
	}
	return ix
}

// kmEast is the longitude of the point d km east of 37E at 33.5N, the
// latitude of the placement tests.
func kmEast(d float64) float64 { return 37 + d/(kmPerDeg*math.Cos(33.5*math.Pi/180)) }

func TestPlace(t *testing.T) {
	withAdmin := mustIndex(t, testZones(), Options{Admin: mustAdmin(t)})
	noAdmin := mustIndex(t, testZones(), Options{})
	at := func(lon, lat float64, prec truce.LocPrecision) truce.Location {
		return truce.Location{HasPoint: true, Lon: lon, Lat: lat, Precision: prec}
	}
	type m struct {
		zone, placement, reason string // reason: a substring
	}
	tests := []struct {
		name string
		ix   *Index
		loc  truce.Location
		want []m
	}{
		{"exact/inside", withAdmin, at(36.5, 33.5, 1), []m{{"z", "inside", "exact point (precision 1) inside zone Square"}}},
		{"exact/on edge", withAdmin, at(37, 33.5, 1), []m{{"z", "inside", "exact point"}}},
		{"exact/in buffer", withAdmin, at(kmEast(4), 33.5, 1), []m{{"z", "buffer", "within its 5 km security buffer"}}},
		{"exact/just beyond buffer", withAdmin, at(kmEast(5.1), 33.5, 1), nil},
		{"exact/far", withAdmin, at(40, 36, 1), nil},
		{"exact/in zone without buffer", withAdmin, at(38.2, 33.4, 1), []m{{"z2", "inside", "inside zone East Box"}}},

		{"near/deep inside", withAdmin, at(36.5, 33.5, 2), []m{{"z", "inside", "whole circle lies inside zone Square"}}},
		{"near/inside near edge", withAdmin, at(kmEast(-10), 33.5, 2), []m{{"z", "uncertain", "partly overlaps zone Square"}}},
		{"near/outside within 25 km", withAdmin, at(kmEast(20), 33.5, 2), []m{{"z", "uncertain", "within 25 km (precision 2)"}}},
		{"near/circle reaches only the buffer", withAdmin, at(kmEast(28), 33.5, 2), []m{{"z", "buffer", "misses zone Square but reaches its 5 km security buffer"}}},
		{"near/too far", withAdmin, at(kmEast(31), 33.5, 2), nil},

		{"adm2/district inside zone", withAdmin, at(36.4, 33.4, 3), []m{{"z", "inside", "district Inner (TT0101, precision 3), which lies wholly inside zone Square"}}},
		{"adm2/district on zone edge", withAdmin, at(36.1, 33.8, 3), []m{{"z", "inside", "district Edge"}}},
		{"adm2/district straddling zone", withAdmin, at(37.1, 33.4, 3), []m{{"z", "uncertain", "district Straddle (TT0102, precision 3), which partly overlaps zone Square"}}},
		{"adm2/district disjoint", withAdmin, at(37.7, 33.4, 3), nil},
		{"adm2/no district, circle overlaps", withAdmin, at(kmEast(-50)-0.3, 33.1, 3), []m{{"z", "uncertain", "lies in no known district"}}},
		{"adm2/no district, far", withAdmin, at(40, 36, 3), nil},
		{"adm2/no admin, circle inside", noAdmin, at(36.5, 33.5, 3), []m{{"z", "inside", "no district boundaries are loaded, so taken as a 30 km circle; the whole circle lies inside"}}},
		{"adm2/no admin, circle overlaps", noAdmin, at(kmEast(20), 33.5, 3), []m{{"z", "uncertain", "30 km circle; the circle partly overlaps"}}},
		{"adm2/no admin, circle in buffer", noAdmin, at(kmEast(33), 33.5, 3), []m{{"z", "buffer", "30 km circle; the circle misses"}}},

		{"adm1/governorate equal to zone", withAdmin, at(36.5, 33.5, 4), []m{{"z", "inside", "governorate Equal (TT01, precision 4), which lies wholly inside zone Square"}}},
		{"adm1/governorate around small zone", withAdmin, at(38.9, 33.9, 4), []m{{"z2", "uncertain", "governorate East (TT02, precision 4), which partly overlaps zone East Box"}}},
		{"adm1/governorate touching zone only", withAdmin, at(36.5, 32.5, 4), nil},
		{"adm1/no admin, 80 km circle", noAdmin, at(36.5, 33.5, 4), []m{{"z", "uncertain", "80 km circle; the circle partly overlaps zone Square"}}},

		{"fuzzy/inside", withAdmin, at(36.5, 33.5, 5), []m{{"z", "uncertain", "fuzzy location (precision 5); its point lies inside zone Square"}}},
		{"fuzzy/within 50 km", withAdmin, at(kmEast(45), 33.5, 5), []m{{"z", "uncertain", "within 50 km of zone Square"}, {"z2", "uncertain", "within 50 km of zone East Box"}}},
		{"fuzzy/far", withAdmin, at(40, 36, 5), nil},
		{"unknown/inside", withAdmin, at(36.5, 33.5, 0), []m{{"z", "uncertain", "location precision unknown, so taken as fuzzy"}}},
		{"unknown/out-of-scale precision", withAdmin, at(36.5, 33.5, 42), []m{{"z", "uncertain", "precision unknown"}}},

		{"country", withAdmin, at(40, 36, 6), []m{{"z", "uncertain", "located only to the country (precision 6)"}, {"z2", "uncertain", "country"}}},
		{"country/no point", withAdmin, truce.Location{Precision: truce.PrecCountry}, []m{{"z", "uncertain", "no coordinates, located only to the country"}, {"z2", "uncertain", "country"}}},
		{"sea or air", withAdmin, at(36.5, 33.5, 7), nil},
		{"no point", withAdmin, truce.Location{Lon: 36.5, Lat: 33.5, Precision: 1}, nil},
		{"NaN", withAdmin, at(math.NaN(), 33.5, 1), nil},
		{"NaN, precision 2", withAdmin, at(36.5, math.NaN(), 2), nil},
		{"Inf", withAdmin, at(math.Inf(1), 33.5, 5), nil},
		{"latitude out of range", withAdmin, at(36.5, 133.5, 1), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.ix.Place(tt.loc, nil)
			if len(got) != len(tt.want) {
				t.Fatalf("Place = %+v, want %d memberships %+v", got, len(tt.want), tt.want)
			}
			for i, w := range tt.want {
				g := got[i]
				if g.ZoneID != w.zone || string(g.Placement) != w.placement || !strings.Contains(g.Reason, w.reason) {
					t.Errorf("membership %d = %+v, want zone %s, %s, reason containing %q", i, g, w.zone, w.placement, w.reason)
				}
			}
		})
	}
}

func TestPlaceAppends(t *testing.T) {
	ix := mustIndex(t, testZones(), Options{})
	dst := []truce.Membership{{ZoneID: "earlier"}}
	dst = ix.Place(truce.Location{HasPoint: true, Lon: 36.5, Lat: 33.5, Precision: 1}, dst)
	if len(dst) != 2 || dst[0].ZoneID != "earlier" || dst[1].ZoneID != "z" {
		t.Errorf("Place did not append: %+v", dst)
	}
}

func TestPlaceAllocs(t *testing.T) {
	ix := mustIndex(t, testZones(), Options{Admin: mustAdmin(t)})
	dst := make([]truce.Membership, 0, 8)
	locs := []truce.Location{
		{HasPoint: true, Lon: 36.5, Lat: 33.5, Precision: 1},
		{HasPoint: true, Lon: kmEast(4), Lat: 33.5, Precision: 1},
		{HasPoint: true, Lon: 40, Lat: 36, Precision: 1},
		{HasPoint: true, Lon: kmEast(20), Lat: 33.5, Precision: 2},
		{HasPoint: true, Lon: 37.1, Lat: 33.4, Precision: 3},
		{HasPoint: true, Lon: 36.5, Lat: 33.5, Precision: 4},
		{HasPoint: true, Lon: 36.5, Lat: 33.5, Precision: 5},
		{HasPoint: true, Lon: 36.5, Lat: 33.5, Precision: 6},
		{Precision: 6},
	}
	for _, loc := range locs {
		if n := testing.AllocsPerRun(100, func() { dst = ix.Place(loc, dst[:0]) }); n != 0 {
			t.Errorf("Place(%+v) allocates %v times per call", loc, n)
		}
	}
}

func TestPlaceConcurrent(t *testing.T) {
	ix := mustIndex(t, testZones(), Options{Admin: mustAdmin(t)})
	want := ix.Place(truce.Location{HasPoint: true, Lon: 36.95, Lat: 33.5, Precision: 2}, nil)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var dst []truce.Membership
			for i := 0; i < 2000; i++ {
				for prec := truce.LocPrecision(0); prec <= 7; prec++ {
					dst = ix.Place(truce.Location{HasPoint: true, Lon: 35.5 + float64(i%300)/100, Lat: 33.5, Precision: prec}, dst[:0])
				}
				dst = ix.Place(truce.Location{HasPoint: true, Lon: 36.95, Lat: 33.5, Precision: 2}, dst[:0])
				if len(dst) != len(want) || dst[0] != want[0] {
					t.Errorf("concurrent Place = %+v, want %+v", dst, want)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// TestPlaceManyZones covers points near more zones than the candidate buffer
// holds, which fall back to scanning every zone.
func TestPlaceManyZones(t *testing.T) {
	var zones []truce.Zone
	for i := 0; i < 100; i++ {
		zones = append(zones, truce.Zone{ID: string(rune('A'+i%26)) + string(rune('a'+i/26)),
			Geometry: orb.MultiPolygon{{square(36+float64(i)*0.001, 33, 36.2+float64(i)*0.001, 33.2)}}})
	}
	ix := mustIndex(t, zones, Options{})
	got := ix.Place(truce.Location{HasPoint: true, Lon: 36.15, Lat: 33.1, Precision: 1}, nil)
	if len(got) != 100 {
		t.Fatalf("got %d memberships, want 100", len(got))
	}
	for i, m := range got {
		if m.ZoneID != zones[i].ID {
			t.Fatalf("membership %d is zone %s, want %s (zone order)", i, m.ZoneID, zones[i].ID)
		}
	}
}

func TestNewIndexErrors(t *testing.T) {
	sq := orb.MultiPolygon{{square(36, 33, 37, 34)}}
	tests := []struct {
		name  string
		zones []truce.Zone
		want  string
	}{
		{"empty id", []truce.Zone{{Name: "Nameless", Geometry: sq}}, `zone 0 ("Nameless"): empty id`},
		{"duplicate id", []truce.Zone{{ID: "a", Geometry: sq}, {ID: "a", Geometry: sq}}, `zone "a": id used twice`},
		{"no geometry", []truce.Zone{{ID: "a"}}, `zone "a": geometry: empty geometry`},
		{"no rings", []truce.Zone{{ID: "a", Geometry: orb.MultiPolygon{{}}}}, `zone "a": geometry: polygon 0 has no rings`},
		{"unclosed ring", []truce.Zone{{ID: "b", Geometry: orb.MultiPolygon{{{{36, 33}, {37, 33}, {37, 34}, {36, 34}}}}}}, `zone "b": geometry: polygon 0, ring 0: not closed`},
		{"too few positions", []truce.Zone{{ID: "c", Geometry: orb.MultiPolygon{{{{36, 33}, {37, 33}, {36, 33}}}}}}, `zone "c": geometry: polygon 0, ring 0: 3 positions`},
		{"NaN", []truce.Zone{{ID: "d", Geometry: orb.MultiPolygon{{{{36, 33}, {math.NaN(), 33}, {37, 34}, {36, 33}}}}}}, `zone "d": geometry: polygon 0, ring 0, position 1`},
		{"latitude out of range", []truce.Zone{{ID: "e", Geometry: orb.MultiPolygon{{square(36, 33, 37, 94)}}}}, `zone "e": geometry: polygon 0, ring 0, position 2`},
		{"no area", []truce.Zone{{ID: "f", Geometry: orb.MultiPolygon{{{{36, 33}, {37, 33}, {38, 33}, {36, 33}}}}}}, `zone "f": geometry: polygon 0, ring 0: encloses no area`},
		{"bad hole", []truce.Zone{{ID: "g", Geometry: orb.MultiPolygon{{square(36, 33, 37, 34), {{36.2, 33.2}}}}}}, `zone "g": geometry: polygon 0, ring 1`},
		{"negative buffer", []truce.Zone{{ID: "h", Geometry: sq, BufferKm: -1}}, `zone "h": buffer -1 km`},
		{"NaN buffer", []truce.Zone{{ID: "i", Geometry: sq, BufferKm: math.NaN()}}, `zone "i": buffer NaN km`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewIndex(tt.zones, Options{})
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.want) || truce.ErrorCode(err) != truce.EINVALID {
				t.Errorf("error %q (code %s), want it to contain %q with code invalid", err, truce.ErrorCode(err), tt.want)
			}
		})
	}
	if ix, err := NewIndex(nil, Options{}); err != nil || len(ix.Place(truce.Location{HasPoint: true, Precision: 6}, nil)) != 0 {
		t.Errorf("NewIndex(nil) = %v, %v; want an index placing nothing", ix, err)
	}
}
