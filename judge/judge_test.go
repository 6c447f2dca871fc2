package judge

import (
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/agreement"
)

func date(s string) time.Time {
	t, err := truce.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

func in(zone string) []truce.Membership {
	return []truce.Membership{{ZoneID: zone, Placement: truce.Inside, Reason: "exact point (precision 1) inside zone " + zone, Share: 1}}
}

// incident builds an incident on one day.
func incident(day, et, sub, a, b string, zones []truce.Membership) *truce.Incident {
	d := date(day)
	return &truce.Incident{ID: 1, DateStart: d, DateEnd: d, EventType: et, SubEventType: sub, SideA: a, SideB: b,
		ViolenceType: 1, Zones: zones, Location: truce.Location{HasPoint: true, Precision: truce.PrecExact}}
}

const (
	gov    = "Government of Syria"
	ins    = "Syrian insurgents"
	air    = "Air/drone strike"
	shell  = "Shelling/artillery/missile attack"
	clash  = "Armed clash"
	erv    = truce.ExplosionsRemoteViolence
	during = "2017-06-01"
)

// TestJudgeTable checks verdicts, probabilities and traces, step by step
// as "rule:outcome:clause", with words each trace must contain.
func TestJudgeTable(t *testing.T) {
	j := newJudge(t, astana(t))
	with := func(inc *truce.Incident, f func(*truce.Incident)) *truce.Incident { f(inc); return inc }
	civilians := func(n int) func(*truce.Incident) {
		return func(i *truce.Incident) { i.Fatalities = truce.Fatalities{Low: n, Best: n, High: n, Civilians: n} }
	}
	uncertain := func(zone string, share float64) []truce.Membership {
		return []truce.Membership{{ZoneID: zone, Placement: truce.Uncertain, Reason: "located only to within 25 km (precision 2)", Share: share}}
	}
	tests := []struct {
		name     string
		inc      *truce.Incident
		verdict  truce.Verdict
		p        truce.Range
		zone     string
		alleged  string
		severity string
		steps    string
		words    []string
	}{
		{"outside every zone", incident(during, erv, air, gov, "Jaysh al-Islam", nil),
			truce.NotViolation, truce.Exactly(0), "", "", "", "zone:fail: probability:fail:", []string{"outside every zone"}},
		// HTS was 300-600 fighters beside 17,300-26,500 in eastern Ghouta: the
		// strike was against a party with probability 0.97-0.99, best 0.98.
		{"government air strike on the aggregate", incident(during, erv, air, gov, ins, in("eastern-ghouta")),
			truce.Violation, truce.Range{Low: 0.9665, Mid: 0.9799, High: 0.9888}, "eastern-ghouta", "government-of-syria", "grave",
			"zone:pass:eastern-ghouta in-force:pass:eastern-ghouta prohibited-act:pass:air-strike excluded-group:pass: party:unknown:presence:eastern-ghouta:2017-05-06 alleged-party:pass:government-of-syria probability:unknown: severity:pass:air-or-chemical",
			[]string{`aggregated actor "Syrian insurgents" (aggregated actor, alias of armed-opposition) in zone eastern-ghouta, 2017-06`,
				"Hay'at Tahrir al-Sham 300–600 fighters", "P(violation) = 1.00 (zone) × 1.00 (in-force) × 1.00 (prohibited-act) × 0.97–0.99 (best 0.98) (party)"}},
		// The same strike, with the source naming HTS: the words override
		// the presence data.
		{"the source names HTS", with(incident(during, erv, air, gov, ins, in("eastern-ghouta")),
			func(i *truce.Incident) {
				i.SourceText = "Regime warplanes strike Hay'at Tahrir al-Sham positions in Arbin"
			}),
			truce.NotViolation, truce.Exactly(0), "eastern-ghouta", "", "",
			"zone:pass:eastern-ghouta in-force:pass:eastern-ghouta prohibited-act:pass:air-strike excluded-group:pass: party:fail:presence:eastern-ghouta:2017-05-06 probability:fail:",
			[]string{"the source's own words name only excluded groups (Hay'at Tahrir al-Sham)"}},
		// A strike that killed civilians is a violation whoever the target.
		{"strike killing civilians", with(incident(during, erv, air, gov, ins, in("idlib")), civilians(4)),
			truce.Violation, truce.Exactly(1), "idlib", "government-of-syria", "grave",
			"zone:pass:idlib in-force:pass:idlib prohibited-act:pass:air-strike regardless-of-target:pass:bombardment-killing-civilians party:pass: alleged-party:pass:government-of-syria probability:pass: severity:pass:air-or-chemical",
			[]string{"a violation whoever the target: UNSC resolution 2254 (2015), para 13"}},
		{"government vs HTS", incident(during, truce.Battles, clash, gov, "HTS", in("idlib")),
			truce.NotViolation, truce.Exactly(0), "idlib", "", "",
			"zone:pass:idlib in-force:pass:idlib prohibited-act:pass:armed-clash excluded-group:fail:hts probability:fail:",
			[]string{`operation against an excluded group: "HTS" (excluded group hts) on side B`}},
		// Fighting a named excluded group stays permitted even when
		// civilians died: the data do not say whose fire killed them.
		{"fighting HTS killing civilians", with(incident(during, truce.Battles, clash, gov, "HTS", in("idlib")), civilians(2)),
			truce.NotViolation, truce.Exactly(0), "idlib", "", "",
			"zone:pass:idlib in-force:pass:idlib prohibited-act:pass:armed-clash excluded-group:fail:hts probability:fail:", nil},
		{"government shells Jaysh al-Islam", with(incident(during, erv, shell, gov, "Jaysh al-Islam", in("eastern-ghouta")),
			func(i *truce.Incident) { i.Fatalities = truce.Fatalities{Low: 3, Best: 3, High: 3} }),
			truce.Violation, truce.Exactly(1), "eastern-ghouta", "government-of-syria", "serious",
			"zone:pass:eastern-ghouta in-force:pass:eastern-ghouta prohibited-act:pass:shelling excluded-group:pass: party:pass: alleged-party:pass:government-of-syria probability:pass: severity:pass:heavy-weapons",
			[]string{"side A: bound by the agreement: government-of-syria (party); side B: bound by the agreement: jaysh-al-islam (party)", "attacker first"}},
		{"battle: no direction", incident(during, truce.Battles, clash, gov, "Failaq al-Rahman", in("eastern-ghouta")),
			truce.Violation, truce.Exactly(1), "eastern-ghouta", "", "minor",
			"zone:pass:eastern-ghouta in-force:pass:eastern-ghouta prohibited-act:pass:armed-clash excluded-group:pass: party:pass: alleged-party:unknown: probability:pass: severity:pass:",
			[]string{"the data give no direction", "no severity rule matches"}},
		// Aggregate fighting that killed civilians: either side may have
		// killed them; if the government did, it is a violation whoever it
		// fought, so the range runs from the aggregate's chance up to 1.
		{"battle with civilian deaths, aggregate", with(incident(during, truce.Battles, clash, gov, ins, in("idlib")), civilians(3)),
			truce.ProbableViolation, truce.Range{Low: 0.4612, Mid: 0.8037, High: 1}, "idlib", "", "serious",
			"zone:pass:idlib in-force:pass:idlib prohibited-act:pass:armed-clash regardless-of-target:pass:fighting-killing-civilians party:unknown:presence:idlib:2017-05-06 probability:unknown: severity:pass:deaths",
			[]string{"the data do not say which side did it, so each is taken as equally likely"}},
		{"imprecise location", incident(during, erv, air, "Russia", "Jaysh al-Islam", uncertain("eastern-ghouta", 0.3)),
			truce.ProbablyNot, truce.Exactly(0.3), "eastern-ghouta", "russia", "grave",
			"zone:unknown:eastern-ghouta in-force:pass:eastern-ghouta prohibited-act:pass:air-strike excluded-group:pass: party:pass: alleged-party:pass:russia probability:unknown: severity:pass:air-or-chemical",
			[]string{"imprecise location: located only to within 25 km (precision 2); 30 % of its area of uncertainty lies in the zone"}},
		{"imprecise location, excluded group", incident(during, erv, air, gov, "ISIL", uncertain("south", 0.4)),
			truce.NotViolation, truce.Exactly(0), "south", "", "",
			"zone:unknown:south in-force:pass:south prohibited-act:pass:air-strike excluded-group:fail:isil probability:fail:", nil},
		// The Astana file counts the security zones along the lines (the
		// memorandum set them up against confrontations between the parties).
		{"security buffer", incident(during, erv, shell, gov, "Ahrar al-Sham",
			[]truce.Membership{{ZoneID: "idlib", Placement: truce.InBuffer, Reason: "exact point within its 5 km security buffer", Share: 0.2}}),
			truce.Violation, truce.Exactly(1), "idlib", "government-of-syria", "serious",
			"zone:pass:idlib in-force:pass:idlib prohibited-act:pass:shelling excluded-group:pass: party:pass: alleged-party:pass:government-of-syria probability:pass: severity:pass:heavy-weapons",
			[]string{"in the security buffer, which this agreement counts as the zone"}},
		{"near the drawn border, inside", incident(during, erv, shell, gov, "Ahrar al-Sham",
			[]truce.Membership{{ZoneID: "idlib", Placement: truce.Inside, Reason: "exact point inside", Share: 0.52}}),
			truce.Violation, truce.Exactly(1), "idlib", "government-of-syria", "serious",
			"zone:pass:idlib in-force:pass:idlib prohibited-act:pass:shelling excluded-group:pass: party:pass: alleged-party:pass:government-of-syria probability:pass: severity:pass:heavy-weapons",
			[]string{"in the zone as drawn with probability 0.52", "within the security buffer either way"}},
		{"security buffer, imprecise", with(incident(during, erv, shell, gov, "Ahrar al-Sham",
			[]truce.Membership{{ZoneID: "idlib", Placement: truce.InBuffer, Reason: "the circle reaches its buffer", Share: 0.2}}),
			func(i *truce.Incident) { i.Location.Precision = truce.PrecNear }),
			truce.ProbablyNot, truce.Exactly(0.2), "idlib", "government-of-syria", "serious",
			"zone:unknown:idlib in-force:pass:idlib prohibited-act:pass:shelling excluded-group:pass: party:pass: alleged-party:pass:government-of-syria probability:unknown: severity:pass:heavy-weapons",
			[]string{"the security buffer counts as the zone, but 20 % of the area lies in the zone itself"}},
		{"before the ceasefire", incident("2017-05-05", erv, air, gov, "Jaysh al-Islam", in("eastern-ghouta")),
			truce.NotViolation, truce.Exactly(0), "eastern-ghouta", "", "", "zone:pass:eastern-ghouta in-force:fail:eastern-ghouta probability:fail:",
			[]string{"2017-05-05 is before the ceasefire in zone eastern-ghouta starts (2017-05-06)"}},
		// 26 of the window's 31 days fall in the ceasefire.
		{"window straddles the start", with(incident("2017-05-01", erv, air, gov, "Jaysh al-Islam", in("eastern-ghouta")),
			func(i *truce.Incident) { i.DateEnd = date("2017-05-31"); i.DatePrecision = truce.DateMonth }),
			truce.ProbableViolation, truce.Exactly(0.8387), "eastern-ghouta", "government-of-syria", "grave",
			"zone:pass:eastern-ghouta in-force:unknown:eastern-ghouta prohibited-act:pass:air-strike excluded-group:pass: party:pass: alleged-party:pass:government-of-syria probability:unknown: severity:pass:air-or-chemical",
			[]string{"the date window 2017-05-01…2017-05-31 straddles the period", "26 of its 31 days are in it"}},
		// Eastern Ghouta ended on 14 April 2018.
		{"after the zone ended", incident("2018-04-20", erv, air, gov, "Jaysh al-Islam", in("eastern-ghouta")),
			truce.NotViolation, truce.Exactly(0), "eastern-ghouta", "", "", "zone:pass:eastern-ghouta in-force:fail:eastern-ghouta probability:fail:",
			[]string{"is after the ceasefire in zone eastern-ghouta ends (2018-04-13); the zone ended on 2018-04-14 (taken-by-force)"}},
		{"strategic development", incident(during, truce.StrategicDevelopments, "Agreement", gov, "Jaysh al-Islam", in("eastern-ghouta")),
			truce.NotViolation, truce.Exactly(0), "eastern-ghouta", "", "", "zone:pass:eastern-ghouta in-force:pass:eastern-ghouta prohibited-act:fail: probability:fail:",
			[]string{"Strategic developments is not among the prohibited acts"}},
		{"protest", incident(during, truce.Protests, "", "Protesters", "", in("idlib")),
			truce.NotViolation, truce.Exactly(0), "idlib", "", "", "zone:pass:idlib in-force:pass:idlib prohibited-act:fail: probability:fail:", nil},
		// Every sub-type of explosions is prohibited, so which it was does
		// not matter; a battle without sub-type is one of three, of which
		// the agreement prohibits all.
		{"type without sub-type", incident(during, erv, "", gov, "Jaysh al-Islam", in("eastern-ghouta")),
			truce.Violation, truce.Exactly(1), "eastern-ghouta", "government-of-syria", "minor",
			"zone:pass:eastern-ghouta in-force:pass:eastern-ghouta prohibited-act:pass: excluded-group:pass: party:pass: alleged-party:pass:government-of-syria probability:pass: severity:pass:",
			[]string{"without a sub-event type: every sub-type of it is prohibited"}},
		{"one-sided violence by a party", with(incident(during, truce.ViolenceAgainstCivilians, "Attack", gov, "", in("south")),
			func(i *truce.Incident) { i.ViolenceType = 3; i.Fatalities = truce.Fatalities{Best: 6, Civilians: 6} }),
			truce.Violation, truce.Exactly(1), "south", "government-of-syria", "grave",
			"zone:pass:south in-force:pass:south prohibited-act:pass:violence-against-civilians excluded-group:pass: party:pass: alleged-party:pass:government-of-syria probability:pass: severity:pass:civilian-deaths-5",
			[]string{"side A: bound by the agreement: government-of-syria (party); side B is civilians"}},
		{"unknown actor", incident(during, truce.Battles, clash, gov, "Liwa al-Aqsa", in("idlib")),
			truce.Undetermined, truce.Range{Low: 0, Mid: 0.5, High: 1}, "idlib", "", "minor",
			"zone:pass:idlib in-force:pass:idlib prohibited-act:pass:armed-clash excluded-group:pass: party:unknown: alleged-party:unknown: probability:unknown: severity:pass:",
			[]string{`unknown actor "Liwa al-Aqsa" is none of the agreement's parties, guarantors or excluded groups (nothing known: 0–1)`}},
		{"coalition naming an excluded group", incident(during, truce.Battles, clash, "Ahrar al-Sham, Jabhat Fateh al-Sham", gov, in("idlib")),
			truce.NotViolation, truce.Exactly(0), "idlib", "", "",
			"zone:pass:idlib in-force:pass:idlib prohibited-act:pass:armed-clash excluded-group:fail:hts probability:fail:",
			[]string{`"Jabhat Fateh al-Sham" (excluded group hts) on side A; side A also names ahrar-al-sham (party)`}},
		{"guarantor air strike with civilian deaths", with(incident(during, erv, air, "Government of Russia (Soviet Union)", "Army of Islam", in("eastern-ghouta")),
			civilians(7)),
			truce.Violation, truce.Exactly(1), "eastern-ghouta", "russia", "grave",
			"zone:pass:eastern-ghouta in-force:pass:eastern-ghouta prohibited-act:pass:air-strike regardless-of-target:pass:bombardment-killing-civilians party:pass: alleged-party:pass:russia probability:pass: severity:pass:air-or-chemical",
			[]string{"bound by the agreement: russia (guarantor)"}},
		{"fighting within one party", incident(during, truce.Battles, clash, "Jaysh al-Islam", "Army of Islam", in("eastern-ghouta")),
			truce.NotViolation, truce.Exactly(0), "eastern-ghouta", "", "",
			"zone:pass:eastern-ghouta in-force:pass:eastern-ghouta prohibited-act:pass:armed-clash excluded-group:pass: party:fail: probability:fail:",
			[]string{"fighting within one party"}},
		{"the stronger membership decides", incident(during, truce.Battles, clash, gov, "Southern Front", []truce.Membership{
			{ZoneID: "idlib", Placement: truce.Uncertain, Reason: "country", Share: 0.1},
			{ZoneID: "south", Placement: truce.Inside, Reason: "exact point inside zone south", Share: 1},
		}), truce.Violation, truce.Exactly(1), "south", "", "minor",
			"zone:pass:south in-force:pass:south prohibited-act:pass:armed-clash excluded-group:pass: party:pass: alleged-party:unknown: other-zones:unknown: probability:pass: severity:pass:",
			[]string{"(also uncertain in zone idlib)", "it may have been a violation in another zone instead, and the chances add up: idlib (0.10)"}},
		{"missing target", incident(during, erv, shell, gov, "", in("idlib")),
			truce.Undetermined, truce.Range{Low: 0, Mid: 0.5, High: 1}, "idlib", "government-of-syria", "serious",
			"zone:pass:idlib in-force:pass:idlib prohibited-act:pass:shelling excluded-group:pass: party:unknown: alleged-party:pass:government-of-syria probability:unknown: severity:pass:heavy-weapons",
			[]string{"side B: names no actor"}},
		{"no event type", incident(during, "", "", gov, "Jaysh al-Islam", in("idlib")),
			truce.Undetermined, truce.Range{Low: 0, Mid: 0.5, High: 1}, "idlib", "", "minor",
			"zone:pass:idlib in-force:pass:idlib prohibited-act:unknown: excluded-group:pass: party:pass: alleged-party:unknown: probability:unknown: severity:pass:", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			jd := j.Judge(tt.inc)
			if jd.Verdict != tt.verdict || jd.P != tt.p || jd.ZoneID != tt.zone || jd.AllegedParty != tt.alleged || jd.Severity != tt.severity {
				t.Errorf("verdict %s %+v zone %q alleged %q severity %q; want %s %+v %q %q %q", jd.Verdict, jd.P, jd.ZoneID,
					jd.AllegedParty, jd.Severity, tt.verdict, tt.p, tt.zone, tt.alleged, tt.severity)
			}
			if got := compact(jd); got != tt.steps {
				t.Errorf("steps\n got %s\nwant %s", got, tt.steps)
			}
			all := traceString(jd)
			for _, w := range tt.words {
				if !strings.Contains(all, w) {
					t.Errorf("trace lacks %q:\n%s", w, all)
				}
			}
			if jd.AgreementID != "astana-2017" || jd.AgreementVersion != 1 || jd.IncidentID != 1 || !jd.JudgedAt.IsZero() {
				t.Errorf("header: %+v", jd)
			}
			if t.Failed() {
				t.Log("\n" + all)
			}
		})
	}
}

func compact(jd truce.Judgement) string {
	var parts []string
	for _, s := range jd.Trace {
		parts = append(parts, s.Rule+":"+s.Outcome+":"+s.Clause)
	}
	return strings.Join(parts, " ")
}

const rulesYAML = `
id: rules
title: Rules
signed: 2020-01-01
effective: 2020-01-02
expires: 2020-06-30
renewals:
  - {date: 2020-06-01, until: 2020-10-31}
parties:
  - {id: gov, name: Government}
  - {id: reb, name: Rebels}
prohibited:
  - {id: battles, event_type: Battles, clause: Art. 1}
permitted:
  - {id: retake, event_type: Battles, sub_event_type: Government regains territory, clause: Art. 9}
buffer_counts: true
zones:
  - id: box
    name: Box
    geometry: {type: Polygon, coordinates: [[[36, 35], [37, 35], [37, 36], [36, 36], [36, 35]]]}
`

// TestJudgeAgreementOptions covers buffer_counts, permitted acts and the
// agreement's end after renewals against the zone's own end.
func TestJudgeAgreementOptions(t *testing.T) {
	a, err := agreement.Parse([]byte(rulesYAML), "rules.yaml", agreement.Options{})
	if err != nil {
		t.Fatal(err)
	}
	j := newJudge(t, a)
	buffer := []truce.Membership{{ZoneID: "box", Placement: truce.InBuffer, Reason: "in buffer"}}
	for _, tt := range []struct {
		name    string
		inc     *truce.Incident
		verdict truce.Verdict
		words   string
	}{
		{"buffer counts", incident("2020-03-01", truce.Battles, clash, "Government", "Rebels", buffer), truce.Violation,
			"in the security buffer, which this agreement counts as the zone"},
		{"permitted act", incident("2020-03-01", truce.Battles, "Government regains territory", "Government", "Rebels", in("box")),
			truce.NotViolation, "is a permitted act: Art. 9"},
		{"renewed past expiry", incident("2020-07-15", truce.Battles, clash, "Government", "Rebels", in("box")), truce.Violation,
			"from 2020-01-02, through 2020-10-31"},
		{"after the zone ends", incident("2020-11-01", truce.Battles, clash, "Government", "Rebels", in("box")), truce.NotViolation,
			"2020-11-01 is after the ceasefire in zone box ends (2020-10-31)"},
		{"zone of another agreement", incident("2020-03-01", truce.Battles, clash, "Government", "Rebels", in("elsewhere")),
			truce.NotViolation, "outside every zone"},
	} {
		jd := j.Judge(tt.inc)
		if jd.Verdict != tt.verdict || !strings.Contains(traceString(jd), tt.words) {
			t.Errorf("%s: %s, want %s with %q:\n%s", tt.name, jd.Verdict, tt.verdict, tt.words, traceString(jd))
		}
	}
}

func TestNewJudgeErrors(t *testing.T) {
	base := func() *truce.Agreement {
		return &truce.Agreement{ID: "x", Parties: []truce.Actor{{ID: "a", Name: "Hay'at A"}},
			Excluded: []truce.Actor{{ID: "b", Name: "B"}}}
	}
	if _, err := NewJudge(nil, 1); truce.ErrorCode(err) != truce.EINVALID {
		t.Errorf("nil agreement: %v", err)
	}
	a := base()
	a.Excluded[0].Aliases = []string{"HAYAT a"}
	if _, err := NewJudge(a, 1); !strings.Contains(truce.ErrorMessage(err), `"HAYAT a" names both a and b`) {
		t.Errorf("shared alias: %v", err)
	}
	a = base()
	a.AggregateActors = []string{"B"}
	if _, err := NewJudge(a, 1); !strings.Contains(truce.ErrorMessage(err), `aggregate actor "B" names no party`) {
		t.Errorf("aggregate: %v", err)
	}
	a = base()
	a.Severity = []truce.SeverityRule{{ID: "r", Severity: "awful"}}
	if _, err := NewJudge(a, 1); truce.ErrorCode(err) != truce.EINVALID {
		t.Errorf("tier: %v", err)
	}
	if j, err := NewJudge(base(), 3); err != nil || j.sevDef != truce.SeverityMinor {
		t.Errorf("defaults: %v %v", j, err)
	}
}

// TestJudgeParts checks that an incident that may lie in two zones keeps
// each zone's part of its probability, and that the parts add up to it.
func TestJudgeParts(t *testing.T) {
	j := newJudge(t, astana(t))
	tests := []struct {
		name  string
		zones []truce.Membership
		parts []string // zone ids, in agreement order; nil: no parts
	}{
		{"one zone", []truce.Membership{{ZoneID: "idlib", Placement: truce.Uncertain, Reason: "25 km", Share: 0.6}}, nil},
		{"two zones", []truce.Membership{
			{ZoneID: "northern-homs", Placement: truce.Uncertain, Reason: "25 km", Share: 0.3},
			{ZoneID: "idlib", Placement: truce.Uncertain, Reason: "25 km", Share: 0.6},
		}, []string{"idlib", "northern-homs"}},
		{"a zone with no chance", []truce.Membership{
			{ZoneID: "idlib", Placement: truce.Uncertain, Reason: "25 km", Share: 0.6},
			{ZoneID: "south", Placement: truce.Uncertain, Reason: "25 km", Share: 0},
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			jd := j.Judge(incident(during, truce.Battles, "Armed clash", gov, "Southern Front", tt.zones))
			var ids []string
			var sum truce.Range
			for _, zp := range jd.Parts {
				ids = append(ids, zp.ZoneID)
				sum = sum.Plus(zp.P)
				if zp.Placement != truce.Uncertain {
					t.Errorf("part %s placement %q", zp.ZoneID, zp.Placement)
				}
			}
			if !reflect.DeepEqual(ids, tt.parts) {
				t.Fatalf("parts %v, want %v (judgement %+v)", ids, tt.parts, jd)
			}
			if jd.Parts == nil {
				return
			}
			if jd.Parts[0].ZoneID != jd.ZoneID {
				t.Errorf("first part %s, want the listing zone %s", jd.Parts[0].ZoneID, jd.ZoneID)
			}
			for _, d := range []float64{sum.Low - jd.P.Low, sum.Mid - jd.P.Mid, sum.High - jd.P.High} {
				if math.Abs(d) > 2e-4 {
					t.Errorf("parts add up to %v, judgement %v", sum, jd.P)
				}
			}
			if r := jd.Parts[1].P.Mid / jd.Parts[0].P.Mid; math.Abs(r-0.5) > 0.01 {
				t.Errorf("northern-homs / idlib = %.3f, want the shares' 0.5", r)
			}
		})
	}
}
