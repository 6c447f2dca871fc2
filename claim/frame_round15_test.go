package claim

import (
	"testing"
	"time"

	"github.com/truce-monitor/truce"
)

// TestFrameForms reads the days of forms written for the fifteenth corpus
// round, in other words than its items: two weekdays joined by "and",
// last week and last month (the calendar ones), the night before a date,
// a since-date with a Turkish ablative, parts of a day.
func TestFrameForms(t *testing.T) {
	a := frameAgreement()
	date := time.Date(2018, 11, 14, 0, 0, 0, 0, time.UTC) // a Wednesday
	for _, tc := range []struct{ text, from, to string }{
		{"Rebels shelled Mhardeh on Sunday and Monday, the ministry said", "2018-11-11", "2018-11-12"},
		{"Government aircraft struck Ariha on Monday and on Tuesday", "2018-11-12", "2018-11-13"},
		{"The truce held last week, the monitor said", "2018-11-05", "2018-11-11"},
		{"Monitors counted 40 violations last month", "2018-10-01", "2018-10-31"},
		{"Militants shelled Aleppo overnight into Tuesday", "2018-11-12", "2018-11-13"},
		{"Les rebelles ont bombardé Souran lundi et mardi", "2018-11-12", "2018-11-13"},
		{"La trêve a été respectée la semaine dernière", "2018-11-05", "2018-11-11"},
		{"Trente violations ont été relevées le mois dernier", "2018-10-01", "2018-10-31"},
		{"Aucune frappe depuis une dizaine de jours", "2018-11-05", "2018-11-14"},
		{"Des obus sont tombés dans la nuit du vendredi 9 au samedi 10 novembre", "2018-11-09", "2018-11-10"},
		{"Los rebeldes atacaron Morek el domingo y el lunes", "2018-11-11", "2018-11-12"},
		{"La tregua se respetó la semana pasada", "2018-11-05", "2018-11-11"},
		{"Se registraron 20 violaciones el mes pasado", "2018-10-01", "2018-10-31"},
		{"A trégua foi respeitada na semana passada", "2018-11-05", "2018-11-11"},
		{"Боевики обстреляли Мхарду в понедельник и вторник", "2018-11-12", "2018-11-13"},
		{"На прошлой неделе режим тишины соблюдался", "2018-11-05", "2018-11-11"},
		{"В ночь на 12 ноября боевики обстреляли Алеппо", "2018-11-11", "2018-11-12"},
		{"В течение последних трех дней нарушений не было", "2018-11-12", "2018-11-14"},
		{"Перемирие соблюдается с момента его вступления в силу 1 ноября", "2018-11-01", "2018-11-14"},
		{"Rejim güçleri geçen hafta Ariha'yı vurdu", "2018-11-05", "2018-11-11"},
		{"Rejim güçleri pazartesi sabahı Ariha'yı vurdu", "2018-11-12", "2018-11-12"},
		{"1 Kasım'dan bu yana 30 ihlal kaydedildi", "2018-11-01", "2018-11-14"},
		{"قصفت قوات النظام بلدة مورك يومي الأحد والاثنين", "2018-11-11", "2018-11-12"},
		{"شنت طائرات حربية غارات على أريحا منذ فجر الاثنين", "2018-11-12", "2018-11-14"},
		{"شهدت المنطقة هدوءاً الشهر الماضي", "2018-10-01", "2018-10-31"},
	} {
		c := truce.Claim{Text: tc.text, Date: date, Scope: truce.ClaimScope{All: true}, Assertion: truce.AssertAccusation}
		f := ClaimFrame(c, a)
		if got := f.From.Format(truce.DateLayout) + ".." + f.To.Format(truce.DateLayout); got != tc.from+".."+tc.to {
			t.Errorf("%q: %s, want %s..%s", tc.text, got, tc.from, tc.to)
		}
	}
}
