package claim

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
)

func scopeString(s truce.ClaimScope) string {
	if s.All {
		return "all"
	}
	out := strings.Join(s.Zones, "+")
	if len(s.Areas) > 0 {
		out += ";" + strings.Join(s.Areas, "+")
	}
	return out
}

// TestZoneAnaphor: one zone named but not said which ("the de-escalation
// zone", "la zone démilitarisée") is the zone the article names in its
// lead, and all zones when the article names none or two. Written in
// other words than the corpus items.
func TestZoneAnaphor(t *testing.T) {
	a := astana(t)
	day := time.Date(2018, 11, 20, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ lang, lead, text, want string }{
		{"en", "Shelling hit villages in southern Daraa on Monday.", "Monitors counted 14 breaches in the de-escalation zone over the weekend.", "south"},
		{"fr", "Des tirs ont visé la Ghouta orientale lundi.", "Le calme est revenu dans la zone de désescalade, selon l'OSDH.", "eastern-ghouta"},
		{"ru", "Обстрелы продолжаются в провинции Хомс.", "В зоне деэскалации зафиксировано пять нарушений.", "northern-homs"},
		{"tr", "Dera'da çatışmalar sürüyor.", "Gerginliği azaltma bölgesinde ateşkes büyük ölçüde korunuyor.", "south"},
		{"en", "Shelling hit Idlib and Daraa on Monday.", "Calm returned to the de-escalation zone on Tuesday.", "all"},
		{"en", "The envoy spoke in Geneva on Monday.", "The ceasefire in the de-escalation zone is holding.", "all"},
	} {
		scope, notes := ParseScopeIn(tc.lang, tc.text, a)
		c := truce.Claim{Scope: scope, Notes: notes}
		ApplyContext(&c, ContextOf(tc.lang, "", tc.lead+"\n"+tc.text, day, a))
		if got := scopeString(c.Scope); got != tc.want {
			t.Errorf("%q after %q: %s, want %s", tc.text, tc.lead, got, tc.want)
		}
	}
}

// TestRound16Places: the Sochi demilitarised zone is Idlib's; a
// direction before a countryside is no zone; "la zona de distensión del
// sur" is the south; a district named to place its towns is no place of
// the claim, while a district named alone is.
func TestRound16Places(t *testing.T) {
	a := astana(t)
	for _, tc := range []struct{ lang, text, want string }{
		{"en", "Russian warplanes struck the demilitarized zone on Friday.", "idlib"},
		{"es", "La zona desmilitarizada sigue en calma, según el Observatorio.", "idlib"},
		{"en", "Government forces shelled villages in the northern countryside of Hama.", "idlib;Hama"},
		{"en", "Rebels shelled the western outskirts of Aleppo.", "idlib;Aleppo"},
		{"fr", "La trêve dans la zone du sud est respectée.", "south"},
		{"en", "Warplanes bombed the towns of Khan Sheikhoun and Kafranbel in the Maarat al-Numan district.", "idlib;Khan Sheikhoun+Kafranbel"},
		{"ar", "قصفت قوات النظام بلدة خان شيخون في منطقة معرة النعمان.", "idlib;Khan Sheikhoun"},
		{"tr", "Rejim güçleri Maarret en-Numan ilçesine bağlı Han Şeyhun beldesini bombaladı.", "idlib;Khan Sheikhoun"},
		{"en", "Warplanes bombed the Maarat al-Numan district overnight.", ";Maarat al-Numan district"},
		{"tr", "Rejim güçleri Serakib'e saldırı düzenledi.", "idlib;Saraqib"},
	} {
		s, _ := ParseScopeIn(tc.lang, tc.text, a)
		if got := scopeString(s); got != tc.want {
			t.Errorf("%q: %s, want %s", tc.text, got, tc.want)
		}
	}
}

// TestShareOfThese: a number with "of these" between it and its noun is a
// share of a count said before, in any language; "à trois reprises" is a
// count of times.
func TestShareOfThese(t *testing.T) {
	for _, tc := range []struct{ lang, text, want string }{
		{"en", "Five of these violations were in Latakia.", "[]"},
		{"fr", "Trois de ces violations ont eu lieu à Alep.", "[]"},
		{"ru", "Четыре из этих нарушений зафиксированы в Латакии.", "[]"},
		{"ar", "ووقعت خمسة من هذه الخروقات في ريف حلب.", "[]"},
		{"es", "Seis de estas violaciones ocurrieron en Hama.", "[]"},
		{"fr", "Les rebelles ont ouvert le feu à trois reprises sur Harasta.", "[3]"},
		{"en", "The centre recorded five violations in Latakia.", "[5]"},
	} {
		var ns []int
		for _, c := range ParseCounts(tc.lang, tc.text) {
			ns = append(ns, c.N)
		}
		if got := fmt.Sprint(ns); got != tc.want {
			t.Errorf("%q: %s, want %s", tc.text, got, tc.want)
		}
	}
}

// TestBaselineFrames: the days a change is measured against are not the
// days the claim speaks of when its words name others; Russian "во
// вторник", "за прошлую неделю", Portuguese "durante a noite", and "since"
// something done on a day. Written in other words than the corpus items.
func TestBaselineFrames(t *testing.T) {
	a := astana(t)
	wed := time.Date(2019, 3, 20, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ lang, text, want string }{
		{"en", "Shelling in Idlib fell last week compared with the week before.", "2019-03-11..2019-03-17"},
		{"fr", "Les violations ont diminué la semaine dernière par rapport à la semaine précédente à Idleb.", "2019-03-11..2019-03-17"},
		{"es", "La violencia en Idlib aumentó la semana pasada en comparación con febrero.", "2019-03-11..2019-03-17"},
		{"ru", "Боевики обстреляли Мхарду во вторник.", "2019-03-19..2019-03-19"},
		{"ru", "За прошлую неделю число нарушений в Идлибе снизилось.", "2019-03-11..2019-03-17"},
		{"pt", "Os rebeldes bombardearam Kafranbel durante a noite.", "2019-03-19..2019-03-20"},
		{"en", "There have been no violations in Idlib since the observers were deployed on Monday.", "2019-03-18..2019-03-20"},
	} {
		p, _ := ParseClaimIn(tc.lang, tc.text, a)
		f := ClaimFrame(truce.Claim{Text: tc.text, Date: wed, Assertion: p.Assertion, Notes: p.Notes}, a)
		got := f.From.Format(truce.DateLayout) + ".." + f.To.Format(truce.DateLayout)
		if got != tc.want {
			t.Errorf("%q: %s (%s), want %s", tc.text, got, f.Note, tc.want)
		}
	}
}
