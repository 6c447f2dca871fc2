package claim

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/agreement"
	"github.com/truce-monitor/truce/agreements"
	"github.com/truce-monitor/truce/assess"
	"github.com/truce-monitor/truce/stats"
)

func TestParseClaim(t *testing.T) {
	a := astana(t)
	all := truce.ClaimScope{All: true}
	zones := func(ids ...string) truce.ClaimScope { return truce.ClaimScope{Zones: ids} }
	for _, tc := range []struct {
		text      string
		scope     truce.ClaimScope
		assertion string
		accused   string
		note      string // a substring of one of the notes, "" for none required
	}{
		// Shoigu, SANA 8 June 2017 (paraphrased in the article's headline and body).
		{"The cessation of hostilities in Syria is actually holding in all the de-escalation zones despite several violations which have been recorded",
			all, truce.AssertHolding, "", "--assertion violations-not-serious"},
		{"Shoigu noted that those violations are not serious and do not require the forces responsible for monitoring the ceasefire to take any steps",
			all, truce.AssertNotSerious, "", "no zone named"},
		// Lavrov, TASS 26 June 2017.
		{"A significant decline in military activities and violence has been recorded in the relevant areas of Syria",
			all, truce.AssertDecline, "", `"relevant areas" read as all zones`},
		{"The ceasefire regime is observed in all de-escalation zones", all, truce.AssertHolding, "", ""},
		{"The ceasefire is being respected in all four zones", all, truce.AssertHolding, "", ""},
		{"The truce holds in every de-escalation area", all, truce.AssertHolding, "", ""},
		{"Violence declined significantly in Idlib", zones("idlib"), truce.AssertDecline, "", ""},
		{"Fighting has dropped sharply in Idleb and Daraa", zones("idlib", "south"), truce.AssertDecline, "", ""},
		{"No violations were recorded", all, truce.AssertNoViolations, "", "no zone named"},
		{"Not a single ceasefire violation was registered in Eastern Ghouta", zones("eastern-ghouta"), truce.AssertNoViolations, "", ""},
		{"The ceasefire was fully observed in the Rastan pocket", zones("northern-homs"), truce.AssertNoViolations, "", ""},
		{"The situation escalated in Eastern Ghouta", zones("eastern-ghouta"), truce.AssertIncrease, "", ""},
		{"Attacks rose sharply in Ghouta and Homs", zones("northern-homs", "eastern-ghouta"), truce.AssertIncrease, "", ""},
		{"Only minor violations occurred in the south", zones("south"), truce.AssertNotSerious, "", ""},
		{"There were no serious violations in the de-escalation zones", all, truce.AssertNotSerious, "", ""},
		{"The ceasefire in Idlib was violated by Jabhat al-Nusra", zones("idlib"), truce.AssertAccusation, "hts", ""},
		{"Damascus accuses the rebels of shelling Harasta in Eastern Ghouta", zones("eastern-ghouta"), truce.AssertAccusation, "armed-opposition", ""},
		{"Turkey blamed Syrian government forces for the violations in all zones", all, truce.AssertAccusation, "government-of-syria", ""},
		{"Hay’at Tahrir al-Sham was accused of the attacks", all, truce.AssertAccusation, "hts", ""},
		// "de-escalation" is no escalation.
		{"The de-escalation zones are holding", all, truce.AssertHolding, "", ""},
		{"The ceasefire holds in all zones and violence decreased", all, truce.AssertDecline, "", "(holding), not checked here"},
		// The verb "de-escalate" is a decline, the zones' noun none.
		{"The agreement has de-escalated the situation in the south", zones("south"), truce.AssertDecline, "", ""},
	} {
		t.Run(tc.text, func(t *testing.T) {
			p, err := ParseClaimDetail(tc.text, a)
			if err != nil {
				t.Fatal(err)
			}
			if p.Scope.All != tc.scope.All || !slices.Equal(p.Scope.Zones, tc.scope.Zones) || p.Assertion != tc.assertion || p.Accused != tc.accused {
				t.Fatalf("got scope %+v, %s, accused %q; want %+v, %s, %q (notes %q)", p.Scope, p.Assertion, p.Accused, tc.scope, tc.assertion, tc.accused, p.Notes)
			}
			if tc.note != "" && !strings.Contains(strings.Join(p.Notes, "\n"), tc.note) {
				t.Fatalf("notes %q lack %q", p.Notes, tc.note)
			}
			scope, assertion, accused, err := ParseClaim(tc.text, a)
			if err != nil || assertion != p.Assertion || accused != p.Accused || scope.All != p.Scope.All {
				t.Fatalf("ParseClaim disagrees with ParseClaimDetail: %+v %s %s %v", scope, assertion, accused, err)
			}
		})
	}
	for _, tc := range []struct{ text, want string }{
		{"The talks in Geneva will continue next month", "--assertion"},
		{"", "empty"},
		{"The ceasefire is not holding in Idlib", "failed"},
		{"The truce in Eastern Ghouta has collapsed", "failed"},
		// A negated decline is refused, not read as the decline it denies.
		{"Shelling from the Idlib zone is not subsiding", "negates"},
		{"There is no tendency towards reducing the violations in Idlib", "negates"},
		{"Attacks on Hama have not eased", "negates"},
		{"Violence fell in Idlib but rose in Ghouta", "both a decline"},
		{"The ceasefire was violated by unknown gunmen", "--accused"},
	} {
		t.Run("Err/"+tc.text, func(t *testing.T) {
			_, _, _, err := ParseClaim(tc.text, a)
			if truce.ErrorCode(err) != truce.EINVALID || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v; want EINVALID mentioning %q", err, tc.want)
			}
		})
	}
}

func TestResolveActor(t *testing.T) {
	a := astana(t)
	for name, want := range map[string]string{"HTS": "hts", "Syrian Arab Army": "government-of-syria", "russia": "russia", "armed-opposition": "armed-opposition"} {
		if id, ok := ResolveActor(a, name); !ok || id != want {
			t.Errorf("ResolveActor(%q) = %q, %v; want %q", name, id, ok, want)
		}
	}
	if id, ok := ResolveActor(a, "Atlantis"); ok {
		t.Errorf("ResolveActor(Atlantis) = %q", id)
	}
}

// claimAgreement has two zones, a and b, in force from 6 May 2017.
func claimAgreement() *truce.Agreement {
	sq := orb.MultiPolygon{{{{36, 33}, {37, 33}, {37, 34}, {36, 34}, {36, 33}}}}
	return &truce.Agreement{ID: "t", Effective: mustDay("2017-05-06"),
		Zones: []truce.Zone{{ID: "a", Name: "A", Geometry: sq}, {ID: "b", Name: "B", Geometry: sq}}}
}

// zrow is n incidents of a zone and day, each a violation with probability
// p: 1 (a violation), 0 (none), or "undetermined", anything from 0 to 1
// with 0.5 as the best estimate.
func zrow(zone, day string, p truce.Range, sev string, n int) truce.ZoneDay {
	fn := float64(n)
	return truce.ZoneDay{ZoneID: zone, Day: mustDay(day), Placement: truce.Inside, EventType: truce.Battles, Verdict: truce.TierRules{}.Tier(p),
		Severity: sev, Incidents: n, P: truce.Range{Low: p.Low * fn, Mid: p.Mid * fn, High: p.High * fn}}
}

// airRow is r as air strikes.
func airRow(r truce.ZoneDay) truce.ZoneDay {
	r.EventType, r.SubEventType = truce.ExplosionsRemoteViolence, assess.AirStrike
	return r
}

var (
	violation    = truce.Exactly(1)
	notViolation = truce.Exactly(0)
	undetermined = truce.Range{Low: 0, Mid: 0.5, High: 1}
)

func astana(tb testing.TB) *truce.Agreement {
	tb.Helper()
	a, err := agreements.Load(agreements.Astana2017File, agreement.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

// fakeEvidence answers ZoneIncidents from a list.
type fakeEvidence []JudgedIncident

func (f fakeEvidence) ZoneIncidents(zone string, from, to time.Time, judged bool) ([]JudgedIncident, error) {
	var out []JudgedIncident
	for _, ji := range f {
		if strings.HasPrefix(ji.Ref, zone+":") && !ji.Day.Before(from) && !ji.Day.After(to) {
			if !judged {
				ji.Verdict, ji.P, ji.Severity, ji.AllegedParty = "", truce.Range{}, "", ""
			}
			out = append(out, ji)
		}
	}
	return out, nil
}

func TestCheckClaimWindow(t *testing.T) {
	a := claimAgreement()
	const on = "2017-06-15"
	quiet := func(zone string) truce.ZoneDay { return zrow(zone, "2017-06-01", notViolation, "", 1) }
	all := truce.ClaimScope{All: true}
	onlyA := truce.ClaimScope{Zones: []string{"a"}}
	for _, tc := range []struct {
		name      string
		assertion string
		scope     truce.ClaimScope
		rows      []truce.ZoneDay
		want      truce.ClaimVerdict
		perZone   string // "a=verdict b=verdict"
		reason    string
	}{
		{"HoldingSupported", truce.AssertHolding, all, []truce.ZoneDay{quiet("a"), quiet("b")}, truce.ClaimSupported, "a=supported b=supported", "holding with probability 100 %: 0.0 expected violations"},
		{"HoldingNoCoverage", truce.AssertHolding, all, []truce.ZoneDay{quiet("a")}, truce.ClaimInsufficient, "a=supported b=insufficient-evidence", "insufficient-evidence in 1 of 2 zones (b)"},
		{"HoldingBreachedContradictsAll", truce.AssertHolding, all,
			[]truce.ZoneDay{quiet("a"), zrow("b", "2017-06-14", violation, truce.SeverityGrave, 1)},
			truce.ClaimContradicted, "a=supported b=contradicted", "one contradicted zone contradicts it"},
		{"HoldingStrainedMixed", truce.AssertHolding, onlyA, []truce.ZoneDay{zrow("a", "2017-06-14", violation, truce.SeverityMinor, 2)},
			truce.ClaimMixed, "a=mixed", "holding only in the loose sense"},
		{"HoldingCannotTell", truce.AssertHolding, onlyA, []truce.ZoneDay{zrow("a", "2017-06-14", undetermined, truce.SeverityGrave, 1)},
			truce.ClaimInsufficient, "a=insufficient-evidence", "not breached with probability 50 %, most likely holding (50 %): too near even to call"},
		{"HoldingOldViolationsOutOfWindow", truce.AssertHolding, onlyA, []truce.ZoneDay{zrow("a", "2017-06-08", violation, truce.SeverityGrave, 3)},
			truce.ClaimSupported, "a=supported", ""},
		{"NoViolationsContradicted", truce.AssertNoViolations, onlyA, []truce.ZoneDay{zrow("a", "2017-06-10", violation, truce.SeverityMinor, 1)},
			truce.ClaimContradicted, "a=contradicted", "no violation with probability 0 %: 1.0 expected violations"},
		{"NoViolationsUndetermined", truce.AssertNoViolations, onlyA, []truce.ZoneDay{zrow("a", "2017-06-10", undetermined, truce.SeverityMinor, 1)},
			truce.ClaimInsufficient, "a=insufficient-evidence", "no violation with probability 50 %"},
		// Three incidents, each almost certainly a violation: that none was
		// is a 0.03³ chance.
		{"NoViolationsProbable", truce.AssertNoViolations, onlyA, []truce.ZoneDay{zrow("a", "2017-06-10", truce.Range{Low: 0.95, Mid: 0.97, High: 0.99}, truce.SeverityMinor, 3)},
			truce.ClaimContradicted, "a=contradicted", "no violation with probability 0 %: 2.9 expected violations (90 % interval 2–3), of which 0 certain"},
		{"NoViolationsSupported", truce.AssertNoViolations, onlyA, []truce.ZoneDay{quiet("a")}, truce.ClaimSupported, "a=supported", ""},
		{"NoViolationsNamedZonesMixed", truce.AssertNoViolations, truce.ClaimScope{Zones: []string{"a", "b"}},
			[]truce.ZoneDay{quiet("a"), zrow("b", "2017-06-10", violation, truce.SeverityMinor, 1)}, truce.ClaimMixed, "a=supported b=contradicted", ""},
		{"NotSeriousSupported", truce.AssertNotSerious, onlyA, []truce.ZoneDay{zrow("a", "2017-06-10", violation, truce.SeverityMinor, 3)},
			truce.ClaimSupported, "a=supported", "no serious or grave violation with probability 100 %"},
		// A grave violation breaches the truce: not minor in any sense.
		{"NotSeriousContradicted", truce.AssertNotSerious, onlyA, []truce.ZoneDay{zrow("a", "2017-06-10", violation, truce.SeverityGrave, 1)},
			truce.ClaimContradicted, "a=contradicted", "breached or worse with probability 100 %"},
		// A serious violation below the breach threshold: the truce was not
		// broken, as the claim says, but not every violation was minor.
		{"NotSeriousBelowBreach", truce.AssertNotSerious, onlyA, []truce.ZoneDay{zrow("a", "2017-06-10", violation, truce.SeveritySerious, 1)},
			truce.ClaimMixed, "a=mixed", "minor only in the loose sense"},
		{"NotSeriousManySerious", truce.AssertNotSerious, onlyA, []truce.ZoneDay{zrow("a", "2017-06-10", violation, truce.SeveritySerious, 6)},
			truce.ClaimContradicted, "a=contradicted", "breached or worse"},
		{"NotSeriousTooNear", truce.AssertNotSerious, onlyA, []truce.ZoneDay{zrow("a", "2017-06-10", violation, truce.SeverityMinor, 1), zrow("a", "2017-06-11", undetermined, truce.SeverityGrave, 1)},
			truce.ClaimInsufficient, "a=insufficient-evidence", "too near even to call"},
		// The ceasefire said to have failed: breached supports it, holding
		// contradicts it, violations below a breach make it loosely true.
		{"NotHoldingSupported", truce.AssertNotHolding, onlyA, []truce.ZoneDay{zrow("a", "2017-06-10", violation, truce.SeverityGrave, 1)},
			truce.ClaimSupported, "a=supported", "breached or worse with probability 100 %"},
		{"NotHoldingContradicted", truce.AssertNotHolding, onlyA, []truce.ZoneDay{quiet("a")}, truce.ClaimContradicted, "a=contradicted", "holding with probability 100 %"},
		{"NotHoldingLoosely", truce.AssertNotHolding, onlyA, []truce.ZoneDay{zrow("a", "2017-06-10", violation, truce.SeverityMinor, 1)},
			truce.ClaimMixed, "a=mixed", "not holding only in the loose sense"},
		// "Air strikes have stopped": shelling is no air strike, but an air
		// strike is.
		{"KindHoldsDespiteOtherKinds", truce.AssertHolding, truce.ClaimScope{Zones: []string{"a"}, Kinds: []string{assess.AirStrike}},
			[]truce.ZoneDay{quiet("a"), zrow("a", "2017-06-14", violation, truce.SeverityGrave, 2)}, truce.ClaimSupported, "a=supported", "(Air/drone strike alone)"},
		{"KindBreached", truce.AssertHolding, truce.ClaimScope{Zones: []string{"a"}, Kinds: []string{assess.AirStrike}},
			[]truce.ZoneDay{quiet("a"), airRow(zrow("a", "2017-06-14", violation, truce.SeverityGrave, 1))}, truce.ClaimContradicted, "a=contradicted", "breached"},
		{"AllContradicted", truce.AssertNoViolations, truce.ClaimScope{Zones: []string{"a", "b"}},
			[]truce.ZoneDay{zrow("a", "2017-06-10", violation, truce.SeverityMinor, 1), zrow("b", "2017-06-10", violation, truce.SeverityMinor, 1)},
			truce.ClaimContradicted, "a=contradicted b=contradicted", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := truce.Claim{Date: mustDay(on), Scope: tc.scope, Assertion: tc.assertion}
			chk, err := CheckClaim(c, a, 3, tc.rows, nil)
			if err != nil {
				t.Fatal(err)
			}
			if chk.Verdict != tc.want || perZone(chk) != tc.perZone || !strings.Contains(chk.Reason+" | "+zoneReasons(chk), tc.reason) {
				t.Fatalf("got %s (%s), per zone %s: %s; want %s, %s, reason with %q", chk.Verdict, chk.Reason, perZone(chk), zoneReasons(chk), tc.want, tc.perZone, tc.reason)
			}
			if chk.AgreementVersion != 3 || !chk.WindowFrom.Equal(mustDay("2017-06-09")) || !chk.WindowTo.Equal(mustDay(on)) {
				t.Fatalf("check %+v: want version 3, window 2017-06-09 to %s", chk, on)
			}
		})
	}
}

func TestCheckClaimNotInForce(t *testing.T) {
	c := truce.Claim{Date: mustDay("2017-05-01"), Scope: truce.ClaimScope{All: true}, Assertion: truce.AssertHolding}
	chk, err := CheckClaim(c, claimAgreement(), 1, []truce.ZoneDay{zrow("a", "2017-04-30", notViolation, "", 1)}, nil)
	if err != nil || chk.Verdict != truce.ClaimInsufficient || !strings.Contains(chk.PerZone[0].Reason, "does not apply") {
		t.Fatalf("%+v, %v", chk, err)
	}
}

func perZone(chk truce.ClaimCheck) string {
	var s []string
	for _, ze := range chk.PerZone {
		s = append(s, ze.ZoneID+"="+string(ze.Verdict))
	}
	return strings.Join(s, " ")
}

func zoneReasons(chk truce.ClaimCheck) string {
	var s []string
	for _, ze := range chk.PerZone {
		s = append(s, ze.ZoneID+": "+ze.Reason)
	}
	return strings.Join(s, " | ")
}

func TestCheckClaimIncidentsAndAccusation(t *testing.T) {
	a := claimAgreement()
	rows := []truce.ZoneDay{
		zrow("a", "2017-06-10", violation, truce.SeverityMinor, 1),
		zrow("a", "2017-06-12", violation, truce.SeverityGrave, 1),
		zrow("a", "2017-06-13", undetermined, truce.SeveritySerious, 1),
		zrow("a", "2017-06-13", notViolation, "", 1),
	}
	ev := fakeEvidence{
		{Ref: "a:minor", Day: mustDay("2017-06-10"), Verdict: truce.Violation, P: violation, Severity: truce.SeverityMinor, AllegedParty: "gov", Deaths: 0},
		{Ref: "a:grave", Day: mustDay("2017-06-12"), Verdict: truce.Violation, P: violation, Severity: truce.SeverityGrave, AllegedParty: "gov", Deaths: 3},
		{Ref: "a:undet", Day: mustDay("2017-06-13"), Verdict: truce.Undetermined, P: undetermined, Severity: truce.SeveritySerious},
		{Ref: "a:isil", Day: mustDay("2017-06-13"), Verdict: truce.NotViolation},
		{Ref: "a:old", Day: mustDay("2017-06-01"), Verdict: truce.Violation, P: violation, Severity: truce.SeverityGrave, AllegedParty: "gov"},
	}
	c := truce.Claim{Date: mustDay("2017-06-15"), Scope: truce.ClaimScope{Zones: []string{"a"}}, Assertion: truce.AssertHolding}
	chk, err := CheckClaim(c, a, 1, rows, ev)
	if err != nil {
		t.Fatal(err)
	}
	if got := chk.PerZone[0].Incidents; !slices.Equal(got, []string{"a:grave", "a:minor", "a:undet"}) {
		t.Fatalf("holding: incidents %v; want violations worst first, then undetermined, nothing outside the window or not a violation", got)
	}
	c.Assertion = truce.AssertNotSerious
	chk, _ = CheckClaim(c, a, 1, rows, ev)
	if got := chk.PerZone[0].Incidents; chk.Verdict != truce.ClaimContradicted || !slices.Equal(got, []string{"a:grave", "a:undet", "a:minor"}) {
		t.Fatalf("not serious: %s, incidents %v; want contradicted, serious ones first", chk.Verdict, got)
	}
	c.Assertion, c.Accused = truce.AssertAccusation, "gov"
	chk, _ = CheckClaim(c, a, 1, rows, ev)
	if ze := chk.PerZone[0]; chk.Verdict != truce.ClaimSupported || ze.Attributed != 2 || !slices.Equal(ze.Incidents, []string{"a:grave", "a:minor"}) {
		t.Fatalf("accusation of gov: %s, %+v", chk.Verdict, ze)
	}
	c.Accused = "rebels"
	chk, _ = CheckClaim(c, a, 1, rows, ev)
	if chk.Verdict != truce.ClaimInsufficient || len(chk.PerZone[0].Incidents) != 0 || !strings.Contains(chk.PerZone[0].Reason, "does not refute") {
		t.Fatalf("accusation of rebels: %s, %+v", chk.Verdict, chk.PerZone[0])
	}
	// An attacker the words do not name: violations by anyone count.
	c.Accused = truce.AccusedUnknown
	chk, _ = CheckClaim(c, a, 1, rows, ev)
	if ze := chk.PerZone[0]; chk.Verdict != truce.ClaimSupported || ze.Attributed != 3 || !slices.Equal(ze.Incidents, []string{"a:grave", "a:minor", "a:undet"}) ||
		!strings.Contains(ze.Reason, "names no attacker") {
		t.Fatalf("accusation of no one named: %s, %+v", chk.Verdict, ze)
	}
	quiet := truce.Claim{Date: mustDay("2017-06-09"), Scope: c.Scope, Assertion: truce.AssertAccusation, Accused: truce.AccusedUnknown}
	calm := []truce.ZoneDay{zrow("a", "2017-06-05", notViolation, "", 1)}
	if chk, _ = CheckClaim(quiet, a, 1, calm, fakeEvidence{{Ref: "a:calm", Day: mustDay("2017-06-05"), Verdict: truce.NotViolation}}); chk.Verdict != truce.ClaimInsufficient || !strings.Contains(chk.PerZone[0].Reason, "does not refute") {
		t.Fatalf("accusation of no one named, on quiet days: %s, %+v", chk.Verdict, chk.PerZone[0])
	}
	// Battles between the accused and another side, with no direction in
	// the data: each counts at its chance times the accused's share of the
	// directed violations, one of each side added. With none directed,
	// one certain battle is even odds and three make the accusation
	// likely; beside two of the government's, three battles do not.
	battle := func(ref string) JudgedIncident {
		return JudgedIncident{Ref: ref, Day: mustDay("2017-06-14"), Verdict: truce.Violation, P: violation, Severity: truce.SeveritySerious, Sides: []string{"gov", "rebels"}}
	}
	c.Accused = "rebels"
	for _, tc := range []struct {
		name string
		ev   fakeEvidence
		want truce.ClaimVerdict
		p    float64
	}{
		{"OneBattle", fakeEvidence{battle("a:b1")}, truce.ClaimInsufficient, 0.5},
		{"ThreeBattles", fakeEvidence{battle("a:b1"), battle("a:b2"), battle("a:b3")}, truce.ClaimSupported, 0.875},
		{"ThreeBattlesInAnOffensive", append(slices.Clone(ev), battle("a:b1"), battle("a:b2"), battle("a:b3")), truce.ClaimInsufficient, 0.578},
	} {
		if chk, _ = CheckClaim(c, a, 1, rows, tc.ev); chk.Verdict != tc.want || chk.PerZone[0].Probability != tc.p || !strings.Contains(chk.PerZone[0].Reason, "give no direction") {
			t.Fatalf("%s: %s, %+v", tc.name, chk.Verdict, chk.PerZone[0])
		}
	}
	c.Accused = "turkey" // no side of the battles
	if chk, _ = CheckClaim(c, a, 1, rows, fakeEvidence{battle("a:b1"), battle("a:b2"), battle("a:b3")}); chk.Verdict != truce.ClaimInsufficient || chk.PerZone[0].Probability != 0 {
		t.Fatalf("battles of others: %s, %+v", chk.Verdict, chk.PerZone[0])
	}
	c.Accused = "rebels"
	// Without incident lookup, an accusation cannot be attributed.
	chk, _ = CheckClaim(c, a, 1, rows, nil)
	if chk.Verdict != truce.ClaimInsufficient || !strings.Contains(chk.PerZone[0].Reason, "not looked up") {
		t.Fatalf("accusation without evidence: %s, %+v", chk.Verdict, chk.PerZone[0])
	}
}

// trendRows puts before incidents a day in zone from (break − days) and after a
// day from the break, alternating 0 and 2×rate so the data are a little
// overdispersed but the totals exact.
func trendRows(zone string, brk time.Time, days int, before, after int) []truce.ZoneDay {
	var rows []truce.ZoneDay
	for i := range days {
		for _, x := range []struct {
			d time.Time
			n int
		}{{brk.AddDate(0, 0, -days+i), before}, {brk.AddDate(0, 0, i), after}} {
			if n := x.n * 2 * (i % 2); n > 0 {
				rows = append(rows, truce.ZoneDay{ZoneID: zone, Day: x.d, Placement: truce.Inside, Verdict: truce.Undetermined, Incidents: n})
				// Uncertain placements must not count.
				rows = append(rows, truce.ZoneDay{ZoneID: zone, Day: x.d, Placement: truce.Uncertain, Verdict: truce.Undetermined, Incidents: 50})
			}
		}
	}
	return rows
}

func TestCheckClaimTrend(t *testing.T) {
	a := claimAgreement()
	brk := a.Effective
	date := brk.AddDate(0, 0, 59) // 60 days after, the break included
	for _, tc := range []struct {
		name               string
		assertion          string
		aBefore, aAfter    int
		bBefore, bAfter    int
		want, wantA, wantB truce.ClaimVerdict
		reason             string
	}{
		{"DeclineBoth", truce.AssertDecline, 6, 1, 6, 2, truce.ClaimSupported, truce.ClaimSupported, truce.ClaimSupported, "significant decline"},
		{"DeclineMixed", truce.AssertDecline, 6, 1, 3, 3, truce.ClaimMixed, truce.ClaimSupported, truce.ClaimContradicted, "a decline of at least 20 % with probability 11 % (no significant change)"},
		{"DeclineButRose", truce.AssertDecline, 1, 6, 2, 6, truce.ClaimContradicted, truce.ClaimContradicted, truce.ClaimContradicted, "a decline of at least 20 % with probability 0 % (significant increase)"},
		{"IncreaseSupported", truce.AssertIncrease, 1, 6, 1, 6, truce.ClaimSupported, truce.ClaimSupported, truce.ClaimSupported, ""},
		{"Insufficient", truce.AssertDecline, 0, 0, 6, 1, truce.ClaimMixed, truce.ClaimInsufficient, truce.ClaimSupported, "insufficient data"},
		// Some decline, short of the 20 % a "significant" claim needs, in
		// zone b: too near to call there, the claim partly true.
		{"DeclineShortOfSignificant", truce.AssertDecline, 6, 1, 10, 9, truce.ClaimMixed, truce.ClaimSupported, truce.ClaimInsufficient, "too near even to call"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows := append(trendRows("a", brk, 60, tc.aBefore, tc.aAfter), trendRows("b", brk, 60, tc.bBefore, tc.bAfter)...)
			text := "a significant decline"
			if tc.assertion == truce.AssertIncrease {
				// An increase is measured from the recent days unless the
				// words say since when.
				text = "violence increased significantly since the ceasefire began"
			}
			c := truce.Claim{Date: date, Scope: truce.ClaimScope{All: true}, Assertion: tc.assertion, Text: text}
			from, to := ClaimRange(c, a)
			if !from.Equal(brk.AddDate(0, 0, -60)) || !to.Equal(date) {
				t.Fatalf("ClaimRange = %s to %s", day(from), day(to))
			}
			chk, err := CheckClaim(c, a, 1, rows, nil)
			if err != nil {
				t.Fatal(err)
			}
			za, zb := chk.PerZone[0], chk.PerZone[1]
			if chk.Verdict != tc.want || za.Verdict != tc.wantA || zb.Verdict != tc.wantB || !strings.Contains(zoneReasons(chk), tc.reason) {
				t.Fatalf("got %s (a %s, b %s): %s | %s", chk.Verdict, za.Verdict, zb.Verdict, chk.Reason, zoneReasons(chk))
			}
			if za.DaysBefore != 60 || za.DaysAfter != 60 || za.TotalBefore != float64(60*tc.aBefore) || za.TotalAfter != float64(60*tc.aAfter) {
				t.Fatalf("zone a numbers: %+v", za)
			}
			if !chk.WindowFrom.Equal(from) || !chk.WindowTo.Equal(date) {
				t.Fatalf("window %s to %s", day(chk.WindowFrom), day(chk.WindowTo))
			}
		})
	}
	// Few incidents: the significance test has no reading, but the
	// probability still has one, and the verdict follows it.
	t.Run("FewIncidents", func(t *testing.T) {
		var rows []truce.ZoneDay
		for i := range 9 {
			rows = append(rows, truce.ZoneDay{ZoneID: "a", Day: brk.AddDate(0, 0, -60+6*i), Placement: truce.Inside, Verdict: truce.Undetermined, Incidents: 1})
		}
		for i := range 3 {
			rows = append(rows, truce.ZoneDay{ZoneID: "a", Day: brk.AddDate(0, 0, 15*i), Placement: truce.Inside, Verdict: truce.Undetermined, Incidents: 1})
		}
		c := truce.Claim{Date: date, Scope: truce.ClaimScope{Zones: []string{"a"}}, Assertion: truce.AssertDecline, Text: "violence declined"}
		chk, err := CheckClaim(c, a, 1, rows, nil)
		if err != nil {
			t.Fatal(err)
		}
		ze := chk.PerZone[0]
		if ze.Trend != string(stats.InsufficientData) || ze.Probability < 0.8 || ze.Verdict != truce.ClaimSupported || !strings.Contains(ze.Reason, "from few incidents") {
			t.Fatalf("9 incidents before, 3 after: %s, %.2f, %s: %s", ze.Verdict, ze.Probability, ze.Trend, ze.Reason)
		}
	})
	// A day against a day: the number is given, the verdict not called.
	t.Run("FewDays", func(t *testing.T) {
		rows := []truce.ZoneDay{{ZoneID: "a", Day: date.AddDate(0, 0, -2), Placement: truce.Inside, Verdict: truce.Undetermined, Incidents: 3}}
		c := truce.Claim{Date: date, Scope: truce.ClaimScope{Zones: []string{"a"}}, Assertion: truce.AssertDecline, Text: "fighting subsided yesterday"}
		chk, err := CheckClaim(c, a, 1, rows, nil)
		if err != nil {
			t.Fatal(err)
		}
		ze := chk.PerZone[0]
		if ze.Verdict != truce.ClaimInsufficient || ze.Probability < 0.8 || !strings.Contains(ze.Reason, "too few to tell a change") {
			t.Fatalf("3 incidents one day, none the next: %s, %.2f: %s", ze.Verdict, ze.Probability, ze.Reason)
		}
	})
	t.Run("BeforeTheAgreement", func(t *testing.T) {
		c := truce.Claim{Date: mustDay("2017-05-01"), Scope: truce.ClaimScope{All: true}, Assertion: truce.AssertDecline}
		chk, err := CheckClaim(c, a, 1, nil, nil)
		if err != nil || chk.Verdict != truce.ClaimInsufficient || !strings.Contains(chk.PerZone[0].Reason, "no after") {
			t.Fatalf("%+v, %v", chk, err)
		}
	})
	t.Run("Incidents", func(t *testing.T) {
		rows := trendRows("a", brk, 60, 6, 1)
		ev := fakeEvidence{}
		for i := range 15 {
			ev = append(ev, JudgedIncident{Ref: fmt.Sprintf("a:%02d", i), Day: brk.AddDate(0, 0, i), Deaths: i % 4})
		}
		c := truce.Claim{Date: date, Scope: truce.ClaimScope{Zones: []string{"a"}}, Assertion: truce.AssertDecline}
		chk, err := CheckClaim(c, a, 1, rows, ev)
		if err != nil {
			t.Fatal(err)
		}
		if got := chk.PerZone[0].Incidents; len(got) != truce.MaxClaimIncidents || got[0] != "a:03" || got[1] != "a:07" {
			t.Fatalf("incidents %v: want the deadliest first, at most %d", got, truce.MaxClaimIncidents)
		}
	})
}

func TestCheckClaimErrors(t *testing.T) {
	a := claimAgreement()
	for _, tc := range []struct {
		c    truce.Claim
		want string
	}{
		{truce.Claim{Scope: truce.ClaimScope{All: true}, Assertion: truce.AssertHolding}, "date"},
		{truce.Claim{Date: mustDay("2017-06-01"), Scope: truce.ClaimScope{Zones: []string{"atlantis"}}, Assertion: truce.AssertHolding}, `zone "atlantis"`},
		{truce.Claim{Date: mustDay("2017-06-01"), Assertion: truce.AssertHolding}, "scope"},
		{truce.Claim{Date: mustDay("2017-06-01"), Scope: truce.ClaimScope{All: true}, Assertion: "smiles"}, `assertion "smiles"`},
		{truce.Claim{Date: mustDay("2017-06-01"), Scope: truce.ClaimScope{All: true}, Assertion: truce.AssertAccusation}, "--accused"},
	} {
		if _, err := CheckClaim(tc.c, a, 1, nil, nil); truce.ErrorCode(err) != truce.EINVALID || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("CheckClaim(%+v) = %v; want EINVALID mentioning %q", tc.c, err, tc.want)
		}
	}
}

// FuzzParseClaim: any text reads as a known assertion with a valid scope, or
// fails with an EINVALID error; it never panics.
func FuzzParseClaim(f *testing.F) {
	a := astana(f)
	for _, s := range []string{"The ceasefire is holding in all zones", "violated by HTS in Idlib", "no violations", "de-escalation",
		"accused", "Violence fell in Ghouta but rose in Homs", "not holding", "", "’‘“”—"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		scope, assertion, accused, err := ParseClaim(text, a)
		if err != nil {
			if truce.ErrorCode(err) != truce.EINVALID {
				t.Fatalf("%q: %v is not EINVALID", text, err)
			}
			return
		}
		if !slices.Contains(truce.Assertions, assertion) || (assertion == truce.AssertAccusation) != (accused != "") ||
			scope.All && len(scope.Zones)+len(scope.Areas) > 0 || !scope.All && len(scope.Zones)+len(scope.Areas) == 0 {
			t.Fatalf("%q: scope %+v, assertion %q, accused %q", text, scope, assertion, accused)
		}
		for _, z := range scope.Zones {
			if !hasZoneID(a, z) {
				t.Fatalf("%q: unknown zone %q", text, z)
			}
		}
	})
}

func hasZoneID(a *truce.Agreement, id string) bool {
	return slices.ContainsFunc(a.Zones, func(z truce.Zone) bool { return z.ID == id })
}

func mustDay(s string) time.Time {
	d, err := truce.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestProbabilityNote(t *testing.T) {
	zone := func(v truce.ClaimVerdict, p float64) truce.ZoneEvidence {
		return truce.ZoneEvidence{ZoneID: "z", Verdict: v, Probability: p}
	}
	for _, tc := range []struct {
		name      string
		assertion string
		chk       truce.ClaimCheck
		want      string
	}{
		{"Supported", truce.AssertHolding, truce.ClaimCheck{Verdict: truce.ClaimSupported, Probability: 0.93, PerZone: []truce.ZoneEvidence{zone(truce.ClaimSupported, 0.93)}},
			"probability the claim is true: 93 %"},
		{"LooseSense", truce.AssertNotSerious, truce.ClaimCheck{Verdict: truce.ClaimMixed, Probability: 1, PerZone: []truce.ZoneEvidence{zone(truce.ClaimMixed, 1)}},
			"probability the claim is true in the loose sense, no breach: 100 %"},
		{"ContradictedAtZero", truce.AssertNoViolations, truce.ClaimCheck{Verdict: truce.ClaimContradicted, PerZone: []truce.ZoneEvidence{zone(truce.ClaimContradicted, 0)}},
			"probability the claim is true: 0 %"},
		{"Unweighed", truce.AssertDecline, truce.ClaimCheck{Verdict: truce.ClaimInsufficient, PerZone: []truce.ZoneEvidence{zone(truce.ClaimInsufficient, 0), zone(truce.ClaimSupported, 0.9)}},
			"probability not known: 1 of 2 zones could not be weighed"},
		{"CountHasNone", truce.AssertCount, truce.ClaimCheck{Verdict: truce.ClaimInsufficient}, ""},
		{"Accusation", truce.AssertAccusation, truce.ClaimCheck{Verdict: truce.ClaimSupported, Probability: 0.97}, "probability the claim is true: 97 %"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ProbabilityNote(tc.assertion, &tc.chk); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// A claim about all zones made after three of them ended speaks of the
// one left.
func TestCheckClaimLiveZones(t *testing.T) {
	a := astana(t)
	c := truce.Claim{Date: mustDay("2019-08-04"), Scope: truce.ClaimScope{All: true}, Assertion: truce.AssertHolding, Text: "A cautious calm prevails"}
	chk, err := CheckClaim(c, a, 1, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(chk.PerZone) != 1 || chk.PerZone[0].ZoneID != "idlib" || !strings.Contains(chk.Reason, "are left out: northern-homs on 2018-") {
		t.Fatalf("%d zones (%v): %s", len(chk.PerZone), chk.PerZone, chk.Reason)
	}
	// Before any zone ended, all four.
	c.Date = mustDay("2017-08-04")
	if chk, err = CheckClaim(c, a, 1, nil, nil); err != nil || len(chk.PerZone) != 4 || strings.Contains(chk.Reason, "left out") {
		t.Fatalf("2017: %d zones, %v: %s", len(chk.PerZone), err, chk.Reason)
	}
}

// A claim that the ceasefire failed is read as one, and checked; a denied
// decline is still refused.
func TestReadClaimNotHolding(t *testing.T) {
	a := astana(t)
	for _, tc := range []struct{ text, want, err string }{
		{"The ceasefire in Idlib is not holding", truce.AssertNotHolding, ""},
		{"The truce in Eastern Ghouta has collapsed", truce.AssertNotHolding, ""},
		{"The situation in Daraa is far from calm", truce.AssertNotHolding, ""},
		{"Shelling from the Idlib zone is not subsiding", "", "negates"},
	} {
		t.Run(tc.text, func(t *testing.T) {
			c := truce.Claim{Text: tc.text, Date: mustDay("2018-02-20"), Speaker: "s"}
			err := ReadClaim(&c, a, ClaimOverrides{}, "--")
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("%s, %v; want an error saying %q", c.Assertion, err, tc.err)
				}
				return
			}
			if err != nil || c.Assertion != tc.want || !strings.Contains(strings.Join(c.Notes, "\n"), "assertion: not-holding") {
				t.Fatalf("%s, %v, %q", c.Assertion, err, c.Notes)
			}
		})
	}
}

// TestReadClaimKinds: a claim about one kind of violence alone weighs that
// kind; one that names violence of any kind with it, or no kind, all.
func TestReadClaimKinds(t *testing.T) {
	a := astana(t)
	for _, tc := range []struct {
		text  string
		kinds []string
	}{
		{"There are no warplanes in the sky and air strikes have stopped in Idlib", []string{assess.AirStrike}},
		{"The shelling has stopped in Douma", []string{"Shelling/artillery/missile attack"}},
		{"Fighting and air strikes have stopped in Idlib", nil},
		{"The ceasefire is holding in Idlib despite air strikes", nil},
		{"Calm prevails in Idlib", nil},
	} {
		t.Run(tc.text, func(t *testing.T) {
			c := truce.Claim{Speaker: "s", Text: tc.text, Date: mustDay("2019-08-31")}
			if err := ReadClaim(&c, a, ClaimOverrides{}, "--"); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(c.Scope.Kinds, tc.kinds) {
				t.Fatalf("kinds %q, want %q (notes %q)", c.Scope.Kinds, tc.kinds, c.Notes)
			}
		})
	}
}

// TestContrastClauses: of a decline and an increase in two clauses, the
// first is read, unless the second opens with a contrast ("but"), which
// makes it the point.
func TestContrastClauses(t *testing.T) {
	a := astana(t)
	for _, tc := range []struct{ text, want string }{
		{"The zone initially reduced violence in Eastern Ghouta, but in recent weeks violence has increased", truce.AssertIncrease},
		{"Violations decreased in southern Idlib, while fighting intensified in northern Hama", truce.AssertDecline},
		{"Les violations ont diminué dans le sud d'Idleb, mais les combats se sont intensifiés dans le nord de Hama", truce.AssertIncrease},
		// A holding in the first clause is the point, a decline after it
		// a detail of it; in one clause, the decline is read.
		{"The parties observe the ceasefire by and large; we note a decrease in destruction", truce.AssertHolding},
		{"The ceasefire holds and violations have decreased", truce.AssertDecline},
	} {
		lang := "en"
		if strings.HasPrefix(tc.text, "Les") {
			lang = "fr"
		}
		p, err := ParseClaimIn(lang, tc.text, a)
		if err != nil || p.Assertion != tc.want {
			t.Errorf("%q: %s, %v; want %s (notes %q)", tc.text, p.Assertion, err, tc.want, p.Notes)
		}
	}
}

// TestBreachedCalm: "breaching the calm" says the calm was broken, not
// that it held.
func TestBreachedCalm(t *testing.T) {
	a := astana(t)
	c := truce.Claim{Speaker: "s", Text: "Government forces shelled Tafas, breaching the calm announced by the negotiating parties", Date: mustDay("2018-07-07")}
	if err := ReadClaim(&c, a, ClaimOverrides{}, "--"); err != nil || c.Assertion == truce.AssertHolding {
		t.Fatalf("read as %s, %v (notes %q); want anything but holding", c.Assertion, err, c.Notes)
	}
}

// TestRelativeCalm: a relative calm the window contradicts as calm is
// mixed when it is one by comparison, far fewer violations than before.
func TestRelativeCalm(t *testing.T) {
	a := claimAgreement()
	for _, tc := range []struct {
		name   string
		before int
		want   truce.ClaimVerdict
		reason string
	}{
		{"FarFewer", 20, truce.ClaimMixed, "one by comparison"},
		{"NotFewer", 8, truce.ClaimContradicted, "not calmer by comparison"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows := []truce.ZoneDay{zrow("a", "2017-06-05", violation, truce.SeverityMinor, tc.before), zrow("a", "2017-06-10", violation, truce.SeverityMinor, 6)}
			c := truce.Claim{Text: "A relative calm prevails", Date: mustDay("2017-06-15"), Scope: truce.ClaimScope{Zones: []string{"a"}}, Assertion: truce.AssertHolding}
			chk, err := CheckClaim(c, a, 1, rows, nil)
			if err != nil {
				t.Fatal(err)
			}
			if chk.Verdict != tc.want || !strings.Contains(zoneReasons(chk), tc.reason) {
				t.Fatalf("%s: %s; want %s with %q", chk.Verdict, zoneReasons(chk), tc.want, tc.reason)
			}
		})
	}
}

// TestDenial checks that the words that deny what a sentence reports are
// found in each rule language, and that neither a report nor a refusal of
// something else is taken for one.
func TestDenial(t *testing.T) {
	for _, tc := range []struct {
		text  string
		words string // "" when no denial
	}{
		{"Reports that some 150 civilians were killed in Idlib province in strikes by Russian and Syrian aircraft are untrue.", "reports that some 150 civilians were killed in idlib province in strikes by russian and syrian aircraft are untrue"},
		{"Claims that Russian jets struck a market in Maarat al-Numan are absolutely fake.", "claims that russian jets struck a market in maarat al numan are absolutely fake"},
		{"The ministry denied that its aircraft had bombed Douma.", "denied that"},
		{"The ministry dismissed as fake the reports of strikes on Idlib.", "dismissed as fake the reports"},
		{"These reports do not correspond to reality.", "do not correspond to reality"},
		{"Сообщения о том, что российская авиация нанесла удары по Думе, не соответствуют действительности.", "не соответствуют действительности"},
		{"Минобороны опровергло информацию об ударах по Идлибу.", "опровергло информацию"},
		{"نفت وزارة الدفاع الروسية قصف مدينة دوما.", "نفت"},
		{"الأنباء عن مقتل مدنيين في إدلب عارية عن الصحة.", "عاريه عن الصحه"}, // folded: ة as ه,
		{"Bakanlık, İdlib'e hava saldırısı düzenlendiği iddialarını yalanladı.", "iddialarını yalanladı"},
		{"O ministério negou que aviões russos tenham bombardeado Douma.", "negou que"},
		{"As notícias de que 20 civis foram mortos em Douma são falsas.", "notícias de que 20 civis foram mortos em douma são falsas"},
		{"Le ministère a démenti les informations faisant état de frappes sur Idleb.", "a démenti les informations"},
		{"El ministerio negó que sus aviones bombardearan Duma.", "negó que"},
		{"Las informaciones de que 20 civiles murieron en Duma son falsas.", "informaciones de que 20 civiles murieron en duma son falsas"},
		// Reports and refusals of something else deny nothing.
		{"SOHR reported that 20 civilians were killed in Douma.", ""},
		{"The opposition rejected the proposal for a new round of talks.", ""},
		{"Humanitarian access to Eastern Ghouta was denied for weeks.", ""},
		{"El gobierno rechazó la propuesta de alto el fuego.", ""},
	} {
		words, ok := Denial(tc.text)
		if ok != (tc.words != "") || words != tc.words {
			t.Errorf("Denial(%q) = %q, %t; want %q", tc.text, words, ok, tc.words)
		}
	}
}

// TestDeny checks that a denial's check is the opposite of what it denies,
// zone by zone and in its probability, and says so.
func TestDeny(t *testing.T) {
	chk := truce.ClaimCheck{Verdict: truce.ClaimSupported, Reason: "borne out", Probability: 0.9,
		PerZone: []truce.ZoneEvidence{{ZoneID: "a", Verdict: truce.ClaimSupported}, {ZoneID: "b", Verdict: truce.ClaimInsufficient}, {ZoneID: "c", Verdict: truce.ClaimContradicted}}}
	deny(&chk, "are untrue")
	if chk.Verdict != truce.ClaimContradicted || chk.Probability != 0.1 ||
		chk.PerZone[0].Verdict != truce.ClaimContradicted || chk.PerZone[1].Verdict != truce.ClaimInsufficient || chk.PerZone[2].Verdict != truce.ClaimSupported ||
		!strings.Contains(chk.Reason, `denies what it reports ("are untrue")`) || !strings.HasSuffix(chk.Reason, "borne out") {
		t.Errorf("deny: %+v", chk)
	}
}

// TestSpeakerScope checks that a claim naming no zone, by a party to one
// truce alone, is read as that truce's zones while they last.
func TestSpeakerScope(t *testing.T) {
	a := astana(t)
	for _, tc := range []struct {
		speaker, date, text string
		want                []string // nil: all zones, unchanged
	}{
		{"Mohammad Momani (Jordanian government spokesman)", "2017-08-25", "The ceasefire is holding", []string{"south"}},
		{"Heather Nauert (US State Department)", "2017-10-05", "The ceasefire is holding", []string{"south"}},
		// The south had ended: the truce's zones are gone.
		{"Jordanian foreign ministry", "2019-06-01", "The ceasefire is holding", nil},
		// Before the south-west ceasefire.
		{"Jordanian foreign ministry", "2017-06-01", "The ceasefire is holding", nil},
		// Russia is a guarantor of everything.
		{"Russian Defence Ministry", "2017-08-25", "The ceasefire is holding", nil},
		// "Russia", not "Russ": whole words only.
		{"Usman, a resident", "2017-08-25", "The ceasefire is holding", nil},
	} {
		c := truce.Claim{Text: tc.text, Speaker: tc.speaker, Date: mustDay(tc.date)}
		if err := ReadClaim(&c, a, ClaimOverrides{}, "--"); err != nil {
			t.Fatal(err)
		}
		if tc.want == nil {
			if !c.Scope.All {
				t.Errorf("%s, %s: scope %+v, want all zones", tc.speaker, tc.date, c.Scope)
			}
			continue
		}
		if c.Scope.All || !slices.Equal(c.Scope.Zones, tc.want) || !strings.Contains(strings.Join(c.Notes, "\n"), "its speaker is a party to the south-west ceasefire") {
			t.Errorf("%s, %s: scope %+v, notes %q; want %v", tc.speaker, tc.date, c.Scope, c.Notes, tc.want)
		}
	}
}

// TestEscalationThatDates: an escalation that dates a toll is the campaign
// the days are counted in, not a claim of an increase.
func TestEscalationThatDates(t *testing.T) {
	a := astana(t)
	for _, tc := range []struct {
		text string
		err  bool // no assertion in the words (the toll is read as a count)
		want string
	}{
		{"On the seventh day of the most violent escalation, at least five civilians were killed today in Idlib", true, ""},
		{"Since the escalation of hostilities in late April more than 500 civilians have died in Idlib", true, ""},
		{"Fighting in Idlib escalated sharply this week", false, truce.AssertIncrease},
	} {
		p, err := ParseClaimIn("en", tc.text, a)
		if tc.err != (err != nil) || !tc.err && p.Assertion != tc.want {
			t.Errorf("%q: %s, %v; want %s (error %t)", tc.text, p.Assertion, err, tc.want, tc.err)
		}
	}
}

// TestActiveAccusations: an accusing verb whose attacker stands before it
// accuses that attacker, never the attacked named after it; and other
// words read this session.
func TestActiveAccusations(t *testing.T) {
	a := astana(t)
	for _, tc := range []struct{ text, assertion, accused string }{
		{"Russia and Syrian government forces are continuing to bomb the area", truce.AssertAccusation, "government-of-syria"},
		{"Illegal armed formations have regularly attacked the Syrian Army in Harasta", truce.AssertAccusation, "armed-opposition"},
		{"The militants still continue shelling Damascus", truce.AssertAccusation, "armed-opposition"},
		{"Strikes by the Syrian air force hit Rastan on Wednesday", truce.AssertAccusation, "government-of-syria"},
		{"The guarantors have successfully scaled down hostilities in Idlib", truce.AssertDecline, ""},
	} {
		c := truce.Claim{Speaker: "s", Text: tc.text, Date: mustDay("2018-03-16")}
		if err := ReadClaim(&c, a, ClaimOverrides{}, "--"); err != nil || c.Assertion != tc.assertion || c.Accused != tc.accused {
			t.Errorf("%q: %s of %q, %v; want %s of %q", tc.text, c.Assertion, c.Accused, err, tc.assertion, tc.accused)
		}
	}
	c := truce.Claim{Speaker: "s", Text: "There has not been a sustained ceasefire since the Security Council adopted resolution 2401", Date: mustDay("2018-03-16")}
	if err := ReadClaim(&c, a, ClaimOverrides{}, "--"); err != nil || c.Assertion != truce.AssertNotHolding {
		t.Errorf("no sustained ceasefire: %s, %v; want not-holding", c.Assertion, err)
	}
}
