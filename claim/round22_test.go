package claim

import (
	"testing"
	"time"

	"github.com/truce-monitor/truce"
)

// TestRound22Frames: days corpus round 22 found in real reporting, in other
// words than its items (claims made on Tuesday 2019-09-10): the previous day,
// a weekday "last" or "passado", a part of a day reached, the past hours, a
// truce's start in a relative clause, and since a part of a month in every
// language.
func TestRound22Frames(t *testing.T) {
	a := astana(t)
	tue := time.Date(2019, 9, 10, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ lang, text, want string }{
		{"en", "Rebels shelled Kafranbel the previous day, the centre said.", "2019-09-09..2019-09-09"},
		{"en", "There were 14 violations, against 20 the previous day.", "2019-09-04..2019-09-10"},
		{"en", "Rockets hit the town of Suqaylabiyah last Friday.", "2019-09-06..2019-09-06"},
		{"en", "By Sunday evening the truce in Idlib was holding again.", "2019-09-08..2019-09-08"},
		{"en", "Government forces shelled Hish late on Monday, breaking a truce that took effect on Saturday.", "2019-09-09..2019-09-09"},
		{"ar", "قصفت قوات النظام بلدة كفرنبل يوم الجمعة الفائت.", "2019-09-06..2019-09-06"},
		{"ar", "قصفت قوات النظام خلال الساعات الماضية بلدة حيش.", "2019-09-09..2019-09-10"},
		{"ru", "В прошлую пятницу боевики обстреляли Сукейлабию.", "2019-09-06..2019-09-06"},
		{"fr", "Vendredi dernier, des obus sont tombés sur Kafranbel.", "2019-09-06..2019-09-06"},
		{"es", "El viernes pasado cayeron obuses sobre Kafranbel.", "2019-09-06..2019-09-06"},
		{"pt", "Na sexta-feira passada, caíram obuses em Kafranbel.", "2019-09-06..2019-09-06"},
		{"es", "Desde finales de abril han muerto 900 civiles en Idlib.", "2019-04-30..2019-09-10"},
		{"pt", "Desde o final de abril morreram 900 civis em Idlib.", "2019-04-30..2019-09-10"},
		{"fr", "Depuis fin avril, 900 civils sont morts à Idleb.", "2019-04-30..2019-09-10"},
		{"ru", "С конца апреля в Идлибе погибли 900 мирных жителей.", "2019-04-30..2019-09-10"},
		{"ar", "قتل ٩٠٠ مدني في إدلب منذ نهاية نيسان.", "2019-04-30..2019-09-10"},
		{"tr", "Nisan sonundan bu yana İdlib'de 900 sivil öldü.", "2019-04-30..2019-09-10"},
		{"es", "Desde mediados de agosto no hubo combates en Idlib.", "2019-08-11..2019-09-10"},
	} {
		p, _ := ParseClaimIn(tc.lang, tc.text, a)
		f := ClaimFrame(truce.Claim{Text: tc.text, Date: tue, Assertion: p.Assertion, Notes: p.Notes}, a)
		if got := f.From.Format(truce.DateLayout) + ".." + f.To.Format(truce.DateLayout); got != tc.want {
			t.Errorf("%s %q: %s (%s), want %s", tc.lang, tc.text, got, f.Note, tc.want)
		}
	}
}

// TestRound22Conceded: a claim whose words are all in what it concedes is
// read from the rest, or is none.
func TestRound22Conceded(t *testing.T) {
	a := astana(t)
	for _, tc := range []struct{ lang, text string }{
		{"ar", "قتل ٩ مدنيين في ريف إدلب رغم سريان وقف إطلاق النار."},
		{"en", "Nine civilians were killed in Idlib, despite the ceasefire in force."},
	} {
		if p, err := ParseClaimIn(tc.lang, tc.text, a); err == nil && p.Assertion == truce.AssertHolding {
			t.Errorf("%s %q: read as holding from what it concedes", tc.lang, tc.text)
		}
	}
}

// TestRound22Raids: air raids none of which were made count no violations
// ("bombardeios aéreos" are munitions, as strikes are), and the words still
// claim the calm; "1.000" is a thousand.
func TestRound22Raids(t *testing.T) {
	a := astana(t)
	for _, lang := range []string{"pt"} {
		text := "Não houve bombardeios aéreos em Idlib nas últimas 48 horas."
		p, err := ParseClaimIn(lang, text, a)
		if err != nil || p.Assertion != truce.AssertHolding || len(p.Counts) > 0 {
			t.Errorf("%s %q: %s %v, counts %v; want holding, no counts", lang, text, p.Assertion, err, p.Counts)
		}
	}
	if cs := ParseCounts("es", "Se registraron 1.000 violaciones desde abril."); len(cs) != 1 || cs[0].N != 1000 {
		t.Errorf("1.000 violaciones: %v, want one count of 1000", cs)
	}
}
