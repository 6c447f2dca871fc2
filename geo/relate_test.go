package geo

import (
	"testing"

	"github.com/paulmach/orb"
)

func TestRelate(t *testing.T) {
	zone := orb.MultiPolygon{{square(0, 0, 10, 10), square(4, 4, 6, 6)}}
	// A zone built from two adjacent units, as agreement files do.
	twoUnits := orb.MultiPolygon{{square(0, 0, 5, 10)}, {square(5, 0, 10, 10)}}
	// A concave zone: a "C" whose notch is outside.
	cZone := orb.MultiPolygon{{{{0, 0}, {3, 0}, {3, 1}, {1, 1}, {1, 2}, {3, 2}, {3, 3}, {0, 3}, {0, 0}}}}
	tests := []struct {
		name string
		unit orb.MultiPolygon
		zone orb.MultiPolygon
		want Relation
	}{
		{"inside", orb.MultiPolygon{{square(1, 1, 2, 2)}}, zone, Contained},
		{"inside, sharing outer edge", orb.MultiPolygon{{square(0, 0, 2, 2)}}, zone, Contained},
		{"inside, touching the hole", orb.MultiPolygon{{square(2, 4, 4, 6)}}, zone, Contained},
		{"equal", zone, zone, Contained},
		{"is the hole", orb.MultiPolygon{{square(4, 4, 6, 6)}}, zone, Disjoint},
		{"inside the hole", orb.MultiPolygon{{square(4.5, 4.5, 5.5, 5.5)}}, zone, Disjoint},
		{"surrounds the hole", orb.MultiPolygon{{square(3, 3, 7, 7)}}, zone, Overlaps},
		{"straddles outer edge", orb.MultiPolygon{{square(9, 1, 11, 2)}}, zone, Overlaps},
		{"contains the zone", orb.MultiPolygon{{square(-1, -1, 11, 11)}}, zone, Overlaps},
		{"outside, touching edge", orb.MultiPolygon{{square(10, 0, 12, 10)}}, zone, Disjoint},
		{"outside, touching corner", orb.MultiPolygon{{square(10, 10, 12, 12)}}, zone, Disjoint},
		{"far", orb.MultiPolygon{{square(20, 20, 21, 21)}}, zone, Disjoint},
		{"multipolygon, parts in and out", orb.MultiPolygon{{square(1, 1, 2, 2)}, {square(20, 20, 21, 21)}}, zone, Overlaps},
		{"unit of a union zone", orb.MultiPolygon{{square(0, 0, 5, 10)}}, twoUnits, Contained},
		{"other unit of a union zone", orb.MultiPolygon{{square(5, 0, 10, 10)}}, twoUnits, Contained},
		{"across the shared edge of a union zone", orb.MultiPolygon{{square(4, 4, 6, 6)}}, twoUnits, Contained},
		{"in the notch of a concave zone", orb.MultiPolygon{{square(1, 1, 3, 2)}}, cZone, Disjoint},
		// Vertices all inside or on the zone, but the unit covers the notch.
		{"spanning the notch", orb.MultiPolygon{{square(0, 0, 3, 3)}}, cZone, Overlaps},
		{"chord across the notch", orb.MultiPolygon{{{{0.5, 0.5}, {3, 0.5}, {3, 2.5}, {0.5, 2.5}, {0.5, 0.5}}}}, cZone, Overlaps},
		{"empty unit", nil, zone, Disjoint},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Relate(Prepare(tt.unit), Prepare(tt.zone)); got != tt.want {
				t.Errorf("Relate = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestInteriorPoint(t *testing.T) {
	polys := []orb.Polygon{
		{square(0, 0, 10, 10), square(1, 1, 9, 9)}, // a thin frame
		{{{0, 0}, {3, 0}, {3, 1}, {1, 1}, {1, 2}, {3, 2}, {3, 3}, {0, 3}, {0, 0}}},
		{square(36, 33, 36.0001, 33.0001)},
	}
	for i, poly := range polys {
		pt, ok := interiorPoint(poly)
		p := Prepare(orb.MultiPolygon{poly})
		if !ok || p.classify(pt[0], pt[1]) != 1 {
			t.Errorf("polygon %d: interior point %v (ok=%v) is not strictly inside", i, pt, ok)
		}
	}
	if _, ok := interiorPoint(orb.Polygon{{{0, 0}, {1, 0}, {0, 0}}}); ok {
		t.Error("degenerate polygon has an interior point")
	}
}
