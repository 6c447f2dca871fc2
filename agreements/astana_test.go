package agreements_test

import (
	"encoding/csv"
	"errors"
	"io"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/agreement"
	"github.com/truce-monitor/truce/agreements"
	"github.com/truce-monitor/truce/internal/shared"
)

func astana(t *testing.T) *truce.Agreement {
	t.Helper()
	a, err := agreements.Load(agreements.Astana2017File, agreement.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestEveryBundledFileParses(t *testing.T) {
	entries, err := agreements.FS.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.Name() == agreements.PresenceFile {
			continue // read through the agreements that name it
		}
		if _, err := agreements.Load(e.Name(), agreement.Options{}); err != nil {
			t.Errorf("%s: %v", e.Name(), err)
		}
		n++
	}
	if n == 0 {
		t.Error("no agreement files embedded")
	}
}

// TestPresenceSources: every figure of the bundled presence data names its
// source, and every zone of the Astana memorandum is covered from its start
// to its end (or to the end of the UCDP data, 30 November 2019), so that no
// incident naming an aggregate falls back on "nothing known".
func TestPresenceSources(t *testing.T) {
	a := astana(t)
	if a.PresenceFile != agreements.PresenceFile || len(a.PresenceRaw) == 0 {
		t.Fatalf("presence file %q (%d bytes)", a.PresenceFile, len(a.PresenceRaw))
	}
	last := time.Date(2019, 11, 30, 0, 0, 0, 0, time.UTC)
	for _, z := range a.Zones {
		from, to := a.ZonePeriod(z)
		if to.IsZero() || to.After(last) {
			to = last
		}
		for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
			p, ok := a.PresenceAt(z.ID, d)
			if !ok {
				t.Errorf("zone %s: no presence entry on %s", z.ID, d.Format(truce.DateLayout))
				break
			}
			share, _ := p.ExcludedShare()
			if !(share.Low <= share.Mid && share.Mid <= share.High) || share.High >= 1 {
				t.Errorf("zone %s on %s: excluded share %+v", z.ID, d.Format(truce.DateLayout), share)
			}
		}
	}
	for _, p := range a.Presence {
		for _, g := range p.Groups {
			if len(g.Source) < 20 {
				t.Errorf("presence entry at line %d: %s: source %q says too little", p.Line, g.Name, g.Source)
			}
		}
	}
}

func TestAstanaShape(t *testing.T) {
	a := astana(t)
	if a.ID != "astana-2017" || a.Signed.Format(truce.DateLayout) != "2017-05-04" ||
		a.Effective.Format(truce.DateLayout) != "2017-05-06" || a.DurationMonths != 6 {
		t.Errorf("header: %s %v %v %d", a.ID, a.Signed, a.Effective, a.DurationMonths)
	}
	want := []string{"idlib", "northern-homs", "eastern-ghouta", "south"}
	if len(a.Zones) != len(want) {
		t.Fatalf("zones = %d, want %d", len(a.Zones), len(want))
	}
	for i, z := range a.Zones {
		if z.ID != want[i] || !z.Approximate || z.BufferKm <= 0 {
			t.Errorf("zone %d: id %q approximate %v buffer %g", i, z.ID, z.Approximate, z.BufferKm)
		}
		// The brief for these hand-drawn zones: detailed enough to follow the
		// fronts, small enough to review by eye.
		if n := len(z.Geometry[0][0]) - 1; n < 20 || n > 80 {
			t.Errorf("zone %s has %d vertices, want 20-80", z.ID, n)
		}
	}
	// UCDP's own spellings must resolve to the excluded groups.
	excluded := map[string]string{}
	for _, act := range a.Excluded {
		excluded[act.Name] = act.ID
		for _, al := range act.Aliases {
			excluded[al] = act.ID
		}
	}
	for name, id := range map[string]string{"IS": "isil", "HTS": "hts", "Hay’at Tahrir al-Sham": "hts",
		"Jabhat Fateh al-Sham": "hts", "Jabhat al-Nusra li al-Sham": "hts", "al-Qaida": "al-qaida"} {
		if excluded[name] != id {
			t.Errorf("UCDP name %q resolves to %q, want %q", name, excluded[name], id)
		}
	}
}

// known places, WGS 84, from GeoNames and UCDP GED (rounded), so the test
// runs without the shared data.
var (
	insideZone = map[string]map[string]orb.Point{
		"idlib": {
			"Idlib": {36.634, 35.931}, "Maarat al-Numan": {36.677, 35.648}, "Saraqib": {36.806, 35.864},
			"Khan Shaykhun": {36.651, 35.442}, "Jisr al-Shughur": {36.321, 35.814}, "Kafr Zita": {36.603, 35.374},
			"Latamneh": {36.623, 35.321}, "Morek": {36.687, 35.375}, "Atarib": {36.825, 36.139},
			"Darat Izza": {36.852, 36.282}, "Khan Tuman": {37.051, 36.117}, "Kabanah": {36.233, 35.717},
		},
		"northern-homs": {"Rastan": {36.732, 34.927}, "Talbiseh": {36.731, 34.841}, "Houla": {36.512, 34.885}},
		"eastern-ghouta": {"Douma": {36.403, 33.572}, "Harasta": {36.365, 33.559}, "Saqba": {36.384, 33.519},
			"Arbin": {36.367, 33.536}, "Kafr Batna": {36.373, 33.512}},
		"south": {"Nawa": {36.040, 32.890}, "Daraa al-Balad": {36.106, 32.611}, "Tafas": {36.067, 32.736},
			"Jasim": {36.060, 32.992}, "Inkhil": {36.128, 33.018}, "Busra al-Sham": {36.483, 32.520}},
	}
	outsideAll = map[string]orb.Point{
		"Damascus (old city)": {36.306, 33.511}, "Aleppo": {37.161, 36.201}, "Hama": {36.758, 35.132},
		"Homs": {36.723, 34.727}, "Latakia": {35.790, 35.532}, "Tartus": {35.887, 34.889},
		"Sweida": {36.570, 32.709}, "Raqqa": {39.008, 35.953}, "Deir ez-Zor": {40.141, 35.336},
		"Qamishli": {41.231, 37.052},
		// government-held or ISIL-held places next to the zones' fronts
		"Nubl": {36.993, 36.379}, "Suqaylabiyah": {36.394, 35.367}, "Halfaya": {36.606, 35.260},
		"Sheikh Miskin": {36.159, 32.829}, "Izra": {36.255, 32.871}, "Sanamayn": {36.184, 33.072},
		"Khan Arnabah": {35.892, 33.184}, "Tasil": {35.970, 32.836},
	}
)

func zonesAt(a *truce.Agreement, p orb.Point) []string {
	var ids []string
	for _, z := range a.Zones {
		if planar.MultiPolygonContains(z.Geometry, p) {
			ids = append(ids, z.ID)
		}
	}
	return ids
}

func TestAstanaKnownPlaces(t *testing.T) {
	a := astana(t)
	for zone, places := range insideZone {
		for name, p := range places {
			if got := zonesAt(a, p); len(got) != 1 || got[0] != zone {
				t.Errorf("%s %v is in %v, want [%s]", name, p, got, zone)
			}
		}
	}
	for name, p := range outsideAll {
		if got := zonesAt(a, p); len(got) != 0 {
			t.Errorf("%s %v is in %v, want no zone", name, p, got)
		}
	}
}

// TestAstanaGazetteer repeats the check with GeoNames' own coordinates, so a
// mistyped coordinate in the table above cannot hide a wrong polygon.
func TestAstanaGazetteer(t *testing.T) {
	path := shared.Path(t, "gazetteer/SY_cities1000.tsv")
	want := map[string]string{ // GeoNames asciiname → zone, "" for none
		"Idlib": "idlib", "Saraqib": "idlib", "Khan Shaykhun": "idlib", "Jisr ash Shughur": "idlib",
		"Ma`arrat an Nu`man": "idlib", "Kafr Zayta": "idlib", "Ar Rastan": "northern-homs", "Tallbisah": "northern-homs",
		"Douma": "eastern-ghouta", "Harasta": "eastern-ghouta", "Kafr Batna": "eastern-ghouta",
		"Nawa": "south", "Tafas": "south", "Jasim": "south", "Inkhil": "south", "Busra ash Sham": "south",
		"Damascus": "", "Aleppo": "", "Hamah": "", "Homs": "", "Latakia": "", "As Suwayda'": "",
		"Ar Raqqah": "", "Al Qamishli": "", "Nubl": "", "As Sanamayn": "", "Izra`": "",
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma, r.LazyQuotes, r.FieldsPerRecord = '\t', true, -1
	a := astana(t)
	seen := map[string]bool{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		zone, ok := want[rec[2]]
		if !ok || len(rec) < 6 {
			continue
		}
		lat, _ := strconv.ParseFloat(rec[4], 64)
		lon, _ := strconv.ParseFloat(rec[5], 64)
		seen[rec[2]] = true
		got := zonesAt(a, orb.Point{lon, lat})
		if (zone == "" && len(got) != 0) || (zone != "" && (len(got) != 1 || got[0] != zone)) {
			t.Errorf("%s (%.4f, %.4f) is in %v, want %q", rec[2], lon, lat, got, zone)
		}
	}
	for name := range want {
		if !seen[name] {
			t.Errorf("%s not found in the gazetteer", name)
		}
	}
}

// TestAstanaCatchesUCDPFighting counts UCDP GED events with exact locations
// inside each zone, as a sanity check that the polygons sit on the fighting
// the sources describe: the Eastern Ghouta siege and offensive from November
// 2017 to March 2018 above all.
func TestAstanaCatchesUCDPFighting(t *testing.T) {
	path := shared.Path(t, "ucdp/ged_syria_2016-2019_ged191.csv")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	a := astana(t)
	inWindow := map[string]int{} // 2017-05-06 … 2017-12-31
	ghoutaSiege := 0             // 2017-11-01 … 2018-02-28
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if rec[col["where_prec"]] != "1" {
			continue
		}
		day := rec[col["date_start"]]
		if len(day) > 10 {
			day = day[:10]
		}
		lon, _ := strconv.ParseFloat(rec[col["longitude"]], 64)
		lat, _ := strconv.ParseFloat(rec[col["latitude"]], 64)
		for _, id := range zonesAt(a, orb.Point{lon, lat}) {
			if day >= "2017-05-06" && day <= "2017-12-31" {
				inWindow[id]++
			}
			if id == "eastern-ghouta" && day >= "2017-11-01" && day <= "2018-02-28" {
				ghoutaSiege++
			}
		}
	}
	for _, z := range a.Zones {
		t.Logf("%-15s %4d UCDP events (where_prec 1) 2017-05-06…2017-12-31", z.ID, inWindow[z.ID])
		if inWindow[z.ID] < 20 {
			t.Errorf("zone %s catches only %d UCDP events in 2017: is it misplaced?", z.ID, inWindow[z.ID])
		}
	}
	t.Logf("eastern-ghouta %d UCDP events 2017-11-01…2018-02-28", ghoutaSiege)
	if ghoutaSiege < 150 {
		t.Errorf("eastern-ghouta catches %d events in Nov 2017-Feb 2018, want at least 150", ghoutaSiege)
	}
}
