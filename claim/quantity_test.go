package claim

import (
	"strings"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
)

func TestReadQuantity(t *testing.T) {
	for _, tc := range []struct {
		text string
		n    int
		what string // "" when no quantity
	}{
		{"12 violations were recorded in Idlib", 12, QuantityViolations},
		{"Russian monitors registered fifteen ceasefire violations", 15, QuantityViolations},
		{"1,250 violations since the start of the year", 1250, QuantityViolations},
		{"Five people were killed in shelling", 5, QuantityDeaths},
		{"an air strike killing twenty-three civilians", 23, QuantityDeaths},
		{"No one was killed in the past day", 0, QuantityDeaths},
		{"without any casualties", 0, QuantityDeaths},
		{"14 deaths were reported", 14, QuantityDeaths},
		// What may stand between the number and the verb.
		{"1,089 civilians, including 304 children, were killed", 1089, QuantityDeaths},
		{"Nine people were reportedly killed in Idlib", 9, QuantityDeaths},
		{"Around 100 people have reportedly been killed", 100, QuantityDeaths},
		{"shelling resulted in the deaths of 20 people", 20, QuantityDeaths},
		{"about 850 terrorists were destroyed", 850, QuantityDeaths},
		{"12 tanks were destroyed", 0, ""},
		{"Nineteen civilians, seven of them children, were killed in overnight strikes", 19, QuantityDeaths},
		{"A civilian was killed in Rastan overnight by sniper fire", 1, QuantityDeaths},
		{"SOHR has not documented the death of any civilian since the truce", 0, QuantityDeaths},
		{"The Observatory has not received reports of any deaths", 0, QuantityDeaths},
		{"Several violations were recorded", 0, ""},
		{"No violations were recorded", 0, ""},
		{"The ceasefire is holding", 0, ""},
	} {
		t.Run(tc.text, func(t *testing.T) {
			q, ok := ReadQuantity(tc.text)
			if ok != (tc.what != "") || ok && (q.N != tc.n || q.What != tc.what) {
				t.Fatalf("got %+v, %t; want %d %s", q, ok, tc.n, tc.what)
			}
		})
	}
}

func TestReadClaimCount(t *testing.T) {
	a := astana(t)
	c := truce.Claim{Text: "Three violations were recorded in Daraa province in the past week"}
	if err := ReadClaim(&c, a, ClaimOverrides{}, "--"); err != nil || c.Assertion != truce.AssertCount || strings.Join(c.Scope.Areas, ",") != "Daraa" {
		t.Fatalf("%v: %+v", err, c)
	}
	c = truce.Claim{Text: "The ceasefire is holding in Idlib, with 12 violations recorded"}
	if err := ReadClaim(&c, a, ClaimOverrides{}, "--"); err != nil || c.Assertion != truce.AssertHolding || !strings.Contains(strings.Join(c.Notes, "\n"), "--assertion count") {
		t.Fatalf("%v: %+v", err, c)
	}
}

func TestCheckClaimCount(t *testing.T) {
	a := claimAgreement()
	const on = "2017-06-15"
	// Zone a: 4 certain violations and 2 even chances in the week; the
	// incidents' deaths 10 (8–14).
	rows := []truce.ZoneDay{zrow("a", "2017-06-12", violation, truce.SeverityMinor, 4), zrow("a", "2017-06-13", truce.Exactly(0.5), truce.SeverityMinor, 2)}
	ev := fakeEvidence{
		{Ref: "a:1", Day: mustDay("2017-06-12"), Placement: truce.Inside, P: violation, Deaths: 6, DeathsLow: 5, DeathsHigh: 9},
		{Ref: "a:2", Day: mustDay("2017-06-13"), Placement: truce.Inside, P: violation, Deaths: 4, DeathsLow: 3, DeathsHigh: 5},
	}
	onlyA := truce.ClaimScope{Zones: []string{"a"}}
	for _, tc := range []struct {
		text   string
		scope  truce.ClaimScope
		want   truce.ClaimVerdict
		reason string
	}{
		{"5 violations were recorded in the past week", onlyA, truce.ClaimSupported, "5.0 expected violations (90 % interval 4–6)"},
		{"7 violations were recorded in the past week", onlyA, truce.ClaimSupported, "is above it, as it would be if true"},
		{"3 violations were recorded in the past week", onlyA, truce.ClaimInsufficient, "outside the interval, but near it"},
		{"5 people were killed in the past week", onlyA, truce.ClaimInsufficient, "outside the interval, but near it"},
		// 6 against 8: two deaths fewer, within the square root of 8.
		{"6 people were killed in the past week", onlyA, truce.ClaimSupported, "the square root of their number"},
		{"30 violations were recorded in the past week", onlyA, truce.ClaimSupported, "bears the count out that far"},
		// More than 25 for each of the 6 the evidence can hold.
		{"200 violations were recorded in the past week", onlyA, truce.ClaimInsufficient, "far above it, which the evidence cannot refute"},
		{"40 people were killed in the past week", onlyA, truce.ClaimContradicted, "far above it"},
		{"one violation was recorded in the past week", onlyA, truce.ClaimContradicted, "far below"}, // read by the count nouns, singular too
		{"O lado russo registrou 5 violações nos últimos sete dias", onlyA, truce.ClaimSupported, "the claim says 5 violations (\"5 violações\")"},
		{"the ceasefire was observed in the past week", onlyA, truce.ClaimInsufficient, "no number"},
		{"1 violations in the past week", onlyA, truce.ClaimContradicted, "far below"},
		{"Ten people were killed in the past week", onlyA, truce.ClaimSupported, "10 deaths in the window's incidents (the sources' low and high estimates 8–14)"},
		{"No one was killed in the past week", onlyA, truce.ClaimContradicted, "far below"},
		{"5 violations in the past week", truce.ClaimScope{All: true}, truce.ClaimInsufficient, "cannot count in zone b"},
	} {
		t.Run(tc.text, func(t *testing.T) {
			c := truce.Claim{Date: mustDay(on), Scope: tc.scope, Assertion: truce.AssertCount, Text: tc.text}
			chk, err := CheckClaim(c, a, 1, rows, ev)
			if err != nil {
				t.Fatal(err)
			}
			if chk.Verdict != tc.want || !strings.Contains(chk.Reason, tc.reason) {
				t.Fatalf("got %s: %s; want %s with %q", chk.Verdict, chk.Reason, tc.want, tc.reason)
			}
		})
	}
}

func FuzzReadQuantity(f *testing.F) {
	for _, s := range []string{"12 violations were recorded", "no one was killed", "killing twenty-three", "1,250 violations", "999999999 violations"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		q, ok := ReadQuantity(text)
		if ok && (q.N < 0 || q.Said == "" || q.What != QuantityViolations && q.What != QuantityDeaths) {
			t.Fatalf("%q: %+v", text, q)
		}
	})
}

// TestReadClaimUnknownAccused: --accused unknown is an accusation of no one
// named; any other name must be an actor of the agreement.
func TestReadClaimUnknownAccused(t *testing.T) {
	a := astana(t)
	c := truce.Claim{Text: "Warplanes bombed Khan Sheikhoun overnight"}
	if err := ReadClaim(&c, a, ClaimOverrides{Accused: truce.AccusedUnknown}, "--"); err != nil || c.Assertion != truce.AssertAccusation || c.Accused != truce.AccusedUnknown {
		t.Fatalf("%v: %+v", err, c)
	}
	c = truce.Claim{Text: "Warplanes bombed Khan Sheikhoun overnight"}
	if err := ReadClaim(&c, a, ClaimOverrides{Accused: "martians"}, "--"); err == nil || !strings.Contains(err.Error(), `nor "unknown"`) {
		t.Fatalf("%v: %+v", err, c)
	}
}

func TestQualify(t *testing.T) {
	for _, tc := range []struct {
		text              string
		n                 int
		bound             string
		civilians, attack bool
	}{
		{"At least 36 civilians were killed in Russian air strikes in Idlib", 36, BoundAtLeast, true, true},
		{"More than 70 civilians have been killed so far this month", 70, BoundAtLeast, true, false},
		{"25 people were killed in the south in the past week", 25, "", false, false},
		{"Nearly 20 fighters died in the clashes", 20, BoundAtMost, false, false},
		{"Shelling killed five people in Douma", 5, "", false, true},
		{"По меньшей мере 12 мирных жителей погибли в результате авиаударов", 12, BoundAtLeast, true, true},
		{"قتل ما لا يقل عن 9 مدنيين في غارات على إدلب", 9, BoundAtLeast, true, true},
		{"Au moins 14 civils ont été tués dans des bombardements", 14, BoundAtLeast, true, true},
		{"Al menos 7 civiles murieron", 7, BoundAtLeast, true, false},
	} {
		t.Run(tc.text, func(t *testing.T) {
			q := Quantity{N: tc.n, What: QuantityDeaths}
			qualify(tc.text, &q)
			if q.Bound != tc.bound || q.Civilians != tc.civilians || q.Attack != tc.attack {
				t.Errorf("bound %q, civilians %v, attack %v; want %q, %v, %v", q.Bound, q.Civilians, q.Attack, tc.bound, tc.civilians, tc.attack)
			}
		})
	}
}

func TestWeighDeaths(t *testing.T) {
	// 155 deaths, 60 civilians; 100 and 20 of them located only
	// approximately.
	tally := deathTally{Low: 150, Best: 155, High: 170, Civilians: 60, ApproxBest: 100, ApproxCivilians: 20}
	for _, tc := range []struct {
		name   string
		q      Quantity
		want   truce.ClaimVerdict
		reason string
	}{
		{"AtLeastMet", Quantity{N: 40, Bound: BoundAtLeast}, truce.ClaimSupported, "hold at least that many"},
		{"AtLeastCiviliansMet", Quantity{N: 36, Bound: BoundAtLeast, Civilians: true}, truce.ClaimSupported, "60 civilian deaths"},
		{"AtLeastOnlyWithApproximate", Quantity{N: 80, Bound: BoundAtLeast}, truce.ClaimInsufficient, "only with the incidents located approximately"},
		// 55 precisely located: at least 62 is within 15 % of them.
		{"AtLeastNear", Quantity{N: 62, Bound: BoundAtLeast}, truce.ClaimSupported, "nearly that many, within 15 %"},
		{"AtLeastFarAbove", Quantity{N: 600, Bound: BoundAtLeast}, truce.ClaimContradicted, "fall far short"},
		{"AtLeastAbove", Quantity{N: 400, Bound: BoundAtLeast}, truce.ClaimInsufficient, "not so far as to refute it"},
		{"AttackPart", Quantity{N: 5, Attack: true}, truce.ClaimSupported, "one part of them"},
		{"AttackKilledNoOne", Quantity{N: 0, Attack: true}, truce.ClaimInsufficient, "one attack killed no one"},
		// A total, of no attack: 5 where 55 deaths were precisely located.
		{"TotalFarBelow", Quantity{N: 5}, truce.ClaimContradicted, "far below the precisely located deaths"},
		{"TotalInInterval", Quantity{N: 160}, truce.ClaimSupported, "in the interval"},
		// Within 15 % of 150–170: another monitor's toll of the same deaths.
		{"TotalNearAbove", Quantity{N: 190}, truce.ClaimSupported, "within 15 %"},
		{"TotalNearBelow", Quantity{N: 130}, truce.ClaimSupported, "within 15 %"},
		{"TotalOutsideNear", Quantity{N: 200}, truce.ClaimInsufficient, "but near it"},
		{"CiviliansNear", Quantity{N: 67, Civilians: true}, truce.ClaimSupported, "within 15 %"},
		// 60 civilians of 155 deaths: 150 civilians is not refuted, since
		// the others may be of unknown status; 400 is.
		{"CiviliansUnknownStatus", Quantity{N: 150, Civilians: true}, truce.ClaimInsufficient, "unknown status"},
		{"CiviliansFarAbove", Quantity{N: 400, Civilians: true}, truce.ClaimContradicted, "far above"},
		{"NoneKilled", Quantity{N: 0}, truce.ClaimContradicted, "far below"},
		{"AtMostBroken", Quantity{N: 10, Bound: BoundAtMost}, truce.ClaimContradicted, "far above the bound"},
		{"AtMostKept", Quantity{N: 60, Bound: BoundAtMost}, truce.ClaimSupported, "no more than"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.q.What = QuantityDeaths
			got, reason := weighDeaths(tc.q, tally, "from 2018-02-18 to 2018-02-24 in a")
			if got != tc.want || !strings.Contains(reason, tc.reason) {
				t.Errorf("%s: %s; want %s with %q", got, reason, tc.want, tc.reason)
			}
		})
	}
}

// TestWeighCivilianDeathsOfUnknownStatus checks that a civilian toll is
// weighed up to the civilians and the deaths of unknown status together,
// which a monitor counting civilians counts many of.
func TestWeighCivilianDeathsOfUnknownStatus(t *testing.T) {
	// 60 civilians and 50 of unknown status among 155 deaths; 5 and 5 of
	// them located only approximately: 100 precisely located at most.
	tally := deathTally{Low: 150, Best: 155, High: 170, Civilians: 60, Unknown: 50, ApproxBest: 20, ApproxCivilians: 5, ApproxUnknown: 5}
	for _, tc := range []struct {
		name   string
		q      Quantity
		want   truce.ClaimVerdict
		reason string
	}{
		{"AtLeastWithUnknown", Quantity{N: 90, Bound: BoundAtLeast}, truce.ClaimSupported, "with the deaths of unknown status (100 in all)"},
		{"AtLeastNearWithUnknown", Quantity{N: 105, Bound: BoundAtLeast}, truce.ClaimSupported, "with the deaths of unknown status"},
		{"AttackNearWithUnknown", Quantity{N: 110, Bound: BoundAtLeast, Attack: true}, truce.ClaimSupported, "unknown status"},
		{"AtLeastAbove", Quantity{N: 125, Bound: BoundAtLeast}, truce.ClaimInsufficient, "fewer than it in the data"},
		{"TotalBetween", Quantity{N: 80}, truce.ClaimSupported, "between the civilian deaths and the civilian deaths with those of unknown status (60–110)"},
		{"TotalCivilians", Quantity{N: 60}, truce.ClaimSupported, "in the interval"},
		{"TotalAbove", Quantity{N: 150}, truce.ClaimInsufficient, "but near it"},
		{"TotalFarAbove", Quantity{N: 400}, truce.ClaimContradicted, "far above"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.q.What, tc.q.Civilians = QuantityDeaths, true
			got, reason := weighDeaths(tc.q, tally, "in a")
			if got != tc.want || !strings.Contains(reason, tc.reason) {
				t.Errorf("%s: %s; want %s with %q", got, reason, tc.want, tc.reason)
			}
			if !strings.Contains(reason, "50 of unknown status") {
				t.Errorf("the reason does not say how many deaths were of unknown status: %s", reason)
			}
		})
	}
}

// TestWindowShares: a dataset's count of several days counts in a window
// with its share of the window's days, marked Spread, and its deaths as
// approximate in the tally.
func TestWindowShares(t *testing.T) {
	d := func(s string) time.Time { t, _ := truce.ParseDate(s); return t }
	from, to := d("2018-06-20"), d("2018-06-26")
	list := windowShares([]JudgedIncident{
		{Ref: "month", Day: d("2018-06-11"), DayEnd: d("2018-07-10"), Deaths: 30, DeathsLow: 30, DeathsHigh: 60, Civilians: 15, Placement: truce.Inside},
		{Ref: "day", Day: d("2018-06-21"), DayEnd: d("2018-06-21"), Deaths: 4, DeathsLow: 4, DeathsHigh: 4, Placement: truce.Inside},
		{Ref: "over", Day: d("2018-06-01"), DayEnd: d("2018-06-19"), Deaths: 19, Placement: truce.Inside},
	}, from, to)
	if len(list) != 2 {
		t.Fatalf("got %d incidents, want 2 (the one that ended before the window left out): %+v", len(list), list)
	}
	if m := list[0]; m.Ref != "month" || m.Deaths != 7 || m.DeathsHigh != 14 || m.Civilians != 4 || !m.Spread {
		t.Errorf("the month's count = %+v, want 7 of its 30 deaths (days 10-16 of 30), high 14, 4 civilians, spread", m)
	}
	if one := list[1]; one.Deaths != 4 || one.Spread {
		t.Errorf("a one-day incident = %+v, want it as it was", one)
	}
	if r := deathRange(list); r.Best != 11 || r.ApproxBest != 7 {
		t.Errorf("tally %+v, want 11 deaths, 7 of them approximate", r)
	}
}

// TestWeighNoDeathsExcluded: "no one was killed" is not refuted by deaths in
// fighting with a group the agreement excludes alone.
func TestWeighNoDeathsExcluded(t *testing.T) {
	q := Quantity{N: 0, What: QuantityDeaths}
	for _, tc := range []struct {
		name  string
		tally deathTally
		want  truce.ClaimVerdict
	}{
		{"OnlyExcluded", deathTally{Low: 2, Best: 2, High: 2, ExcludedPrecise: 2}, truce.ClaimInsufficient},
		{"Others", deathTally{Low: 3, Best: 3, High: 3, ExcludedPrecise: 2}, truce.ClaimContradicted},
	} {
		if got, reason := weighDeaths(q, tc.tally, "in a"); got != tc.want {
			t.Errorf("%s: %s (%s), want %s", tc.name, got, reason, tc.want)
		}
	}
}

// TestCorroborate checks that an accusation whose dead are in the data is
// borne out when the data make the attack the accused's more likely than
// not, and that otherwise the dead are weighed in the reason alone.
func TestCorroborate(t *testing.T) {
	day := time.Date(2018, 4, 15, 0, 0, 0, 0, time.UTC)
	deaths := map[string]deathTally{"a": {Low: 8, Best: 8, High: 8, Civilians: 8}}
	for _, tc := range []struct {
		name, text, accused string
		p                   float64
		want                truce.ClaimVerdict
		reason              string
	}{
		{"BorneOut", "Regime air strikes killed eight civilians in al-Rastan on Sunday.", "government-of-syria", 0.74, truce.ClaimSupported, "the dead it gives are in the data"},
		{"LessLikelyThanNot", "Regime air strikes killed eight civilians in al-Rastan on Sunday.", "government-of-syria", 0.4, truce.ClaimInsufficient, "the dead it gives: supported"},
		{"TollRefuted", "Regime air strikes killed 40 civilians in al-Rastan on Sunday.", "government-of-syria", 0.74, truce.ClaimContradicted, "the dead it gives are refuted by the data"},
		{"TollNotBorneOut", "Regime air strikes killed 14 civilians in al-Rastan on Sunday.", "government-of-syria", 0.74, truce.ClaimInsufficient, "the dead it gives: insufficient-evidence"},
		{"NoAttacker", "Air strikes killed eight civilians in al-Rastan on Sunday.", truce.AccusedUnknown, 0.74, truce.ClaimInsufficient, "the dead it gives: supported"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			chk := truce.ClaimCheck{Verdict: truce.ClaimInsufficient, Reason: "insufficient-evidence in 1 of 1 zones (a)", Probability: tc.p,
				PerZone: []truce.ZoneEvidence{{ZoneID: "a", Verdict: truce.ClaimInsufficient}}, WindowFrom: day, WindowTo: day}
			q, ok := tollOf(tc.text)
			if !ok {
				t.Fatalf("no toll read in %q", tc.text)
			}
			corroborate(&chk, truce.Claim{Text: tc.text, Assertion: truce.AssertAccusation, Accused: tc.accused}, q, deaths)
			if chk.Verdict != tc.want || !strings.Contains(chk.Reason, tc.reason) {
				t.Errorf("%s: %s; want %s with %q", chk.Verdict, chk.Reason, tc.want, tc.reason)
			}
		})
	}
}
