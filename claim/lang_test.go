package claim

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/truce-monitor/truce"
)

func TestVocabLoads(t *testing.T) {
	for _, l := range []string{"en", "ar", "ru", "tr", "pt", "fr", "es", "no"} {
		if vocabs[l] == nil {
			t.Errorf("no claim vocabulary for %s", l)
		}
	}
	if _, err := parseVocab("xx", "[holding]\nholding\n"); err == nil {
		t.Error("a vocabulary without [no-violations] was accepted")
	}
	if _, err := parseVocab("xx", "[holding]\n(unclosed\n[no-violations]\nnone\n"); err == nil {
		t.Error("a bad pattern was accepted")
	}
	if _, err := ParseClaimIn("xx", "the truce holds", astana(t)); err == nil || !strings.Contains(truce.ErrorMessage(err), `no claim vocabulary for language "xx"`) {
		t.Errorf("unknown language: %v", err)
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"وقْفُ إطلاقِ النّار ٣٩": "وقف اطلاق النار 39", "۱۲ حالة": "12 حاله", "İHLAL ıı": "ihlal ıı", "Cease-fire’s": "cease fire's", "ЁЛКА": "елка",
	} {
		lang := ""
		if strings.Contains(in, "İ") {
			lang = "tr"
		}
		if got := Fold(lang, in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestClaimsInLanguages reads testdata/claims.tsv: sentences written for
// these tests (no news text), one a line: language, sentence, assertion (or
// "-" for none), scope ("all" or zone IDs), hedges ("-" or comma-separated)
// and counts ("-" or N/Reporter, comma-separated, "?" for no reporter).
func TestClaimsInLanguages(t *testing.T) {
	a := astana(t)
	f, err := os.Open("testdata/claims.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	langs := map[string]int{}
	for line := 1; sc.Scan(); line++ {
		if strings.HasPrefix(sc.Text(), "#") || strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		c := strings.Split(sc.Text(), "\t")
		if len(c) != 6 {
			t.Fatalf("claims.tsv:%d: %d columns, want 6", line, len(c))
		}
		n++
		langs[c[0]]++
		p, err := ParseClaimIn(c[0], c[1], a)
		got := "-"
		if err == nil {
			got = p.Assertion
		}
		scope := "all"
		if !p.Scope.All {
			scope = strings.Join(p.Scope.Zones, ",")
		}
		var hedges, counts []string
		hedges = append(hedges, p.Hedges...)
		for _, k := range p.Counts {
			r := k.Reporter
			if r == "" {
				r = "?"
			}
			counts = append(counts, strconv.Itoa(k.N)+"/"+r)
		}
		orDash := func(s []string) string {
			if len(s) == 0 {
				return "-"
			}
			return strings.Join(s, ",")
		}
		if got != c[2] || (c[2] != "-" && scope != c[3]) || orDash(hedges) != c[4] || orDash(counts) != c[5] {
			t.Errorf("claims.tsv:%d %s %q:\n got  %s\t%s\t%s\t%s (err %v)\n want %s\t%s\t%s\t%s",
				line, c[0], c[1], got, scope, orDash(hedges), orDash(counts), err, c[2], c[3], c[4], c[5])
		}
	}
	for _, l := range []string{"en", "ar", "ru", "tr", "pt", "fr", "es"} {
		if langs[l] < 4 {
			t.Errorf("claims.tsv has %d sentences in %s: want at least 4", langs[l], l)
		}
	}
	t.Logf("%d sentences", n)
}

func FuzzParseClaimIn(f *testing.F) {
	f.Add("en", "Russian monitors reported eight ceasefire violations, while the Turkish side - 3")
	f.Add("ar", "رصد الجانب الروسي ٣٩ حالة إطلاق نار في إدلب")
	f.Add("ru", "Российская сторона зафиксировала 12 нарушений режима прекращения огня")
	f.Add("tr", "Türk tarafı İdlib'de 5 ihlal tespit etti")
	f.Add("es", "la tregua se mantiene en general")
	f.Add("ru", "Жертвами обстрела города Дума стали пять мирных жителей")
	f.Add("tr", "Rus heyeti 9, Türk heyeti ise 2 ihlal tespit etti")
	f.Add("fr", "Russian and Turkish monitors: le ministère russe de la Défense, 9 juillet, 3 jours")
	a := astana(f)
	f.Fuzz(func(t *testing.T, lang, s string) {
		p, err := ParseClaimIn(lang, s, a)
		if err == nil && p.Assertion == "" {
			t.Fatalf("no assertion and no error for %q", s)
		}
		for _, c := range p.Counts {
			if c.N < 0 || c.What == "" {
				t.Fatalf("count %+v from %q", c, s)
			}
		}
		ParseCounts(lang, s)
		if q, ok := ReadDeathsIn(lang, s); ok && (q.N < 0 || q.Said == "" || q.What != QuantityDeaths) {
			t.Fatalf("deaths %+v from %q", q, s)
		}
		if side := Issuer(lang, s); side != "" && side != "Russian side" && side != "Turkish side" {
			t.Fatalf("issuer %q from %q", side, s)
		}
	})
}

// TestClauseScopeAndTimes: a claim's places are those of the clause that
// asserts it; "N times" counts violations only beside a violation or an
// attack, and not as a place's share in brackets.
func TestClauseScopeAndTimes(t *testing.T) {
	a := astana(t)
	for _, tc := range []struct{ lang, text, zones string }{
		{"en", "The ceasefire in southern Syria is largely holding, but air strikes continue in Idlib province", "south"},
		{"fr", "La trêve est respectée dans le sud de la Syrie, mais des frappes se poursuivent à Idleb", "south"},
		{"en", "Air strikes continue in Idlib province, but the ceasefire in southern Syria is holding", "south"},
		{"en", "The ceasefire in southern Syria is holding, except for shelling in Idlib province", "south"},
		{"tr", "Türk tarafı Hama'da ateşkesin korunduğunu bildirdi", "idlib"},
		{"pt", "Os bombardeamentos na Guta Oriental diminuíram", "eastern-ghouta"},
	} {
		p, err := ParseClaimIn(tc.lang, tc.text, a)
		if err != nil || strings.Join(p.Scope.Zones, "+") != tc.zones {
			t.Errorf("%q: %v, zones %v, want %s", tc.text, err, p.Scope.Zones, tc.zones)
		}
	}
	for _, tc := range []struct {
		lang, text string
		want       string
	}{
		{"pt", "os militantes abriram fogo 11 vezes contra posições do Exército", "11"},
		{"es", "los terroristas violaron la tregua en 6 ocasiones", "6"},
		{"pt", "os insurgentes atacaram Royset (duas vezes) e Msibin", ""},
		{"en", "prices rose three times this year", ""},
		{"es", "las fuerzas del régimen violaron el alto el fuego en la zona de distensión de Idlib en once ocasiones", "11"},
		{"ru", "Турецкая сторона нарушений не зафиксировала", "0"},
		{"ru", "за прошедшие сутки нарушений не было", "0"},
		{"ru", "серьезных нарушений не было", ""},
		{"en", "there had been no serious violations since the Sochi deal", ""},
		{"en", "the Turkish side had registered no violations", "0"},
		{"ar", "لم يرصدوا أي خروقات في الأيام الثلاثة الماضية", "0"},
		{"es", "los observadores turcos contabilizaron cuatro casos en la provincia de Idlib", "4"},
		{"ar", "خرقوا نظام وقف الأعمال القتالية ثلاثاً وعشرين مرة", "23"},
		{"pt", "os grupos armados violaram o cessar-fogo setenta e duas vezes", "72"},
		{"tr", "rejim güçlerince on üç ateşkes ihlali gerçekleştirildi", "13"},
	} {
		var got []string
		for _, c := range ParseCounts(tc.lang, tc.text) {
			got = append(got, fmt.Sprint(c.N))
		}
		if strings.Join(got, ",") != tc.want {
			t.Errorf("%q: counts %v, want %s", tc.text, got, tc.want)
		}
	}
}

// TestConcession: what a claim concedes is not what it claims.
func TestConcession(t *testing.T) {
	a := astana(t)
	for _, tc := range []struct{ lang, text, want string }{
		{"en", "The ceasefire was largely holding on Thursday, rebels said, despite accusations of sporadic breaches by both sides", truce.AssertHolding},
		{"es", "La tregua se mantiene, pese a las acusaciones de violaciones por parte de los rebeldes", truce.AssertHolding},
		{"en", "The ceasefire is holding in northern Hama", truce.AssertHolding},
	} {
		p, err := ParseClaimIn(tc.lang, tc.text, a)
		if err != nil || p.Assertion != tc.want {
			t.Errorf("%q: %s, %v; want %s", tc.text, p.Assertion, err, tc.want)
		}
	}
	if p, err := ParseClaimIn("en", "The ceasefire is holding in northern Hama", a); err != nil || strings.Join(p.Scope.Areas, "+") != "Hama" {
		t.Errorf("northern Hama: areas %v, %v; want Hama", p.Scope.Areas, err)
	}
}

// TestSidesAndDeaths: each side's count in the forms bulletins give them,
// and counts of people killed in every language.
func TestSidesAndDeaths(t *testing.T) {
	for _, tc := range []struct{ lang, text, want string }{
		{"en", "No violations were recorded by the Turkish side", "0:Turkish side"},
		{"en", "Turkish monitors logged three ceasefire violations and their Russian counterparts eight, the centre said", "3:Turkish side,8:Russian side"},
		{"tr", "Son 24 saatte Rus heyeti 9, Türk heyeti ise 2 ihlal tespit etti", "9:Russian side,2:Turkish side"},
		{"fr", "la partie russe a relevé dix violations et la partie turque en a relevé trois", "10:Russian side,3:Turkish side"},
		{"pt", "Os observadores turcos contabilizaram zero violações, enquanto os russos registaram 12, segundo o boletim", "0:Turkish side,12:Russian side"},
	} {
		var got []string
		for _, c := range ParseCounts(tc.lang, tc.text) {
			got = append(got, fmt.Sprintf("%d:%s", c.N, c.Reporter))
		}
		if strings.Join(got, ",") != tc.want {
			t.Errorf("%q: counts %v, want %s", tc.text, got, tc.want)
		}
	}
	// The other side's count in the sentence after, its noun that
	// sentence's; none with no reporter, nor when the sentence has its own.
	for _, tc := range []struct{ lang, text, want string }{
		{"pt", "O lado turco, por sua vez, assinalou sete.", "7:Turkish side"},
		{"en", "The Turkish side, for its part, reported four.", "4:Turkish side"},
		{"en", "The talks will resume on 12.", ""},
		{"en", "The Turkish side reported four shootings.", "4:Turkish side"},
	} {
		var got []string
		cs := ParseCounts(tc.lang, tc.text)
		if len(cs) == 0 {
			cs = ParseCountsAfter(tc.lang, tc.text, "violations")
		}
		for _, c := range cs {
			got = append(got, fmt.Sprintf("%d:%s", c.N, c.Reporter))
		}
		if strings.Join(got, ",") != tc.want {
			t.Errorf("after a count, %q: counts %v, want %q", tc.text, got, tc.want)
		}
	}
	for _, tc := range []struct {
		lang, text string
		want       int // -1: no count of deaths
	}{
		{"ar", "قال المرصد إن ١٢ مدنياً قتلوا يوم الاثنين", 12},
		{"ru", "за последние двое суток в Восточной Гуте погибли 106 мирных жителей", 106},
		{"ru", "Жертвами обстрела города Дума стали пять мирных жителей", 5},
		{"tr", "hava saldırılarında dün 9 sivil hayatını kaybetti", 9},
		{"pt", "Pelo menos oito civis morreram hoje", 8},
		{"fr", "Quatre personnes ont trouvé la mort dans des tirs", 4},
		{"es", "Perdieron la vida seis personas en un bombardeo", 6},
		{"en", "Air strikes killed at least 11 civilians", 11},
		{"en", "eight children were among the dead", -1},
		{"es", "doce civiles resultaron heridos", -1},
		{"ru", "зафиксировано 11 обстрелов", -1},
	} {
		q, ok := ReadDeathsIn(tc.lang, tc.text)
		if got := map[bool]int{true: q.N, false: -1}[ok]; got != tc.want || ok && q.What != QuantityDeaths {
			t.Errorf("%q: deaths %d (%+v), want %d", tc.text, got, q, tc.want)
		}
	}
}
