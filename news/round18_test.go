package news

import (
	"strings"
	"testing"
	"time"

	"github.com/truce-monitor/truce/claim"
)

// round18Items reads text as an article of lang dated date and gives, for
// each claim read, "N ASSERTION SCOPE FRAME".
func round18Items(t *testing.T, lang, date, text string) []string {
	t.Helper()
	ag := astana(t)
	d, _ := time.Parse("2006-01-02", date)
	a := &Article{Name: "t.txt", Lang: lang, Date: d, Outlet: "X", Body: text}
	cx := claim.ContextOf(a.Lang, a.Title, a.Body, a.Date, ag)
	var out []string
	for _, it := range Items(a, Statements(a), ag) {
		if it.Claim == nil {
			continue
		}
		out = append(out, strings.Join([]string{string(rune('0' + it.N)), it.Claim.Assertion, claimScope(contextScope(it.Claim, cx)), corpusFrame(it, cx, ag)}, " "))
	}
	return out
}

// TestRound18Left: what corpus round 17 left, in other words than its
// items: a pronoun subject of an attack continues the sentence before's
// actor; a calm "broken only by" exchanges of fire concedes minor
// violations; warplanes absent hold; Turkish attributions closed by
// "verdiği bilgiye göre", "aktardığına göre" and a date after them that
// is the events'; the first day of a truce that took effect on a weekday
// morning; "gün içerisinde"; "the X front"; a second direction in a list
// of places; a count of a zone shared out after a weekday in brackets.
func TestRound18Left(t *testing.T) {
	for _, tc := range []struct{ lang, date, text, want string }{
		{"en", "2019-05-14", "Terrorists in the Idlib de-escalation zone violated the truce five times in the past 24 hours, the centre said. They shelled the village of Kessab in Latakia province, it said.",
			"1 count idlib 2019-05-13..2019-05-14|2 accusation ;Kessab 2019-05-13..2019-05-14"},
		{"en", "2019-03-02", "The lull in Idlib was broken only by exchanges of fire near Khan Sheikhoun, the monitor said.",
			"1 violations-not-serious idlib;Khan Sheikhoun default"},
		{"ar", "2019-03-02", "وقال ناشطون إن الطيران الحربي غاب عن أجواء ريف إدلب منذ يومين.",
			"1 holding idlib 2019-03-01..2019-03-02"},
		{"tr", "2019-03-03", "Yerel kaynakların verdiği bilgiye göre rejim güçleri dün Hiş beldesini hedef aldı.",
			"1 accusation idlib;Hish 2019-03-02..2019-03-02"},
		{"tr", "2019-03-03", "Ateşkes, cuma sabahı saat 07.00'de yürürlüğe girdi. Muhalif kaynaklar ateşkesin ilk gününde 4 ihlal yaşandığını söyledi.",
			"2 count all 2019-03-01..2019-03-01"},
		{"tr", "2019-03-03", "Beyaz Baretliler ekiplerine göre gün içerisinde İdlib'de 3 sivil hayatını kaybetti.",
			"1 count idlib 2019-03-03..2019-03-03"},
		{"en", "2019-03-03", "Government forces shelled the Jabal al-Zawiya front, the monitor said.",
			"1 accusation idlib;Jabal al-Zawiya default"},
		{"en", "2019-03-03", "Fighting intensified across northern Latakia and southern Idlib, the monitor said.",
			"1 increase idlib;Latakia+Idlib default"},
	} {
		got := strings.Join(round18Items(t, tc.lang, tc.date, tc.text), "|")
		if got != tc.want {
			t.Errorf("%q:\n got %s\nwant %s", tc.text, got, tc.want)
		}
	}
}

// TestRound18Forms: the forms the eighteenth round's items showed, in
// other words than the items: an Arabic attack noun in the accusative
// with its agent after "ل"; "اعتدت"; warplanes "غائبة"; since a part of a
// day with its date; the Nth day of a truce running; "the first week of
// June"; "twice"; fire traded; lists of countrysides; a Turkish weekend
// just past and "cumartesi gecesi"; an ablative source; Spanish since
// midnight of a weekday and a truce that took effect at noon on one; a
// French truce dated "le 9 juillet à midi"; Portuguese "durante o dia",
// no warplanes in the sky, sporadic fire; a day after an attack noun.
func TestRound18Forms(t *testing.T) {
	for _, tc := range []struct{ lang, date, text, want string }{
		{"ar", "2019-09-10", "رصد ناشطون صباح اليوم الثلاثاء قصفاً مدفعياً لقوات النظام على بلدة حيش بريف إدلب الجنوبي.",
			"1 accusation idlib;Hish 2019-09-10..2019-09-10"},
		{"ar", "2019-09-10", "وقال المرصد إن المجموعات الإرهابية اعتدت بالقذائف على بلدة محردة.",
			"1 accusation ;Mahardah default"},
		{"ar", "2019-09-10", "وقال المرصد إن الطائرات الحربية ما زالت غائبة عن سماء إدلب منذ فجر الأحد ١ أيلول/سبتمبر.",
			"1 holding idlib 2019-09-01..2019-09-10"},
		{"ar", "2019-09-10", "وقال المرصد إن الهدنة في إدلب دخلت يومها الـ١١ على التوالي وسط هدوء حذر.",
			"1 holding idlib 2019-08-31..2019-09-10"},
		{"en", "2019-06-10", "Air strikes hit villages in southern Idlib in the first week of June, the monitor said.",
			"1 accusation idlib 2019-06-01..2019-06-07"},
		{"en", "2019-06-10", "Rebels shelled Suqaylabiyah twice on Sunday, the monitor said.",
			"1 accusation ;Suqaylabiyah 2019-06-09..2019-06-09"},
		{"en", "2019-06-10", "Government forces and rebels traded fire in the western countryside of Aleppo and the northern countryside of Latakia, the monitor said.",
			"1 accusation idlib;Aleppo+Latakia default"},
		{"tr", "2017-07-24", "Muhalif kaynaklar, ateşkesin geçen hafta sonu boyunca Dera'da korunduğunu söyledi.",
			"1 holding south 2017-07-22..2017-07-23"},
		{"tr", "2019-06-10", "Sivil Savunma kaynaklarından alınan bilgiye göre rejim güçleri cumartesi gecesi Hiş beldesini bombaladı.",
			"1 accusation idlib;Hish 2019-06-08..2019-06-08"},
		{"es", "2019-08-06", "Según la ONG, no se han registrado combates en Idlib desde la medianoche del sábado.",
			"1 no-violations idlib 2019-08-03..2019-08-06"},
		{"es", "2017-07-11", "La calma se mantiene en Quneitra tras la entrada en vigor del alto el fuego al mediodía del domingo, según fuentes locales.",
			"1 holding south 2017-07-09..2017-07-11"},
		{"fr", "2017-07-20", "La trêve est respectée à Deraa depuis son entrée en vigueur le 9 juillet à midi, a indiqué un habitant.",
			"1 holding south 2017-07-09..2017-07-20"},
		{"pt", "2019-09-02", "Segundo o OSDH, foguetes caíram durante o dia sobre Kafranbel.",
			"1 accusation idlib;Kafranbel 2019-09-02..2019-09-02"},
		{"pt", "2019-09-02", "\"Não há aviões de guerra no céu de Idlib\", afirmou o diretor da ONG.",
			"1 holding idlib default"},
		{"fr", "2018-09-24", "L'OSDH a fait état de tirs sporadiques lundi et mardi dans le sud d'Idleb.",
			"1 violations-not-serious idlib 2018-09-17..2018-09-18"},
	} {
		got := strings.Join(round18Items(t, tc.lang, tc.date, tc.text), "|")
		if got != tc.want {
			t.Errorf("%q:\n got %s\nwant %s", tc.text, got, tc.want)
		}
	}
}
