package news

import (
	"fmt"
	"github.com/truce-monitor/truce/claim"
	"testing"
	"time"
)

// TestRound16Statements: a speaker followed by its abbreviation in
// brackets speaks; a Turkish quote that opens the sentence is the
// speaker's who follows "diyen"; a count of times an attack was made is on
// topic with no ceasefire word; a side's official counts for that side.
// Written in other words than the corpus items.
func TestRound16Statements(t *testing.T) {
	ag := astana(t)
	for _, tc := range []struct{ lang, text, speaker, counts string }{
		{"en", "The Syrian Observatory for Human Rights (SOHR) said the truce in Daraa was largely holding.", "Syrian Observatory for Human Rights", "[]"},
		{"es", "El Observatorio Sirio de Derechos Humanos (OSDH) informó de que la tregua se mantiene en Guta Oriental.", "Observatorio Sirio de Derechos Humanos", "[]"},
		{"tr", `"Son 24 saatte İdlib'de 5 ihlal tespit ettik" diyen Türk askeri yetkili, ihlallerin Lazkiye kırsalında yaşandığını söyledi.`, "Türk askeri yetkili", "[5:tr]"},
		{"fr", "Des combattants ont ouvert le feu à six reprises sur Douma, a indiqué le Centre russe pour la réconciliation.", "Centre russe pour la réconciliation", "[6:ru]"},
		{"en", "Russian officials said their monitors had counted 11 violations in Latakia.", "Russian officials", "[11:ru]"},
	} {
		a := &Article{Name: "t.txt", Lang: tc.lang, Date: time.Date(2019, 3, 5, 0, 0, 0, 0, time.UTC), Outlet: "X", Body: tc.text}
		speaker := ""
		for _, it := range Items(a, Statements(a), ag) {
			if it.Claim != nil {
				speaker = it.Speaker
			}
		}
		var counts []string
		for _, cs := range Counts(a) {
			for _, c := range cs.Counts {
				side := map[string]string{"Russian side": "ru", "Turkish side": "tr"}[c.Reporter]
				if side == "" {
					side = "-"
				}
				counts = append(counts, fmt.Sprintf("%d:%s", c.N, side))
			}
		}
		if speaker != tc.speaker || fmt.Sprintf("%v", counts) != tc.counts {
			t.Errorf("%q: speaker %q, counts %v; want %q, %s", tc.text, speaker, counts, tc.speaker, tc.counts)
		}
	}
}

// TestRound16Claims: the forms the sixteenth round's items showed, in
// other words: a governor speaks; militias fighting for the government
// are its forces; no one having fired is no violations; a truce "not fully
// respected" or "no longer in force" is no claim; a source set off by
// "ise" speaks; the speaker after an accusing verb
// is the accuser, not the accused; a conjunction before a Turkish
// subject is no part of it.
func TestRound16Claims(t *testing.T) {
	ag := astana(t)
	for _, tc := range []struct{ lang, text, want string }{
		{"en", "The governor of Daraa, Mohammad al-Hannous, said calm had returned to the city.", "holding by Mohammad al-Hannous"},
		{"en", "Residents accused pro-government militias of shelling Nawa.", "accusation by Residents of government-of-syria"},
		{"es", "Activistas locales denunciaron que milicias progubernamentales atacaron Tafas.", "accusation by Activistas locales of government-of-syria"},
		{"ru", "Местные жители обвинили проправительственные силы в обстреле Растана.", "accusation by жители of government-of-syria"},
		{"en", "\"No one has fired a shot in Douma since Friday,\" the commander said.", "no-violations by commander"},
		{"es", "Los rebeldes no han disparado contra Daraa desde el sábado, aseguró el gobernador Mohamed al Hanus.", "no-violations by Mohamed al Hanus"},
		{"es", "La tregua en Guta Oriental no se ha cumplido del todo, según denunció la ONU.", ""},
		{"pt", "A trégua em Daraa já não está em vigor, disse um ativista.", ""},
		{"ru", "Перемирие в Растане соблюдается не полностью, заявил источник.", ""},
		{"tr", "Yerel kaynaklar ise rejim güçlerinin Han Şeyhun'u bombaladığını öne sürdü.", "accusation by Yerel kaynaklar of government-of-syria"},
		{"ar", "في المقابل، اتهمت فصائل المعارضة قوات النظام بقصف بلدة مورك يوم الثلاثاء.", "accusation by فصائل المعارضة of government-of-syria"},
		{"tr", "Ancak muhalif kaynaklar, rejim güçlerinin Serakib'i bombaladığını ileri sürdü.", "accusation by muhalif kaynaklar of government-of-syria"},
	} {
		a := &Article{Name: "t.txt", Lang: tc.lang, Date: time.Date(2018, 11, 14, 0, 0, 0, 0, time.UTC), Outlet: "X", Body: tc.text}
		got := ""
		for _, it := range Items(a, Statements(a), ag) {
			if it.Claim != nil {
				got = it.Claim.Assertion + " by " + it.Speaker
				if it.Claim.Accused != "" {
					got += " of " + it.Claim.Accused
				}
			}
		}
		if got != tc.want {
			t.Errorf("%q: %q, want %q", tc.text, got, tc.want)
		}
	}
}

// TestRound16Days: an attack's day after its verb is not the day the
// accusation was made; "despite these incidents" takes no incidents' days;
// "au cours de la même période" takes the count before's.
func TestRound16Days(t *testing.T) {
	ag := astana(t)
	for _, tc := range []struct{ lang, text, want string }{
		{"fr", "Des habitants ont accusé les forces du régime d'avoir bombardé jeudi le village de Houla.", "2018-11-08..2018-11-08"},
		{"es", "Los rebeldes bombardearon Nawa el lunes, según la ONG. El ejército aseguró que Daraa sigue en calma pese a estos incidentes.", "default"},
		{"fr", "Le Centre russe a relevé douze violations la semaine dernière. La partie turque en a signalé trois au cours de la même période.", "2018-11-05..2018-11-11"},
	} {
		a := &Article{Name: "t.txt", Lang: tc.lang, Date: time.Date(2018, 11, 14, 0, 0, 0, 0, time.UTC), Outlet: "X", Body: tc.text}
		cx := claim.ContextOf(a.Lang, a.Title, a.Body, a.Date, ag)
		got := ""
		for _, it := range Items(a, Statements(a), ag) {
			if it.Claim != nil {
				got = corpusFrame(it, cx, ag)
			}
		}
		if got != tc.want {
			t.Errorf("%q: %s, want %s", tc.text, got, tc.want)
		}
	}
}
