package sim_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/sim"
)

// square returns a zone that is a square of side deg degrees with its
// south-west corner at (lon, lat).
func square(id string, lon, lat, deg float64) truce.Zone {
	return truce.Zone{ID: id, Name: id, Geometry: orb.MultiPolygon{{{
		{lon, lat}, {lon + deg, lat}, {lon + deg, lat + deg}, {lon, lat + deg}, {lon, lat},
	}}}}
}

// donut is a zone with a hole, to check that sampling honours holes.
func donut(id string) truce.Zone {
	return truce.Zone{ID: id, Geometry: orb.MultiPolygon{{
		{{38.0, 35.5}, {39.0, 35.5}, {39.0, 36.5}, {38.0, 36.5}, {38.0, 35.5}},
		{{38.3, 35.8}, {38.3, 36.2}, {38.7, 36.2}, {38.7, 35.8}, {38.3, 35.8}},
	}}}
}

func testZones() []truce.Zone {
	return []truce.Zone{square("idlib", 36.3, 35.4, 0.6), donut("ring")}
}

func csvHash(t *testing.T, cfg sim.Config) string {
	t.Helper()
	h := sha256.New()
	if _, err := sim.WriteUCDP(h, cfg); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestDeterminism(t *testing.T) {
	base := sim.DefaultConfig(7, testZones())
	base.Days = 60
	other := base
	other.Seed = 8
	sameAgain := base
	sameAgain.Zones = testZones() // equal values, different slices
	tests := []struct {
		name string
		a, b sim.Config
		same bool
	}{
		{"SameSeed", base, base, true},
		{"SameValues", base, sameAgain, true},
		{"OtherSeed", base, other, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ha, hb := csvHash(t, tt.a), csvHash(t, tt.b)
			if (ha == hb) != tt.same {
				t.Errorf("hashes %s and %s: same = %v, want %v", ha, hb, ha == hb, tt.same)
			}
		})
	}
}

// wantColumns is written out rather than taken from the package so that a
// typo there cannot pass unnoticed.
var wantColumns = strings.Split("id,year,active_year,type_of_violence,conflict_new_id,conflict_name,dyad_new_id,"+
	"dyad_name,side_a_new_id,side_a,side_b_new_id,gwnob,side_b,number_of_sources,source_article,source_office,"+
	"source_date,source_headline,source_original,where_prec,where_coordinates,adm_1,adm_2,latitude,longitude,"+
	"geom_wkt,priogrid_gid,country,country_id,region,event_clarity,date_prec,date_start,date_end,deaths_a,"+
	"deaths_b,deaths_civilians,deaths_unknown,low,best,high,sim_zone,sim_violation,sim_excluded", ",")

func TestHeader(t *testing.T) {
	cfg := sim.DefaultConfig(1, testZones())
	cfg.Days = 1
	var buf bytes.Buffer
	if _, err := sim.WriteUCDP(&buf, cfg); err != nil {
		t.Fatal(err)
	}
	got, err := csv.NewReader(&buf).Read()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != strings.Join(wantColumns, ",") {
		t.Errorf("header\n got %q\nwant %q", got, wantColumns)
	}
	if len(sim.UCDPColumns()) != 41 || strings.Join(sim.Columns(), ",") != strings.Join(wantColumns, ",") {
		t.Errorf("UCDPColumns/Columns disagree with the header")
	}

	// The shared GED file is the reference when it is there; it is never
	// copied into the repository.
	f, err := os.Open("/work/shared/data/ucdp/ged_syria_2016-2019_ged191.csv")
	if err != nil {
		t.Log("shared GED file not available; checked against the written-out list only")
		return
	}
	defer f.Close()
	real, err := csv.NewReader(f).Read()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(real, ",") != strings.Join(got[:41], ",") {
		t.Errorf("first 41 columns differ from the GED file's header\n got %q\nwant %q", got[:41], real)
	}
}

// collect runs Generate and keeps a copy of every event.
func collect(t *testing.T, cfg sim.Config) []sim.Event {
	t.Helper()
	var evs []sim.Event
	if err := sim.Generate(cfg, func(ev *sim.Event) error {
		evs = append(evs, *ev)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return evs
}

func TestEffect(t *testing.T) {
	start := time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		effect   float64
		tolerate float64 // relative; about 3.5 standard errors of the ratio under the gamma-Poisson model
	}{
		{"Decline65", 0.35, 0.12},
		{"None", 1, 0.12},
		{"Decline90", 0.1, 0.15},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := sim.DefaultConfig(42, []truce.Zone{square("z", 36.3, 35.4, 0.5)})
			cfg.Start, cfg.Days, cfg.Ceasefire = start, 3000, start.AddDate(0, 0, 1000)
			cfg.Effect, cfg.OutsideRate = tt.effect, 0
			var before, after, violations int
			err := sim.Generate(cfg, func(ev *sim.Event) error {
				if ev.DateStart.Before(cfg.Ceasefire) {
					before++
					if ev.Truth.Violation {
						t.Fatalf("event %d before the ceasefire is a violation", ev.ID)
					}
				} else {
					after++
					if ev.Truth.Violation {
						violations++
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			ratio := (float64(after) / 2000) / (float64(before) / 1000)
			t.Logf("%d events before, %d after: ratio %.3f (Effect %.2f)", before, after, ratio, tt.effect)
			if math.Abs(ratio/tt.effect-1) > tt.tolerate {
				t.Errorf("rate after / rate before = %.3f, want %.2f ± %.0f %%", ratio, tt.effect, 100*tt.tolerate)
			}
			if share := float64(violations) / float64(after); math.Abs(share-(1-cfg.ExcludedShare)) > 0.04 {
				t.Errorf("share of violations after the ceasefire = %.3f, want %.2f", share, 1-cfg.ExcludedShare)
			}
		})
	}
}

func TestInvariants(t *testing.T) {
	zones := testZones()
	// A zone whose own dates override the ceasefire's, ending it too.
	late := square("late", 40.0, 35.0, 0.4)
	late.EffectiveFrom = time.Date(2017, 3, 1, 0, 0, 0, 0, time.UTC)
	late.EffectiveTo = time.Date(2017, 8, 31, 0, 0, 0, 0, time.UTC)
	zones = append(zones, late)
	geom := map[string]truce.Zone{}
	for _, z := range zones {
		geom[z.ID] = z
	}
	cfg := sim.DefaultConfig(3, zones)
	evs := collect(t, cfg)
	if len(evs) < 4000 {
		t.Fatalf("only %d events in a default year", len(evs))
	}

	var prev time.Time
	for i, ev := range evs {
		tr := ev.Truth
		if want := cfg.IDBase + int64(i); ev.ID != want || ev.SourceKey != strconv.FormatInt(want, 10) {
			t.Fatalf("event %d: ID %d, SourceKey %q, want %d", i, ev.ID, ev.SourceKey, want)
		}
		if ev.DateStart.Before(prev) {
			t.Fatalf("event %d: %s after %s: not in date order", ev.ID, ev.DateStart, prev)
		}
		prev = ev.DateStart
		if ev.DateEnd.Before(ev.DateStart) || (ev.DatePrecision == truce.DateExact) != ev.DateEnd.Equal(ev.DateStart) {
			t.Errorf("event %d: date_prec %d with %s..%s", ev.ID, ev.DatePrecision, ev.DateStart, ev.DateEnd)
		}
		pt := orb.Point{tr.Lon, tr.Lat}
		switch z, inZone := geom[tr.Zone]; {
		case tr.Zone == "":
			if tr.Violation {
				t.Errorf("event %d outside zones is a violation", ev.ID)
			}
			if !cfg.Bounds.Contains(pt) {
				t.Errorf("outside event %d at %v is out of bounds", ev.ID, pt)
			}
			for _, z := range zones {
				if planar.MultiPolygonContains(z.Geometry, pt) {
					t.Errorf("outside event %d at %v is in zone %s", ev.ID, pt, z.ID)
				}
			}
		case !inZone:
			t.Fatalf("event %d in unknown zone %q", ev.ID, tr.Zone)
		default:
			if !planar.MultiPolygonContains(z.Geometry, pt) {
				t.Errorf("event %d of zone %s truly at %v, outside it", ev.ID, z.ID, pt)
			}
			if ev.Location.Precision == truce.PrecExact {
				if rp := (orb.Point{ev.Location.Lon, ev.Location.Lat}); !planar.MultiPolygonContains(z.Geometry, rp) {
					t.Errorf("where_prec 1 event %d of zone %s reported at %v, outside it", ev.ID, z.ID, rp)
				}
			}
			from, to := cfg.Ceasefire, time.Time{}
			if !z.EffectiveFrom.IsZero() {
				from, to = z.EffectiveFrom, z.EffectiveTo
			}
			inForce := !ev.DateStart.Before(from) && (to.IsZero() || !ev.DateStart.After(to))
			if tr.Violation != (inForce && !tr.Excluded) {
				t.Errorf("event %d in %s on %s: violation %v, in force %v, excluded %v",
					ev.ID, z.ID, ev.DateStart.Format(truce.DateLayout), tr.Violation, inForce, tr.Excluded)
			}
		}
		f := ev.Fatalities
		if ev.DeathsA < 0 || ev.DeathsB < 0 || f.Civilians < 0 || ev.DeathsUnknown < 0 ||
			ev.DeathsA+ev.DeathsB+f.Civilians+ev.DeathsUnknown != f.Best || !(0 <= f.Low && f.Low <= f.Best && f.Best <= f.High) {
			t.Errorf("event %d: deaths %d+%d+%d+%d, low %d best %d high %d",
				ev.ID, ev.DeathsA, ev.DeathsB, f.Civilians, ev.DeathsUnknown, f.Low, f.Best, f.High)
		}
		if ev.ViolenceType == 3 && (ev.DeathsA != 0 || ev.DeathsB != 0) {
			t.Errorf("one-sided event %d has combatant deaths", ev.ID)
		}
		if got := truce.EventTypeOf(ev.SubEventType); got != ev.EventType {
			t.Errorf("event %d: sub-event type %q is not of %q", ev.ID, ev.SubEventType, ev.EventType)
		}
	}
}

// TestHeadlinesNameWeapon is the contract with importers that infer ACLED
// types from UCDP headlines.
func TestHeadlinesNameWeapon(t *testing.T) {
	keywords := map[string][]string{
		"Air/drone strike":                  {"Airstrikes", "Warplanes", "Aerial bombardment", "barrel bombs"},
		"Shelling/artillery/missile attack": {"Shelling", "shelling", "shells"},
		"Armed clash":                       {"clashes", "Clashes"},
		"Remote explosive/landmine/IED":     {"IED", "Car bomb", "Landmine"},
		"Attack":                            {"Gunmen", "executed", "shot dead"},
	}
	cfg := sim.DefaultConfig(5, testZones())
	cfg.Days = 60
	seen := map[string]bool{}
	for _, ev := range collect(t, cfg) {
		words, ok := keywords[ev.SubEventType]
		if !ok {
			t.Fatalf("event %d: unexpected sub-event type %q", ev.ID, ev.SubEventType)
		}
		found := false
		for _, w := range words {
			found = found || strings.Contains(ev.Headline, w)
		}
		if !found {
			t.Errorf("event %d: headline %q does not name its weapon (%s)", ev.ID, ev.Headline, ev.SubEventType)
		}
		if !strings.HasPrefix(ev.SourceText, ev.Headline) || strings.Count(ev.SourceText, ";")+1 != ev.NumSources {
			t.Errorf("event %d: source text %q for %d sources of %q", ev.ID, ev.SourceText, ev.NumSources, ev.Headline)
		}
		seen[ev.SubEventType] = true
	}
	if len(seen) != len(keywords) {
		t.Errorf("only sub-event types %v occurred", seen)
	}
}

// TestDistributions checks the mixes the package doc promises, with margins
// a few times their sampling error over some 60 000 events.
func TestDistributions(t *testing.T) {
	cfg := sim.DefaultConfig(11, testZones())
	cfg.Days = 3000
	var n, prec1, prec2, exactDate, oneSource, sohr float64
	var bestSum, civSum float64
	if err := sim.Generate(cfg, func(ev *sim.Event) error {
		n++
		switch ev.Location.Precision {
		case 1:
			prec1++
		case 2:
			prec2++
		}
		if ev.DatePrecision == 1 {
			exactDate++
		}
		if ev.NumSources == 1 {
			oneSource++
		}
		if strings.HasPrefix(ev.Sources, "SOHR") {
			sohr++
		}
		bestSum += float64(ev.Fatalities.Best)
		civSum += float64(ev.Fatalities.Civilians)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		got, want float64
		margin    float64
	}{
		{"where_prec 1", prec1 / n, 0.544, 0.01},
		{"where_prec 2", prec2 / n, 0.349, 0.01},
		{"where_prec 3-6", 1 - (prec1+prec2)/n, 0.107, 0.01},
		{"date_prec 1", exactDate / n, 0.934, 0.01},
		{"one source", oneSource / n, 0.81, 0.01},
		{"SOHR", sohr / n, 0.92, 0.02},
		{"mean best", bestSum / n, 6.5, 1.5}, // heavy tail: wide margin
		{"civilian share", civSum / bestSum, 0.25, 0.06},
	}
	for _, tt := range tests {
		if math.Abs(tt.got-tt.want) > tt.margin {
			t.Errorf("%s = %.3f, want %.3f ± %.3f", tt.name, tt.got, tt.want, tt.margin)
		}
	}
}

// TestCSVMatchesEvents reads the CSV back and checks it row by row against
// Generate's events and Reports' reports.
func TestCSVMatchesEvents(t *testing.T) {
	cfg := sim.DefaultConfig(9, testZones())
	cfg.Days = 120
	var buf bytes.Buffer
	n, err := sim.WriteUCDP(&buf, cfg)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	evs := collect(t, cfg)
	var reps []truce.Report
	if err := sim.Reports(cfg, func(r *truce.Report) error {
		reps = append(reps, *r)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if n != len(evs) || n != len(reps) || n != len(lines)-1 {
		t.Fatalf("WriteUCDP wrote %d rows in %d lines; Generate gave %d events; Reports %d", n, len(lines), len(evs), len(reps))
	}

	r := csv.NewReader(&buf)
	header, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	atoi := func(rec []string, name string) int {
		v, err := strconv.Atoi(rec[col[name]])
		if err != nil {
			t.Fatalf("column %s: %v", name, err)
		}
		return v
	}
	for i := 0; ; i++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		ev, rep := &evs[i], &reps[i]
		if rep.Raw != lines[i+1] || rep.Line != i+2 || rep.SourceKey != rec[col["id"]] || rep.Source != "sim" {
			t.Fatalf("report %d: line %d key %q raw %q\nwant line %d key %q raw %q",
				i, rep.Line, rep.SourceKey, rep.Raw, i+2, rec[col["id"]], lines[i+1])
		}
		if sum := sha256.Sum256([]byte(rep.Raw)); rep.Hash != hex.EncodeToString(sum[:]) {
			t.Fatalf("report %d: hash is not the SHA-256 of Raw", i)
		}
		if rep.Incident.SourceText != ev.SourceText || rep.Incident.Location != ev.Location {
			t.Fatalf("report %d: incident differs from Generate's event", i)
		}
		a, b, c, u := atoi(rec, "deaths_a"), atoi(rec, "deaths_b"), atoi(rec, "deaths_civilians"), atoi(rec, "deaths_unknown")
		low, best, high := atoi(rec, "low"), atoi(rec, "best"), atoi(rec, "high")
		if a+b+c+u != best || low > best || best > high {
			t.Errorf("row %d: deaths %d+%d+%d+%d, low %d best %d high %d", i, a, b, c, u, low, best, high)
		}
		if best != ev.Fatalities.Best || rec[col["id"]] != strconv.FormatInt(ev.ID, 10) ||
			rec[col["source_headline"]] != ev.SourceText || rec[col["sim_zone"]] != ev.Truth.Zone ||
			(rec[col["sim_violation"]] == "1") != ev.Truth.Violation || (rec[col["sim_excluded"]] == "1") != ev.Truth.Excluded ||
			rec[col["date_start"]] != ev.DateStart.Format(truce.DateLayout) || rec[col["date_end"]] != ev.DateEnd.Format(truce.DateLayout) {
			t.Fatalf("row %d does not match event %+v:\n%q", i, *ev, rec)
		}
		lat, _ := strconv.ParseFloat(rec[col["latitude"]], 64)
		lon, _ := strconv.ParseFloat(rec[col["longitude"]], 64)
		if lat != ev.Location.Lat || lon != ev.Location.Lon ||
			rec[col["geom_wkt"]] != "POINT ("+rec[col["longitude"]]+" "+rec[col["latitude"]]+")" {
			t.Errorf("row %d: point %s %s %s, event at %v %v", i, rec[col["longitude"]], rec[col["latitude"]], rec[col["geom_wkt"]], ev.Location.Lon, ev.Location.Lat)
		}
		if want := "\"" + ev.Sources[:strings.IndexByte(ev.Sources+";", ';')] + "," + rec[col["date_end"]] + "," + ev.Headline + "\""; !strings.HasPrefix(rec[col["source_article"]], want) {
			t.Errorf("row %d: source_article %q, want it to start with %q", i, rec[col["source_article"]], want)
		}
	}
}

func TestPriogrid(t *testing.T) {
	// The first row of the GED Syria file: 34.802462 N 36.707602 E is cell 179714.
	cfg := sim.DefaultConfig(1, nil)
	cfg.Days = 30
	var buf bytes.Buffer
	if _, err := sim.WriteUCDP(&buf, cfg); err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(&buf)
	r.Read()
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		lat, _ := strconv.ParseFloat(rec[23], 64)
		lon, _ := strconv.ParseFloat(rec[24], 64)
		want := int(math.Floor((lat+90)*2))*720 + int(math.Floor((lon+180)*2)) + 1
		if rec[26] != strconv.Itoa(want) {
			t.Fatalf("priogrid_gid %s at %v %v, want %d", rec[26], lat, lon, want)
		}
	}
	if got := int(math.Floor((34.802462+90)*2))*720 + int(math.Floor((36.707602+180)*2)) + 1; got != 179714 {
		t.Fatalf("the test's own formula gives %d for GED's first row, want 179714", got)
	}
}

func TestLimitAndStop(t *testing.T) {
	cfg := sim.DefaultConfig(1, testZones())
	cfg.Limit = 17
	if n, err := sim.WriteUCDP(io.Discard, cfg); err != nil || n != 17 {
		t.Errorf("WriteUCDP with Limit 17: %d rows, %v", n, err)
	}
	stop := errors.New("stop")
	calls := 0
	err := sim.Generate(sim.DefaultConfig(1, testZones()), func(*sim.Event) error {
		calls++
		if calls == 5 {
			return stop
		}
		return nil
	})
	if err != stop || calls != 5 {
		t.Errorf("Generate after fn's error: %v after %d calls, want %v after 5", err, calls, stop)
	}
}

func TestConfigErrors(t *testing.T) {
	mod := func(f func(*sim.Config)) sim.Config {
		c := sim.DefaultConfig(1, testZones())
		f(&c)
		return c
	}
	tests := []struct {
		name string
		cfg  sim.Config
	}{
		{"ErrNegativeDays", mod(func(c *sim.Config) { c.Days = -1 })},
		{"ErrNegativeEffect", mod(func(c *sim.Config) { c.Effect = -0.1 })},
		{"ErrNaNEffect", mod(func(c *sim.Config) { c.Effect = math.NaN() })},
		{"ErrInfRate", mod(func(c *sim.Config) { c.BaseRate = math.Inf(1) })},
		{"ErrExcludedShare", mod(func(c *sim.Config) { c.ExcludedShare = 1.5 })},
		{"ErrDispersion", mod(func(c *sim.Config) { c.Dispersion = -1 })},
		{"ErrNoZoneID", mod(func(c *sim.Config) { c.Zones = []truce.Zone{square("", 36, 35, 1)} })},
		{"ErrDuplicateZone", mod(func(c *sim.Config) { c.Zones = []truce.Zone{square("a", 36, 35, 1), square("a", 37, 35, 1)} })},
		{"ErrFlatZone", mod(func(c *sim.Config) { c.Zones = []truce.Zone{square("flat", 36, 35, 0)} })},
		{"ErrEmptyZone", mod(func(c *sim.Config) { c.Zones = []truce.Zone{{ID: "empty"}} })},
		{"ErrPastYear9999", mod(func(c *sim.Config) { c.Days = 3_000_000 })},
		{"ErrCrowded", mod(func(c *sim.Config) {
			c.Zones = []truce.Zone{square("all", 30, 30, 20)}
		})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := sim.Generate(tt.cfg, func(*sim.Event) error { return nil })
			if code := truce.ErrorCode(err); code != truce.EINVALID {
				t.Errorf("got %v (code %q), want an %s error", err, code, truce.EINVALID)
			}
		})
	}
}

func TestNoZones(t *testing.T) {
	cfg := sim.DefaultConfig(2, nil)
	cfg.Days = 30
	for _, ev := range collect(t, cfg) {
		if ev.Truth.Zone != "" || ev.Truth.Violation {
			t.Fatalf("event %d without zones has truth %+v", ev.ID, ev.Truth)
		}
	}
}

// TestHidden checks that Hidden makes the aggregate hide excluded groups in
// the share AggregateExcludedShare states, and that without it no event
// hides one.
func TestHidden(t *testing.T) {
	for _, hidden := range []float64{0, 0.5, 1} {
		cfg := sim.DefaultConfig(11, testZones())
		cfg.Hidden = hidden
		var aggregate, excluded, named int
		err := sim.Generate(cfg, func(e *sim.Event) error {
			if e.Truth.Zone == "" {
				return nil
			}
			if e.SideA == "Syrian insurgents" || e.SideB == "Syrian insurgents" {
				aggregate++
				if e.Truth.Excluded {
					excluded++
				}
			}
			if e.Truth.Hidden != (e.Truth.Excluded && (e.SideB == "Syrian insurgents")) {
				t.Fatalf("event %d: hidden %v, excluded %v, sides %q vs %q", e.ID, e.Truth.Hidden, e.Truth.Excluded, e.SideA, e.SideB)
			}
			if e.Truth.Excluded && !e.Truth.Hidden {
				named++
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		got, want := float64(excluded)/float64(aggregate), sim.AggregateExcludedShare(cfg)
		if math.Abs(got-want) > 0.02 {
			t.Errorf("hidden %v: %d of %d aggregate events hide an excluded group (%.3f), want %.3f", hidden, excluded, aggregate, got, want)
		}
		if hidden == 1 && named != 0 || hidden == 0 && named == 0 {
			t.Errorf("hidden %v: %d excluded groups named", hidden, named)
		}
	}
}
