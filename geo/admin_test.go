package geo

import (
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func TestLocate(t *testing.T) {
	a := mustAdmin(t)
	tests := []struct {
		level      int
		pt         orb.Point
		code, name string
		ok         bool
	}{
		{2, orb.Point{36.4, 33.4}, "TT0101", "Inner", true},
		{2, orb.Point{36.1, 33.8}, "TT0103", "Edge", true},
		{2, orb.Point{36.7, 33.4}, "", "", false},
		{1, orb.Point{36.7, 33.4}, "TT01", "Equal", true},
		{1, orb.Point{38, 33.5}, "TT02", "East", true},
		// On the border of Equal and East: the first listed wins.
		{1, orb.Point{37, 33.5}, "TT01", "Equal", true},
		{3, orb.Point{36.4, 33.4}, "", "", false},
		{0, orb.Point{36.4, 33.4}, "", "", false},
	}
	for _, tt := range tests {
		code, name, ok := a.Locate(tt.level, tt.pt)
		if code != tt.code || name != tt.name || ok != tt.ok {
			t.Errorf("Locate(%d, %v) = %q, %q, %v; want %q, %q, %v", tt.level, tt.pt, code, name, ok, tt.code, tt.name, tt.ok)
		}
	}
	if u, ok := a.Unit("TT0102"); !ok || u.Name != "Straddle" || u.Parent != "TT02" || u.Level != 2 {
		t.Errorf("Unit(TT0102) = %+v, %v", u, ok)
	}
	// The Arabic name is kept when the file gives one (OCHA's NAME_ARA).
	if u, _ := a.Unit("TT0101"); u.NameAr != "الداخلية" {
		t.Errorf("Unit(TT0101).NameAr = %q, want the file's NAME_ARA", u.NameAr)
	}
	if u, _ := a.Unit("TT0102"); u.NameAr != "" {
		t.Errorf("Unit(TT0102).NameAr = %q, want none", u.NameAr)
	}
	if n := len(a.Units(1)); n != 3 {
		t.Errorf("%d governorates, want 3", n)
	}
	var nilAreas *AdminAreas
	if _, _, ok := nilAreas.Locate(2, orb.Point{36.4, 33.4}); ok {
		t.Error("nil AdminAreas located a point")
	}
}

func TestLoadAdminAreasErrors(t *testing.T) {
	tests := []struct {
		name       string
		adm1, adm2 string
		want       string
	}{
		{"missing file", "testdata/nope.geojson", "", "nope.geojson"},
		{"not a feature collection", "testdata/admin1.geojson", "testdata/../admin_test.go", "admin_test.go: not GeoJSON"},
		{"line string", "", "testdata/bad_linestring.geojson", "bad_linestring.geojson: feature 1: geometry is LineString"},
		{"open ring", "", "testdata/bad_open_ring.geojson", "bad_open_ring.geojson: feature 1 (TT0102): polygon 0, ring 0: not closed"},
		{"no P-code", "testdata/bad_no_pcode.geojson", "", "bad_no_pcode.geojson: feature 0: no P-code"},
		{"duplicate code across files", "testdata/admin2.geojson", "testdata/admin2.geojson", `duplicate code "TT0101"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadAdminAreas(tt.adm1, tt.adm2)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}
