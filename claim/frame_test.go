package claim

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
)

// frameAgreement has a start and two renewals, one named in its note.
func frameAgreement() *truce.Agreement {
	a := claimAgreement()
	a.ID, a.Title = "astana-2017", "Memorandum on the creation of de-escalation areas"
	a.Effective = time.Date(2017, 5, 6, 0, 0, 0, 0, time.UTC)
	a.Renewals = []truce.Renewal{
		{Date: time.Date(2017, 9, 15, 0, 0, 0, 0, time.UTC), Note: "Astana round of 14-15 September 2017"},
		{Date: time.Date(2018, 9, 17, 0, 0, 0, 0, time.UTC), Note: "Sochi memorandum on stabilising the Idlib area"},
	}
	return a
}

func TestClaimFrame(t *testing.T) {
	a := frameAgreement()
	date := time.Date(2018, 11, 14, 0, 0, 0, 0, time.UTC) // a Wednesday
	d := func(s string) time.Time { t, _ := truce.ParseDate(s); return t }
	for _, tc := range []struct {
		text, assertion          string
		from, to, baseFrom, base string // base: BaseTo; "" when none
		perZone                  bool
		note                     string
	}{
		// Windows of holding claims.
		{"The ceasefire held in the past 24 hours", truce.AssertHolding, "2018-11-13", "2018-11-14", "", "", false, `"in the past 24 hours"`},
		{"No violations were recorded over the last three days", truce.AssertNoViolations, "2018-11-12", "2018-11-14", "", "", false, ""},
		{"The truce has been respected this week", truce.AssertHolding, "2018-11-12", "2018-11-14", "", "", false, ""},
		{"Calm since Monday", truce.AssertHolding, "2018-11-12", "2018-11-14", "", "", false, ""},
		// "Since Wednesday" said on a Wednesday is a week back; "since
		// early Wednesday" is that very day.
		{"Calm since Wednesday", truce.AssertHolding, "2018-11-07", "2018-11-14", "", "", false, ""},
		{"Calm since early Wednesday", truce.AssertHolding, "2018-11-14", "2018-11-14", "", "", false, ""},
		{"Calm since Wednesday morning", truce.AssertHolding, "2018-11-14", "2018-11-14", "", "", false, ""},
		// Since something was done on a date.
		{"Since the guarantors signed the memorandum on 4 May, violence is clearly down", truce.AssertDecline, "2018-05-04", "2018-11-14", "2017-10-21", "2018-05-03", false, "signed the memorandum on 4 may"},
		// Since a part of a month; "as of" a date dates the count only.
		{"Since late October, 30 civilians have been killed", truce.AssertCount, "2018-10-31", "2018-11-14", "", "", false, ""},
		{"Since mid October, 30 civilians have been killed", truce.AssertCount, "2018-10-11", "2018-11-14", "", "", false, ""},
		// From a date with no end; since something began weeks ago.
		{"Fighting across the front line escalated once more from 3 November", truce.AssertIncrease, "2018-11-03", "2018-11-14", "2018-10-22", "2018-11-02", false, ""},
		{"Over 100 civilians have been killed since the regime offensive began two weeks ago", truce.AssertCount, "2018-11-01", "2018-11-14", "", "", false, ""},
		// An agreement with the date the words give it.
		{"The cessation of hostilities has been maintained since the Russian-Turkish agreement of 17 September on a demilitarised zone", truce.AssertHolding, "2018-09-17", "2018-11-14", "", "", false, ""},
		{"Since the escalation of hostilities in late October more than 30 civilians have died; the truce of 2-5 November brought a brief respite", truce.AssertCount, "2018-10-31", "2018-11-14", "", "", false, ""},
		{"Since early November, as of 14 November, 30 civilians have been killed", truce.AssertCount, "2018-11-01", "2018-11-14", "", "", false, ""},
		// A month named: its days, the latest such month.
		{"No violations were recorded in October", truce.AssertNoViolations, "2018-10-01", "2018-10-31", "", "", false, ""},
		{"No violations were recorded in December 2017", truce.AssertNoViolations, "2017-12-01", "2017-12-31", "", "", false, ""},
		{"No violations were recorded in November", truce.AssertNoViolations, "2018-11-01", "2018-11-14", "", "", false, ""},
		{"The ceasefire is holding since November 1", truce.AssertHolding, "2018-11-01", "2018-11-14", "", "", false, ""},
		{"Only minor violations yesterday", truce.AssertNotSerious, "2018-11-13", "2018-11-13", "", "", false, ""},
		{"The ceasefire is holding", truce.AssertHolding, "2018-11-08", "2018-11-14", "", "", false, "no time frame in the words: the 7 days"},
		// Changes: the window and its baseline.
		{"Violence has declined since the Sochi memorandum", truce.AssertDecline, "2018-09-17", "2018-11-14", "2018-07-20", "2018-09-16", false, "the sochi memorandum"},
		{"Violence has declined since the de-escalation zones were created", truce.AssertDecline, "2017-05-06", "2018-11-14", "2015-10-26", "2017-05-05", false, "the agreement's start"},
		{"Attacks decreased this month compared with the previous month", truce.AssertDecline, "2018-11-01", "2018-11-14", "2018-10-02", "2018-10-31", false, "compared with"},
		{"Shelling rose in the past week", truce.AssertIncrease, "2018-11-08", "2018-11-14", "2018-11-01", "2018-11-07", false, "as the words name no baseline"},
		{"Escalation in Idlib", truce.AssertIncrease, "2018-11-08", "2018-11-14", "2018-10-11", "2018-11-07", false, "the default for an increase"},
		{"A significant decline in violence has been recorded", truce.AssertDecline, "", "2018-11-14", "", "", true, "the default for a decline"},
		// Days named by a weekday or the weekend; the day a statement was
		// made is no frame.
		{"The ceasefire held over the weekend", truce.AssertHolding, "2018-11-10", "2018-11-11", "", "", false, ""},
		{"Government forces shelled Harasta on Monday", truce.AssertAccusation, "2018-11-12", "2018-11-12", "", "", false, ""},
		{"The truce is holding, the minister said on Monday", truce.AssertHolding, "2018-11-08", "2018-11-14", "", "", false, "no time frame in the words"},
		// A since-phrase that sets a record compares: it is not the days.
		{"Shelling killed seven people in Idlib, the largest loss of life since August", truce.AssertCount, "2018-11-08", "2018-11-14", "", "", false, "no time frame in the words"},
		{"Warplanes struck Daraa for the first time since the ceasefire was agreed, killing five on Sunday", truce.AssertAccusation, "2018-11-11", "2018-11-11", "", "", false, ""},
		{"Les frappes les plus meurtrières depuis le mois de mars ont touché Idleb", truce.AssertAccusation, "2018-11-08", "2018-11-14", "", "", false, "no time frame in the words"},
		// The [frame] rules of the other languages.
		{"Aucune violation n'a été enregistrée au cours des trois derniers jours", truce.AssertNoViolations, "2018-11-12", "2018-11-14", "", "", false, ""},
		{"La tregua se respetó durante el fin de semana", truce.AssertHolding, "2018-11-10", "2018-11-11", "", "", false, ""},
		{"Os confrontos diminuíram desde o acordo de Sochi", truce.AssertDecline, "2018-09-17", "2018-11-14", "", "", false, "sochi"},
		{"Нарушений не зафиксировано за прошедшие сутки", truce.AssertNoViolations, "2018-11-13", "2018-11-14", "", "", false, ""},
		{"Режим прекращения огня соблюдается, заявил в понедельник министр", truce.AssertHolding, "2018-11-08", "2018-11-14", "", "", false, "no time frame in the words"},
		{"Soçi mutabakatından bu yana çatışmalar azaldı", truce.AssertDecline, "2018-09-17", "2018-11-14", "", "", false, "sochi"},
		// A date named alone is that day, after every language's spans.
		{"On 29 October, the Turkish side had recorded two violations", truce.AssertCount, "2018-10-29", "2018-10-29", "", "", false, ""},
		{"11 ноября зафиксировано семь нарушений", truce.AssertCount, "2018-11-11", "2018-11-11", "", "", false, ""},
		{"La aviación rusa bombardeó el 12 de noviembre la localidad de Hamuriya", truce.AssertAccusation, "2018-11-12", "2018-11-12", "", "", false, ""},
		{"Os ativistas contaram 40 violações desde 1 de novembro", truce.AssertCount, "2018-11-01", "2018-11-14", "", "", false, ""},
		// This month, some days back, a night between two days named.
		{"Desde principios de mes la aviación siria ha bombardeado el sur de Idlib", truce.AssertAccusation, "2018-11-01", "2018-11-14", "", "", false, ""},
		{"La zona vive una calma relativa desde hace tres días", truce.AssertHolding, "2018-11-12", "2018-11-14", "", "", false, ""},
		{"Dans la nuit de lundi à mardi, des frappes russes ont visé Saraqeb", truce.AssertAccusation, "2018-11-12", "2018-11-13", "", "", false, ""},
		{"Warplanes struck towns in southern Idlib between Monday and Tuesday", truce.AssertAccusation, "2018-11-12", "2018-11-13", "", "", false, ""},
		{"Militanlar 5-7 Kasım tarihleri arasında ateşkesi 12 kez ihlal etti", truce.AssertCount, "2018-11-05", "2018-11-07", "", "", false, ""},
		{"В ночь на вторник боевики обстреляли Джобар", truce.AssertAccusation, "2018-11-12", "2018-11-13", "", "", false, ""},
		// Two dates each with its month; the night; since a weekday "pasado".
		{"С 28 октября по 3 ноября зафиксировано 15 нарушений", truce.AssertCount, "2018-10-28", "2018-11-03", "", "", false, ""},
		{"The monitor documented 17 breaches from October 7 to November 13", truce.AssertCount, "2018-10-07", "2018-11-13", "", "", false, ""},
		{"Le calme a régné entre le 17 septembre et le 18 octobre", truce.AssertHolding, "2018-09-17", "2018-10-18", "", "", false, ""},
		{"Government forces shelled Tafas during the night", truce.AssertAccusation, "2018-11-13", "2018-11-14", "", "", false, ""},
		{"Las fuerzas gubernamentales han bombardeado desde el pasado viernes Zamalka", truce.AssertAccusation, "2018-11-09", "2018-11-14", "", "", false, ""},
		// The first week of the truce, with no day the article dates it: the agreement's.
		{"Na primeira semana da trégua, o ministério registou 22 casos de disparos", truce.AssertCount, "2017-05-06", "2017-05-12", "", "", false, ""},
		{"Violations have increased since the beginning of the week", truce.AssertIncrease, "2018-11-12", "2018-11-14", "2018-11-09", "2018-11-11", false, ""},
		{"Dün Halep'te ateşkes ihlal edildi", truce.AssertNoViolations, "2018-11-13", "2018-11-13", "", "", false, ""},
		{"لم تسجل أي خروقات خلال الـ24 ساعة الماضية", truce.AssertNoViolations, "2018-11-13", "2018-11-14", "", "", false, ""},
		{"الهدوء يسود منذ 9 تموز", truce.AssertHolding, "2018-07-09", "2018-11-14", "", "", false, ""},
		// A clause about something else keeps its days; one that holds
		// the claim does not.
		{"It was quiet on the main front, which had seen the heaviest bombing in recent weeks", truce.AssertHolding, "2018-11-08", "2018-11-14", "", "", false, "no time frame in the words"},
		{"The Observatory, which said the truce was holding in the past 24 hours, counted no deaths", truce.AssertHolding, "2018-11-13", "2018-11-14", "", "", false, "in the past 24 hours"},
		{"The truce held in the past 24 hours, which the UN welcomed", truce.AssertHolding, "2018-11-13", "2018-11-14", "", "", false, "in the past 24 hours"},
		{"Reinaba la calma en el frente, donde hubo intensos bombardeos durante el fin de semana", truce.AssertHolding, "2018-11-08", "2018-11-14", "", "", false, "no time frame in the words"},
	} {
		t.Run(tc.text, func(t *testing.T) {
			c := truce.Claim{Text: tc.text, Assertion: tc.assertion, Date: date}
			if cue := map[string]string{truce.AssertHolding: "holding"}[tc.assertion]; strings.Contains(tc.text, cue) && cue != "" {
				c.Notes = []string{fmt.Sprintf("assertion: %s, from %q", tc.assertion, cue)}
			}
			f := ClaimFrame(c, a)
			if f.PerZone != tc.perZone || !f.To.Equal(d(tc.to)) || (tc.from != "" && !f.From.Equal(d(tc.from))) {
				t.Errorf("frame %s to %s (per zone %t), want %s to %s (%t): %s", day(f.From), day(f.To), f.PerZone, tc.from, tc.to, tc.perZone, f.Note)
			}
			if tc.base != "" && (!f.BaseFrom.Equal(d(tc.baseFrom)) || !f.BaseTo.Equal(d(tc.base))) {
				t.Errorf("baseline %s to %s, want %s to %s: %s", day(f.BaseFrom), day(f.BaseTo), tc.baseFrom, tc.base, f.Note)
			}
			if tc.base == "" && !f.BaseTo.IsZero() && tc.assertion != truce.AssertDecline && tc.assertion != truce.AssertIncrease {
				t.Errorf("a window claim got a baseline: %s", f.Note)
			}
			if !strings.Contains(f.Note, tc.note) {
				t.Errorf("note %q does not say %q", f.Note, tc.note)
			}
		})
	}
}

// TestClaimFrameCoverage checks that a baseline reaching before the data is
// cut to the data, not counted as quiet days.
func TestClaimFrameCoverage(t *testing.T) {
	a := claimAgreement()
	brk := a.Effective
	date := brk.AddDate(0, 0, 59)
	rows := append(trendRows("a", brk, 60, 6, 1), trendRows("b", brk, 60, 6, 1)...)
	c := truce.Claim{Date: date, Scope: truce.ClaimScope{All: true}, Assertion: truce.AssertDecline,
		Text: "violence declined over the past 30 days compared with the previous year"}
	span := spanEvidence{first: brk.AddDate(0, 0, -30), last: date}
	chk, err := CheckClaim(c, a, 1, rows, span)
	if err != nil {
		t.Fatal(err)
	}
	za := chk.PerZone[0]
	if za.DaysBefore != 60 || !strings.Contains(za.Reason, "the data begin on") {
		t.Errorf("baseline not cut to the data: %d days before; %s", za.DaysBefore, za.Reason)
	}
	if za.DaysAfter != 30 {
		t.Errorf("window: %d days, want 30", za.DaysAfter)
	}
}

type spanEvidence struct{ first, last time.Time }

func (s spanEvidence) ZoneIncidents(string, time.Time, time.Time, bool) ([]JudgedIncident, error) {
	return nil, nil
}
func (s spanEvidence) DataSpan() (time.Time, time.Time, error) { return s.first, s.last, nil }

func FuzzClaimFrame(f *testing.F) {
	f.Add("The ceasefire held in the past 24 hours", truce.AssertHolding)
	f.Add("Violence declined since the Sochi memorandum compared with the previous month", truce.AssertDecline)
	f.Add("calm since may 40, 2017 and since monday", truce.AssertIncrease)
	f.Add("in the first twenty-four hours of the truce", truce.AssertNoViolations)
	f.Add("منذ بدء سريان الهدنة يوم الأحد خلال الأيام الثلاثة الماضية", truce.AssertHolding)
	f.Add("Soçi mutabakatından bu yana, dijo el lunes; с 31 февраля; depuis le 40 mai", truce.AssertDecline)
	f.Add("over the weekend, said on Saturday", truce.AssertHolding)
	f.Add("on 31 February; 12 Mart'ta; يوم ١٢ آذار; el 40 de mayo", truce.AssertCount)
	a := frameAgreement()
	date := time.Date(2018, 11, 14, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, text, assertion string) {
		c := truce.Claim{Text: text, Assertion: assertion, Date: date, Notes: []string{FramePrefix + "2018-11-01, the truce", SaidPrefix + "on Monday", PastDayPrefix + `"24 hours"`}}
		fr := ClaimFrame(c, a)
		if fr.To.After(date) || (!fr.PerZone && fr.From.After(fr.To)) {
			t.Fatalf("%q: window %s to %s for a claim of %s", text, day(fr.From), day(fr.To), day(date))
		}
		if !fr.BaseTo.IsZero() && !fr.BaseTo.Before(fr.From) {
			t.Fatalf("%q: baseline %s to %s does not end before the window %s", text, day(fr.BaseFrom), day(fr.BaseTo), day(fr.From))
		}
		if fr.Note == "" {
			t.Fatalf("%q: no note says how the frame was read", text)
		}
	})
}

// An article whose bulletin counts a span other than the past day gives it
// to its other counts, not to its other claims.
func TestContextSpan(t *testing.T) {
	a := frameAgreement()
	date := time.Date(2018, 11, 12, 0, 0, 0, 0, time.UTC) // a Monday
	text := "The Russian centre registered 14 violations over the weekend. The Turkish side reported three violations during the same period. The situation in Homs is calm."
	cx := ContextOf("en", "", text, date, a)
	if cx.Span != "over the weekend" || cx.PastDay != "" {
		t.Fatalf("span %q, past day %q", cx.Span, cx.PastDay)
	}
	for _, tc := range []struct{ text, assertion, from, to string }{
		{"The Turkish side reported three violations during the same period.", truce.AssertCount, "2018-11-10", "2018-11-11"},
		{"The situation in Homs is calm.", truce.AssertHolding, "2018-11-06", "2018-11-12"},
	} {
		c := truce.Claim{Text: tc.text, Date: date, Assertion: tc.assertion}
		ApplyContext(&c, cx)
		f := ClaimFrame(c, a)
		if day(f.From) != tc.from || day(f.To) != tc.to {
			t.Errorf("%q: %s to %s, want %s to %s (%s)", tc.text, day(f.From), day(f.To), tc.from, tc.to, f.Note)
		}
	}
	if cx := ContextOf("tr", "", "Merkez, son 48 saatte 11 ihlal tespit edildiğini duyurdu.", date, a); cx.Span == "" {
		t.Errorf("no span in a bulletin of the past 48 hours")
	}
}

// TestCueClause: the days of the clause that makes the claim, when it
// names any; a night is no article's count of the past 24 hours.
func TestCueClause(t *testing.T) {
	a := frameAgreement()
	date := time.Date(2018, 11, 14, 0, 0, 0, 0, time.UTC) // a Wednesday
	c := truce.Claim{Date: date, Assertion: truce.AssertAccusation,
		Text:  "The truce has brought no casualties since Monday, but he said government forces had shelled Ein Tarma on Tuesday",
		Notes: []string{`assertion: accusation, from "government forces had shelled" (active voice)`}}
	if f := ClaimFrame(c, a); day(f.From) != "2018-11-13" || day(f.To) != "2018-11-13" {
		t.Errorf("%s to %s, want the Tuesday (%s)", day(f.From), day(f.To), f.Note)
	}
	if cx := ContextOf("ru", "", "Прошлой ночью боевики обстреляли Алеппо. Обстановка остаётся спокойной.", date, a); cx.PastDay != "" || cx.Span == "" {
		t.Errorf("a night: past day %q, span %q; want no past day, a span", cx.PastDay, cx.Span)
	}
}

// A truce the agreement dates in a claim's zone: "since the truce" is
// since it, and a claim with no days of its own speaks of the days since
// one that began within the status window.
func TestClaimFrameLocalTruce(t *testing.T) {
	a := frameAgreement()
	a.Truces = []truce.LocalTruce{
		{Date: time.Date(2018, 8, 1, 0, 0, 0, 0, time.UTC), Zones: []string{"a", "b"}, Name: "the summer truce"},
		{Date: time.Date(2018, 11, 12, 0, 0, 0, 0, time.UTC), Zones: []string{"a"}, Name: "the 72-hour ceasefire"},
	}
	date := time.Date(2018, 11, 14, 0, 0, 0, 0, time.UTC)
	inA := truce.ClaimScope{Zones: []string{"a"}}
	for _, tc := range []struct {
		text, assertion string
		scope           truce.ClaimScope
		from, baseFrom  string
		def             bool
		note            string
	}{
		{"The ceasefire is holding", truce.AssertHolding, inA, "2018-11-12", "", true, "when the 72-hour ceasefire began"},
		{"No violations since the ceasefire", truce.AssertNoViolations, inA, "2018-11-12", "", false, "the 72-hour ceasefire (the agreement's truces)"},
		{"Fighting has subsided", truce.AssertDecline, inA, "2018-11-12", "2018-11-09", true, "compared with the 3 days before"},
		// Zone b's latest truce is months old: the status window.
		{"The ceasefire is holding", truce.AssertHolding, truce.ClaimScope{Zones: []string{"b"}}, "2018-11-08", "", true, "the agreement's status window"},
		{"No violations since the truce", truce.AssertNoViolations, truce.ClaimScope{Zones: []string{"b"}}, "2018-08-01", "", false, "the summer truce"},
		// An agreement named is the agreement.
		{"No violations since the memorandum", truce.AssertNoViolations, inA, "2017-05-06", "", false, "the agreement's start"},
	} {
		t.Run(tc.text+"/"+strings.Join(tc.scope.Zones, ","), func(t *testing.T) {
			f := ClaimFrame(truce.Claim{Text: tc.text, Date: date, Scope: tc.scope, Assertion: tc.assertion}, a)
			base := ""
			if !f.BaseFrom.IsZero() {
				base = day(f.BaseFrom)
			}
			if day(f.From) != tc.from || base != tc.baseFrom || f.Default != tc.def || !strings.Contains(f.Note, tc.note) {
				t.Errorf("%s to %s (base from %q, default %v): %s", day(f.From), day(f.To), base, f.Default, f.Note)
			}
		})
	}
}
