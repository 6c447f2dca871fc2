package claim

import (
	"time"

	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/truce-monitor/truce"
)

func TestParseScopeAreas(t *testing.T) {
	a := astana(t)
	for _, tc := range []struct {
		text         string
		all          bool
		zones, areas []string
		note         string
	}{
		{"Violence in Douma has declined", false, []string{"eastern-ghouta"}, []string{"Douma"}, `narrowed to Douma (from "Douma"), in zone eastern-ghouta`},
		{"No violations in Daraa province in the past week", false, []string{"south"}, []string{"Daraa"}, `from "Daraa province"`},
		{"The situation in the Daraa countryside is calm", false, []string{"south"}, []string{"Daraa"}, `from "Daraa countryside"`},
		{"Calm prevails in Hama province", false, []string{"idlib"}, []string{"Hama"}, ""},
		{"Shelling rose in Idlib Governorate", false, []string{"idlib"}, []string{"Idlib"}, ""},
		{"The ceasefire is holding around Saraqib", false, []string{"idlib"}, []string{"Saraqib"}, ""},
		{"Calm returned to Maarat al-Numan and near Khan Sheikhoun", false, []string{"idlib"}, []string{"Khan Sheikhoun"}, ""},
		{"No violations in Douma district", false, []string{"eastern-ghouta"}, []string{"Douma district"}, ""},
		// No district is named after Houla: the region, then.
		{"Warplanes attacked two villages in the Houla district of Homs province", false, []string{"northern-homs"}, []string{"Houla district"}, ""},
		{"No violations in Raqqa in the past week", false, nil, []string{"Raqqa"}, "lying in no zone of astana-2017"},
		// The words for a zone stay the zone; all zones stay all.
		{"The ceasefire holds in Idlib", false, []string{"idlib"}, nil, ""},
		{"Violence fell in Daraa", false, []string{"south"}, nil, ""},
		{"The ceasefire holds in all zones, in Douma too", true, nil, nil, ""},
		{"No violations were recorded in May", true, nil, nil, "no zone named"},
		{"Calm in Idlib, around Douma", false, []string{"idlib"}, nil, "lies outside the zones named"},
		// Lower case is no proper name.
		{"the ceasefire is holding in douma", true, nil, nil, ""},
		// Places that share out a count are not where the claim is; a
		// date before a colon and a name in parentheses share nothing.
		{"The situation in the de-escalation zones is stable: 8 cases of firing in the provinces of Damascus (6) and Hama (2)", true, nil, nil, "only share out a count"},
		{"Despite a ceasefire announced on 30 August: nine people were killed in Idlib Governorate", false, []string{"idlib"}, []string{"Idlib"}, ""},
		{"The Observatory (SOHR) said Hayat Tahrir al-Sham (HTS) shelled Douma", false, []string{"eastern-ghouta"}, []string{"Douma"}, ""},
	} {
		t.Run(tc.text, func(t *testing.T) {
			scope, notes := ParseScope(tc.text, a)
			if scope.All != tc.all || !slices.Equal(scope.Zones, tc.zones) || !slices.Equal(scope.Areas, tc.areas) {
				t.Fatalf("scope %+v, want all %t, zones %q, areas %q (notes %q)", scope, tc.all, tc.zones, tc.areas, notes)
			}
			if !strings.Contains(strings.Join(notes, "\n"), tc.note) {
				t.Fatalf("notes %q lack %q", notes, tc.note)
			}
			c := truce.Claim{Speaker: "s", Text: tc.text, Date: mustDay("2018-01-01"), Scope: scope, Assertion: truce.AssertHolding}
			if err := c.Validate(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestAreaContains(t *testing.T) {
	douma, _ := ResolveArea("Douma", nil)
	at := func(place string, lat, lon float64, prec truce.LocPrecision) truce.Location {
		return truce.Location{HasPoint: lat != 0, Lat: lat, Lon: lon, Precision: prec, Place: place}
	}
	square := orb.MultiPolygon{{{{35.7, 32.3}, {36.6, 32.3}, {36.6, 33.0}, {35.7, 33.0}, {35.7, 32.3}}}}
	daraa, _ := ResolveArea("Daraa", []truce.AdminUnit{{Level: 1, Code: "SY12", Name: "Dar'a", Geometry: square}})
	district, _ := ResolveArea("Douma district", nil)
	for _, tc := range []struct {
		name string
		ar   Area
		loc  truce.Location
		want bool
	}{
		{"TownNamed", douma, at("Duma town", 0, 0, truce.PrecExact), true},
		{"TownNear", douma, at("", 33.60, 36.43, truce.PrecExact), true},
		{"TownNeighbourNamed", douma, at("Harasta town", 33.56, 36.37, truce.PrecExact), false},
		{"TownFar", douma, at("", 33.80, 36.70, truce.PrecExact), false},
		{"TownOnlyGovernorate", douma, at("", 33.58, 36.41, truce.PrecAdmin1), false},
		{"GovernorateNamed", daraa, truce.Location{Admin1: "Dar'a Governorate"}, true},
		{"GovernorateOther", daraa, truce.Location{Admin1: "Quneitra Governorate", HasPoint: true, Lat: 32.9, Lon: 35.9, Precision: 1}, false},
		{"GovernorateOutline", daraa, at("", 32.6, 36.1, truce.PrecNear), true},
		{"GovernorateOutlineOutside", daraa, at("", 33.5, 36.3, truce.PrecExact), false},
		{"DistrictNamed", district, truce.Location{Admin2: "Duma district"}, true},
		{"DistrictOther", district, truce.Location{Admin2: "Qatana district"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.ar.Contains(tc.loc); got != tc.want {
				t.Fatalf("%s contains %+v: %t, want %t", tc.ar.Describe(), tc.loc, got, tc.want)
			}
		})
	}
	if daraa.Code != "SY12" || len(daraa.Geometry) == 0 || daraa.Admin1 != "Daraa" {
		t.Errorf("Daraa with the stored units: %+v", daraa)
	}
	if _, ok := ResolveArea("Atlantis", nil); ok {
		t.Error("an unknown place resolved")
	}
}

// unitEvidence is fakeEvidence with stored admin boundaries.
type unitEvidence struct {
	fakeEvidence
	units []truce.AdminUnit
}

func (u unitEvidence) AdminUnits() ([]truce.AdminUnit, error) { return u.units, nil }

// TestCheckClaimArea checks a claim about a town of a zone on the zone's
// incidents in the town only.
func TestCheckClaimArea(t *testing.T) {
	a := claimAgreement() // zones a and b: lon 36–37, lat 33–34, Douma inside
	const on = "2017-06-15"
	inDouma := truce.Location{HasPoint: true, Lat: 33.57, Lon: 36.40, Precision: truce.PrecExact, Place: "Douma"}
	away := truce.Location{HasPoint: true, Lat: 33.2, Lon: 36.9, Precision: truce.PrecExact, Place: "Elsewhere"}
	inc := func(ref, d string, p truce.Range, sev string, loc truce.Location) JudgedIncident {
		return JudgedIncident{Ref: ref, Day: mustDay(d), Placement: truce.Inside, Verdict: truce.TierRules{}.Tier(p), P: p, Severity: sev, Location: loc}
	}
	// Zone a: two grave violations away from Douma, and in Douma one
	// incident that was no violation, or one that was.
	zoneRows := []truce.ZoneDay{zrow("a", "2017-06-12", violation, truce.SeverityGrave, 2), zrow("a", "2017-06-13", notViolation, "", 1)}
	quietDouma := fakeEvidence{inc("a:1", "2017-06-12", violation, truce.SeverityGrave, away), inc("a:2", "2017-06-12", violation, truce.SeverityGrave, away),
		inc("a:3", "2017-06-13", notViolation, "", inDouma)}
	violentDouma := fakeEvidence{inc("a:1", "2017-06-12", violation, truce.SeverityGrave, away), inc("a:3", "2017-06-13", violation, truce.SeverityMinor, inDouma),
		inc("a:4", "2017-06-14", truce.Range{Low: 0.2, Mid: 0.5, High: 0.8}, truce.SeverityMinor, inDouma)}
	douma := truce.ClaimScope{Zones: []string{"a"}, Areas: []string{"Douma"}}
	for _, tc := range []struct {
		name      string
		assertion string
		scope     truce.ClaimScope
		ev        Evidence
		want      truce.ClaimVerdict
		prob      float64
		reason    string
	}{
		{"NoViolationsInQuietTown", truce.AssertNoViolations, douma, quietDouma, truce.ClaimSupported, 1,
			"scope narrowed to Douma: 1 of the zone's 3 judged incidents in the 7 days to 2017-06-15 lie there"},
		{"WholeZoneContradicts", truce.AssertNoViolations, truce.ClaimScope{Zones: []string{"a"}}, quietDouma, truce.ClaimContradicted, 0, "no violation with probability 0 %"},
		{"HoldingInQuietTown", truce.AssertHolding, douma, quietDouma, truce.ClaimSupported, 1, "holding with probability 100 %"},
		// One certain minor violation and one even chance: P(none) = 0.
		{"NoViolationsInViolentTown", truce.AssertNoViolations, douma, violentDouma, truce.ClaimContradicted, 0, "1.5 expected violations"},
		{"NotSeriousInViolentTown", truce.AssertNotSerious, douma, violentDouma, truce.ClaimSupported, 1, "no serious or grave violation with probability 100 %"},
		// Strained (minor violations below a breach): holding in the loose sense.
		{"HoldingInViolentTown", truce.AssertHolding, douma, violentDouma, truce.ClaimMixed, 1, "holding only in the loose sense"},
		{"NotLookedUp", truce.AssertNoViolations, douma, nil, truce.ClaimInsufficient, 0, "cannot be narrowed"},
		{"NoZone", truce.AssertNoViolations, truce.ClaimScope{Areas: []string{"Raqqa"}}, quietDouma, truce.ClaimInsufficient, 0,
			"the claim is about Raqqa governorate, which lies in no zone of t: the agreement does not cover the area"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := truce.Claim{Date: mustDay(on), Scope: tc.scope, Assertion: tc.assertion}
			chk, err := CheckClaim(c, a, 1, zoneRows, tc.ev)
			if err != nil {
				t.Fatal(err)
			}
			if chk.Verdict != tc.want || chk.Probability != tc.prob || !strings.Contains(chk.Reason+" | "+zoneReasons(chk), tc.reason) {
				t.Fatalf("got %s, p %.3f (%s): %s; want %s, %.3f, reason with %q", chk.Verdict, chk.Probability, chk.Reason, zoneReasons(chk), tc.want, tc.prob, tc.reason)
			}
		})
	}
	// The governorate's outline, from the stored units, finds an incident
	// its admin names do not.
	ev := unitEvidence{fakeEvidence{inc("a:1", "2017-06-14", violation, truce.SeverityMinor, truce.Location{HasPoint: true, Lat: 33.5, Lon: 36.5, Precision: truce.PrecAdmin2})},
		[]truce.AdminUnit{{Level: 1, Code: "SY03", Name: "Rural Damascus", Geometry: orb.MultiPolygon{{{{36, 33}, {37, 33}, {37, 34}, {36, 34}, {36, 33}}}}}}}
	c := truce.Claim{Date: mustDay(on), Scope: truce.ClaimScope{Zones: []string{"a"}, Areas: []string{"Rif Dimashq"}}, Assertion: truce.AssertNoViolations}
	chk, err := CheckClaim(c, a, 1, zoneRows, ev)
	if err != nil || chk.Verdict != truce.ClaimContradicted || !strings.Contains(zoneReasons(chk), "or whose point lies within its boundary") {
		t.Fatalf("outline: %v %s: %s", err, chk.Verdict, zoneReasons(chk))
	}
	c.Scope.Areas = []string{"Atlantis"}
	if _, err := CheckClaim(c, a, 1, zoneRows, ev); truce.ErrorCode(err) != truce.EINVALID {
		t.Fatalf("unknown area: %v", err)
	}
}

// TestCheckClaimAreaTrend checks that a change in a town is counted on the
// town's incidents, not the zone's rollup.
func TestCheckClaimAreaTrend(t *testing.T) {
	a := claimAgreement()
	brk := a.Effective
	date := brk.AddDate(0, 0, 59)
	// The zone's rollup rises; Douma's incidents fall from 3 a day to 1
	// every other day.
	rows := trendRows("a", brk, 60, 1, 6)
	var ev fakeEvidence
	doumaAt := truce.Location{HasPoint: true, Lat: 33.57, Lon: 36.40, Precision: truce.PrecExact}
	for i := range 60 {
		for k := range 3 {
			ev = append(ev, JudgedIncident{Ref: "a:b" + string(rune('a'+k)) + day(brk.AddDate(0, 0, -60+i)), Day: brk.AddDate(0, 0, -60+i), Placement: truce.Inside, Location: doumaAt})
		}
		if i%2 == 0 {
			ev = append(ev, JudgedIncident{Ref: "a:a" + day(brk.AddDate(0, 0, i)), Day: brk.AddDate(0, 0, i), Placement: truce.Inside, Location: doumaAt})
		}
	}
	for _, tc := range []struct {
		areas  []string
		want   truce.ClaimVerdict
		reason string
	}{
		{[]string{"Douma"}, truce.ClaimSupported, "180 incidents in Douma (scope narrowed from the zone"},
		{nil, truce.ClaimContradicted, "inside the zone"},
	} {
		c := truce.Claim{Date: date, Scope: truce.ClaimScope{Zones: []string{"a"}, Areas: tc.areas}, Assertion: truce.AssertDecline, Text: "violence declined in the past 60 days"}
		chk, err := CheckClaim(c, a, 1, rows, ev)
		if err != nil {
			t.Fatal(err)
		}
		if chk.Verdict != tc.want || !strings.Contains(zoneReasons(chk), tc.reason) {
			t.Errorf("areas %q: %s: %s; want %s with %q", tc.areas, chk.Verdict, zoneReasons(chk), tc.want, tc.reason)
		}
		if len(tc.areas) > 0 && (len(chk.PerZone) != 1 || chk.PerZone[0].TotalAfter != 30) {
			t.Errorf("areas %q: %+v", tc.areas, chk.PerZone)
		}
	}
}

func FuzzParseScopeAreas(f *testing.F) {
	for _, s := range []string{"Violence in Douma has declined", "No violations in Daraa province", "in the Hama countryside", "around Saraqib district",
		"In In In Idlib Governorate", "Calm in Idlib, around Douma", "in Raqqa", "in Ma'arrat an-Nu'man"} {
		f.Add(s)
	}
	a := astana(f)
	f.Fuzz(func(t *testing.T, text string) {
		scope, notes := ParseScope(text, a)
		if scope.All && (len(scope.Zones) > 0 || len(scope.Areas) > 0) || !scope.All && len(scope.Zones) == 0 && len(scope.Areas) == 0 {
			t.Fatalf("%q: scope %+v", text, scope)
		}
		for _, name := range scope.Areas {
			if _, ok := ResolveArea(name, nil); !ok {
				t.Fatalf("%q: area %q does not resolve", text, name)
			}
		}
		if len(scope.Areas) > 0 && !strings.Contains(strings.Join(notes, "\n"), "narrowed to") {
			t.Fatalf("%q: areas %q without a note", text, scope.Areas)
		}
		for _, z := range scope.Zones {
			if !hasZoneID(a, z) {
				t.Fatalf("%q: unknown zone %q", text, z)
			}
		}
	})
}

// windowEvidence is fakeEvidence that also finds every incident of a
// window, in a zone or not, and knows the data's last day.
type windowEvidence struct {
	fakeEvidence
	end time.Time
}

func (w windowEvidence) WindowIncidents(from, to time.Time) ([]JudgedIncident, error) {
	var out []JudgedIncident
	for _, ji := range w.fakeEvidence {
		if !ji.Day.After(to) && !truce.CalendarDay(ji.DayEnd).Before(from) {
			ji.Verdict, ji.P, ji.Severity, ji.AllegedParty, ji.Placement = "", truce.Range{}, "", "", truce.Inside
			out = append(out, ji)
		}
	}
	return out, nil
}

func (w windowEvidence) DataEnd() (time.Time, error) { return w.end, nil }

// TestTollOverArea checks that a toll about a place is weighed on every
// incident located there, in a zone or not, and not after the data end.
func TestTollOverArea(t *testing.T) {
	a := claimAgreement() // zones a and b: lon 36–37, lat 33–34
	// Aleppo lies in no zone of the test agreement.
	aleppo := truce.Location{HasPoint: true, Lat: 36.2, Lon: 37.15, Precision: truce.PrecExact, Place: "Aleppo", Admin1: "Aleppo Governorate"}
	away := truce.Location{HasPoint: true, Lat: 35.1, Lon: 36.7, Precision: truce.PrecExact, Place: "Hama"}
	d := mustDay("2017-06-12")
	ev := windowEvidence{fakeEvidence{
		{Ref: "x:1", Day: d, DayEnd: d, Deaths: 6, DeathsLow: 6, DeathsHigh: 6, Civilians: 4, Unknown: 1, Location: aleppo},
		{Ref: "x:2", Day: d, DayEnd: d, Deaths: 30, DeathsLow: 30, DeathsHigh: 30, Civilians: 30, Location: away},
	}, mustDay("2017-12-31")}
	for _, tc := range []struct {
		name, text, date string
		ev               Evidence
		want             truce.ClaimVerdict
		reason           string
	}{
		{"BorneOut", "Five civilians were killed in Aleppo on Monday", "2017-06-12", ev, truce.ClaimSupported, "every incident located there, in a zone or not"},
		{"FarAbove", "90 civilians were killed in Aleppo on Monday", "2017-06-12", ev, truce.ClaimContradicted, "far above"},
		{"AfterTheData", "Five civilians were killed in Aleppo on Monday", "2018-06-11", ev, truce.ClaimInsufficient, "lies in no zone"},
		{"NoWindowIncidents", "Five civilians were killed in Aleppo on Monday", "2017-06-12", fakeEvidence(ev.fakeEvidence), truce.ClaimInsufficient, "lies in no zone"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := truce.Claim{Text: tc.text, Date: mustDay(tc.date), Assertion: truce.AssertCount, Scope: truce.ClaimScope{Areas: []string{"Aleppo"}}}
			chk, err := CheckClaim(c, a, 1, nil, tc.ev)
			if err != nil {
				t.Fatal(err)
			}
			if chk.Verdict != tc.want || !strings.Contains(chk.Reason, tc.reason) {
				t.Errorf("%s: %s; want %s with %q", chk.Verdict, chk.Reason, tc.want, tc.reason)
			}
		})
	}
}
