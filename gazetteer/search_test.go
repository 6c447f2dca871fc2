package gazetteer

import "testing"

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Ma'arrat an-Nu'mān": "maarrat an numan",
		"  Deir  ez-Zor ":    "deir ez zor",
		"إِدْلِب":            "ادلب",
		"الرقّة":             "الرقه",
		"حمـاة":              "حماه",
		"ضاحية الأسد":        "ضاحيه الاسد",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPrefixMatch(t *testing.T) {
	for _, c := range []struct {
		name, q string
		want    bool
	}{
		{"Eastern Ghouta", "ghou", true},
		{"Eastern Ghouta", "east", true},
		{"Eastern Ghouta", "hout", false}, // inside a word
		{"Al-Hasakah", "hasa", true},
		{"Ḥimṣ", "hims", true},
		{"الرقة", "رقه", true}, // after the article
		{"دوما", "دوم", true},
		{"دوما", "وما", false},
		{"Douma", "", false},
	} {
		if got := PrefixMatch(c.name, Fold(c.q)); got != c.want {
			t.Errorf("PrefixMatch(%q, %q) = %v, want %v", c.name, c.q, got, c.want)
		}
	}
}

func TestSearch(t *testing.T) {
	g := Default()
	names := func(ms []Match) []string {
		var out []string
		for _, m := range ms {
			out = append(out, m.Place.Name+"="+m.Name)
		}
		return out
	}
	// Case- and accent-insensitive, on a word's start.
	got := g.Search("DOU", 10)
	if len(got) == 0 || got[0].Place.Name != "Douma" {
		t.Fatalf("Search(DOU) = %v, want Douma first", names(got))
	}
	// An alias finds its place, and says which spelling matched.
	got = g.Search("Idleb", 10)
	if len(got) == 0 || got[0].Place.Name != "Idlib" || got[0].Name != "Idleb" {
		t.Fatalf("Search(Idleb) = %v, want Idlib by its alias Idleb", names(got))
	}
	// Governorates and cities before towns.
	got = g.Search("alep", 10)
	if len(got) < 2 || got[0].Place.Kind != Governorate {
		t.Fatalf("Search(alep) = %v, want the governorate first", names(got))
	}
	if got := g.Search("a", 3); len(got) != 3 {
		t.Errorf("Search(a, 3): %d places, want 3", len(got))
	}
	if got := g.Search("zzzz", 10); len(got) != 0 {
		t.Errorf("Search(zzzz) = %v", names(got))
	}
	if got := g.Search("  ", 10); len(got) != 0 {
		t.Errorf("Search(blank) = %v", names(got))
	}
}
