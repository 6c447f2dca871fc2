package news

import (
	"fmt"
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
