package news

import (
	"fmt"
	"strings"
	"testing"

	"github.com/truce-monitor/truce/claim"
)

// TestRound19Forms: forms of real reporting corpus round 19 found, in
// other words than its items: a sentence that says where the violations
// counted before took place ([where-counted]), one sentence on; a share of
// a count that opens its sentence or bracket ("Из них", "в том числе");
// a bulletin line's side from an issuer named in a sentence before; the
// truce's Nth and first N days; since the start of a month named; a toll
// that "rose to" N; strikes and bombardments with no attacker named.
func TestRound19Forms(t *testing.T) {
	for _, tc := range []struct{ lang, date, text, want string }{
		{"en", "2019-03-02", "Militants shelled settlements 23 times over the past day, the Russian centre said. Turkish monitors reported no violations. Of the 23 attacks, 15 were in Aleppo, it said.",
			"1 accusation all 2019-03-01..2019-03-02|2 no-violations all 2019-03-01..2019-03-02|3 count idlib;Aleppo 2019-03-01..2019-03-02"},
		{"fr", "2019-03-02", "Le centre russe a recensé onze violations au cours des dernières 24 heures. Selon le centre, ces violations ont eu lieu dans la province de Hama.",
			"1 count all 2019-03-01..2019-03-02|2 count idlib;Hama 2019-03-01..2019-03-02"},
		{"es", "2017-07-12", "El alto el fuego, pactado en Amán, entró en vigor el domingo al mediodía. La tregua se respetó en Quneitra durante su tercer día, según fuentes locales.",
			"2 holding south 2017-07-11..2017-07-11"},
		{"ru", "2018-06-20", "С начала июня число нарушений в Идлибе заметно снизилось, заявил представитель центра.",
			"1 decline idlib 2018-06-01..2018-06-20"},
		{"pt", "2018-03-02", "Segundo a ONG, os bombardeamentos atingiram nesta sexta-feira a cidade de Harasta.",
			"1 accusation eastern-ghouta;Harasta 2018-03-02..2018-03-02"},
		{"fr", "2018-03-02", "Des frappes ont touché vendredi la ville de Harasta, selon l'OSDH.",
			"1 accusation eastern-ghouta;Harasta 2018-03-02..2018-03-02"},
	} {
		if got := strings.Join(round18Items(t, tc.lang, tc.date, tc.text), "|"); got != tc.want {
			t.Errorf("%s %q:\n got %s\nwant %s", tc.lang, tc.text, got, tc.want)
		}
	}
	for _, tc := range []struct{ lang, text, want string }{
		{"ru", "Из них в провинции Хама — 7 обстрелов, в провинции Алеппо — 3.", "[]"},
		{"ru", "Зафиксировано 12 обстрелов (в том числе по данным сирийской стороны — 10 обстрелов).", "[12]"},
		{"ru", "Обстрелов со стороны группировок, подконтрольных Турции, не зарегистрировано.", "[0]"},
		{"ar", "نفذ المسلحون ١٥ عملية قصف خلال الساعات الماضية.", "[15]"},
		{"fr", "Le centre a dénoncé la violation de la trêve à neuf reprises.", "[9]"},
		{"en", "Shelling was reported in 12 villages of Idlib.", "[]"},
	} {
		var ns []int
		for _, c := range claim.ParseCounts(tc.lang, tc.text) {
			ns = append(ns, c.N)
		}
		if got := fmt.Sprint(ns); got != tc.want {
			t.Errorf("%s %q: counts %s, want %s", tc.lang, tc.text, got, tc.want)
		}
	}
}
