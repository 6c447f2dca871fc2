package news

import (
	"strings"
	"testing"
)

// TestRound21Forms: the days and places corpus round 21 found that are not
// the claim's, in other words than its items: where the attackers fired
// from ("from positions in", "desde posiciones en", "المتمركزة في"), a place
// that opens the sentence before its speaker ("À Moscou, le ministère …"),
// a weekday with its date ("On Saturday, 10 November"), a night between two
// weekdays after a speech verb, "since noon yesterday", a truce's start
// conceded ("despite a truce that took effect on Thursday"), and an attack
// whose deaths are none.
func TestRound21Forms(t *testing.T) {
	for _, tc := range []struct{ lang, date, text, want string }{
		{"en", "2019-06-12", "Militants fired rockets from positions in the Idlib countryside at the town of Mhardeh on Tuesday, the Russian centre said.",
			"1 accusation ;Mahardah 2019-06-11..2019-06-11"},
		{"es", "2019-06-11", "Los terroristas abrieron fuego el lunes desde posiciones en la provincia de Idlib contra la localidad de Suqaylabiyah, informó el centro ruso.",
			"1 accusation ;Suqaylabiyah 2019-06-10..2019-06-10"},
		{"ar", "2019-06-11", "أفاد المرصد السوري أن قوات النظام المتمركزة في ريف حماة الشمالي قصفت أمس بالقذائف الصاروخية بلدة كفرنبل.",
			"1 accusation idlib;Kafranbel 2019-06-10..2019-06-10"},
		{"fr", "2017-08-08", "À Moscou, le ministère russe de la Défense a affirmé mardi que la trêve était respectée dans la Ghouta orientale.",
			"1 holding eastern-ghouta default"},
		{"en", "2018-11-14", "On Saturday, 10 November, shells hit the town of Mhardeh, SANA said.",
			"1 accusation ;Mahardah 2018-11-10..2018-11-10"},
		{"fr", "2017-07-11", "Des rebelles ont fait état de tirs sporadiques dans la nuit de lundi à mardi dans la province de Deraa.",
			"1 violations-not-serious south;Daraa 2017-07-10..2017-07-11"},
		{"en", "2019-08-03", "Government forces shelled the town of Latamneh on Friday, despite a truce that took effect on Thursday, activists said.",
			"1 accusation idlib;Latamneh 2019-08-02..2019-08-02"},
		{"en", "2017-07-12", "A rebel spokesman said mortar rounds hit the town of Tafas after midnight but caused no casualties.",
			"1 accusation south;Tafas 2017-07-12..2017-07-12"},
	} {
		if got := strings.Join(round18Items(t, tc.lang, tc.date, tc.text), "|"); got != tc.want {
			t.Errorf("%s %q:\n got %s\nwant %s", tc.lang, tc.text, got, tc.want)
		}
	}
}
