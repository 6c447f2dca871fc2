package http_test

import (
	"context"
	"encoding/json"
	nethttp "net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/gazetteer"
	"github.com/truce-monitor/truce/geo"
	trucehttp "github.com/truce-monitor/truce/http"
)

type featureCollection struct {
	Type     string `json:"type"`
	Features []struct {
		ID         string         `json:"id"`
		Geometry   map[string]any `json:"geometry"`
		Properties map[string]any `json:"properties"`
	} `json:"features"`
}

// loadBoundaries stores the admin units of adm1 and adm2 (GeoJSON files).
func loadBoundaries(t *testing.T, db truce.BoundaryService, adm1, adm2 string) {
	t.Helper()
	areas, err := geo.LoadAdminAreas(adm1, adm2)
	if err != nil {
		t.Fatal(err)
	}
	units := append(areas.Units(1), areas.Units(2)...)
	if err := db.PutAdminUnits(context.Background(), "test", units); err != nil {
		t.Fatal(err)
	}
}

// TestBoundaries checks GET /api/v1/boundaries.geojson: an empty
// collection before any boundaries are loaded, then each level's units as
// GeoJSON, cache headers and a 304 for a current ETag, and a bad level.
func TestBoundaries(t *testing.T) {
	ts, db := newServer(t)
	var fc featureCollection
	resp := getJSON(t, ts.URL+"/api/v1/boundaries.geojson", 200, &fc)
	if fc.Type != "FeatureCollection" || len(fc.Features) != 0 || resp.Header.Get("Content-Type") != "application/geo+json" {
		t.Fatalf("no boundaries: %s %+v", resp.Header.Get("Content-Type"), fc)
	}
	loadBoundaries(t, db, filepath.Join("..", "geo", "testdata", "admin1.geojson"), filepath.Join("..", "geo", "testdata", "admin2.geojson"))
	areas, _ := geo.LoadAdminAreas(filepath.Join("..", "geo", "testdata", "admin1.geojson"), filepath.Join("..", "geo", "testdata", "admin2.geojson"))
	for level := 1; level <= 2; level++ {
		fc = featureCollection{}
		q := "?level=" + string(rune('0'+level))
		resp := getJSON(t, ts.URL+"/api/v1/boundaries.geojson"+q, 200, &fc)
		want := areas.Units(level)
		if len(fc.Features) != len(want) || len(want) == 0 {
			t.Fatalf("level %d: %d features, want %d", level, len(fc.Features), len(want))
		}
		if f := fc.Features[0]; f.ID != want[0].Code || f.Properties["name"] != want[0].Name || f.Properties["level"] != float64(level) || f.Geometry["type"] != "MultiPolygon" {
			t.Errorf("level %d: first feature %+v, want %s %s", level, f, want[0].Code, want[0].Name)
		}
		if cc := resp.Header.Get("Cache-Control"); cc != "private, max-age=300" || resp.Header.Get("ETag") == "" {
			t.Errorf("level %d: Cache-Control %q, ETag %q", level, cc, resp.Header.Get("ETag"))
		}
		req, _ := nethttp.NewRequest("GET", ts.URL+"/api/v1/boundaries.geojson"+q, nil)
		req.Header.Set("If-None-Match", resp.Header.Get("ETag"))
		if r2, err := ts.Client().Do(req); err != nil || r2.StatusCode != 304 {
			t.Errorf("level %d: If-None-Match: %v %v, want 304", level, r2, err)
		} else {
			r2.Body.Close()
		}
	}
	for _, q := range []string{"level=3", "level=x", "level=0"} {
		getJSON(t, ts.URL+"/api/v1/boundaries.geojson?"+q, 400, nil)
	}
}

// TestBoundariesRealSize checks that the OCHA districts, 3 MB at full
// resolution, are served small enough for a base layer, every district
// kept (skipped without ../shared/data).
func TestBoundariesRealSize(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "data", "boundaries")
	adm1, adm2 := filepath.Join(dir, "syr_admin1_ocha2015.geojson"), filepath.Join(dir, "syr_admin2_ocha2015.geojson")
	if _, err := os.Stat(adm2); err != nil {
		t.Skip("SKIP: no OCHA boundaries in ../shared/data/boundaries")
	}
	ts, db := newServer(t)
	loadBoundaries(t, db, adm1, adm2)
	for level, limit := range map[int]int{1: 64 << 10, 2: 160 << 10} {
		resp, b := get(t, ts.URL+"/api/v1/boundaries.geojson?level="+string(rune('0'+level)))
		var fc featureCollection
		if err := json.Unmarshal(b, &fc); err != nil || resp.StatusCode != 200 {
			t.Fatalf("level %d: %d %v", level, resp.StatusCode, err)
		}
		want := map[int]int{1: 14, 2: 61}[level]
		t.Logf("level %d: %d features, %d bytes", level, len(fc.Features), len(b))
		if len(fc.Features) != want || len(b) > limit {
			t.Errorf("level %d: %d features in %d bytes, want %d in at most %d", level, len(fc.Features), len(b), want, limit)
		}
	}
}

// TestPlaces checks GET /api/v1/places.geojson: the gazetteer's cities and
// towns as points, cities first.
func TestPlaces(t *testing.T) {
	ts, _ := newServer(t)
	var fc featureCollection
	resp := getJSON(t, ts.URL+"/api/v1/places.geojson", 200, &fc)
	n, cities := 0, 0
	for _, p := range gazetteer.Default().Places() {
		if p.Kind == gazetteer.City || p.Kind == gazetteer.Town {
			n++
		}
		if p.Kind == gazetteer.City {
			cities++
		}
	}
	if resp.Header.Get("Content-Type") != "application/geo+json" || len(fc.Features) != n || n < 100 || resp.Header.Get("ETag") == "" {
		t.Fatalf("places: %s, %d features, want %d", resp.Header.Get("Content-Type"), len(fc.Features), n)
	}
	for i, f := range fc.Features {
		rank := f.Properties["rank"].(float64)
		if (i < cities) != (rank == 1) || f.Geometry["type"] != "Point" || f.Properties["name"] == "" {
			t.Fatalf("feature %d: %+v (cities first: %d)", i, f, cities)
		}
	}
	if fc.Features[0].Properties["name"] != "Aleppo city" {
		t.Errorf("first place %v, want Aleppo city", fc.Features[0].Properties["name"])
	}
}

// TestBasemapPermission checks that a private server asks for a token for
// the base layers, and gives them to a viewer.
func TestBasemapPermission(t *testing.T) {
	ts := newTrustServer(t, trucehttp.Options{FailedAuthBurst: -1})
	for _, p := range []string{"/api/v1/boundaries.geojson", "/api/v1/places.geojson"} {
		if code, b, _ := ts.do(t, "", "GET", p, nil, nil); code != 401 {
			t.Errorf("%s anonymous: %d %s, want 401", p, code, b)
		}
		if code, b, _ := ts.do(t, "viewer", "GET", p, nil, nil); code != 200 {
			t.Errorf("%s viewer: %d %s, want 200", p, code, b)
		}
	}
}

// TestPlaceSearch checks GET /api/v1/places.geojson?q=: prefix search over
// the gazetteer and the stored boundaries, English and Arabic names.
func TestPlaceSearch(t *testing.T) {
	ts, db := newServer(t)
	search := func(q string) []map[string]any {
		t.Helper()
		var fc featureCollection
		resp := getJSON(t, ts.URL+"/api/v1/places.geojson?q="+url.QueryEscape(q), 200, &fc)
		if resp.Header.Get("Content-Type") != "application/geo+json" {
			t.Fatalf("q=%s: %s", q, resp.Header.Get("Content-Type"))
		}
		var out []map[string]any
		for _, f := range fc.Features {
			if f.Geometry["type"] != "Point" {
				t.Fatalf("q=%s: %+v is not a point", q, f)
			}
			out = append(out, f.Properties)
		}
		return out
	}
	// Case- and accent-insensitive, a word's start, an alias.
	for q, want := range map[string]string{"DOUM": "Douma", "ghou": "Eastern Ghouta", "Idleb": "Idlib", "Ḥam": "Hama"} {
		got := search(q)
		if len(got) == 0 || got[0]["name"] != want {
			t.Errorf("q=%s: %v, want %s first", q, got, want)
		}
	}
	if got := search("Idleb"); len(got) == 0 || got[0]["matched"] != "Idleb" {
		t.Errorf("q=Idleb: %v, want matched Idleb", got)
	}
	if got := search("zzqx"); len(got) != 0 {
		t.Errorf("q=zzqx: %v", got)
	}
	if got := search(""); len(got) != 0 {
		t.Errorf("q empty: %v", got)
	}
	var fc featureCollection
	getJSON(t, ts.URL+"/api/v1/places.geojson?q=a&limit=3", 200, &fc)
	if len(fc.Features) != 3 {
		t.Errorf("limit=3: %d places", len(fc.Features))
	}
	getJSON(t, ts.URL+"/api/v1/places.geojson?q=a&limit=x", 400, nil)

	// Stored boundaries: a district by its Arabic name, with its bbox and
	// both names; diacritics on the query do not matter.
	loadBoundaries(t, db, filepath.Join("..", "geo", "testdata", "admin1.geojson"), filepath.Join("..", "geo", "testdata", "admin2.geojson"))
	for _, q := range []string{"الداخ", "داخلي", "الدَّاخ", "inn"} {
		got := search(q)
		found := false
		for _, p := range got {
			if p["name"] == "Inner" && p["name_ar"] == "الداخلية" && p["kind"] == "district" && p["source"] == "boundaries" {
				found = true
			}
		}
		if !found {
			t.Errorf("q=%s: %v, want the district Inner (الداخلية)", q, got)
		}
	}
	var b featureCollection
	getJSON(t, ts.URL+"/api/v1/boundaries.geojson?level=2", 200, &b)
	for _, f := range b.Features {
		if (f.ID == "TT0101") != (f.Properties["name_ar"] == "الداخلية") {
			t.Errorf("boundary %s: name_ar %v", f.ID, f.Properties["name_ar"])
		}
	}
}
