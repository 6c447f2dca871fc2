package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/truce-monitor/truce/internal/pgtest"
)

// newsGeoJSON reports two of ucdp_small's events again, as news: Douma
// (ucdp:9000001) twice, by outlets of independent origins, and Maarat
// al-Numan (ucdp:9000002) as a battle, which the same-type window keeps
// apart.
const newsGeoJSON = `{"type": "FeatureCollection", "features": [
{"type": "Feature", "geometry": {"type": "Point", "coordinates": [36.4200, 33.5719]},
 "properties": {"source": "wire", "id": "n1", "date": "2017-06-10", "precision": 1, "event_type": "Explosions/Remote violence",
  "sub_event_type": "Air/drone strike", "side_a": "Syrian insurgents", "side_b": "Government of Syria", "place": "Douma", "sources": "Reuters"}},
{"type": "Feature", "geometry": {"type": "Point", "coordinates": [36.4100, 33.5750]},
 "properties": {"source": "wire", "id": "n2", "date": "2017-06-11", "precision": 1, "event_type": "Explosions/Remote violence",
  "side_a": "Government of Syria", "place": "Douma", "sources": "TASS; RIA Novosti"}},
{"type": "Feature", "geometry": {"type": "Point", "coordinates": [36.6720, 35.6484]},
 "properties": {"source": "wire", "id": "n3", "date": "2017-06-12", "precision": 1, "event_type": "Battles",
  "side_a": "Government of Syria", "side_b": "Syrian insurgents", "place": "Maarat al-Numan", "sources": "SANA"}}
]}`

func TestCorroborate(t *testing.T) {
	testCorroborate(t, newDB(t))
}

func TestCorroboratePostgres(t *testing.T) {
	testCorroborate(t, pgtest.FreshSchema(t))
}

// keysIn lists the SOURCE:KEY ids at the start of table lines.
func keysIn(table string) []string {
	var out []string
	for _, l := range strings.Split(table, "\n")[1:] {
		if f := strings.Fields(l); len(f) > 0 && strings.Contains(f[0], ":") {
			out = append(out, f[0])
		}
	}
	return out
}

func testCorroborate(t *testing.T, db string) {
	news := filepath.Join(t.TempDir(), "news.geojson")
	if err := os.WriteFile(news, []byte(newsGeoJSON), 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, db, "agreement", "load", astana)
	mustRun(t, db, "import", "ucdp", "testdata/ucdp_small.csv")
	mustRun(t, db, "import", "geojson", news)
	mustRun(t, db, "adjudicate")

	if code, _, errs := run(t, db, "incidents", "--corroborated-by", "2"); code != exitError || !strings.Contains(errs, "truce corroborate") {
		t.Fatalf("--corroborated-by before a run: exit %d, stderr %q", code, errs)
	}
	if why := mustRun(t, db, "why", "ucdp:9000001"); strings.Contains(why, "Corroboration") {
		t.Fatalf("why before a run mentions corroboration:\n%s", why)
	}
	out := mustRun(t, db, "corroborate")
	if !strings.Contains(out, "corroborated 8 incidents") || !strings.Contains(out, "1 groups of two or more hold 3 incidents") ||
		!strings.Contains(out, "confidence: 1 high") {
		t.Fatalf("corroborate:\n%s", out)
	}
	if again := mustRun(t, db, "corroborate"); again != out {
		t.Fatalf("corroborate is not idempotent:\n%s\nthen\n%s", out, again)
	}
	if got := strings.Join(keysIn(mustRun(t, db, "incidents", "--corroborated-by", "3")), " "); got != "ucdp:9000001 wire:n1 wire:n2" {
		t.Fatalf("--corroborated-by 3 = %q", got)
	}
	if got := keysIn(mustRun(t, db, "incidents", "--corroborated-by", "4")); len(got) != 0 {
		t.Fatalf("--corroborated-by 4 = %q", got)
	}
	if got := keysIn(mustRun(t, db, "incidents", "--corroborated-by", "1")); len(got) != 8 {
		t.Fatalf("--corroborated-by 1 = %q", got)
	}
	why := mustRun(t, db, "why", "wire:n1")
	for _, want := range []string{
		"Corroboration: group 1 of 3 incidents, 3 independent source(s), confidence high",
		"sources: Reuters, Russian state media, SOHR; datasets: ucdp, wire",
		"1  ucdp:9000001  earliest report of the incident",
		"* 6  wire:n1       1.6 km (within 5 km) and same day as ucdp:9000001, same type Explosions/Remote violence, sides agree",
		"7  wire:n2       0.8 km (within 5 km) and 1 day(s) apart from ucdp:9000001, same type Explosions/Remote violence, sides compatible (some unknown)",
	} {
		if !strings.Contains(why, want) {
			t.Errorf("why wire:n1 lacks %q:\n%s", want, why)
		}
	}
	if why := mustRun(t, db, "why", "ucdp:9000002"); !regexp.MustCompile(`Corroboration: uncorroborated, 1 independent source \(no other source's incident within 5 km`).MatchString(why) {
		t.Errorf("why ucdp:9000002:\n%s", why)
	}

	// An analyst splits n2 off; later runs keep it apart.
	out = mustRun(t, db, "corroborate", "split", "wire:n2")
	if !strings.Contains(out, "split wire:n2 from 2 incident(s)") || !strings.Contains(out, "uncorroborated") {
		t.Fatalf("split:\n%s", out)
	}
	mustRun(t, db, "corroborate")
	if got := strings.Join(keysIn(mustRun(t, db, "incidents", "--corroborated-by", "2")), " "); got != "ucdp:9000001 wire:n1" {
		t.Fatalf("after split, --corroborated-by 2 = %q", got)
	}
	why = mustRun(t, db, "why", "ucdp:9000001")
	if !strings.Contains(why, "2 independent source(s), confidence medium") || !strings.Contains(why, "kept apart from wire:n2 by an analyst split") {
		t.Fatalf("why after split:\n%s", why)
	}
	// A merge overrides the type window, and the split.
	out = mustRun(t, db, "corroborate", "merge", "wire:n3", "ucdp:9000002")
	if !strings.Contains(out, "analyst merge with") || !strings.Contains(out, "2 independent source(s)") {
		t.Fatalf("merge:\n%s", out)
	}
	mustRun(t, db, "corroborate", "merge", "wire:n2", "ucdp:9000001")
	if got := strings.Join(keysIn(mustRun(t, db, "incidents", "--corroborated-by", "3")), " "); got != "ucdp:9000001 wire:n1 wire:n2" {
		t.Fatalf("after merge, --corroborated-by 3 = %q", got)
	}

	for _, args := range [][]string{
		{"corroborate", "--km", "0"}, {"corroborate", "--type", "same"}, {"corroborate", "--sides", "x"}, {"corroborate", "extra"},
		{"corroborate", "merge", "wire:n1"}, {"corroborate", "merge", "wire:n1", "wire:n1"}, {"incidents", "--corroborated-by", "-1"},
	} {
		if code, _, _ := run(t, db, args...); code != exitUsage {
			t.Errorf("truce %s: exit %d, want %d", strings.Join(args, " "), code, exitUsage)
		}
	}
	if code, _, errs := run(t, db, "corroborate", "split", "ucdp:9000005"); code != exitError || !strings.Contains(errs, "in no corroboration group") {
		t.Errorf("split of a lone incident: exit %d, %q", code, errs)
	}
}
