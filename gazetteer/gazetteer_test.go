package gazetteer

import (
	"encoding/csv"
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/shared"
)

func TestBuiltin(t *testing.T) {
	g := Default()
	if n := len(g.Places()); n < 100 {
		t.Fatalf("%d places, want at least 100", n)
	}
	for _, gov := range []string{"Aleppo", "Idlib", "Hama", "Homs", "Latakia", "Tartus", "Damascus", "Rif Dimashq", "Daraa",
		"Quneitra", "As-Suwayda", "Deir ez-Zor", "Raqqa", "Al-Hasakah"} {
		if p, ok := g.Governorate(gov); !ok || p.Precision != truce.PrecAdmin1 {
			t.Errorf("governorate %s: %+v", gov, p)
		}
	}
	for _, p := range g.Places() {
		if _, ok := g.Governorate(p.Admin1); !ok {
			t.Errorf("%s: admin1 %q is no governorate of the file", p.Name, p.Admin1)
		}
	}
	for name, want := range map[string]string{
		"Maarat al-Numan": "Maarat al-Numan", "Ma'arrat an-Nu'man": "Maarat al-Numan", "Maaret al-Nouman": "Maarat al-Numan",
		"Khan Shaykhun": "Khan Sheikhoun", "Idleb": "Idlib", "Deir al-Zour": "Deir ez-Zor", "Dar'a": "Daraa", "Darayya": "Darayya",
		"Jisr ash-Shughur": "Jisr al-Shughur", "Ḩamāh": "Hama", "the city of Aleppo": "Aleppo city", "Russian": "",
	} {
		p, ok := g.Lookup(name)
		if want == "" {
			if ok {
				t.Errorf("%q found: %s", name, p.Name)
			}
			continue
		}
		if !ok || p.Name != want {
			t.Errorf("%q (key %q): %+v, want %s", name, Key(name), p, want)
		}
	}
}

func TestReadErrors(t *testing.T) {
	for text, want := range map[string]string{
		"A\t\ttown\tHama\t\t30\t36.7\t1\n":                       `x.tsv:1: field lat: "30"`,
		"A\t\ttown\tHama\t\t35.1\tx\t1\n":                        `x.tsv:1: field lon`,
		"A\t\tvillage\tHama\t\t35.1\t36.7\t1\n":                  `field kind: "village"`,
		"A\t\ttown\tHama\t\t35.1\t36.7\t9\n":                     `field precision: "9"`,
		"A\tB\ttown\tHama\n":                                     `x.tsv:1: 4 fields`,
		"Ab\t\ttown\tH\t\t35\t36\t1\nAb\t\ttown\tH\t\t35\t36\t1": `x.tsv:2: name "Ab"`,
	} {
		_, err := Read(strings.NewReader(text), "x.tsv")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", text, err, want)
		}
	}
	if _, err := Default().ReadGeoNames(strings.NewReader("1\tX\tX\t\tnan\t36\tP\tPPL\tSY\t\t10\n"), "g.tsv"); err == nil || !strings.Contains(err.Error(), "g.tsv:1") {
		t.Errorf("GeoNames bad latitude: %v", err)
	}
}

// TestAgainstReferences checks the hand-written coordinates against
// GeoNames and UCDP's place names, where ../shared has them: every built-in
// town found in either must lie within 15 km of it. A namesake over 50 km
// away is another place (Jobar in Damascus and in Homs).
func TestAgainstReferences(t *testing.T) {
	g := Default()
	ref := map[string][][2]float64{} // key → coordinates
	geo := shared.Path(t, "gazetteer/SY_cities1000.tsv")
	f, err := os.Open(geo)
	if err != nil {
		t.Fatal(err)
	}
	gn := &Gazetteer{byKey: map[string]*Place{}, govByID: map[string]*Place{}}
	n, err := gn.ReadGeoNames(f, geo)
	f.Close()
	if err != nil || n < 200 {
		t.Fatalf("GeoNames: %d places, %v", n, err)
	}
	for k, p := range gn.byKey {
		ref[k] = append(ref[k], [2]float64{p.Lat, p.Lon})
	}
	if u, err := os.Open(shared.Path(t, "ucdp/derived_place_names_from_ged.csv")); err == nil {
		rows, _ := csv.NewReader(u).ReadAll()
		u.Close()
		for _, r := range rows[1:] {
			lat, _ := strconv.ParseFloat(r[1], 64)
			lon, _ := strconv.ParseFloat(r[2], 64)
			if r[3] != "1" {
				continue
			}
			name := strings.TrimSuffix(strings.TrimSuffix(r[0], " town"), " village")
			ref[Key(name)] = append(ref[Key(name)], [2]float64{lat, lon})
		}
	}
	checked := 0
	for _, p := range g.Places() {
		if p.Kind != Town && p.Kind != City {
			continue
		}
		var best float64 = -1
		for _, k := range append([]string{Key(p.Name)}, Key(strings.TrimSuffix(p.Name, " city"))) {
			for _, c := range ref[k] {
				if d := DistanceKm(p.Lat, p.Lon, c[0], c[1]); best < 0 || d < best {
					best = d
				}
			}
		}
		if best < 0 || best > 50 {
			continue // no namesake, or one elsewhere (there are two Jobars)
		}
		checked++
		if best > 15 {
			t.Errorf("%s: %.1f km from its namesake in GeoNames/UCDP", p.Name, best)
		}
	}
	t.Logf("%d built-in towns checked against GeoNames and UCDP", checked)
	// The import adds places and keeps the built-in ones.
	f, _ = os.Open(geo)
	defer f.Close()
	added, err := g.ReadGeoNames(f, geo)
	if err != nil || added < 100 {
		t.Fatalf("ReadGeoNames: %d added, %v", added, err)
	}
	if p, _ := g.Lookup("Idlib"); p.Kind != Governorate {
		t.Fatalf("Idlib after import: %+v", p)
	}
	missing := 0
	for _, p := range g.Places() {
		if p.Admin1 == "" {
			missing++
		}
	}
	t.Logf("GeoNames: %d places added, %d without a governorate", added, missing)
}

func FuzzKey(f *testing.F) {
	f.Add("Ma'arrat an-Nu'man")
	f.Add("-al-")
	f.Fuzz(func(t *testing.T, s string) {
		k := Key(s)
		// Words joined by single spaces, never empty ones; the same key
		// every time; nothing but letters, digits and spaces; no key
		// from a name without a letter or digit.
		if strings.Contains(k, "  ") || strings.TrimSpace(k) != k || Key(s) != k {
			t.Fatalf("key %q of %q is not single-spaced words, or not stable", k, s)
		}
		for _, r := range k {
			if r != ' ' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				t.Fatalf("key %q of %q holds %q", k, s, r)
			}
		}
		if !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) && k != "" {
			t.Fatalf("key %q of %q, which has no letter or digit", k, s)
		}
	})
}

func FuzzReadGeoNames(f *testing.F) {
	f.Add("1\tDouma\tDouma\tDuma,دوما\t33.57\t36.40\tP\tPPL\tSY\t\t08\n")
	f.Add("1\tX\tX\t\t1e400\t36\tP\tPPLA\tSY\t\t10\n\t\t\t")
	f.Fuzz(func(t *testing.T, s string) {
		g := Default()
		_, _ = g.ReadGeoNames(strings.NewReader(s), "f.tsv")
		_, _ = Read(strings.NewReader(s), "f.tsv")
	})
}

// TestGeoNamesArabic: a GeoNames file gives its places their Arabic names,
// and a built-in town it names (near where the file puts it) its Arabic
// name too, which Search then finds.
func TestGeoNamesArabic(t *testing.T) {
	g := Default()
	douma, ok := g.Lookup("Douma")
	if !ok || douma.NameAr != "" {
		t.Fatalf("built-in Douma: %+v, %v; want it, without an Arabic name", douma, ok)
	}
	// The far place first: a name alone does not give Douma its Arabic.
	tsv := "2\tFar Duma\tFar Duma\tDouma,دوما البعيدة\t36.5\t40.0\tP\tPPL\tSY\t\t11\t\t\t\t2000\t\t300\tAsia/Damascus\t2012-01-19\n" +
		"170592\tDūmā\tDuma\tDouma,Duma,Dūmā,دوما\t33.57175\t36.4027\tP\tPPLA2\tSY\t\t08\t\t\t\t110893\t\t689\tAsia/Damascus\t2012-01-19\n" +
		"1\tKafr Testa\tKafr Testa\tKafr Testa,كفر تستا,Kfar Testa\t35.1\t36.7\tP\tPPL\tSY\t\t11\t\t\t\t2000\t\t300\tAsia/Damascus\t2012-01-19\n"
	if _, err := g.ReadGeoNames(strings.NewReader(tsv), "cities.tsv"); err != nil {
		t.Fatal(err)
	}
	if douma.NameAr != "دوما" {
		t.Errorf("Douma's Arabic name = %q, want دوما (and not the far place's)", douma.NameAr)
	}
	k, ok := g.Lookup("Kafr Testa")
	if !ok || k.NameAr != "كفر تستا" {
		t.Errorf("an added place: %+v; want its Arabic name", k)
	}
	if m := g.Search("دوم", 5); len(m) == 0 || m[0].Place != douma {
		t.Errorf("Search(دوم) = %+v; want Douma first", m)
	}
}
