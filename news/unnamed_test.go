package news

import (
	"strings"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/claim"
)

// TestUnnamedAttackers: an attack someone reports at a place, made with
// means that stand for an attacker the words do not name, is an
// accusation of truce.AccusedUnknown; an attack denied, one with no place,
// or means that did nothing are not.
func TestUnnamedAttackers(t *testing.T) {
	ag := astana(t)
	day := time.Date(2019, 5, 20, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, lang, text string
		title            string // the article's, when it names the zone
		want             string // the accused; "" for no accusation
		area             string // an area the scope names, when any
	}{
		{"warplanes bombed a town, residents said", "en",
			"Warplanes also bombed the town of Khan Sheikhoun overnight, according to residents.", "", truce.AccusedUnknown, "Khan Sheikhoun"},
		{"shells fell, a source said", "ar",
			"وذكر مصدر محلي أن قذائف سقطت أمس على مدينة درعا دون وقوع إصابات.", "", truce.AccusedUnknown, ""},
		{"aviones de combate atacaron", "es",
			"Aviones de combate atacaron también la localidad de Kafranbel ayer por la noche, según vecinos de la zona.", "", truce.AccusedUnknown, ""},
		{"an adverb between auxiliary and participle", "fr",
			"Des avions de guerre ont également bombardé la ville de Kafranbel mardi soir, selon des habitants.", "", truce.AccusedUnknown, ""},
		{"the means in Turkish case", "tr",
			"Yerel kaynaklar, savaş uçaklarının dün gece Han Şeyhun ilçesini de bombaladığını söyledi.", "İdlib'de hava saldırıları", truce.AccusedUnknown, ""},
		{"a named attacker is accused by name", "en",
			"Syrian government warplanes bombed the town of Khan Sheikhoun overnight, residents said.", "", "government-of-syria", ""},
		{"means named by their actor", "en",
			"Dozens of civilians died in government air strikes on the town of Douma, monitors said.", "", "government-of-syria", ""},
		{"means and their agent", "en",
			"Air strikes by Russian aircraft hit the town of Kafranbel on Tuesday, residents said.", "", "russia", ""},
		{"an attack denied", "en",
			"No shells fell on Khan Sheikhoun overnight, residents said.", "", "", ""},
		{"means that did nothing", "en",
			"Warplanes flew over Khan Sheikhoun overnight, residents said.", "", "", ""},
		{"no place in the sentence or the article", "en",
			"Warplanes bombed several villages overnight, residents said.", "", "", ""},
		{"unidentified gunmen, off the topic words", "en",
			"Unidentified gunmen opened fire on an army checkpoint near Rastan, according to SANA.", "", truce.AccusedUnknown, ""},
		{"a negation inside the means", "es",
			"Hombres armados no identificados atacaron un puesto del Ejército en Harasta, según la agencia SANA.", "", truce.AccusedUnknown, "Harasta"},
		{"projectiles that fell are no decline", "es",
			"Varios proyectiles cayeron en las afueras de Saraqib sin causar víctimas, según vecinos.", "", truce.AccusedUnknown, "Saraqib"},
		{"an elided determiner before the means", "fr",
			"L'artillerie a bombardé la ville de Kafranbel mardi soir, selon des habitants.", "", truce.AccusedUnknown, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := &Article{Name: "t.txt", Lang: tc.lang, Date: day, Outlet: "AFP", Title: tc.title, Body: tc.text}
			var got *Item
			for _, it := range Items(a, Statements(a), ag) {
				if it.Claim != nil && it.N == 1 {
					got = &it
				}
			}
			switch {
			case tc.want == "" && got != nil && got.Claim.Assertion == truce.AssertAccusation:
				t.Fatalf("an accusation of %s (notes %q), want none", got.Claim.Accused, got.Claim.Notes)
			case tc.want == "":
			case got == nil:
				t.Fatalf("no claim, want an accusation of %s", tc.want)
			case got.Claim.Assertion != truce.AssertAccusation || got.Claim.Accused != tc.want:
				t.Fatalf("%s of %q (notes %q), want an accusation of %s", got.Claim.Assertion, got.Claim.Accused, got.Claim.Notes, tc.want)
			case tc.area != "" && !strings.Contains(strings.Join(got.Claim.Scope.Areas, ","), tc.area):
				t.Fatalf("scope %+v, want the area %s", got.Claim.Scope, tc.area)
			}
		})
	}
}

// TestSameDay: a claim whose words speak of "the same day" as the
// statement before it takes the day that statement named.
func TestSameDay(t *testing.T) {
	ag := astana(t)
	for _, tc := range []struct{ lang, text, want string }{
		{"es", "La localidad de Harasta fue bombardeada el martes por la aviación, denunciaron activistas. Hombres armados atacaron un puesto en Douma ese mismo día, según la agencia SANA.", "2018-02-20"},
		{"ar", "تعرضت بلدة بصرى الحرير لقصف مدفعي من قبل قوات النظام يوم الثلاثاء، حسبما أفاد ناشطون. واتهمت وكالة سانا المجموعات المسلحة باستهداف أحياء في مدينة درعا في اليوم نفسه.", "2018-02-20"},
		{"es", "Hombres armados atacaron un puesto en Douma ese mismo día, según la agencia SANA.", ""},
	} {
		a := &Article{Name: "t.txt", Lang: tc.lang, Date: time.Date(2018, 2, 21, 0, 0, 0, 0, time.UTC), Outlet: "AFP", Body: tc.text}
		got := ""
		for _, it := range Items(a, Statements(a), ag) {
			if it.Claim == nil || it.N != strings.Count(tc.text, ". ")+1 {
				continue
			}
			f := claim.ClaimFrame(truce.Claim{Text: it.Sentence, Date: it.Date, Assertion: it.Claim.Assertion, Notes: it.Claim.Notes}, ag)
			if f.Said == "" && !f.From.IsZero() && f.From.Equal(f.To) {
				got = f.From.Format(truce.DateLayout)
			}
		}
		if got != tc.want {
			t.Errorf("%q: the same day read as %q, want %q", tc.text, got, tc.want)
		}
	}
}

// TestSameEvents: "these violations" of a statement before take its days.
func TestSameEvents(t *testing.T) {
	ag := astana(t)
	for _, tc := range []struct{ lang, text, want string }{
		{"es", "El Ministerio de Defensa turco contabilizó 42 violaciones en Idlib desde principios de mes. Según el ministerio, la mayoría de estas violaciones fueron cometidas por las fuerzas gubernamentales.", "2018-02-01..2018-02-21"},
		{"en", "The Turkish Defence Ministry counted 42 ceasefire violations in Idlib since the start of the month. Most of these violations were committed by government forces, the ministry said.", "2018-02-01..2018-02-21"},
	} {
		a := &Article{Name: "t.txt", Lang: tc.lang, Date: time.Date(2018, 2, 21, 0, 0, 0, 0, time.UTC), Outlet: "AFP", Body: tc.text}
		got := ""
		for _, it := range Items(a, Statements(a), ag) {
			if it.Claim == nil || it.N != 2 {
				continue
			}
			f := claim.ClaimFrame(truce.Claim{Text: it.Sentence, Date: it.Date, Assertion: it.Claim.Assertion, Notes: it.Claim.Notes}, ag)
			got = f.From.Format(truce.DateLayout) + ".." + f.To.Format(truce.DateLayout)
		}
		if got != tc.want {
			t.Errorf("%q: these violations' days read as %q, want %q", tc.text, got, tc.want)
		}
	}
}
