package truce

import "testing"

func TestStatusRules(t *testing.T) {
	var zero StatusRules // an agreement without status rules: the defaults
	custom := StatusRules{Breached: StatusThreshold{CivilianDeaths: 3}}
	for _, tt := range []struct {
		rules StatusRules
		c     WindowCounts
		want  ZoneStatus
	}{
		{zero, WindowCounts{}, Holding},
		{zero, WindowCounts{Violations: 1}, Strained},
		{zero, WindowCounts{Violations: 4}, Strained},
		{zero, WindowCounts{Violations: 5}, Breached},
		{zero, WindowCounts{Violations: 1, Grave: 1}, Breached},
		{zero, WindowCounts{Violations: 20}, Collapsed},
		{zero, WindowCounts{Violations: 2, Deaths: 50}, Collapsed},
		{custom, WindowCounts{Violations: 5, Grave: 1}, Strained},
		{custom, WindowCounts{Violations: 1, CivilianDeaths: 3}, Breached},
	} {
		if got := tt.rules.Status(tt.c); got != tt.want {
			t.Errorf("%+v.Status(%+v) = %s, want %s", tt.rules, tt.c, got, tt.want)
		}
	}
	var c WindowCounts
	c.Add(SeverityGrave, Fatalities{Best: 4, Civilians: 2})
	c.Add(SeveritySerious, Fatalities{Best: 1})
	c.Add(SeverityMinor, Fatalities{})
	if want := (WindowCounts{Violations: 3, Serious: 2, Grave: 1, Deaths: 5, CivilianDeaths: 2}); c != want {
		t.Errorf("counts = %+v, want %+v", c, want)
	}
}

func TestSeverityRuleMatches(t *testing.T) {
	inc := &Incident{EventType: ExplosionsRemoteViolence, SubEventType: "Air/drone strike", Fatalities: Fatalities{Best: 3, Civilians: 1}}
	for _, tt := range []struct {
		r    SeverityRule
		want bool
	}{
		{SeverityRule{}, true},
		{SeverityRule{SubEventTypes: []string{"Air/drone strike", "Chemical weapon"}}, true},
		{SeverityRule{EventTypes: []string{Battles}}, false},
		{SeverityRule{MinDeaths: 3, MinCivilianDeaths: 1}, true},
		{SeverityRule{MinDeaths: 4}, false},
		{SeverityRule{SubEventTypes: []string{"Air/drone strike"}, MinCivilianDeaths: 2}, false},
	} {
		if got := tt.r.Matches(inc); got != tt.want {
			t.Errorf("%+v.Matches = %v, want %v", tt.r, got, tt.want)
		}
	}
	inc.SubEventType = ""
	if (SeverityRule{SubEventTypes: []string{"Air/drone strike"}}).Matches(inc) {
		t.Error("a rule naming sub-types matched an incident without one")
	}
}

func TestActorKeyBasics(t *testing.T) {
	for in, want := range map[string]string{
		"Hay’at Tahrir al-Sham":            "haiat tahrir sham",
		"IS (Islamic State)":               "is islamic state",
		"Military Forces of Syria (2000-)": "military forces of syria 2000",
		"  ":                               "",
		"Jabhat al-Nusrah":                 "jabhat nusra",
		"ÇAĞLAYAN":                         "caglaian",
	} {
		if got := ActorKey(in); got != want {
			t.Errorf("ActorKey(%q) = %q, want %q", in, got, want)
		}
	}
}
