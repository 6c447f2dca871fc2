package geo

import (
	"encoding/csv"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/shared"
)

func loadOCHA(tb testing.TB) *AdminAreas {
	tb.Helper()
	adm1 := shared.Path(tb, "boundaries/syr_admin1_ocha2015.geojson")
	adm2 := shared.Path(tb, "boundaries/syr_admin2_ocha2015.geojson")
	a, err := LoadAdminAreas(adm1, adm2)
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

// containing returns the indexes of every unit of the level containing pt,
// by brute force, to catch overlaps Locate's tie-break would hide.
func containing(a *AdminAreas, level int, pt orb.Point) []int {
	var out []int
	for i, p := range a.levels[level].prep {
		if p.Contains(pt) {
			out = append(out, i)
		}
	}
	return out
}

func TestOCHAUnitsInteriorPoints(t *testing.T) {
	a := loadOCHA(t)
	units := a.Units(2)
	if len(units) != 61 || len(a.Units(1)) != 14 {
		t.Fatalf("%d districts and %d governorates, want 61 and 14", len(units), len(a.Units(1)))
	}
	for i, u := range units {
		// The largest part: the interior point of a sliver could sit on a
		// border within floating-point noise.
		var poly orb.Polygon
		for _, p := range u.Geometry {
			if poly == nil || len(p[0]) > len(poly[0]) {
				poly = p
			}
		}
		pt, ok := interiorPoint(poly)
		if !ok {
			t.Errorf("%s %s: no interior point", u.Code, u.Name)
			continue
		}
		if in := containing(a, 2, pt); len(in) != 1 || in[0] != i {
			t.Errorf("%s %s: interior point %v is in districts %v, want only %d", u.Code, u.Name, pt, in, i)
		}
		if code, _, _ := a.Locate(1, pt); code != u.Parent {
			t.Errorf("%s %s: interior point %v is in governorate %q, want its parent %q", u.Code, u.Name, pt, code, u.Parent)
		}
	}
}

func TestOCHAUCDPPlaces(t *testing.T) {
	a := loadOCHA(t)
	f, err := os.Open(shared.Path(t, "ucdp/derived_place_names_from_ged.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	places, none := 0, 0
	for _, r := range rows[1:] {
		if r[col["where_prec"]] != "1" {
			continue
		}
		lat, err1 := strconv.ParseFloat(r[col["latitude"]], 64)
		lon, err2 := strconv.ParseFloat(r[col["longitude"]], 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("bad coordinates in %v", r)
		}
		pt := orb.Point{lon, lat}
		places++
		in := containing(a, 2, pt)
		switch len(in) {
		case 0:
			none++
			continue
		case 1:
		default:
			t.Errorf("%s %v is in %d districts: %v", r[col["where_coordinates"]], pt, len(in), in)
		}
		d := a.Units(2)[in[0]]
		if gov, _, _ := a.Locate(1, pt); gov != d.Parent {
			t.Errorf("%s %v: district %s belongs to %s, but the point is in governorate %s", r[col["where_coordinates"]], pt, d.Code, d.Parent, gov)
		}
	}
	t.Logf("%d UCDP places with where_prec 1: %d in exactly one OCHA district, %d in none (outside OCHA's Syria)", places, places-none, none)
	if none > places/50 {
		t.Errorf("%d of %d places in no district", none, places)
	}
}

func TestOCHALocateKnownTowns(t *testing.T) {
	a := loadOCHA(t)
	tests := []struct {
		place            string
		pt               orb.Point
		adm1, adm2       string
		adm1Name, adm2Nm string
	}{
		{"Duma town", orb.Point{36.401811, 33.572264}, "SY03", "SY0302", "Rural Damascus", "Duma"},
		{"Idlib town", orb.Point{36.63393, 35.93062}, "SY07", "SY0700", "Idleb", "Idleb"},
		{"Ar Rastan town", orb.Point{36.732381, 34.926532}, "SY04", "SY0404", "Homs", "Ar-Rastan"},
		{"Damascus city", orb.Point{36.291575, 33.513364}, "SY01", "SY0100", "Damascus", "Damascus"},
	}
	for _, tt := range tests {
		c1, n1, _ := a.Locate(1, tt.pt)
		c2, n2, _ := a.Locate(2, tt.pt)
		if c1 != tt.adm1 || n1 != tt.adm1Name || c2 != tt.adm2 || n2 != tt.adm2Nm {
			t.Errorf("%s: %s %s / %s %s, want %s %s / %s %s", tt.place, c1, n1, c2, n2, tt.adm1, tt.adm1Name, tt.adm2, tt.adm2Nm)
		}
	}
}

func TestNaturalEarthDamascusHole(t *testing.T) {
	fc := readFC(t, shared.Path(t, "boundaries/syr_adm1_naturalearth.geojson"))
	byName := map[string]orb.MultiPolygon{}
	for _, f := range fc.Features {
		name, _ := f.Properties["name"].(string)
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			byName[name] = orb.MultiPolygon{g}
		case orb.MultiPolygon:
			byName[name] = g
		}
	}
	rif, dam := byName["Rif Dimashq"], byName["Damascus"]
	if len(rif) != 1 || len(rif[0]) != 2 || dam == nil {
		t.Fatalf("Rif Dimashq has %d polygons (want 1 with a hole); Damascus present: %v", len(rif), dam != nil)
	}
	pr, pd := Prepare(rif), Prepare(dam)
	hole, ok := interiorPoint(orb.Polygon{rif[0][1]})
	if !ok {
		t.Fatal("no interior point in the hole")
	}
	for _, pt := range []orb.Point{{36.291575, 33.513364}, hole} {
		if pr.Contains(pt) {
			t.Errorf("%v (Damascus) is inside Rif Dimashq", pt)
		}
		if !pd.Contains(pt) {
			t.Errorf("%v is not inside Damascus", pt)
		}
	}
	if duma := (orb.Point{36.401811, 33.572264}); !pr.Contains(duma) {
		t.Errorf("Duma %v is not inside Rif Dimashq", duma)
	}
	// The hole's edge is Rif Dimashq's boundary, so it is inside both.
	if v := rif[0][1][0]; !pr.Contains(v) || !pd.Contains(v) {
		t.Errorf("hole vertex %v: in Rif Dimashq %v, in Damascus %v; want both", v, pr.Contains(v), pd.Contains(v))
	}
}

func readFC(tb testing.TB, path string) *geojson.FeatureCollection {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(data)
	if err != nil {
		tb.Fatal(err)
	}
	return fc
}

// TestOCHAZoneFromDistricts builds a zone the way agreement files do, from
// Idleb's districts, and checks that Idleb governorate, whose interior the
// districts' shared borders cross, is wholly inside it.
func TestOCHAZoneFromDistricts(t *testing.T) {
	a := loadOCHA(t)
	var mp orb.MultiPolygon
	var codes []string
	for _, u := range a.Units(2) {
		if u.Parent == "SY07" {
			mp = append(mp, u.Geometry...)
			codes = append(codes, u.Code)
		}
	}
	start := time.Now()
	ix, err := NewIndex([]truce.Zone{{ID: "idlib", Name: "Idlib", Geometry: mp, Admin: codes, BufferKm: 10}}, Options{Admin: a})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("NewIndex with Idleb's %d districts as one zone, related to every admin unit near it: %v", len(codes), time.Since(start))
	at := func(pt orb.Point, prec truce.LocPrecision) truce.Location {
		return truce.Location{HasPoint: true, Lon: pt[0], Lat: pt[1], Precision: prec}
	}
	idlib, rastan := orb.Point{36.63393, 35.93062}, orb.Point{36.732381, 34.926532}
	tests := []struct {
		name string
		loc  truce.Location
		want truce.Placement
	}{
		{"governorate Idleb", at(idlib, 4), truce.Inside},
		{"district Idleb", at(idlib, 3), truce.Inside},
		{"exact Idlib town", at(idlib, 1), truce.Inside},
		{"district Ar-Rastan", at(rastan, 3), truce.Outside},
		{"governorate Homs", at(rastan, 4), truce.Outside},
	}
	for _, tt := range tests {
		got := truce.Outside
		if ms := ix.Place(tt.loc, nil); len(ms) > 0 {
			got = ms[0].Placement
		}
		if got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
	// Neighbouring governorates share a border with the zone but no area.
	for _, u := range a.Units(1) {
		want := Disjoint
		if u.Code == "SY07" {
			want = Contained
		}
		if got := Relate(a.levels[1].prep[a.byCode[u.Code][1]], ix.zones[0].prep); got != want {
			t.Errorf("governorate %s %s: %v, want %v", u.Code, u.Name, got, want)
		}
	}
}
