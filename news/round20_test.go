package news

import (
	"strings"
	"testing"
)

// TestRound20Forms: forms of real reporting corpus round 20 found, in
// other words than its items: a part of a day named ("in the early hours
// of Monday"), a day that opens the sentence before an attribution set off
// by commas (the events' day), events "reported on" a day, "south of Idlib
// city" (no southern zone), "gece saatlerinde", the truce's Nth day said
// on that day, a date after "Как заявили в …," (the events'), attacks
// recorded with no number, a speaker "in Deraa city" or "in the area",
// "appeared to hold", and the same source going on about the day its
// sentence before named.
func TestRound20Forms(t *testing.T) {
	for _, tc := range []struct{ lang, date, text, want string }{
		{"en", "2019-09-17", "Government forces shelled Kafranbel in Idlib in the early hours of Tuesday, the Observatory said.",
			"1 accusation idlib;Kafranbel 2019-09-17..2019-09-17"},
		{"en", "2019-09-17", "On Monday, the Observatory said, government forces shelled positions north of Idlib city.",
			"1 accusation idlib 2019-09-16..2019-09-16"},
		{"en", "2019-09-18", "Air strikes were reported on Monday in Idlib, a UN spokesman said.",
			"1 accusation idlib 2019-09-16..2019-09-16"},
		{"tr", "2018-11-06", "Yerel kaynaklara göre rejim güçleri gece saatlerinde İdlib'in güneyindeki köylere topçu saldırısı düzenledi.",
			"1 accusation idlib 2018-11-05..2018-11-06"},
		{"es", "2017-08-02", "Según el Observatorio, la tregua en Guta Oriental se respetaba este miércoles, en su segundo día.",
			"1 holding eastern-ghouta 2017-08-02..2017-08-02"},
		{"ru", "2018-04-12", "Как сообщили в Центре по примирению, в среду боевики обстреляли поселок Мхарда в провинции Хама.",
			"1 accusation idlib;Hama 2018-04-11..2018-04-11"},
		{"en", "2018-08-20", "The Russian centre registered shelling in the province of Hama over the past 24 hours, a spokesman said.",
			"1 accusation idlib;Hama 2018-08-19..2018-08-20"},
		{"en", "2017-07-12", "A rebel official in Deraa city said the truce had held in the last two days.",
			"1 holding south 2017-07-11..2017-07-12"},
		{"en", "2017-09-28", "The truce in Idlib appeared to hold on Thursday, a monitor said.",
			"1 holding idlib 2017-09-28..2017-09-28"},
		{"fr", "2019-09-01", "Le régime a cessé ses frappes dimanche 1er septembre sur Idleb, selon l'OSDH. Selon l'ONG, des tirs d'artillerie ont toutefois visé la ville de Khan Cheikhoun.",
			"1 holding idlib 2019-09-01..2019-09-01|2 accusation idlib 2019-09-01..2019-09-01"},
	} {
		if got := strings.Join(round18Items(t, tc.lang, tc.date, tc.text), "|"); got != tc.want {
			t.Errorf("%s %q:\n got %s\nwant %s", tc.lang, tc.text, got, tc.want)
		}
	}
}
