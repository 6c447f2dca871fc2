package claim

import (
	"fmt"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
)

// TestRound21Frames: days corpus round 21 found that are not the claim's,
// in other words than its items (claims made on Tuesday 2019-09-03): a
// weekday with its date, since a time of yesterday or of a weekday, since
// an agreement signed on a date, and a truce's start conceded.
func TestRound21Frames(t *testing.T) {
	a := astana(t)
	tue := time.Date(2019, 9, 3, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ lang, text, want string }{
		{"en", "On Saturday, August 24, rockets hit the town of Suqaylabiyah, state media said.", "2019-08-24..2019-08-24"},
		{"pt", "No domingo, 25 de agosto, foguetes atingiram a cidade de Suqaylabiyah.", "2019-08-25..2019-08-25"},
		{"es", "Los bombardeos cesaron el sábado 24 de agosto en Idlib.", "2019-08-24..2019-08-24"},
		{"pt", "Não houve ataques aéreos desde o meio-dia de ontem em Idlib.", "2019-09-02..2019-09-03"},
		{"fr", "Aucun raid aérien n'a visé Idleb depuis hier soir.", "2019-09-02..2019-09-03"},
		{"ru", "С 06:00 воскресенья режим прекращения огня в Идлибе в целом соблюдается.", "2019-09-01..2019-09-03"},
		{"ru", "С момента подписания соглашения 31 августа в зоне зафиксировано пять нарушений.", "2019-08-31..2019-09-03"},
		{"es", "Desde la firma del acuerdo el 31 de agosto no se registraron violaciones en Idlib.", "2019-08-31..2019-09-03"},
		{"en", "Government forces shelled Kafranbel on Monday, despite a truce that took effect on Saturday.", "2019-09-02..2019-09-02"},
		{"ar", "قصفت قوات النظام أمس الاثنين بلدة كفرنبل رغم الهدنة التي بدأ سريانها صباح السبت.", "2019-09-02..2019-09-02"},
	} {
		p, _ := ParseClaimIn(tc.lang, tc.text, a)
		f := ClaimFrame(truce.Claim{Text: tc.text, Date: tue, Assertion: p.Assertion, Notes: p.Notes}, a)
		if got := f.From.Format(truce.DateLayout) + ".." + f.To.Format(truce.DateLayout); got != tc.want {
			t.Errorf("%s %q: %s (%s), want %s", tc.lang, tc.text, got, f.Note, tc.want)
		}
	}
}

// TestRound21NotSpans: how long a truce lasted is no span an article
// counts; a number of kilometres after a count's noun of the sentence
// before counts nothing; a night between two weekdays is a span phrase.
func TestRound21NotSpans(t *testing.T) {
	a := astana(t)
	d := time.Date(2017, 7, 12, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ lang, text string }{
		{"fr", "Une précédente trêve de 48 heures décrétée par le régime en juin n'avait pas tenu."},
		{"ar", "وكان النظام قد أعلن هدنة لمدة ٤٨ ساعة في حزيران."},
		{"es", "Una tregua de 72 horas anunciada en junio fracasó."},
		{"tr", "Haziranda ilan edilen 48 saatlik ateşkes çökmüştü."},
	} {
		if cx := ContextOf(tc.lang, "", tc.text, d, a); cx.Span != "" || cx.PastDay != "" {
			t.Errorf("%s %q: span %q, past day %q, want none", tc.lang, tc.text, cx.Span, cx.PastDay)
		}
	}
	if cx := ContextOf("fr", "", "Au cours des dernières 48 heures, l'OSDH a relevé des tirs.", d, a); cx.Span == "" {
		t.Errorf("the past 48 hours: no span read")
	}
	for _, tc := range []struct{ lang, text string }{
		{"es", "El acuerdo prevé una zona desmilitarizada de entre 15 y 20 kilómetros."},
		{"en", "The deal set up a buffer zone 15 to 20 km deep, officials said."},
	} {
		if cs := ParseCountsAfter(tc.lang, tc.text, "violations"); len(cs) > 0 {
			t.Errorf("%s %q: counts %v, want none", tc.lang, tc.text, cs)
		}
	}
	for _, tc := range []struct{ lang, text, want string }{
		{"fr", "Des tirs ont été signalés dans la nuit de dimanche à lundi.", "[dans la nuit de dimanche à lundi]"},
		{"es", "Hubo disparos en la noche del domingo al lunes.", "[del domingo al lunes la noche del domingo al lunes]"},
	} {
		if got := fmt.Sprint(SpanPhrases(tc.lang, tc.text)); got != tc.want {
			t.Errorf("%s %q: %s, want %s", tc.lang, tc.text, got, tc.want)
		}
	}
}

// TestRound21Origins: where attackers fired from is not the claim's place,
// in every language with the form.
func TestRound21Origins(t *testing.T) {
	a := astana(t)
	for _, tc := range []struct{ lang, text, want string }{
		{"en", "Rebels shelled the town of Suqaylabiyah from positions in the Idlib countryside.", "Suqaylabiyah"},
		{"pt", "Os terroristas dispararam a partir de áreas em Idlib contra a cidade de Suqaylabiyah.", "Suqaylabiyah"},
		{"fr", "Des obus tirés depuis la région d'Idleb sont tombés sur la ville de Suqaylabiyah.", "Suqaylabiyah"},
		{"ru", "Боевики, занимающие позиции в районе Идлиба, обстреляли город Сукейлабия.", "Suqaylabiyah"},
		{"ar", "اعتدت المجموعات المسلحة المتمركزة في ريف حماة بالقذائف على بلدة كفرنبل.", "Kafranbel"},
		{"tr", "Muhalifler, İdlib'in güneyindeki mevzilerinden Hama'nın kuzeyindeki Suqaylabiyah kasabasına roket attı.", "Suqaylabiyah"},
	} {
		s, _ := ParseScopeIn(tc.lang, tc.text, a)
		got := fmt.Sprint(s.Areas)
		if want := fmt.Sprint(stringsOrNil(tc.want)); got != want {
			t.Errorf("%s %q: areas %s, want %s", tc.lang, tc.text, got, want)
		}
	}
}

func stringsOrNil(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}
