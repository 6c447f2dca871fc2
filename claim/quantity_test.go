package claim

import (
	"strings"
	"testing"

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
		{"7 violations were recorded in the past week", onlyA, truce.ClaimInsufficient, "is above it, which the evidence cannot refute"},
		{"3 violations were recorded in the past week", onlyA, truce.ClaimInsufficient, "outside the interval, but near it"},
		{"6 people were killed in the past week", onlyA, truce.ClaimInsufficient, "outside the interval, but near it"},
		{"30 violations were recorded in the past week", onlyA, truce.ClaimInsufficient, "far above it, which the evidence cannot refute"},
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
