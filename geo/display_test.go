package geo

import (
	"testing"

	"github.com/paulmach/orb"
)

// TestForDisplay checks that a square drawn with many collinear points is
// drawn with its four corners, rounded, and that a ring smaller than the
// rounding disappears (and its polygon with it).
func TestForDisplay(t *testing.T) {
	var sq orb.Ring
	for i := 0; i <= 100; i++ {
		sq = append(sq, orb.Point{36 + float64(i)/100, 33.00004})
	}
	for i := 1; i <= 100; i++ {
		sq = append(sq, orb.Point{37, 33 + float64(i)/100})
	}
	for i := 1; i <= 100; i++ {
		sq = append(sq, orb.Point{37 - float64(i)/100, 34})
	}
	for i := 1; i <= 100; i++ {
		sq = append(sq, orb.Point{36, 34 - float64(i)/100})
	}
	tiny := orb.Ring{{38, 33}, {38.0001, 33}, {38.0001, 33.0001}, {38, 33}}
	got := ForDisplay(orb.MultiPolygon{{sq}, {tiny}}, 0.005, 1000)
	if len(got) != 1 || len(got[0]) != 1 || len(got[0][0]) != 5 {
		t.Fatalf("got %v, want one square of 5 points", got)
	}
	if got[0][0][0] != (orb.Point{36, 33}) || got[0][0][4] != got[0][0][0] {
		t.Errorf("ring %v: want it rounded and closed", got[0][0])
	}
	if len(sq) != 401 || sq[0][1] != 33.00004 {
		t.Error("the input was changed")
	}
}
