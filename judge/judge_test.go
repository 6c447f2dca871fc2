package judge

import (
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
	return []truce.Membership{{ZoneID: zone, Placement: truce.Inside, Reason: "exact point (precision 1) inside zone " + zone}}
}

// incident builds an incident on one day.
func incident(day, et, sub, a, b string, zones []truce.Membership) *truce.Incident {
	d := date(day)
	return &truce.Incident{ID: 1, DateStart: d, DateEnd: d, EventType: et, SubEventType: sub, SideA: a, SideB: b,
		ViolenceType: 1, Zones: zones}
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

// TestJudgeTable checks verdicts and traces, step by step as
// "rule:outcome:clause", with words each trace must contain.
func TestJudgeTable(t *testing.T) {
	j := newJudge(t, astana(t))
	with := func(inc *truce.Incident, f func(*truce.Incident)) *truce.Incident { f(inc); return inc }
	tests := []struct {
		name     string
		inc      *truce.Incident
		verdict  truce.Verdict
		zone     string
		alleged  string
		severity string
		steps    string
		words    []string
	}{
		{"outside every zone", incident(during, erv, air, gov, "Jaysh al-Islam", nil),
			truce.NotViolation, "", "", "", "zone:fail:", []string{"outside every zone"}},
		{"government air strike on the aggregate", incident(during, erv, air, gov, ins, in("eastern-ghouta")),
			truce.Undetermined, "eastern-ghouta", "", "grave",
			"zone:pass:eastern-ghouta in-force:pass:eastern-ghouta prohibited-act:pass:air-strike excluded-group:unknown: party:pass: severity:pass:air-or-chemical",
			[]string{`exclusion undetermined: aggregated actor "Syrian insurgents" (aggregated actor, alias of armed-opposition) on side B`}},
		{"government vs HTS", incident(during, truce.Battles, clash, gov, "HTS", in("idlib")),
			truce.NotViolation, "idlib", "", "",
			"zone:pass:idlib in-force:pass:idlib prohibited-act:pass:armed-clash excluded-group:fail:hts",
			[]string{`operation against an excluded group: "HTS" (excluded group hts) on side B`}},
		{"government shells Jaysh al-Islam", with(incident(during, erv, shell, gov, "Jaysh al-Islam", in("eastern-ghouta")),
			func(i *truce.Incident) { i.Fatalities = truce.Fatalities{Low: 3, Best: 3, High: 3} }),
			truce.Violation, "eastern-ghouta", "government-of-syria", "serious",
			"zone:pass:eastern-ghouta in-force:pass:eastern-ghouta prohibited-act:pass:shelling excluded-group:pass: party:pass: alleged-party:pass:government-of-syria severity:pass:heavy-weapons",
			[]string{"both sides are bound by the agreement: government-of-syria (party) against jaysh-al-islam (party)", "attacker first"}},
		{"battle: no direction", incident(during, truce.Battles, clash, gov, "Failaq al-Rahman", in("eastern-ghouta")),
			truce.Violation, "eastern-ghouta", "", "minor",
			"zone:pass:eastern-ghouta in-force:pass:eastern-ghouta prohibited-act:pass:armed-clash excluded-group:pass: party:pass: alleged-party:unknown: severity:pass:",
			[]string{"the data give no direction", "no severity rule matches"}},
		{"imprecise location", incident(during, erv, air, "Russia", "Jaysh al-Islam",
			[]truce.Membership{{ZoneID: "eastern-ghouta", Placement: truce.Uncertain, Reason: "located only to within 25 km (precision 2)"}}),
			truce.Undetermined, "eastern-ghouta", "", "grave",
			"zone:unknown:eastern-ghouta in-force:pass:eastern-ghouta prohibited-act:pass:air-strike excluded-group:pass: party:pass: severity:pass:air-or-chemical",
			[]string{"imprecise location: located only to within 25 km (precision 2)"}},
		{"imprecise location, excluded group", incident(during, erv, air, gov, "ISIL",
			[]truce.Membership{{ZoneID: "south", Placement: truce.Uncertain, Reason: "fuzzy"}}),
			truce.NotViolation, "south", "", "",
			"zone:unknown:south in-force:pass:south prohibited-act:pass:air-strike excluded-group:fail:isil", nil},
		{"security buffer", incident(during, erv, shell, gov, "Ahrar al-Sham",
			[]truce.Membership{{ZoneID: "idlib", Placement: truce.InBuffer, Reason: "exact point within its 5 km security buffer"}}),
			truce.Undetermined, "idlib", "", "serious",
			"zone:unknown:idlib in-force:pass:idlib prohibited-act:pass:shelling excluded-group:pass: party:pass: severity:pass:heavy-weapons",
			[]string{"buffer_counts is false"}},
		{"before the ceasefire", incident("2017-05-05", erv, air, gov, "Jaysh al-Islam", in("eastern-ghouta")),
			truce.NotViolation, "eastern-ghouta", "", "", "zone:pass:eastern-ghouta in-force:fail:eastern-ghouta",
			[]string{"2017-05-05 is before the ceasefire in zone eastern-ghouta starts (2017-05-06)"}},
		{"window straddles the start", with(incident("2017-05-01", erv, air, gov, "Jaysh al-Islam", in("eastern-ghouta")),
			func(i *truce.Incident) { i.DateEnd = date("2017-05-31"); i.DatePrecision = truce.DateMonth }),
			truce.Undetermined, "eastern-ghouta", "", "grave",
			"zone:pass:eastern-ghouta in-force:unknown:eastern-ghouta prohibited-act:pass:air-strike excluded-group:pass: party:pass: severity:pass:air-or-chemical",
			[]string{"the date window 2017-05-01…2017-05-31 straddles the start"}},
		{"strategic development", incident(during, truce.StrategicDevelopments, "Agreement", gov, "Jaysh al-Islam", in("eastern-ghouta")),
			truce.NotViolation, "eastern-ghouta", "", "", "zone:pass:eastern-ghouta in-force:pass:eastern-ghouta prohibited-act:fail:",
			[]string{"Strategic developments is not among the prohibited acts"}},
		{"protest", incident(during, truce.Protests, "", "Protesters", "", in("idlib")),
			truce.NotViolation, "idlib", "", "", "zone:pass:idlib in-force:pass:idlib prohibited-act:fail:", nil},
		{"type not specific enough", incident(during, erv, "", gov, "Jaysh al-Islam", in("eastern-ghouta")),
			truce.Undetermined, "eastern-ghouta", "", "minor",
			"zone:pass:eastern-ghouta in-force:pass:eastern-ghouta prohibited-act:unknown: excluded-group:pass: party:pass: severity:pass:",
			[]string{"type not specific enough: Explosions/Remote violence without a sub-event type"}},
		{"one-sided violence by a party", with(incident(during, truce.ViolenceAgainstCivilians, "Attack", gov, "", in("south")),
			func(i *truce.Incident) { i.ViolenceType = 3; i.Fatalities = truce.Fatalities{Best: 6, Civilians: 6} }),
			truce.Violation, "south", "government-of-syria", "grave",
			"zone:pass:south in-force:pass:south prohibited-act:pass:violence-against-civilians excluded-group:pass: party:pass: alleged-party:pass:government-of-syria severity:pass:civilian-deaths-5",
			[]string{"attack on civilians by government-of-syria (party)"}},
		{"unknown actor", incident(during, truce.Battles, clash, gov, "SDF", in("idlib")),
			truce.Undetermined, "idlib", "", "minor",
			"zone:pass:idlib in-force:pass:idlib prohibited-act:pass:armed-clash excluded-group:unknown: party:unknown: severity:pass:",
			[]string{`unknown actor: "SDF" on side B`}},
		{"coalition naming an excluded group", incident(during, truce.Battles, clash, "Ahrar al-Sham, Jabhat Fateh al-Sham", gov, in("idlib")),
			truce.NotViolation, "idlib", "", "",
			"zone:pass:idlib in-force:pass:idlib prohibited-act:pass:armed-clash excluded-group:fail:hts",
			[]string{`"Jabhat Fateh al-Sham" (excluded group hts) on side A; side A also names ahrar-al-sham (party)`}},
		{"guarantor air strike with civilian deaths", with(incident(during, erv, air, "Government of Russia (Soviet Union)", "Army of Islam", in("eastern-ghouta")),
			func(i *truce.Incident) { i.Fatalities = truce.Fatalities{Best: 7, Civilians: 7} }),
			truce.Violation, "eastern-ghouta", "russia", "grave",
			"zone:pass:eastern-ghouta in-force:pass:eastern-ghouta prohibited-act:pass:air-strike excluded-group:pass: party:pass: alleged-party:pass:russia severity:pass:air-or-chemical",
			[]string{"russia (guarantor) against jaysh-al-islam (party)"}},
		{"fighting within one party", incident(during, truce.Battles, clash, "Jaysh al-Islam", "Army of Islam", in("eastern-ghouta")),
			truce.Undetermined, "eastern-ghouta", "", "minor",
			"zone:pass:eastern-ghouta in-force:pass:eastern-ghouta prohibited-act:pass:armed-clash excluded-group:pass: party:unknown: severity:pass:",
			[]string{"fighting within one party"}},
		{"the stronger membership decides", incident(during, truce.Battles, clash, gov, "Southern Front", []truce.Membership{
			{ZoneID: "idlib", Placement: truce.Uncertain, Reason: "country"},
			{ZoneID: "south", Placement: truce.Inside, Reason: "exact point inside zone south"},
		}), truce.Violation, "south", "", "minor",
			"zone:pass:south in-force:pass:south prohibited-act:pass:armed-clash excluded-group:pass: party:pass: alleged-party:unknown: severity:pass:",
			[]string{"(also uncertain in zone idlib)"}},
		{"missing target", incident(during, erv, shell, gov, "", in("idlib")),
			truce.Undetermined, "idlib", "", "serious",
			"zone:pass:idlib in-force:pass:idlib prohibited-act:pass:shelling excluded-group:unknown: party:unknown: severity:pass:heavy-weapons",
			[]string{"side B names no actor"}},
		{"no event type", incident(during, "", "", gov, "Jaysh al-Islam", in("idlib")),
			truce.Undetermined, "idlib", "", "minor",
			"zone:pass:idlib in-force:pass:idlib prohibited-act:unknown: excluded-group:pass: party:pass: severity:pass:", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			jd := j.Judge(tt.inc)
			if jd.Verdict != tt.verdict || jd.ZoneID != tt.zone || jd.AllegedParty != tt.alleged || jd.Severity != tt.severity {
				t.Errorf("verdict %s zone %q alleged %q severity %q; want %s %q %q %q", jd.Verdict, jd.ZoneID,
					jd.AllegedParty, jd.Severity, tt.verdict, tt.zone, tt.alleged, tt.severity)
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
