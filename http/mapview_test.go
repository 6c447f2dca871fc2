package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	nethttp "net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"testing"

	trucehttp "github.com/truce-monitor/truce/http"
)

type mapAnswer struct {
	Kind   string  `json:"kind"`
	Points [][]any `json:"points"`
	Cells  []struct {
		Lon, Lat  float64
		Incidents int
		Deaths    int
		Verdicts  map[string]int
		BBox      [4]float64
	} `json:"cells"`
	CellDegrees float64 `json:"cell_degrees"`
	Stale       bool    `json:"stale"`
	Total       struct {
		Incidents, Deaths int
		Verdicts          map[string]int
	} `json:"total"`
}

// TestMap checks /api/v1/map against the incident list: its points are
// the judged incidents with a point that /api/v1/incidents lists for the
// same period and verdicts, and its cells, when fewer points are allowed
// than there are, count the same incidents, deaths and verdicts.
func TestMap(t *testing.T) {
	t.Run("copied", func(t *testing.T) { testMap(t) })
	// A store too big to copy is counted by the store, with the same answers.
	t.Run("counted by the store", func(t *testing.T) {
		defer trucehttp.SetMapCacheLimit(10)()
		testMap(t)
	})
}

func testMap(t *testing.T) {
	ts, db := newServer(t)
	const period = "from=2017-05-01&to=2017-05-12"
	type item struct {
		ID      int64    `json:"id"`
		Lon     *float64 `json:"lon"`
		Verdict string   `json:"verdict"`
		Deaths  int      `json:"deaths_best"`
	}
	var listed []item
	var page struct {
		Items []item `json:"items"`
	}
	getJSON(t, ts.URL+"/api/v1/incidents?"+period+"&verdict=violation,probable_violation&limit=1000", 200, &page)
	deaths := 0
	for _, it := range page.Items {
		if it.Lon != nil {
			listed = append(listed, it)
			deaths += it.Deaths
		}
	}
	if len(listed) < 10 {
		t.Fatalf("the seeded days hold %d violations with a point: too few to test the map", len(listed))
	}

	var pts mapAnswer
	getJSON(t, ts.URL+"/api/v1/map?"+period+"&verdict=violation,probable_violation", 200, &pts)
	if pts.Kind != "points" || len(pts.Points) != len(listed) || pts.Total.Incidents != len(listed) || pts.Total.Deaths != deaths {
		t.Fatalf("map: %s, %d points, total %+v; want the %d listed incidents with %d deaths as points", pts.Kind, len(pts.Points), pts.Total, len(listed), deaths)
	}
	want := map[int64]string{}
	for _, it := range listed {
		want[it.ID] = it.Verdict
	}
	for _, p := range pts.Points {
		if len(p) != 7 {
			t.Fatalf("a point is %v: want [id, lon, lat, day, verdict, severity, deaths]", p)
		}
		if v, ok := want[int64(p[0].(float64))]; !ok || v != p[4] {
			t.Fatalf("point %v: not listed, or listed as %q", p, v)
		}
	}

	var cells mapAnswer
	getJSON(t, ts.URL+"/api/v1/map?"+period+"&verdict=violation,probable_violation&max_points=5&zoom=6", 200, &cells)
	if cells.Kind != "cells" || len(cells.Cells) == 0 || cells.Total.Incidents != pts.Total.Incidents || cells.Total.Deaths != pts.Total.Deaths {
		t.Fatalf("map with max_points=5: %s, %d cells, total %+v; want cells totalling %+v", cells.Kind, len(cells.Cells), cells.Total, pts.Total)
	}
	n, d := 0, 0
	verdicts := map[string]int{}
	for _, c := range cells.Cells {
		n, d = n+c.Incidents, d+c.Deaths
		for v, k := range c.Verdicts {
			verdicts[v] += k
		}
		if c.Lon < c.BBox[0] || c.Lon > c.BBox[2] || c.Lat < c.BBox[1] || c.Lat > c.BBox[3] || c.BBox[2]-c.BBox[0] != cells.CellDegrees {
			t.Errorf("cell %+v: its mean point lies outside its box, or the box is not %g° wide", c, cells.CellDegrees)
		}
	}
	for v, k := range pts.Total.Verdicts {
		if verdicts[v] != k {
			t.Errorf("cells hold %d %s, the points %d", verdicts[v], v, k)
		}
	}
	if n != len(listed) || d != deaths {
		t.Fatalf("cells hold %d incidents and %d deaths; want %d and %d", n, d, len(listed), deaths)
	}
	// A closer zoom makes smaller cells; a box keeps only its points.
	var fine mapAnswer
	getJSON(t, ts.URL+"/api/v1/map?"+period+"&verdict=violation,probable_violation&max_points=5&zoom=9", 200, &fine)
	if fine.CellDegrees != cells.CellDegrees/8 || len(fine.Cells) < len(cells.Cells) {
		t.Errorf("zoom 9: %d cells of %g°; want cells an eighth of zoom 6's %g° wide, at least as many as its %d", len(fine.Cells), fine.CellDegrees, cells.CellDegrees, len(cells.Cells))
	}
	lon, lat := pts.Points[0][1].(float64), pts.Points[0][2].(float64)
	var one mapAnswer
	getJSON(t, ts.URL+"/api/v1/map?"+period+"&verdict=violation,probable_violation&bbox="+ftoa(lon)+","+ftoa(lat)+","+ftoa(lon)+","+ftoa(lat), 200, &one)
	if one.Kind != "points" || len(one.Points) == 0 || len(one.Points) >= len(pts.Points) {
		t.Errorf("a box around one point: %d points; want that point (and any at the same place) only", len(one.Points))
	}
	// A submission is on the map at once: the copy is read again when a
	// report is stored or judged.
	var before, after mapAnswer
	getJSON(t, ts.URL+"/api/v1/map?"+period, 200, &before)
	reads := trucehttp.MapWholeReads()
	inside := func() float64 {
		var fc struct {
			Features []struct {
				ID         string
				Properties map[string]any
			}
		}
		getJSON(t, ts.URL+"/api/v1/zones", 200, &fc)
		for _, f := range fc.Features {
			if f.ID == "idlib" {
				return f.Properties["incidents_inside"].(float64)
			}
		}
		t.Fatal("no zone idlib")
		return 0
	}
	zoneBefore := inside()
	secret := monitorToken(t, db)
	send := func(method, path string, body []byte, key string) []byte {
		t.Helper()
		req, _ := nethttp.NewRequest(method, ts.URL+path, bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+secret)
		req.Header.Set("Idempotency-Key", key)
		resp, err := nethttp.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode/100 != 2 {
			t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, b)
		}
		return b
	}
	var sub struct {
		IncidentID int64 `json:"incident_id"`
	}
	if err := json.Unmarshal(send("POST", "/api/v1/reports", report("2017-05-03", idlibLat, idlibLon, "Armed clash", "Government of Syria", "Ahrar al-Sham", 4, 0), "map-1"), &sub); err != nil {
		t.Fatal(err)
	}
	getJSON(t, ts.URL+"/api/v1/map?"+period, 200, &after)
	if after.Total.Incidents != before.Total.Incidents+1 || after.Total.Deaths != before.Total.Deaths+4 {
		t.Errorf("after a submission with 4 deaths the map holds %+v; before it %+v", after.Total, before.Total)
	}
	// The zones' counts, kept between requests, count it too.
	if n := inside(); n != zoneBefore+1 {
		t.Errorf("idlib holds %v incidents after a submission inside it; %v before", n, zoneBefore)
	}
	// Revised to another day and place, it moves: the copy, updated from
	// the change, answers as one read whole from the store does.
	inc, err := db.FindIncident(context.Background(), sub.IncidentID, "")
	if err != nil {
		t.Fatal(err)
	}
	send("PUT", "/api/v1/reports/"+inc.SourceKey, report("2017-05-09", idlibLat+0.2, idlibLon-0.3, "Air/drone strike", "Government of Syria", "Civilians (Syria)", 9, 9), "map-2")
	var live mapAnswer
	getJSON(t, ts.URL+"/api/v1/map?"+period, 200, &live)
	if n := trucehttp.MapWholeReads() - reads; n != 0 {
		t.Errorf("the copy was read whole %d times for a submission and a revision; want it updated from the changes", n)
	}
	fresh := httptest.NewServer(trucehttp.NewServer(db, trucehttp.Options{Public: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler())
	defer fresh.Close()
	for _, q := range []string{period, period + "&verdict=violation", "from=2017-05-03&to=2017-05-03", "from=2017-05-09&to=2017-05-09"} {
		var live, whole mapAnswer
		getJSON(t, ts.URL+"/api/v1/map?"+q, 200, &live)
		getJSON(t, fresh.URL+"/api/v1/map?"+q, 200, &whole)
		if !reflect.DeepEqual(live, whole) {
			t.Errorf("map?%s after a revision: the updated copy answers %d points (total %+v), one read whole %d (total %+v)", q, len(live.Points), live.Total, len(whole.Points), whole.Total)
		}
	}
	for _, bad := range []string{"zoom=30", "max_points=5000", "from=2017-05-10&to=2017-05-01", "bbox=1,2,3", "verdict=maybe"} {
		resp, _ := get(t, ts.URL+"/api/v1/map?"+bad)
		if resp.StatusCode != 400 {
			t.Errorf("map?%s: %d, want 400", bad, resp.StatusCode)
		}
	}
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
