package news

import (
	"strings"
	"testing"
)

// TestItems reads articles written for this test (not the corpus's) into
// claims: who speaks, what is asserted, and the counts with their sides.
func TestItems(t *testing.T) {
	ag := astana(t)
	for _, tc := range []struct {
		name, lang, text string
		n                int    // the sentence
		speaker          string // a word of the speaker; "" for no claim
		assertion        string
		counts           string // countKeys of news.Counts, joined by space
	}{
		// A bulletin line with no speech verb: its side's count claim.
		{"line", "en", "The Russian Defence Ministry issued its daily bulletin on Tuesday. The Turkish side has recorded 7 violations in Aleppo province.",
			2, "Turkish", "count", "7:tr"},
		// A count with no side, said by the ministry whose bulletin it is.
		{"issuer", "en", "Four ceasefire violations were registered in Latakia over the past day, the Russian Defence Ministry said.",
			1, "Ministry", "count", "4:ru"},
		// The same words from a monitor stay no side's.
		{"monitor", "en", "Four ceasefire violations were registered in Latakia over the past day, the Syrian Observatory for Human Rights said.",
			1, "Observatory", "count", "4:-"},
		// Both sides at once.
		{"joint", "en", "Russian and Turkish observers reported no ceasefire violations in Idlib, the reconciliation centre said.",
			1, "centre", "no-violations", "0:ru 0:tr"},
		// Turkish: the subject opens the sentence, the verb closes it.
		{"tr", "tr", "Milli Savunma Bakanlığı, Rus tarafının son 24 saatte 9 ihlal tespit ettiğini açıkladı.",
			1, "Bakanlığı", "count", "9:ru"},
		// French: an inverted pronoun continues the speaker before.
		{"fr", "fr", "Le cessez-le-feu est globalement respecté, a déclaré le porte-parole Ahmed Nasser. Les bombardements ont diminué dans la province de Hama, a-t-il ajouté.",
			2, "Nasser", "decline", ""},
		// Spanish: a subject-less speech verb continues the speaker before.
		{"es", "es", "El portavoz rebelde Omar Haddad dijo que la tregua se respeta. Añadió que los combates han disminuido en Daraa.",
			2, "Haddad", "decline", ""},
		// A plural subject, and the place it is in, which does not speak.
		{"plural", "es", "Combatientes rebeldes en la provincia de Quneitra aseguraron este viernes que la tregua se mantiene.",
			1, "rebeldes", "holding", ""},
		// Whom it was told is no speaker.
		{"dative", "pt", "A trégua mantém-se globalmente, afirmou hoje à Lusa um porta-voz da oposição armada.",
			1, "porta-voz", "holding", ""},
		// Where the speaker is, by a case ending.
		{"place-suffix", "tr", "Ürdün'deki muhalif kaynaklar, ateşkesin korunduğunu söyledi.",
			1, "kaynaklar", "holding", ""},
		// A name with no capitals, before its title.
		{"name-title", "ar", "وقال رامي عبد الرحمن مدير المرصد السوري لحقوق الإنسان إن الهدنة صامدة.",
			1, "رامي", "holding", ""},
		// None, by the side that speaks, with an active verb.
		{"none-active", "ru", "Российская сторона зафиксировала 5 нарушений. Турецкая сторона нарушений не зафиксировала.",
			2, "Турецкая", "no-violations", "0:tr"},
		// A count's breakdown by place in a sentence of its own (round 14).
		{"breakdown", "en", "The Russian side registered 12 ceasefire violations in the Idlib zone over the past 24 hours, the Russian Reconciliation Centre said. Of these, five were recorded in Latakia province and seven in Hama province.",
			2, "Centre", "count", ""},
		// A share of a count is none of its own.
		{"share", "en", "The Russian Defence Ministry said militants violated the ceasefire 12 times, including three times in Latakia province.",
			1, "Ministry", "accusation", "12:ru"},
		// One side's count set against the other's: counts, no decline.
		{"versus", "en", "The Turkish Defence Ministry said it had recorded only two ceasefire violations in Idlib over the past 48 hours, far fewer than the 19 reported by the Russian side.",
			1, "Ministry", "count", "19:ru 2:tr"},
		// The other side's elliptic count, a phrase of time after it.
		{"ellipsis-phrase", "en", "Russian monitors recorded 14 ceasefire violations in Idlib over the past 24 hours, the Russian Defence Ministry said. The Turkish side recorded three in the same period.",
			2, "Turkish", "count", "3:tr"},
		// "9 июля" is a date, not nine violations.
		{"date", "ru", "Представитель Минобороны заявил, что с 9 июля серьезных нарушений перемирия не было.",
			1, "Представитель", "violations-not-serious", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := Parse(strings.NewReader("Date: 2018-03-20\nLanguage: "+tc.lang+"\n\n"+tc.text), tc.name, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got *Item
			for _, it := range Items(a, Statements(a), ag) {
				if it.N == tc.n && it.Claim != nil {
					got = &it
					break
				}
			}
			if got == nil {
				t.Fatalf("sentence %d read as no claim; want %s by %s", tc.n, tc.assertion, tc.speaker)
			}
			if !strings.Contains(got.Speaker, tc.speaker) || got.Claim.Assertion != tc.assertion {
				t.Errorf("sentence %d: %s by %q, want %s by …%s… (notes %q)", tc.n, got.Claim.Assertion, got.Speaker, tc.assertion, tc.speaker, got.Claim.Notes)
			}
			var counts []string
			for _, cs := range Counts(a) {
				if cs.N == tc.n {
					counts = countKeys(cs.Counts)
				}
			}
			if strings.Join(counts, " ") != tc.counts {
				t.Errorf("sentence %d: counts %v, want %s", tc.n, counts, tc.counts)
			}
		})
	}
}

// TestNoClaims: sentences on the ceasefire that make no claim of their own.
func TestNoClaims(t *testing.T) {
	ag := astana(t)
	for _, tc := range []struct{ lang, text string }{
		// Background: an accusation made again and again.
		{"en", "Russia has repeatedly accused militants of breaking the truce since the Astana talks began."},
		// A holding that ended.
		{"en", "The ceasefire in the south-west had largely held until last week, a diplomat said."},
		// A negated holding.
		{"pt", "A trégua no noroeste da Síria não tem sido plenamente respeitada, de acordo com ativistas locais."},
	} {
		a, err := Parse(strings.NewReader("Date: 2018-03-20\nLanguage: "+tc.lang+"\n\n"+tc.text), "x", Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range Items(a, Statements(a), ag) {
			if it.Claim != nil {
				t.Errorf("%q: read as %s by %q", tc.text, it.Claim.Assertion, it.Speaker)
			}
		}
	}
}

// TestSpeakersPlace: where a speaker is said to be is not where the claim
// is, when the sentence names that too; where forces fired is.
func TestSpeakersPlace(t *testing.T) {
	ag := astana(t)
	for _, tc := range []struct{ lang, text, zones, areas string }{
		{"es", "Combatientes rebeldes en la provincia de Quneitra aseguraron que la tregua en el suroeste de Siria se mantiene.", "south", ""},
		{"pt", "A trégua no sudoeste da Síria mantém-se, afirmou hoje à Lusa um porta-voz da oposição armada na cidade de Deraa.", "south", ""},
		{"en", "Syrian regime forces fired two shells in the town of Saida in eastern Daraa overnight, the group said.", "south", "Saida"},
		// "all of them minor" places none of the count: it stays where it is.
		{"en", "The Syrian Observatory for Human Rights said it had documented four violations in Deraa province since Sunday, all of them minor.", "south", "Daraa"},
		// The zone a total is in, before its share.
		{"en", "Russia's Defence Ministry said it had registered twenty-three violations in the Idlib de-escalation zone over the past 72 hours, most of them in Latakia province.", "idlib", ""},
	} {
		a, err := Parse(strings.NewReader("Date: 2018-03-20\nLanguage: "+tc.lang+"\n\n"+tc.text), "x", Options{})
		if err != nil {
			t.Fatal(err)
		}
		items := Items(a, Statements(a), ag)
		if len(items) == 0 || items[0].Claim == nil {
			t.Fatalf("%q: no claim", tc.text)
		}
		sc := items[0].Claim.Scope
		if strings.Join(sc.Zones, "+") != tc.zones || !strings.Contains(strings.Join(sc.Areas, "+"), tc.areas) || tc.areas == "" && len(sc.Areas) > 0 {
			t.Errorf("%q: scope %v %v, want %s %s", tc.text, sc.Zones, sc.Areas, tc.zones, tc.areas)
		}
	}
}
