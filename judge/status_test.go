package judge

import (
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/truce-monitor/truce"
)

func statusAgreement() *truce.Agreement {
	sq := orb.MultiPolygon{{{{36, 33}, {37, 33}, {37, 34}, {36, 34}, {36, 33}}}}
	return &truce.Agreement{ID: "t", Effective: mustDay("2017-05-06"),
		Zones: []truce.Zone{{ID: "z", Name: "Z", Geometry: sq}}}
}

func mustDay(s string) time.Time {
	d, err := truce.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func row(day string, v truce.Verdict, sev string, n, deaths int) truce.ZoneDay {
	return truce.ZoneDay{ZoneID: "z", Day: mustDay(day), Placement: truce.Inside, EventType: truce.Battles, Verdict: v, Severity: sev, Incidents: n, Deaths: deaths}
}

func TestStatuses(t *testing.T) {
	const on = "2017-06-15"
	for _, tc := range []struct {
		name          string
		rows          []truce.ZoneDay
		day           string
		status, upper truce.ZoneStatus
		reason        string
	}{
		{"Silence", nil, on, truce.NoCoverage, truce.NoCoverage, "silence is not calm"},
		{"QuietButCovered", []truce.ZoneDay{row("2017-06-01", truce.NotViolation, "", 1, 0)}, on, truce.Holding, truce.Holding, "no threshold reached: 0 violations in 7 days"},
		{"CoverageLapses", []truce.ZoneDay{row("2017-05-10", truce.NotViolation, "", 1, 0)}, on, truce.NoCoverage, truce.NoCoverage, "last 30 days"},
		{"OneMinor", []truce.ZoneDay{row(on, truce.Violation, truce.SeverityMinor, 1, 0)}, on, truce.Strained, truce.Strained, "strained: 1 violations (threshold 1) in 7 days"},
		{"OneGrave", []truce.ZoneDay{row("2017-06-10", truce.Violation, truce.SeverityGrave, 1, 0)}, on, truce.Breached, truce.Breached, "1 grave violations (threshold 1)"},
		{"OutOfWindow", []truce.ZoneDay{row("2017-06-08", truce.Violation, truce.SeverityGrave, 1, 0)}, on, truce.Holding, truce.Holding, "no threshold"},
		{"ManyDeaths", []truce.ZoneDay{row(on, truce.Violation, truce.SeveritySerious, 2, 60)}, on, truce.Collapsed, truce.Collapsed, "60 deaths (threshold 50)"},
		{"UndeterminedUpper", []truce.ZoneDay{row(on, truce.Undetermined, truce.SeverityGrave, 3, 0)}, on, truce.Holding, truce.Breached, "no threshold"},
		{"BeforeInForce", []truce.ZoneDay{row("2017-05-01", truce.Violation, truce.SeverityGrave, 1, 0)}, "2017-05-01", "", "", "does not apply"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := mustDay(tc.day)
			got := Statuses(statusAgreement(), tc.rows, d, d, 0)
			if len(got) != 1 {
				t.Fatalf("got %d statuses, want 1", len(got))
			}
			s := got[0]
			if s.Status != tc.status || s.Upper != tc.upper || !strings.Contains(s.Reason, tc.reason) {
				t.Fatalf("got %s / %s (%q), want %s / %s (%q)", s.Status, s.Upper, s.Reason, tc.status, tc.upper, tc.reason)
			}
		})
	}
}

func TestTransitions(t *testing.T) {
	rows := []truce.ZoneDay{
		row("2017-06-01", truce.NotViolation, "", 1, 0),
		row("2017-06-03", truce.Violation, truce.SeverityMinor, 1, 0),
		row("2017-06-05", truce.Violation, truce.SeverityGrave, 1, 0),
	}
	st := Statuses(statusAgreement(), rows, mustDay("2017-06-01"), mustDay("2017-06-15"), 0)
	var got []string
	for _, tr := range Transitions(st) {
		got = append(got, tr.Day.Format(truce.DateLayout)+" "+string(tr.From)+"->"+string(tr.To))
	}
	want := []string{"2017-06-03 holding->strained", "2017-06-05 strained->breached", "2017-06-12 breached->holding"}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Fatalf("transitions:\n got %v\nwant %v", got, want)
	}
}
