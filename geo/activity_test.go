package geo

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/truce-monitor/truce"
)

// TestWeightedShareByKind checks that an imprecise location is weighed by
// where events of its own kind were, leaning on all activity where its
// kind was rarely seen.
func TestWeightedShareByKind(t *testing.T) {
	ix, err := NewIndex([]truce.Zone{{ID: "z", Name: "West", Geometry: orb.MultiPolygon{{square(36, 33, 37, 34)}}}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2018, 2, 1, 0, 0, 0, 0, time.UTC)
	act := ix.NewActivity()
	// Around the zone's east border (37.0): "gov|ins" fought inside the
	// zone, "is|sdf" outside it, as often; one "rare" event inside.
	for i := range 40 {
		dy := float64(i%8) * 0.02
		act.Add(36.9, 33.4+dy, day, "gov|ins")
		act.Add(37.1, 33.4+dy, day, "is|sdf")
	}
	act.Add(36.95, 33.5, day, "rare")
	act.Freeze()
	loc := truce.Location{HasPoint: true, Lon: 37.0, Lat: 33.5, Precision: truce.PrecNear}
	share := func(kind string) (float64, string) {
		s, why, ok := ix.WeightedShare(loc, "z", day, act, kind)
		if !ok {
			t.Fatalf("kind %q: not weighed", kind)
		}
		return s, why
	}
	all, _ := share("")
	if math.Abs(all-0.5) > 0.05 {
		t.Fatalf("all activity: share %.3f, want about 0.5 (as many events either side)", all)
	}
	tests := []struct {
		kind     string
		low, max float64
		words    string
	}{
		{"gov|ins", 0.85, 1, "of its kind (gov|ins)"},
		{"is|sdf", 0, 0.15, "of its kind (is|sdf)"},
		// One event of its kind moves the share from all activity's a
		// sixth of the way towards the kind's.
		{"rare", 0.5, 0.65, "of its kind (rare)"},
		{"unseen", all - 1e-9, all + 1e-9, "of all that activity"},
	}
	for _, tt := range tests {
		s, why := share(tt.kind)
		if s < tt.low || s > tt.max {
			t.Errorf("kind %q: share %.3f, want %.2f–%.2f (%s)", tt.kind, s, tt.low, tt.max, why)
		}
		if !strings.Contains(why, tt.words) {
			t.Errorf("kind %q: reason %q lacks %q", tt.kind, why, tt.words)
		}
	}
	// Known only to the country: the zone's part of the kind's events.
	country := truce.Location{Precision: truce.PrecCountry}
	if s, _, ok := ix.WeightedShare(country, "z", day, act, "gov|ins"); !ok || s < 0.85 {
		t.Errorf("country-level gov|ins: share %.3f, %v; want most of it in the zone", s, ok)
	}
	if s, _, ok := ix.WeightedShare(country, "z", day, act, "is|sdf"); !ok || s > 0.15 {
		t.Errorf("country-level is|sdf: share %.3f, %v; want little of it in the zone", s, ok)
	}
}
