package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	nethttp "net/http"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	trucehttp "github.com/truce-monitor/truce/http"
	"github.com/truce-monitor/truce/internal/storetest"
	"github.com/truce-monitor/truce/sqlite"
)

// seededDB opens a SQLite store in a temporary directory, closed when the
// test ends, holding the Astana agreement and days simulated days from 10
// days before the ceasefire, placed and judged.
func seededDB(t testing.TB, days int) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "truce.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	storetest.SeedAstana(t, db, time.Date(2017, 4, 26, 0, 0, 0, 0, time.UTC), days)
	return db
}

// monitorToken stores a monitor token named "m" in db and returns its secret.
func monitorToken(t testing.TB, db *sqlite.DB) string {
	t.Helper()
	secret, hash := truce.NewTokenSecret()
	if err := db.CreateToken(context.Background(), &truce.Token{Name: "m", Role: truce.RoleMonitor, Hash: hash}); err != nil {
		t.Fatal(err)
	}
	return secret
}

// newServer serves a SQLite store holding the Astana agreement and 20
// simulated days, placed and judged, readable without a token.
func newServer(t *testing.T) (*httptest.Server, *sqlite.DB) {
	t.Helper()
	db := seededDB(t, 20)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ts := httptest.NewServer(trucehttp.NewServer(db, trucehttp.Options{Logger: log, Public: true}).Handler())
	t.Cleanup(ts.Close)
	return ts, db
}

func get(t *testing.T, url string) (*nethttp.Response, []byte) {
	t.Helper()
	resp, err := nethttp.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

func getJSON(t *testing.T, url string, want int, v any) *nethttp.Response {
	t.Helper()
	resp, b := get(t, url)
	if resp.StatusCode != want {
		t.Fatalf("GET %s: %d, want %d: %s", url, resp.StatusCode, want, b)
	}
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("GET %s: %v: %s", url, err, b)
		}
	}
	return resp
}

type page struct {
	Items []map[string]any `json:"items"`
	Next  *string          `json:"next"`
}

func TestAPI(t *testing.T) {
	ts, _ := newServer(t)
	u := ts.URL

	resp := getJSON(t, u+"/healthz", 200, nil)
	for k, v := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"} {
		if got := resp.Header.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP = %q", csp)
	}
	getJSON(t, u+"/readyz", 200, nil)

	var ags struct{ Agreements []map[string]any }
	getJSON(t, u+"/api/v1/agreements", 200, &ags)
	if len(ags.Agreements) != 1 || ags.Agreements[0]["id"] != "astana-2017" {
		t.Fatalf("agreements = %v", ags)
	}
	var ag map[string]any
	getJSON(t, u+"/api/v1/agreements/astana-2017", 200, &ag)
	if zs, _ := ag["zones"].([]any); len(zs) != 4 {
		t.Errorf("agreement zones = %v", ag["zones"])
	}
	// The renewals' dates: the zone page offers them as break points.
	if rs, _ := ag["renewals"].([]any); len(rs) != 3 || rs[0].(map[string]any)["date"] != "2017-09-15" {
		t.Errorf("agreement renewals = %v", ag["renewals"])
	}
	// And the local truces', with the zones they cover.
	if ts, _ := ag["truces"].([]any); len(ts) != 10 || ts[0].(map[string]any)["date"] != "2017-07-09" || fmt.Sprint(ts[0].(map[string]any)["zones"]) != "[south]" {
		t.Errorf("agreement truces = %v", ag["truces"])
	}

	var zones struct {
		Type     string
		Features []struct {
			ID         string
			Properties map[string]any
			Geometry   map[string]any
		}
	}
	resp = getJSON(t, u+"/api/v1/zones", 200, &zones)
	if resp.Header.Get("Content-Type") != "application/geo+json" || zones.Type != "FeatureCollection" || len(zones.Features) != 4 {
		t.Fatalf("zones: %s %+v", resp.Header.Get("Content-Type"), zones)
	}
	if zones.Features[0].Properties["incidents_inside"].(float64) == 0 || zones.Features[0].Geometry["type"] != "MultiPolygon" {
		t.Errorf("zone feature = %+v", zones.Features[0])
	}
	// The zone's period under the agreement ends the day before it ended:
	// Eastern Ghouta fell on 2018-04-14.
	periods := map[string]string{}
	for _, f := range zones.Features {
		periods[f.ID] = fmt.Sprint(f.Properties["period_from"], " ", f.Properties["period_to"], " ", f.Properties["ended"])
	}
	if got := periods["eastern-ghouta"]; !strings.HasSuffix(got, " 2018-04-13 2018-04-14") || strings.HasPrefix(got, " ") {
		t.Errorf("eastern-ghouta period = %q, want its start, 2018-04-13 and ended 2018-04-14", got)
	}
	posts := 0
	for _, f := range zones.Features {
		for _, p := range f.Properties["observation_posts"].([]any) {
			site := p.(map[string]any)
			if site["name"] == "" || site["lon"].(float64) < 35 || site["lat"].(float64) < 32 {
				t.Errorf("zone %s: observation post %v", f.ID, site)
			}
			posts++
		}
	}
	if posts == 0 {
		t.Error("no observation posts served: the bundled agreement places Turkish posts in Idlib")
	}

	// Paging through every incident: none missing, none twice, in order.
	var all page
	getJSON(t, u+"/api/v1/incidents?limit=1000", 200, &all)
	if len(all.Items) < 50 || all.Next != nil {
		t.Fatalf("%d incidents in one page, next %v; want all of them", len(all.Items), all.Next)
	}
	var paged []map[string]any
	cursor := ""
	for {
		var p page
		getJSON(t, u+"/api/v1/incidents?limit=7"+cursor, 200, &p)
		paged = append(paged, p.Items...)
		if p.Next == nil {
			break
		}
		if len(p.Items) != 7 {
			t.Fatalf("page of %d before the end", len(p.Items))
		}
		cursor = "&cursor=" + *p.Next
	}
	if len(paged) != len(all.Items) {
		t.Fatalf("paged %d incidents, want %d", len(paged), len(all.Items))
	}
	seen := map[float64]bool{}
	for i, it := range paged {
		id := it["id"].(float64)
		if seen[id] || id != all.Items[i]["id"].(float64) {
			t.Fatalf("paging: item %d is %v (seen %v), want %v", i, id, seen[id], all.Items[i]["id"])
		}
		seen[id] = true
	}

	// Filters.
	var p page
	getJSON(t, u+"/api/v1/incidents?zone=idlib&from=2017-05-06&limit=1000", 200, &p)
	if len(p.Items) == 0 {
		t.Fatal("no incidents in idlib after the agreement")
	}
	for _, it := range p.Items {
		if it["date_start"].(string) < "2017-05-06" || !strings.Contains(fmt.Sprint(it["zones"]), "idlib") {
			t.Fatalf("filtered item %v", it)
		}
	}
	getJSON(t, u+"/api/v1/incidents?bbox=36,35,37,36.5&limit=1000", 200, &p)
	for _, it := range p.Items {
		if lon, lat := it["lon"].(float64), it["lat"].(float64); lon < 36 || lon > 37 || lat < 35 || lat > 36.5 {
			t.Fatalf("bbox item at %v,%v", lon, lat)
		}
	}
	var viol page
	getJSON(t, u+"/api/v1/incidents?verdict=violation&limit=1000", 200, &viol)
	if len(viol.Items) == 0 {
		t.Fatal("no violations")
	}
	var vpaged []map[string]any
	cursor = ""
	for {
		var p page
		getJSON(t, u+"/api/v1/incidents?verdict=violation&limit=3"+cursor, 200, &p)
		for _, it := range p.Items {
			if it["verdict"] != "violation" {
				t.Fatalf("verdict filter returned %v", it)
			}
		}
		vpaged = append(vpaged, p.Items...)
		if p.Next == nil {
			break
		}
		cursor = "&cursor=" + *p.Next
	}
	if len(vpaged) != len(viol.Items) {
		t.Fatalf("paged %d violations, want %d", len(vpaged), len(viol.Items))
	}
	// Sorted: each order, paged with the verdict filter applied in Go, holds
	// the same incidents in its order, the cursor neither skipping nor
	// repeating any.
	for _, sort := range []string{"-date", "-deaths", "deaths"} {
		var sp []map[string]any
		cursor = ""
		for pages := 0; ; pages++ {
			if pages > len(viol.Items) {
				t.Fatalf("sort=%s: paging does not end", sort)
			}
			var p page
			getJSON(t, u+"/api/v1/incidents?verdict=violation&limit=4&sort="+sort+cursor, 200, &p)
			sp = append(sp, p.Items...)
			if p.Next == nil {
				break
			}
			cursor = "&cursor=" + *p.Next
		}
		if len(sp) != len(viol.Items) {
			t.Fatalf("sort=%s: paged %d violations, want %d", sort, len(sp), len(viol.Items))
		}
		seen := map[float64]bool{}
		for i, it := range sp {
			id := it["id"].(float64)
			if seen[id] {
				t.Fatalf("sort=%s: incident %v twice", sort, id)
			}
			seen[id] = true
			if i == 0 {
				continue
			}
			a, b := sp[i-1], it
			da, db := a["deaths_best"].(float64), b["deaths_best"].(float64)
			dateA, dateB := a["date_start"].(string), b["date_start"].(string)
			ok := map[string]bool{
				"-date":   dateA > dateB || dateA == dateB && a["id"].(float64) > id,
				"-deaths": da > db || da == db && (dateA > dateB || dateA == dateB && a["id"].(float64) > id),
				"deaths":  da < db || da == db && (dateA < dateB || dateA == dateB && a["id"].(float64) < id),
			}[sort]
			if !ok {
				t.Fatalf("sort=%s: %v (%s, %v deaths) before %v (%s, %v deaths)", sort, a["id"], dateA, da, id, dateB, db)
			}
		}
	}
	if sp := viol.Items; len(sp) > 1 {
		var most page
		getJSON(t, u+"/api/v1/incidents?verdict=violation&limit=1&sort=-deaths", 200, &most)
		for _, it := range sp {
			if it["deaths_best"].(float64) > most.Items[0]["deaths_best"].(float64) {
				t.Fatalf("sort=-deaths: first has %v deaths, %v has %v", most.Items[0]["deaths_best"], it["id"], it["deaths_best"])
			}
		}
	}
	getJSON(t, u+"/api/v1/incidents?sort=sideways", 400, nil)
	getJSON(t, u+"/api/v1/incidents?severity=grave&type=airstrike", 200, &p)
	for _, it := range p.Items {
		if it["severity"] != "grave" || it["sub_event_type"] != "Air/drone strike" {
			t.Fatalf("severity/type filter returned %v", it)
		}
	}

	// Filters applied in Go: actor, text, precision, deaths, one dataset id.
	first := all.Items[0]
	side := fmt.Sprint(first["side_a"])
	getJSON(t, u+"/api/v1/incidents?limit=1000&actor="+url.QueryEscape(strings.ToUpper(side)), 200, &p)
	if len(p.Items) == 0 {
		t.Fatalf("actor=%s found nothing", side)
	}
	for _, it := range p.Items {
		if !strings.Contains(fmt.Sprint(it["side_a"], it["side_b"], it["assoc_a"], it["assoc_b"]), side) {
			t.Fatalf("actor filter returned %v", it)
		}
	}
	place := fmt.Sprint(first["place"])
	getJSON(t, u+"/api/v1/incidents?limit=1000&q="+url.QueryEscape(place), 200, &p)
	if len(p.Items) == 0 || len(p.Items) == len(all.Items) {
		t.Fatalf("q=%s: %d of %d incidents, want some but not all", place, len(p.Items), len(all.Items))
	}
	maxDeaths := 0.0
	for _, it := range all.Items {
		maxDeaths = max(maxDeaths, it["deaths_best"].(float64))
	}
	getJSON(t, u+fmt.Sprintf("/api/v1/incidents?limit=2&min_deaths=%.0f", maxDeaths), 200, &p)
	if len(p.Items) == 0 || len(p.Items) > 2 {
		t.Fatalf("min_deaths=%.0f limit=2: %d incidents", maxDeaths, len(p.Items))
	}
	for _, it := range p.Items {
		if it["deaths_best"].(float64) < maxDeaths {
			t.Fatalf("min_deaths filter returned %v", it)
		}
	}
	getJSON(t, u+"/api/v1/incidents?limit=1000&precision=2,3", 200, &p)
	for _, it := range p.Items {
		if lp := it["loc_prec"].(float64); lp != 2 && lp != 3 {
			t.Fatalf("precision filter returned %v", it)
		}
	}
	getJSON(t, u+"/api/v1/incidents?source="+url.QueryEscape(fmt.Sprint(first["source"]))+"&source_key="+url.QueryEscape(fmt.Sprint(first["source_key"])), 200, &p)
	if len(p.Items) != 1 || p.Items[0]["id"] != first["id"] {
		t.Fatalf("source_key %v: %v", first["source_key"], p.Items)
	}
	resp, body := get(t, u+"/api/v1/incidents.csv?q="+url.QueryEscape(place))
	if lines := strings.Count(strings.TrimSpace(string(body)), "\n"); resp.StatusCode != 200 || lines == 0 || lines >= len(all.Items) {
		t.Fatalf("export with q=%s: %d, %d rows", place, resp.StatusCode, lines)
	}

	// Errors, as JSON.
	for path, want := range map[string]struct {
		status int
		code   string
	}{
		"/api/v1/incidents?bbox=1,2,3":         {400, "invalid"},
		"/api/v1/incidents?limit=x":            {400, "invalid"},
		"/api/v1/incidents?verdict=maybe":      {400, "invalid"},
		"/api/v1/incidents?precision=9":        {400, "invalid"},
		"/api/v1/incidents?min_deaths=-1":      {400, "invalid"},
		"/api/v1/incidents?source_key=1":       {400, "invalid"},
		"/api/v1/incidents?zone=atlantis":      {404, "not_found"},
		"/api/v1/incidents/999999":             {404, "not_found"},
		"/api/v1/incidents/abc":                {400, "invalid"},
		"/api/v1/agreements/nope":              {404, "not_found"},
		"/api/v1/status":                       {400, "invalid"},
		"/api/v1/trends":                       {400, "invalid"},
		"/api/v1/claims/42":                    {404, "not_found"},
		"/api/v1/bulletins/2017-06-15.pdf":     {404, "not_found"},
		"/nowhere":                             {404, "not_found"},
		"/ogc/collections/roads":               {404, "not_found"},
		"/ogc/collections/incidents/items/abc": {404, "not_found"},
	} {
		var e struct {
			Error struct{ Code, Message string }
		}
		resp := getJSON(t, u+path, want.status, &e)
		if e.Error.Code != want.code || e.Error.Message == "" || resp.Header.Get("Content-Type") != "application/json" {
			t.Errorf("GET %s: error %+v, want code %s", path, e, want.code)
		}
	}

	// Detail with the rule trace.
	id := int64(viol.Items[0]["id"].(float64))
	var det struct {
		Incident   map[string]any
		Judgements []struct {
			Verdict    string
			PViolation truce.Range `json:"p_violation"`
			Trace      []map[string]any
		}
	}
	getJSON(t, fmt.Sprintf("%s/api/v1/incidents/%d", u, id), 200, &det)
	if len(det.Judgements) != 1 || det.Judgements[0].Verdict != "violation" || det.Judgements[0].PViolation.Mid < 0.95 ||
		len(det.Judgements[0].Trace) == 0 || len(det.Incident["zones"].([]any)) == 0 {
		t.Errorf("detail = %+v", det)
	}

	// A verdict resting on presence data carries the entry and its sources.
	var prob page
	getJSON(t, u+"/api/v1/incidents?verdict=probable_violation,possible_violation,probably_not&limit=100", 200, &prob)
	cited := 0
	for _, it := range prob.Items {
		var pdet struct {
			Judgements []struct {
				Trace []struct {
					Clause   string
					Presence *struct {
						Zone, From, To string
						Groups         []struct {
							Name, Source string
							Excluded     bool
							Low, High    float64
						}
					}
				}
			}
		}
		getJSON(t, fmt.Sprintf("%s/api/v1/incidents/%d", u, int64(it["id"].(float64))), 200, &pdet)
		for _, st := range pdet.Judgements[0].Trace {
			if !strings.HasPrefix(st.Clause, "presence:") {
				continue
			}
			cited++
			if st.Presence == nil || len(st.Presence.Groups) == 0 || st.Presence.Groups[0].Source == "" || st.Presence.From == "" {
				t.Errorf("step citing %s carries presence %+v", st.Clause, st.Presence)
			}
		}
	}
	if cited == 0 {
		t.Errorf("none of %d probable, possible or probably-not verdicts cites presence data", len(prob.Items))
	}

	var st struct {
		Agreement string
		Zones     []map[string]any
	}
	getJSON(t, u+"/api/v1/status?date=2017-05-15", 200, &st)
	if st.Agreement != "astana-2017" || len(st.Zones) != 4 || st.Zones[0]["status"] == "" {
		t.Errorf("status = %+v", st)
	}
	var tr map[string]any
	getJSON(t, u+"/api/v1/trends?zone=idlib&before=10d&after=10d", 200, &tr)
	if tr["verdict"] == nil || tr["rate_ratio"] == nil {
		t.Errorf("trend = %v", tr)
	}
	var cl struct{ Claims []any }
	getJSON(t, u+"/api/v1/claims", 200, &cl)

	for _, ext := range []string{"md", "html"} {
		resp, b := get(t, u+"/api/v1/bulletins/2017-05-15."+ext)
		if resp.StatusCode != 200 || !bytes.Contains(b, []byte("idlib")) {
			t.Errorf("bulletin .%s: %d %.200s", ext, resp.StatusCode, b)
		}
	}

	// Exports stream the same filters.
	resp, b := get(t, u+"/api/v1/incidents.csv?zone=idlib&from=2017-05-06")
	lines := strings.Count(string(b), "\n")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") || lines != len(p0(t, u+"/api/v1/incidents?zone=idlib&from=2017-05-06&limit=1000"))+1 {
		t.Errorf("csv export: %d, %d lines", resp.StatusCode, lines)
	}
	var fc struct{ Features []any }
	resp = getJSON(t, u+"/api/v1/incidents.geojson?bbox=36,35,37,36.5", 200, &fc)
	if resp.Header.Get("Content-Type") != "application/geo+json" {
		t.Errorf("geojson export content type %s", resp.Header.Get("Content-Type"))
	}
	getJSON(t, u+"/api/v1/incidents?bbox=36,35,37,36.5&limit=1000", 200, &p)
	if len(fc.Features) != len(p.Items) {
		t.Errorf("geojson export: %d features, want %d", len(fc.Features), len(p.Items))
	}
	var doc map[string]any
	getJSON(t, u+"/api/v1/openapi.json", 200, &doc)
}

func p0(t *testing.T, url string) []map[string]any {
	var p page
	getJSON(t, url, 200, &p)
	return p.Items
}

func TestOGC(t *testing.T) {
	ts, _ := newServer(t)
	u := ts.URL
	var landing struct{ Links []map[string]string }
	getJSON(t, u+"/ogc?f=json", 200, &landing)
	if len(landing.Links) < 4 {
		t.Fatalf("landing = %+v", landing)
	}
	var conf struct{ ConformsTo []string }
	getJSON(t, u+"/ogc/conformance", 200, &conf)
	if len(conf.ConformsTo) != 3 {
		t.Errorf("conformance = %v", conf)
	}
	var cols struct{ Collections []map[string]any }
	getJSON(t, u+"/ogc/collections", 200, &cols)
	if len(cols.Collections) != 2 {
		t.Errorf("collections = %v", cols)
	}
	getJSON(t, u+"/ogc/collections/zones", 200, nil)
	type fc struct {
		Features       []map[string]any
		NumberReturned int
		Links          []map[string]string
	}
	var z fc
	getJSON(t, u+"/ogc/collections/zones/items", 200, &z)
	if len(z.Features) != 4 || z.NumberReturned != 4 {
		t.Errorf("zones items: %d", len(z.Features))
	}
	getJSON(t, u+"/ogc/collections/zones/items/idlib", 200, nil)
	// Follow next links through every incident of May 2017.
	var total []map[string]any
	next := u + "/ogc/collections/incidents/items?datetime=2017-05-01/2017-05-31&limit=5"
	for next != "" {
		var page fc
		getJSON(t, next, 200, &page)
		total = append(total, page.Features...)
		next = ""
		for _, l := range page.Links {
			if l["rel"] == "next" {
				next = l["href"]
			}
		}
	}
	want := p0(t, u+"/api/v1/incidents?from=2017-05-01&to=2017-05-31&limit=1000")
	if len(total) != len(want) || len(total) == 0 {
		t.Fatalf("OGC pages: %d features, want %d", len(total), len(want))
	}
	getJSON(t, u+"/ogc/collections/incidents/items?datetime=2017-05-01/..&bbox=36,35,37,36.5", 200, nil)
	getJSON(t, u+"/ogc/collections/incidents/items?datetime=nonsense", 400, nil)
	getJSON(t, fmt.Sprintf("%s/ogc/collections/incidents/items/%v", u, total[0]["id"]), 200, nil)

	ogrinfo, err := exec.LookPath("ogrinfo")
	if err != nil {
		t.Skip("SKIP GDAL test: ogrinfo not on PATH (apt-get install gdal-bin)")
	}
	out, err := exec.Command(ogrinfo, "-ro", "-al", "-so", "OAPIF:"+u+"/ogc").CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo -al -so: %v\n%s", err, out)
	}
	for _, layer := range []string{"Layer name: zones", "Layer name: incidents"} {
		if !strings.Contains(string(out), layer) {
			t.Errorf("ogrinfo does not list %q:\n%s", layer, out)
		}
	}
	out, err = exec.Command(ogrinfo, "-ro", "OAPIF:"+u+"/ogc", "zones").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "OGRFeature(zones)") || !strings.Contains(string(out), "idlib") {
		t.Errorf("ogrinfo zones: %v\n%.2000s", err, out)
	}
	out, err = exec.Command(ogrinfo, "-ro", "-where", "date_start < '2017-04-28'", "OAPIF:"+u+"/ogc", "incidents").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "OGRFeature(incidents)") || !strings.Contains(string(out), "POINT") {
		t.Errorf("ogrinfo incidents: %v\n%.2000s", err, out)
	}
}

// TestOpenAPISync checks that every registered route is in the OpenAPI
// document and every documented path is registered.
func TestOpenAPISync(t *testing.T) {
	var doc struct {
		OpenAPI string
		Paths   map[string]map[string]any
	}
	if err := json.Unmarshal(trucehttp.OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi = %q", doc.OpenAPI)
	}
	srv := trucehttp.NewServer(nil, trucehttp.Options{})
	routes := srv.Routes()
	perms := srv.RoutePermissions()
	for _, r := range routes {
		method, path, _ := strings.Cut(r, " ")
		op, ok := doc.Paths[path][strings.ToLower(method)]
		if !ok {
			t.Errorf("route %s is not in openapi.json", r)
			continue
		}
		want := string(perms[r])
		if want == "" {
			want = "none"
		}
		if got := op.(map[string]any)["x-permission"]; got != want {
			t.Errorf("openapi.json says %s needs %v; the server requires %s", r, got, want)
		}
	}
	for p, ops := range doc.Paths {
		for m := range ops {
			if !slices.Contains(routes, strings.ToUpper(m)+" "+p) {
				t.Errorf("openapi.json documents %s %s, which is not registered", strings.ToUpper(m), p)
			}
		}
	}
}

func TestErrorStatus(t *testing.T) {
	for code, want := range map[string]int{truce.EINVALID: 400, truce.ENOTFOUND: 404, truce.ECONFLICT: 409, truce.EINTERNAL: 500} {
		if got := trucehttp.ErrorStatus(truce.Errorf(code, "x")); got != want {
			t.Errorf("%s: %d, want %d", code, got, want)
		}
	}
	if got := trucehttp.ErrorStatus(fmt.Errorf("disk on fire")); got != 500 {
		t.Errorf("plain error: %d", got)
	}
}
