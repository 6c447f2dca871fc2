package agreement

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/truce-monitor/truce"
)

// districts stands in for an admin-unit gazetteer: two unit squares.
func districts(code string) (orb.MultiPolygon, bool) {
	sq := func(x, y float64) orb.MultiPolygon {
		return orb.MultiPolygon{{{{x, y}, {x + 1, y}, {x + 1, y + 1}, {x, y + 1}, {x, y}}}}
	}
	switch code {
	case "SY0101":
		return sq(36, 33), true
	case "SY0102":
		return sq(37, 33), true
	}
	return nil, false
}

func TestParseOK(t *testing.T) {
	for _, name := range []string{"ok-minimal.yaml", "ok-full.yaml", "ok.json", "ok-rules.yaml"} {
		t.Run(name, func(t *testing.T) {
			a, err := Load(filepath.Join("testdata", name), Options{AdminUnits: districts})
			if err != nil {
				t.Fatal(err)
			}
			data, _ := os.ReadFile(filepath.Join("testdata", name))
			if string(a.Raw) != string(data) {
				t.Error("Raw is not the file's bytes")
			}
			if a.ID == "" || len(a.Zones) == 0 || len(a.Parties) == 0 || len(a.Prohibited) == 0 {
				t.Errorf("incomplete agreement: %+v", a)
			}
		})
	}
}

func TestParseFullValues(t *testing.T) {
	a, err := Load("testdata/ok-full.yaml", Options{AdminUnits: districts})
	if err != nil {
		t.Fatal(err)
	}
	z := a.Zones[0]
	if got := len(z.Geometry); got != 2 {
		t.Fatalf("polygons = %d, want 2", got)
	}
	if got := len(z.Geometry[0]); got != 2 {
		t.Errorf("rings of polygon 0 = %d, want 2 (exterior + hole)", got)
	}
	if z.BufferKm != 2.5 || !z.Approximate || z.Notes != "drawn by hand" {
		t.Errorf("zone fields: %+v", z)
	}
	if got := z.EffectiveFrom.Format(truce.DateLayout) + " " + z.EffectiveTo.Format(truce.DateLayout); got != "2020-02-01 2020-12-31" {
		t.Errorf("zone period = %s", got)
	}
	if len(z.ObservationPosts) != 1 || z.ObservationPosts[0].Since.Format(truce.DateLayout) != "2020-03-01" ||
		z.ObservationPosts[0].Lon != 36.2 || z.ObservationPosts[0].Lat != 35.8 {
		t.Errorf("observation posts: %+v", z.ObservationPosts)
	}
	if len(z.Checkpoints) != 1 || z.Checkpoints[0].Name != "Gate" {
		t.Errorf("checkpoints: %+v", z.Checkpoints)
	}
	if adm := a.Zones[1]; len(adm.Geometry) != 2 || strings.Join(adm.Admin, ",") != "SY0101,SY0102" {
		t.Errorf("admin zone: %+v", adm)
	}
	if a.Expires.Format(truce.DateLayout) != "2021-01-02" || a.DurationMonths != 12 || len(a.Renewals) != 1 {
		t.Errorf("term: %v %d %v", a.Expires, a.DurationMonths, a.Renewals)
	}
	if p := a.Prohibited[1]; p.EventType != truce.ExplosionsRemoteViolence || p.SubEventType != "Air/drone strike" {
		t.Errorf("prohibited: %+v", p)
	}
	if got := strings.Join(a.Parties[0].Aliases, "|"); got != "A|The A" {
		t.Errorf("aliases = %q", got)
	}
	if len(a.Guarantors) != 1 || len(a.Excluded) != 1 || len(a.Sources) != 2 {
		t.Errorf("actors/sources: %v %v %v", a.Guarantors, a.Excluded, a.Sources)
	}
}

// TestParseErrors checks every message of each broken file, in order, with
// its line, so a change that shifts or drops one shows.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		file string
		opts Options
		want []string
	}{
		{"err-keys.yaml", Options{}, []string{
			`err-keys.yaml:1: id: "Bad_ID" is not a lower-case slug`,
			`err-keys.yaml:1: title: required`,
			`err-keys.yaml:2: unknown key "titel"`,
			`err-keys.yaml:6: parties[0]: unknown key "alias"`,
			`err-keys.yaml:12: zones[0]: unknown key "buffer"`,
			`err-keys.yaml:16: zones[0].geometry: unknown key "crs"`,
		}},
		{"err-geometry.yaml", Options{}, []string{
			`err-geometry.yaml:13: zones[0].geometry: ring 0 is not closed`,
			`err-geometry.yaml:19: zones[1].geometry: ring 0 position 1: latitude 200 is out of range [-90, 90]`,
			`err-geometry.yaml:25: zones[2].geometry: ring 0 intersects itself (segments 0 and 2 cross or touch)`,
			`err-geometry.yaml:31: zones[3].geometry: ring 0 is degenerate (it encloses no area)`,
			`err-geometry.yaml:38: zones[4].geometry: ring 1 (a hole) has position 0 outside the exterior ring`,
			`err-geometry.yaml:41: zones[5].geometry: ring 0 has 3 positions; a ring needs at least 4`,
			`err-geometry.yaml:45: zones[6]: zone "both" has both geometry and admin; give one`,
			`err-geometry.yaml:46: zones[7]: zone "neither" needs geometry or admin`,
			`err-geometry.yaml:50: zones[8].geometry.type: "Point" is not Polygon or MultiPolygon`,
			`err-geometry.yaml:53: zones[9].geometry: ring 0 position 1: want a finite number, got .nan`,
		}},
		{"err-dates.yaml", Options{}, []string{
			`err-dates.yaml:4: effective: 2020-01-01 is before signed (2020-02-01)`,
			`err-dates.yaml:5: expires: 2019-12-31 is not after effective (2020-01-01)`,
			`err-dates.yaml:7: renewals[0].until: 2020-02-01 is not after the renewal's date (2020-03-01)`,
			`err-dates.yaml:8: renewals[1].date: "20200401" is not a date (want YYYY-MM-DD)`,
			`err-dates.yaml:14: zones[0].effective_from: 2019-06-01 is before the agreement is effective (2020-01-01)`,
			`err-dates.yaml:15: zones[0].effective_to: "2020-06-31" is not a date (want YYYY-MM-DD)`,
		}},
		{"err-truces.yaml", Options{}, []string{
			`err-truces.yaml:12: truces[0].date: 2019-06-01 is before the agreement took effect (2020-01-01)`,
			`err-truces.yaml:13: truces[1].until: 2020-02-01 is before the truce's date (2020-03-01)`,
			`err-truces.yaml:14: truces[2].date: 2020-02-01 is before the previous truce (2020-03-01); list truces in order`,
			`err-truces.yaml:14: truces[2].zones: zone "atlantis" is not one of the agreement's`,
			`err-truces.yaml:15: truces[3].source: required`,
			`err-truces.yaml:15: truces[3].zones: name the zones the truce covers`,
		}},
		{"err-ids.yaml", Options{}, []string{
			`err-ids.yaml:6: parties[0].aliases[1]: must not be empty`,
			`err-ids.yaml:7: parties[1].id: id "gov" is already used by parties[0]`,
			`err-ids.yaml:9: excluded[0].aliases[0]: "ARMY" also names parties[0]`,
			`err-ids.yaml:10: excluded[1].id: id "unknown" is reserved: claims accuse "unknown" when their words name no attacker`,
			`err-ids.yaml:13: prohibited[1].id: id "act" is already used by prohibited[0]`,
			`err-ids.yaml:13: prohibited[1].event_type: "Fights" is not an ACLED event type`,
			`err-ids.yaml:14: prohibited[2].sub_event_type: "Air/drone strike" belongs to "Explosions/Remote violence", not "Battles"`,
			`err-ids.yaml:15: prohibited[3].clause: required`,
			`err-ids.yaml:19: zones[0].buffer_km: 150 is out of range [0, 100)`,
			`err-ids.yaml:21: zones[1].id: id "box" is already used by zones[0]`,
			`err-ids.yaml:23: zones[1].buffer_km: -1 is out of range [0, 100)`,
		}},
		{"err-syntax.yaml", Options{}, []string{
			`err-syntax.yaml:3: did not find expected '-' indicator`,
		}},
		{"err-admin.yaml", Options{}, []string{
			`err-admin.yaml:10: zones[0].admin: zone "districts" is defined by admin units, but no admin-unit boundaries were given`,
		}},
		{"err-admin.yaml", Options{AdminUnits: districts}, []string{
			`err-admin.yaml:10: zones[0].admin[1]: unknown admin unit "SY9999" in zone "districts"`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			a, err := Parse(data, tt.file, tt.opts)
			if a != nil || err == nil {
				t.Fatalf("Parse = %v, %v; want an error", a, err)
			}
			if truce.ErrorCode(err) != truce.EINVALID {
				t.Errorf("code = %q, want %q", truce.ErrorCode(err), truce.EINVALID)
			}
			lines := strings.Split(truce.ErrorMessage(err), "\n")
			if len(lines) != len(tt.want) {
				t.Fatalf("got %d errors, want %d:\n%s", len(lines), len(tt.want), truce.ErrorMessage(err))
			}
			for i, w := range tt.want {
				if !strings.HasPrefix(lines[i], w) {
					t.Errorf("error %d:\n got %s\nwant %s…", i, lines[i], w)
				}
			}
		})
	}
}

func TestParseEmptyAndMultiDoc(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", "x.yaml: empty file"},
		{"# only a comment\n", "x.yaml: empty file"},
		{"id: a\n---\nid: b\n", "x.yaml:2: more than one YAML document"},
		{"- a\n- b\n", "x.yaml:1: want a mapping, got a list"},
		{"id: &x a\ntitle: *x\n", "x.yaml:1: id: YAML anchors and aliases are not supported"},
	} {
		_, err := Parse([]byte(tt.in), "x.yaml", Options{})
		if msg := truce.ErrorMessage(err); !strings.HasPrefix(msg, tt.want) {
			t.Errorf("Parse(%q) = %q, want prefix %q", tt.in, msg, tt.want)
		}
	}
}

// TestParseTooManyErrors checks that a badly broken file yields a bounded
// report that says how much it left out.
func TestParseTooManyErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString("id: many\ntitle: t\nsigned: 2020-01-01\neffective: 2020-01-01\nparties: [{id: a, name: A}]\n")
	b.WriteString("prohibited: [{id: p, event_type: Battles, clause: c}]\nzones:\n")
	for i := range 30 {
		fmt.Fprintf(&b, "  - {id: z%d, name: Z, bogus: 1}\n", i)
	}
	_, err := Parse([]byte(b.String()), "many.yaml", Options{})
	lines := strings.Split(truce.ErrorMessage(err), "\n")
	if len(lines) != maxErrors+1 {
		t.Fatalf("got %d lines, want %d", len(lines), maxErrors+1)
	}
	if want := "many.yaml: too many errors (40 more)"; lines[maxErrors] != want {
		t.Errorf("last line = %q, want %q", lines[maxErrors], want)
	}
}

func TestLoadMissing(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.yaml"), Options{})
	if truce.ErrorCode(err) != truce.ENOTFOUND {
		t.Errorf("code = %q, want %q (%v)", truce.ErrorCode(err), truce.ENOTFOUND, err)
	}
	var te *truce.Error
	if !errors.As(err, &te) {
		t.Errorf("%v is not a *truce.Error", err)
	}
}

func TestSelfIntersection(t *testing.T) {
	for _, tt := range []struct {
		name  string
		ring  orb.Ring
		cross bool
	}{
		{"square", orb.Ring{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}, false},
		{"concave", orb.Ring{{0, 0}, {4, 0}, {4, 4}, {2, 1}, {0, 4}, {0, 0}}, false},
		{"bowtie", orb.Ring{{0, 0}, {2, 2}, {2, 0}, {0, 2}, {0, 0}}, true},
		{"spike", orb.Ring{{0, 0}, {2, 0}, {2, 2}, {2, 1}, {0, 2}, {0, 0}}, true},
		{"touching vertex", orb.Ring{{0, 0}, {4, 0}, {2, 2}, {4, 4}, {0, 4}, {2, 2}, {0, 0}}, true},
		{"vertex on edge", orb.Ring{{0, 0}, {4, 0}, {4, 4}, {2, 0}, {0, 4}, {0, 0}}, true},
	} {
		if _, _, got := selfIntersection(tt.ring); got != tt.cross {
			t.Errorf("%s: crosses = %v, want %v", tt.name, got, tt.cross)
		}
	}
}

// FuzzParse checks that no input makes Parse panic, and that what it accepts
// is internally consistent.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := Parse(data, "fuzz.yaml", Options{AdminUnits: districts})
		if (a == nil) == (err == nil) {
			t.Fatalf("Parse = %v, %v: want exactly one", a, err)
		}
		if err != nil {
			if truce.ErrorCode(err) != truce.EINVALID {
				t.Fatalf("code %q for %v", truce.ErrorCode(err), err)
			}
			return
		}
		for _, z := range a.Zones {
			if len(z.Geometry) == 0 {
				t.Fatalf("zone %q accepted without geometry", z.ID)
			}
		}
	})
}

// TestLoadTooLarge checks that an oversized agreement file is refused
// before it is read, naming the file and the limit.
func TestLoadTooLarge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.yaml")
	if err := os.WriteFile(path, append([]byte("id: huge\n# "), bytes.Repeat([]byte("x"), MaxFileBytes)...), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path, Options{})
	if truce.ErrorCode(err) != truce.EINVALID || !strings.Contains(err.Error(), "huge.yaml") || !strings.Contains(err.Error(), "over the limit of 8388608") {
		t.Fatalf("Load(huge) = %v", err)
	}
	if _, err := Parse(bytes.Repeat([]byte("#"), MaxFileBytes+1), "pasted.yaml", Options{}); truce.ErrorCode(err) != truce.EINVALID {
		t.Fatalf("Parse(huge) = %v", err)
	}
}

// serpentine is a simple ring of n segments: long horizontal teeth stacked
// close together, joined at alternate ends, and closed by a return path.
// Every tooth spans the whole width, so a sweep by longitude compares
// every pair.
func serpentine(n int) orb.Ring {
	var r orb.Ring
	rows := n / 2
	for i := 0; i < rows; i++ {
		y := float64(i) * 1e-4
		if i%2 == 0 {
			r = append(r, orb.Point{0, y}, orb.Point{1, y})
		} else {
			r = append(r, orb.Point{1, y}, orb.Point{0, y})
		}
	}
	top := float64(rows) * 1e-4
	return append(r, orb.Point{-0.1, top}, orb.Point{-0.1, -0.1}, orb.Point{0, -0.1}, r[0])
}

// TestCheckSimple checks the indexed check against the sweep on large
// rings, finds a single crossing among 100,000 segments, and refuses a ring
// drawn so that every extent overlaps every other instead of taking
// quadratic time.
func TestCheckSimple(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 20 {
		// A star-shaped ring (simple) with some vertices pulled across
		// (crossing) in half the trials.
		n := 600 + rng.IntN(400)
		r := make(orb.Ring, n+1)
		for k := range n {
			a := 2 * math.Pi * float64(k) / float64(n)
			rad := 1 + 0.3*rng.Float64()
			if trial%2 == 1 && rng.IntN(200) == 0 {
				rad = -rad
			}
			r[k] = orb.Point{rad * math.Cos(a), rad * math.Sin(a)}
		}
		r[n] = r[0]
		_, _, want := selfIntersection(r)
		_, _, got, ok := checkSimple(r)
		if !ok || got != want {
			t.Fatalf("trial %d (%d segments): checkSimple = %v (ok %v), the sweep says %v", trial, n, got, ok, want)
		}
	}
	big := serpentine(100000)
	if _, _, crosses, ok := checkSimple(big); crosses || !ok {
		t.Fatalf("serpentine: crosses %v, ok %v; want a simple ring", crosses, ok)
	}
	// One tooth bent down across the two below it.
	big[5001][1] -= 3e-4
	if _, _, crosses, ok := checkSimple(big); !crosses || !ok {
		t.Fatalf("serpentine with a bent tooth: crosses %v, ok %v", crosses, ok)
	}
	small := serpentine(2000)
	small[1001][1] -= 3e-4
	_, _, want := selfIntersection(small)
	if _, _, got, _ := checkSimple(small); !want || got != want {
		t.Fatalf("small bent serpentine: sweep %v, checkSimple %v", want, got)
	}
	// A fan of long diagonals: every segment's extent covers every other's.
	var fan orb.Ring
	for k := range 2000 {
		d := float64(k) * 1e-6
		if k%2 == 0 {
			fan = append(fan, orb.Point{d, 0})
		} else {
			fan = append(fan, orb.Point{1 + d, 1})
		}
	}
	fan = append(fan, orb.Point{-1, 1}, fan[0])
	// Its diagonals cross: it must be refused, as crossing or as too
	// tangled to check, never passed as simple.
	if _, _, crosses, ok := checkSimple(fan); ok && !crosses {
		t.Fatal("a fan of crossing diagonals passed as a simple ring")
	}
}

// BenchmarkRingCheck compares the indexed check with the sweep on a
// serpentine, whose teeth all share one band of longitude.
func BenchmarkRingCheck(b *testing.B) {
	r := serpentine(20000)
	b.Run("indexed", func(b *testing.B) {
		for b.Loop() {
			checkSimple(r)
		}
	})
	b.Run("sweep", func(b *testing.B) {
		for b.Loop() {
			selfIntersection(r)
		}
	})
}
