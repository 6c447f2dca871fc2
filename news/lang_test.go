package news

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
)

func TestRulesAllLanguages(t *testing.T) {
	for _, l := range []string{"en", "ar", "ru", "tr", "pt", "fr", "es", "no"} {
		r := langs[l]
		if r == nil {
			t.Errorf("no rules for %s", l)
			continue
		}
		if len(r.stopwords) < 10 || len(r.topic) == 0 || len(r.months) < 12 {
			t.Errorf("%s: %d stop words, %d topic words, %d months: too few", l, len(r.stopwords), len(r.topic), len(r.months))
		}
	}
}

// TestLanguageArticles reads testdata/languages.tsv: each article must be
// detected as its language and yield its claims and counts.
func TestLanguageArticles(t *testing.T) {
	ag := astana(t)
	f, err := os.Open("testdata/languages.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		if strings.HasPrefix(sc.Text(), "#") || strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		c := strings.SplitN(sc.Text(), "\t", 4)
		if len(c) != 4 {
			t.Fatalf("languages.tsv:%d: want 4 columns", line)
		}
		wantClaims, _ := strconv.Atoi(c[1])
		wantCounts, _ := strconv.Atoi(c[2])
		text := strings.ReplaceAll(c[3], `\n`, "\n")
		a, err := Parse(strings.NewReader(text), c[0]+".txt", Options{Date: day("2017-06-08")})
		if err != nil {
			t.Errorf("languages.tsv:%d: %v", line, err)
			continue
		}
		if a.Lang != c[0] {
			t.Errorf("languages.tsv:%d: detected %s, want %s", line, a.Lang, c[0])
		}
		items := Classify(a, Statements(a), ag)
		counts := 0
		for _, cs := range Counts(a) {
			counts += len(cs.Counts)
		}
		if n := CountClaims(items); n < wantClaims || counts < wantCounts {
			t.Errorf("languages.tsv:%d (%s): %d claims, %d counts; want %d and %d; items %+v", line, c[0], n, counts, wantClaims, wantCounts, items)
		}
	}
}

func TestDetectLanguage(t *testing.T) {
	for text, want := range map[string]string{
		"The truce is holding in the south, the ministry said.":                    "en",
		"A trégua está sendo respeitada, disse o ministro da Defesa.":              "pt",
		"La tregua se mantiene en las zonas, dijo el portavoz.":                    "es",
		"Le cessez-le-feu est respecté dans les zones, a déclaré le porte-parole.": "fr",
		"Ateşkes büyük ölçüde korunuyor ve durum sakin, dedi bakanlık.":            "tr",
		"Våpenhvilen holder, sier talspersonen for gruppen i dag.":                 "no",
		"Режим прекращения огня соблюдается, заявил министр.":                      "ru",
		"قال المتحدث إن وقف إطلاق النار صامد في إدلب.":                             "ar",
		"Η εκεχειρία τηρείται, δήλωσε ο υπουργός.":                                 "el",
		"12345 !!!":   "und",
		"Xq zzv kkp.": "und",
	} {
		if got := DetectLanguage(text); got != want {
			t.Errorf("DetectLanguage(%q) = %s, want %s", text, got, want)
		}
	}
	// The declared language wins over detection.
	a, err := Parse(strings.NewReader("Language: es\nDate: 2017-06-08\n\nThe truce is holding, the minister said."), "x.txt", Options{})
	if err != nil || a.Lang != "es" {
		t.Fatalf("declared language: %v, %+v", err, a)
	}
	// A language without rules is said, not silently empty.
	a, err = Parse(strings.NewReader("Η εκεχειρία τηρείται, δήλωσε ο υπουργός."), "el.txt", Options{Date: day("2017-06-08")})
	if err != nil || a.Lang != "el" || !strings.Contains(LanguageSkip(a), `no extraction rules for language "el"`) || Statements(a) != nil {
		t.Fatalf("greek: %v, %+v, %q", err, a, LanguageSkip(a))
	}
	if LanguageSkip(&Article{Lang: "pt"}) != "" {
		t.Fatal("pt has rules")
	}
}

func TestArabicDigitsAndMonths(t *testing.T) {
	a, err := Parse(strings.NewReader("قال المتحدث يوم ١٥ أيار إن الهدنة صامدة. وأشار إلى تسجيل ٣ خروقات في ٢ حزيران."), "ar.txt", Options{Date: day("2017-06-08")})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Body, "15") {
		t.Fatalf("digits not normalised: %q", a.Body)
	}
	var got []string
	for _, s := range Sentences(a) {
		for _, d := range newDateReader(langs["ar"], a.Date).all(s.Text) {
			got = append(got, d.From.Format("2006-01-02"))
		}
	}
	if strings.Join(got, ",") != "2017-05-15,2017-06-02" {
		t.Fatalf("dates %v, want 2017-05-15 and 2017-06-02 (both month spellings)", got)
	}
	d := newDateReader(langs["ru"], day("2017-06-08"))
	if m := d.all("Он заявил 26 мая, что режим соблюдается."); len(m) != 1 || m[0].From.Format("2006-01-02") != "2017-05-26" {
		t.Fatalf("russian date %+v", m)
	}
}

func FuzzDetectLanguage(f *testing.F) {
	for _, s := range []string{"The truce holds.", "A trégua está sendo respeitada.", "قال المتحدث ١٥ أيار", "Режим соблюдается", "İdlib'de ateşkes", "", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l := DetectLanguage(s)
		if l == "" {
			t.Fatalf("no language for %q", s)
		}
		if normalizeDigits(s) != normalizeDigits(normalizeDigits(s)) {
			t.Fatalf("digit normalising is not idempotent on %q", s)
		}
	})
}

func TestDatelinesInLanguages(t *testing.T) {
	for _, tc := range []struct{ text, lang, outlet, place, date string }{
		{"DAMASCO, 7 de junho (Reuters) - A trégua está sendo respeitada, disse o porta-voz.", "pt", "Reuters", "DAMASCO", "2017-06-07"},
		{"BEIRUT, 7 de junio (EFE) - La tregua se mantiene, dijo el portavoz.", "es", "EFE", "BEIRUT", "2017-06-07"},
		{"BEYROUTH, 7 juin (AFP) - Le cessez-le-feu est respecté, a déclaré le porte-parole.", "fr", "AFP", "BEYROUTH", "2017-06-07"},
		{"МОСКВА, 7 июня. /ТАСС/. Режим соблюдается, заявил представитель.", "ru", "TASS", "МОСКВА", "2017-06-07"},
		{"İSTANBUL (AA) - Ateşkes korunuyor, dedi sözcü.", "tr", "Anadolu Agency", "İSTANBUL", "2017-06-08"},
		{"دمشق - سانا\nقال المتحدث إن الهدوء يسود.", "ar", "SANA", "دمشق", "2017-06-08"},
	} {
		a, err := Parse(strings.NewReader(tc.text), "x.txt", Options{Date: day("2017-06-08")})
		if err != nil || a.Lang != tc.lang || a.Outlet != tc.outlet || a.Place != tc.place || a.Date.Format("2006-01-02") != tc.date {
			t.Errorf("%q: %v, lang %s outlet %q place %q date %s", tc.text, err, a.Lang, a.Outlet, a.Place, a.Date.Format("2006-01-02"))
		}
	}
}
