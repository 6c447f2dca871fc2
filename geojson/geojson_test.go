package geojson

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/ingest"
)

var received = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

func open(t testing.TB, name string) *Reader {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	rd, err := NewReader(bytes.NewReader(b), name, ingest.WithReceivedAt(received))
	if err != nil {
		t.Fatal(err)
	}
	return rd
}

func drain(_ testing.TB, rd ingest.Reader) ([]*truce.Report, []string, error) {
	return ingest.ReadAll(rd)
}

func day(s string) time.Time {
	d, err := truce.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestReader(t *testing.T) {
	reps, errs, err := drain(t, open(t, "incidents.geojson"))
	if err != nil || len(errs) > 0 || len(reps) != 3 {
		t.Fatalf("fatal %v, errors %q, %d reports", err, errs, len(reps))
	}
	for i, line := range []int{5, 27, 29} {
		r := reps[i]
		if r.Line != line || r.Origin != "incidents.geojson" || !r.ReceivedAt.Equal(received) ||
			r.Hash != ingest.HashRaw([]byte(r.Raw)) || strings.ContainsAny(r.Raw, "\n") {
			t.Errorf("report %d provenance: line %d (want %d), raw %q", i, r.Line, line, r.Raw)
		}
	}
	a := reps[0]
	if a.Source != "geojson" || a.SourceKey != "g1" || a.Incident.Location != (truce.Location{HasPoint: true, Lon: 36.5, Lat: 35.7,
		Precision: truce.PrecNear, Country: "Testland", Admin1: "North Province", Admin2: "Lake District", Place: "Exampleville"}) ||
		a.Incident.Fatalities != (truce.Fatalities{Low: 4, Best: 4, High: 4, Civilians: 1}) ||
		a.Incident.SubEventType != "Air/drone strike" || a.Incident.SideA != "Military Forces of Testland" ||
		a.Incident.Sources != "Synthetic Wire" || a.Incident.SourceText != "Synthetic feature for tests" ||
		a.Incident.DatePrecision != truce.DateExact {
		t.Errorf("feature 1: %+v", a)
	}
	b := reps[1]
	if b.Source != "field-team" || b.Incident.Source != "field-team" || b.SourceKey != "42" || b.Incident.EventType != truce.Battles ||
		!b.Incident.DateStart.Equal(day("2017-05-06")) || !b.Incident.DateEnd.Equal(day("2017-05-09")) ||
		b.Incident.DatePrecision != truce.DateDays {
		t.Errorf("feature 2: %+v", b)
	}
	c := reps[2]
	if c.Incident.Location.HasPoint || c.Incident.Location.Precision != truce.PrecAdmin1 || !c.Incident.DateStart.Equal(day("2017-05-06")) {
		t.Errorf("feature 3: %+v", c)
	}
}

func TestRowErrors(t *testing.T) {
	reps, errs, err := drain(t, open(t, "errors.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`errors.geojson:2: field "geometry": geometry type LineString is not supported; incidents are points`,
		`errors.geojson:3: field "id": empty; every record needs a stable id so that re-imports match`,
		`errors.geojson:4: field "date": not a date: "tomorrow" (want YYYY-MM-DD, DD/MM/YYYY or 02 January 2017)`,
		`errors.geojson:5: field "geometry": coordinates [35, 95] are out of range; want [longitude, latitude]`,
		`errors.geojson:6: field "fatalities": want a string or a number`,
		`errors.geojson:7: field "sub_event_type": "Grenade" is a sub-event type of "Explosions/Remote violence", not of "Battles"`,
		`errors.geojson:8: field "type": is "Polygon", want "Feature"`,
		`errors.geojson:9: field "geometry": coordinates are not [longitude, latitude]`,
		`errors.geojson:10: field "civilians": 3 civilian deaths exceed the 2 fatalities`,
		`errors.geojson:11: field "properties": is a JSON array, want an object`,
		`errors.geojson:12: not a GeoJSON feature object`,
		// A file may not pose as another source to revise its records.
		`errors.geojson:13: field "source": "ucdp" is the source of another importer or of the API (ucdp, sim, acled, csv, geojson, monitor, news): a file may name its own source, not revise theirs`,
		`errors.geojson:14: field "source": "Monitor" is the source of another importer or of the API (ucdp, sim, acled, csv, geojson, monitor, news): a file may name its own source, not revise theirs`,
	}
	if strings.Join(errs, "\n") != strings.Join(want, "\n") {
		t.Errorf("row errors:\n got %s\nwant %s", strings.Join(errs, "\n     "), strings.Join(want, "\n     "))
	}
	if len(reps) != 1 || reps[0].SourceKey != "ok" || reps[0].Line != 15 {
		t.Errorf("want the last feature, at line 15")
	}
}

func TestFatal(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"not an object", `[1]`, "truce: f.geojson:1: want a GeoJSON FeatureCollection object"},
		{"wrong type", `{"type": "Feature", "features": []}`, "truce: f.geojson:1: type is \"Feature\"; want FeatureCollection"},
		{"no features", `{"type": "FeatureCollection"}`, `truce: f.geojson: no "features" array; want a GeoJSON FeatureCollection`},
		{"features not array", `{"features": {}}`, `truce: f.geojson:1: "features" is not an array`},
		{"empty", ``, "truce: f.geojson:1: unexpected end of file"},
		{"syntax", "{\n\"features\": [\n{\"type\": \"Feature\",,}]}", "truce: f.geojson:3: not valid JSON: invalid character ',' looking for beginning of object key string"},
		{"truncated", "{\"features\": [\n{\"type\": \"Feature\"", "truce: f.geojson:2: unexpected end of file"},
		{"trailing", `{"features": []} {}`, "truce: f.geojson:1: data after the FeatureCollection"},
		{"two arrays", `{"features": [], "features": []}`, `truce: f.geojson:1: a second "features" array`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rd, err := NewReader(strings.NewReader(tc.in), "f.geojson")
			if err == nil {
				_, _, err = drain(t, rd)
				if err != nil {
					// a fatal error sticks
					if _, again := rd.Next(); again != err {
						t.Errorf("second call: %v", again)
					}
				}
			}
			if err == nil || err.Error() != tc.want {
				t.Errorf("got %v\nwant %s", err, tc.want)
			}
		})
	}
}

func TestEmptyCollection(t *testing.T) {
	rd, err := NewReader(strings.NewReader(`{"features": [], "type": "FeatureCollection"}`), "f.geojson")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rd.Next(); err != io.EOF {
		t.Fatalf("got %v, want EOF", err)
	}
	if _, err := rd.Next(); err != io.EOF {
		t.Fatalf("again: got %v, want EOF", err)
	}
}

func TestHashIgnoresLayout(t *testing.T) {
	one := func(in string) string {
		reps, _, err := drain(t, must(t, in))
		if err != nil || len(reps) != 1 {
			t.Fatalf("%v %d", err, len(reps))
		}
		return reps[0].Hash
	}
	a := one(`{"features":[{"type":"Feature","geometry":null,"properties":{"id":"1","date":"2017-01-01"}}]}`)
	b := one("{\"features\":[\n  {\"type\": \"Feature\",\n   \"geometry\": null,\n   \"properties\": {\"id\": \"1\", \"date\": \"2017-01-01\"}}\n]}")
	c := one(`{"features":[{"type":"Feature","geometry":null,"properties":{"id":"1","date":"2017-01-02"}}]}`)
	if a != b || a == c {
		t.Errorf("hashes: %s %s %s", a, b, c)
	}
}

func must(t testing.TB, in string) *Reader {
	rd, err := NewReader(strings.NewReader(in), "f.geojson")
	if err != nil {
		t.Fatal(err)
	}
	return rd
}

// TestStreams checks that memory does not grow with the collection: a large
// generated file is read through a reader that never holds it whole.
func TestStreams(t *testing.T) {
	const n = 20000
	pr, pw := io.Pipe()
	go func() {
		pw.Write([]byte("{\"type\": \"FeatureCollection\", \"features\": [\n"))
		for i := range n {
			sep := ",\n"
			if i == n-1 {
				sep = "\n"
			}
			pw.Write([]byte(`{"type":"Feature","geometry":{"type":"Point","coordinates":[36,35]},"properties":{"id":"` +
				strings.Repeat("x", i%7) + string(rune('a'+i%26)) + `","date":"2017-01-01"}}` + sep))
		}
		pw.Write([]byte("]}\n"))
		pw.Close()
	}()
	rd, err := NewReader(pr, "big.geojson")
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		rep, err := rd.Next()
		if err != nil {
			t.Fatal(err)
		}
		if rep.Line != i+2 {
			t.Fatalf("feature %d at line %d", i, rep.Line)
		}
		if len(rd.lc.pending) > 64<<10 {
			t.Fatalf("line counter holds %d bytes", len(rd.lc.pending))
		}
	}
	if _, err := rd.Next(); err != io.EOF {
		t.Fatal(err)
	}
}

func FuzzGeoJSON(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.geojson")
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"features":[{"type":"Feature","geometry":null,"properties":{"id":1,"date":"2017-01-01"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rd, err := NewReader(bytes.NewReader(data), "fuzz.geojson")
		if err != nil {
			return
		}
		for i := 0; i <= len(data)+1; i++ {
			rep, err := rd.Next()
			if err == io.EOF {
				return
			}
			var re *ingest.RowError
			if errors.As(err, &re) {
				if re.Line < 1 {
					t.Fatalf("row error without a line: %v", err)
				}
				continue
			}
			if err != nil {
				if _, again := rd.Next(); again != err {
					t.Fatalf("fatal error not sticky: %v then %v", err, again)
				}
				return
			}
			if rep.SourceKey == "" || rep.Line < 1 || rep.Incident.DateEnd.Before(rep.Incident.DateStart) {
				t.Fatalf("invalid report passed: %+v", rep)
			}
		}
		t.Fatal("reader does not reach EOF")
	})
}

// TestFeatureTooLarge checks that a feature over MaxFeatureBytes stops the
// import with its line, after keeping the features before it, and is not
// read whole into memory.
func TestFeatureTooLarge(t *testing.T) {
	in := `{"type": "FeatureCollection", "features": [
{"type": "Feature", "geometry": {"type": "Point", "coordinates": [36, 35]}, "properties": {"id": "ok", "date": "2017-01-01"}},
{"type": "Feature", "geometry": {"type": "Point", "coordinates": [36, 35]}, "properties": {"id": "big", "date": "2017-01-01", "notes": "` +
		strings.Repeat("x", 8*MaxFeatureBytes) + `"}}
]}`
	rd, err := NewReader(strings.NewReader(in), "big.geojson")
	if err != nil {
		t.Fatal(err)
	}
	reps, errs, err := drain(t, rd)
	if len(reps) != 1 || len(errs) != 0 || err == nil || !strings.Contains(err.Error(), "big.geojson:2: the feature starting here runs over 1048576 bytes") {
		t.Fatalf("%d reports, row errors %q, fatal %v", len(reps), errs, err)
	}
}
