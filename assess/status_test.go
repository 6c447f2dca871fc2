package assess

import (
	"math"
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

// row is n incidents of one day, each a violation with probability p (low
// and high the same), of one severity, with deaths in all.
func row(day string, p float64, sev string, n, deaths int) truce.ZoneDay {
	return rangeRow(day, truce.Range{Low: p, Mid: p, High: p}, sev, n, deaths)
}

func rangeRow(day string, p truce.Range, sev string, n, deaths int) truce.ZoneDay {
	v := truce.TierRules{}.Tier(p)
	if p.High == 0 {
		sev = ""
	}
	fn := float64(n)
	return truce.ZoneDay{ZoneID: "z", Day: mustDay(day), Placement: truce.Inside, EventType: truce.Battles, Verdict: v, Severity: sev,
		Incidents: n, Deaths: deaths, P: truce.Range{Low: p.Low * fn, Mid: p.Mid * fn, High: p.High * fn}}
}

func TestStatuses(t *testing.T) {
	const on = "2017-06-15"
	for _, tc := range []struct {
		name        string
		rows        []truce.ZoneDay
		day         string
		status      truce.ZoneStatus
		prob        float64
		best, worst truce.ZoneStatus
		reason      string
	}{
		{"Silence", nil, on, truce.NoCoverage, 1, truce.NoCoverage, truce.NoCoverage, "silence is not calm"},
		{"QuietButCovered", []truce.ZoneDay{row("2017-06-01", 0, "", 1, 0)}, on, truce.Holding, 1, truce.Holding, truce.Holding, "no threshold reached"},
		{"CoverageLapses", []truce.ZoneDay{row("2017-05-10", 0, "", 1, 0)}, on, truce.NoCoverage, 1, truce.NoCoverage, truce.NoCoverage, "last 30 days"},
		{"OneMinor", []truce.ZoneDay{row(on, 1, truce.SeverityMinor, 1, 0)}, on, truce.Strained, 1, truce.Strained, truce.Strained, "threshold 1 violations"},
		{"OneGrave", []truce.ZoneDay{row("2017-06-10", 1, truce.SeverityGrave, 1, 0)}, on, truce.Breached, 1, truce.Breached, truce.Breached, "5 violations or 1 grave"},
		{"OutOfWindow", []truce.ZoneDay{row("2017-06-08", 1, truce.SeverityGrave, 1, 0)}, on, truce.Holding, 1, truce.Holding, truce.Holding, "no threshold"},
		{"ManyDeaths", []truce.ZoneDay{row(on, 1, truce.SeveritySerious, 2, 60)}, on, truce.Collapsed, 1, truce.Collapsed, truce.Collapsed, "20 violations or 50 deaths"},
		// A grave incident that is a violation with probability 0.6.
		{"ProbableGrave", []truce.ZoneDay{row(on, 0.6, truce.SeverityGrave, 1, 0)}, on, truce.Breached, 0.6, truce.Holding, truce.Breached, "probability 60 %"},
		// The presence range moves the outer bound, not the best estimate.
		{"Range", []truce.ZoneDay{rangeRow(on, truce.Range{Low: 0.02, Mid: 0.03, High: 0.2}, truce.SeverityGrave, 1, 0)}, on,
			truce.Holding, 0.97, truce.Holding, truce.Breached, "holding to breached"},
		{"BeforeInForce", []truce.ZoneDay{row("2017-05-01", 1, truce.SeverityGrave, 1, 0)}, "2017-05-01", "", 0, "", "", "does not apply"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := mustDay(tc.day)
			got := Statuses(statusAgreement(), tc.rows, d, d, 0)
			if len(got) != 1 {
				t.Fatalf("got %d statuses, want 1", len(got))
			}
			s := got[0]
			if s.Status != tc.status || math.Abs(s.Probability-tc.prob) > 1e-9 || s.Best != tc.best || s.Worst != tc.worst || !strings.Contains(s.Reason, tc.reason) {
				t.Fatalf("got %s %.4f, %s to %s (%q)\nwant %s %.4f, %s to %s (%q)", s.Status, s.Probability, s.Best, s.Worst, s.Reason,
					tc.status, tc.prob, tc.best, tc.worst, tc.reason)
			}
		})
	}
}

// TestChancesExact checks the status distribution against values worked
// out by hand from the binomial distribution.
func TestChancesExact(t *testing.T) {
	rules := truce.DefaultStatusRules()
	for _, tc := range []struct {
		name   string
		window []group
		want   [4]float64
	}{
		// Ten minor incidents, each a violation with probability 0.3: holding
		// is 0.7^10; breached is P(Bin(10, 0.3) ≥ 5) = 0.150268; collapsed
		// needs 20.
		{"Binomial", []group{{n: 10, p: 0.3, low: 0.3, high: 0.3, sev: 1}}, [4]float64{0.0282475249, 1 - 0.0282475249 - 0.1502683, 0.1502683, 0}},
		// Two incidents of 30 deaths each, each a violation with probability
		// 0.5: collapsed needs both (60 ≥ 50 deaths), one is strained.
		{"Deaths", []group{{n: 2, p: 0.5, low: 0.5, high: 0.5, sev: 2, deaths: 60}}, [4]float64{0.25, 0.5, 0, 0.25}},
		// A certain violation plus an uncertain grave one.
		{"CertainAndGrave", []group{{n: 1, p: 1, low: 1, high: 1, sev: 1}, {n: 1, p: 0.4, low: 0.4, high: 0.4, sev: 3}}, [4]float64{0, 0.6, 0.4, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := chances(tc.window, rules, func(g group) float64 { return g.p })
			for i := range got {
				if math.Abs(got[i]-tc.want[i]) > 1e-6 {
					t.Fatalf("chances = %v, want %v", got, tc.want)
				}
			}
		})
	}
}

func TestExpected(t *testing.T) {
	// 100 incidents, each a violation with probability 0.5: the 5 % and 95 %
	// points of Bin(100, 0.5) are 42 and 58; the outer range uses the ends.
	e := expect([]group{{n: 100, p: 0.5, low: 0.3, high: 0.7}, {n: 3, p: 1, low: 1, high: 1}})
	if math.Abs(e.Mean-53) > 1e-9 || e.Low != 45 || e.High != 61 || math.Abs(e.MeanLow-33) > 1e-9 || math.Abs(e.MeanHigh-73) > 1e-9 {
		t.Fatalf("expected %+v", e)
	}
	// 5 % point of Bin(100, 0.3) is 23, 95 % point of Bin(100, 0.7) is 77.
	if e.OuterLow != 26 || e.OuterHigh != 80 {
		t.Fatalf("outer %d–%d, want 26–80", e.OuterLow, e.OuterHigh)
	}
	// Past exactCount the normal approximation is used; it must agree with
	// the exact count to within one.
	big := []group{{n: 1000, p: 0.2, low: 0.2, high: 0.2}}
	lo, hi := quantiles(big, func(g group) float64 { return g.p })
	if lo < 178 || lo > 180 || hi < 220 || hi > 222 {
		t.Fatalf("normal quantiles %d–%d, want about 179–221", lo, hi)
	}
}

func TestEnded(t *testing.T) {
	a := statusAgreement()
	a.Zones[0].Ended = &truce.ZoneEnd{Date: mustDay("2017-06-10"), How: "taken-by-force", Sources: []string{"test"}}
	rows := []truce.ZoneDay{row("2017-06-09", 1, truce.SeverityGrave, 30, 100)}
	got := Statuses(a, rows, mustDay("2017-06-09"), mustDay("2017-06-11"), 0)
	want := []truce.ZoneStatus{truce.Collapsed, truce.Ended, truce.Ended}
	for i, s := range got {
		if s.Status != want[i] {
			t.Fatalf("%s: %s, want %s", s.Day.Format(truce.DateLayout), s.Status, want[i])
		}
	}
	if got[1].InForce {
		t.Fatal("an ended zone is in force")
	}
}

func TestTransitions(t *testing.T) {
	rows := []truce.ZoneDay{
		row("2017-06-01", 0, "", 1, 0),
		row("2017-06-03", 1, truce.SeverityMinor, 1, 0),
		row("2017-06-05", 1, truce.SeverityGrave, 1, 0),
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

// TestWindow checks that Window grades a window's rows as Statuses grades
// the same window, and that an empty window is holding, not no-coverage:
// Window leaves coverage to the caller.
func TestWindow(t *testing.T) {
	a := statusAgreement()
	on := mustDay("2017-06-15")
	for _, rows := range [][]truce.ZoneDay{
		{row("2017-06-15", 0.6, truce.SeverityGrave, 1, 0), row("2017-06-12", 0.3, truce.SeverityMinor, 4, 2)},
		{row("2017-06-10", 1, truce.SeveritySerious, 2, 60)},
		{row("2017-06-14", 0, "", 3, 1)},
	} {
		want := Statuses(a, rows, on, on, 0)[0]
		got := Window(a, "z", on, rows)
		if got.Status != want.Status || math.Abs(got.Probability-want.Probability) > 1e-12 || got.Chances != want.Chances ||
			got.Expected != want.Expected || math.Abs(got.NoViolation-want.NoViolation) > 1e-12 || math.Abs(got.NoSerious-want.NoSerious) > 1e-12 ||
			got.Definite != want.Definite || got.Events != want.Events {
			t.Errorf("Window %+v\nStatuses %+v", got, want)
		}
	}
	if got := Window(a, "z", on, nil); got.Status != truce.Holding || got.NoViolation != 1 || got.Expected.Mean != 0 {
		t.Errorf("empty window: %+v", got)
	}
}

// TestContinuedDeaths: a row of incidents that began on an earlier day adds
// its share of their deaths to the window when they are violations, with
// their chance of being one, but no violation: each was counted on its
// first day.
func TestContinuedDeaths(t *testing.T) {
	const on = "2017-06-15"
	cont := func(pKey, n, deaths int) truce.ZoneDay {
		return truce.ZoneDay{ZoneID: "z", Day: mustDay(on), Placement: truce.Inside, EventType: truce.Battles, Verdict: truce.ProbableViolation,
			Severity: truce.SeveritySerious, Continued: n, PKey: pKey, Deaths: deaths}
	}
	for _, tc := range []struct {
		name     string
		rows     []truce.ZoneDay
		status   truce.ZoneStatus
		prob     float64
		best     truce.ZoneStatus
		expected float64
	}{
		// One minor violation today, and 60 deaths today of a month-long
		// count that is certainly a violation: the deaths collapse the
		// truce, the count adds no second violation.
		{"Certain", []truce.ZoneDay{row(on, 1, truce.SeverityMinor, 1, 0), cont(100, 1, 60)}, truce.Collapsed, 1, truce.Collapsed, 1},
		{"Uncertain", []truce.ZoneDay{row("2017-06-01", 0, "", 1, 0), cont(60, 1, 60)}, truce.Collapsed, 0.6, truce.Holding, 0},
		{"NotViolation", []truce.ZoneDay{row("2017-06-01", 0, "", 1, 0), cont(0, 1, 60)}, truce.Holding, 1, truce.Holding, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := mustDay(on)
			s := Statuses(statusAgreement(), tc.rows, d, d, 0)[0]
			if s.Status != tc.status || math.Abs(s.Probability-tc.prob) > 1e-9 || s.Best != tc.best || math.Abs(s.Expected.Mean-tc.expected) > 1e-9 {
				t.Fatalf("got %s %.4f from %s, %.2f expected violations; want %s %.4f from %s, %.2f (%s)", s.Status, s.Probability, s.Best, s.Expected.Mean,
					tc.status, tc.prob, tc.best, tc.expected, s.Reason)
			}
			if s.Events.Deaths != 60 {
				t.Fatalf("deaths in the window = %d, want the 60 of today's share", s.Events.Deaths)
			}
		})
	}
}

// TestStatusesUntil: past the data's last day nothing is known, however
// quiet the days before it were.
func TestStatusesUntil(t *testing.T) {
	rows := []truce.ZoneDay{row("2017-06-01", 0, "", 1, 0)}
	for _, tc := range []struct {
		day, end string
		status   truce.ZoneStatus
		reason   string
	}{
		{"2017-06-10", "2017-06-10", truce.Holding, "no threshold reached"},
		{"2017-06-11", "2017-06-10", truce.NoCoverage, "the data end on 2017-06-10"},
		{"2017-06-11", "", truce.Holding, "no threshold reached"},
	} {
		var end time.Time
		if tc.end != "" {
			end = mustDay(tc.end)
		}
		d := mustDay(tc.day)
		s := StatusesUntil(statusAgreement(), rows, d, d, 0, end)[0]
		if s.Status != tc.status || !strings.Contains(s.Reason, tc.reason) {
			t.Errorf("%s, data to %q: %s (%s), want %s (%q)", tc.day, tc.end, s.Status, s.Reason, tc.status, tc.reason)
		}
	}
}
