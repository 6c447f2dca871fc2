package assess

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/agreement"
	"github.com/truce-monitor/truce/agreements"
	"github.com/truce-monitor/truce/geo"
	"github.com/truce-monitor/truce/judge"
	"github.com/truce-monitor/truce/sim"
)

// TestCalibration checks that the graded verdicts mean what they say, on
// simulated data whose truth is known: the simulator hides a share of the
// fighting against excluded groups behind "Syrian insurgents", and the
// agreement's presence data state that share as a range around the truth,
// as an analyst's sources would. Placement, precision and date windows are
// degraded as in UCDP's data.
//
// It reports a reliability table (events grouped by their probability of
// violation, against how many were violations), the Brier score, and the
// coverage of the 90 % intervals of expected violations per zone and month.
// A zone's status counts its own part of every incident that may lie in it
// (Judgement.Parts), so the intervals must cover the true number of
// violations in the zone, wherever the incidents are listed, in at least
// 85 % of zone-months. The coverage of the violations among the incidents
// each zone lists, counted whole, is reported beside it.
func TestCalibration(t *testing.T) {
	a, err := agreements.Load(agreements.Astana2017File, agreement.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The simulator knows no act forbidden whoever the target and no
	// security buffer, and its zones are drawn exactly as the agreement
	// draws them.
	a.RegardlessOfTarget, a.BufferCounts = nil, false
	for i := range a.Zones {
		a.Zones[i].BorderErrorKm = 0
		a.Zones[i].Ended = nil
	}
	cfg := sim.DefaultConfig(21, a.Zones)
	cfg.Days, cfg.Start, cfg.Ceasefire = 730, mustDay("2017-01-01"), a.Effective
	cfg.Hidden = 0.6
	share := sim.AggregateExcludedShare(cfg)
	var zones []string
	for _, z := range a.Zones {
		zones = append(zones, z.ID)
	}
	a.Presence = []truce.Presence{{Zones: zones, From: mustDay("2016-01-01"), To: mustDay("2019-12-31"), Measure: truce.MeasureShare,
		Groups: []truce.PresentGroup{
			{Name: "HTS", ActorID: "hts", Excluded: true, Low: share * 0.7, High: share * 1.3, Source: "the simulator's composition, ±30 %"},
			{Name: "Syrian armed opposition", ActorID: "armed-opposition", Low: 1 - share*1.3, High: 1 - share*0.7, Source: "the rest"},
		}}}
	j, err := judge.NewJudge(a, 1)
	if err != nil {
		t.Fatal(err)
	}
	// The simulator's own governorates and districts, loaded as boundaries
	// are in real use: a location known only to a governorate is weighed
	// over that governorate.
	admin, err := geo.NewAdminAreas(sim.AdminUnits())
	if err != nil {
		t.Fatal(err)
	}
	ix, err := geo.NewIndex(a.Zones, geo.Options{Admin: admin})
	if err != nil {
		t.Fatal(err)
	}
	// Where precisely located events were weighs imprecise locations, as
	// `truce adjudicate` does with the store's.
	act := ix.NewActivity()
	if err := sim.Generate(cfg, func(e *sim.Event) error {
		if e.Location.Precision == truce.PrecExact {
			act.Add(e.Location.Lon, e.Location.Lat, e.DateStart, truce.DyadKind(e.SideA, e.SideB))
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	j = j.WithLocation(geo.ActivityModel{Index: ix, Activity: act.Freeze()})

	type bin struct {
		n       int
		p, hits float64
	}
	var bins [10]bin
	brier, n := 0.0, 0
	type zoneMonth struct {
		zone  string
		month string
	}
	groups := map[zoneMonth][]group{} // each zone's part of each incident
	whole := map[zoneMonth][]group{}  // whole incidents, in the zone that lists them
	truth := map[zoneMonth]int{}      // violations in the zone, as the simulator placed them
	counted := map[zoneMonth]int{}    // violations among the incidents the zone decided
	err = sim.Generate(cfg, func(e *sim.Event) error {
		e.Zones = ix.Place(e.Location, e.Zones[:0])
		if e.DateStart.Before(a.Effective) {
			return nil // the calibration is of verdicts while the zones are in force
		}
		jd := j.Judge(&e.Incident)
		y := 0.0
		if e.Truth.Violation {
			y = 1
			truth[zoneMonth{e.Truth.Zone, e.DateStart.Format("2006-01")}]++
		}
		if len(e.Zones) == 0 {
			return nil // outside every zone: no probability to calibrate
		}
		p := jd.P.Mid
		b := &bins[min(int(p*10), 9)]
		b.n++
		b.p += p
		b.hits += y
		brier += (p - y) * (p - y)
		n++
		if jd.ZoneID != "" && jd.P.High > 0 {
			k := zoneMonth{jd.ZoneID, e.DateStart.Format("2006-01")}
			if e.Truth.Violation {
				counted[k]++
			}
			whole[k] = append(whole[k], group{n: 1, p: jd.P.Mid, low: jd.P.Low, high: jd.P.High})
			parts := jd.Parts
			if parts == nil {
				parts = []truce.ZonePart{{ZoneID: jd.ZoneID, P: jd.P}}
			}
			for _, zp := range parts {
				k := zoneMonth{zp.ZoneID, e.DateStart.Format("2006-01")}
				groups[k] = append(groups[k], group{n: 1, p: zp.P.Mid, low: zp.P.Low, high: zp.P.High})
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var tbl strings.Builder
	fmt.Fprintf(&tbl, "hidden share of excluded groups behind \"Syrian insurgents\": %.3f\n", share)
	fmt.Fprintf(&tbl, "%-10s %8s %12s %12s\n", "P band", "events", "mean P", "violations")
	for i, b := range bins {
		if b.n == 0 {
			continue
		}
		fmt.Fprintf(&tbl, "%.1f–%.1f %8d %12.3f %12.3f\n", float64(i)/10, float64(i+1)/10, b.n, b.p/float64(b.n), b.hits/float64(b.n))
		// Each band's observed share must lie near its mean probability:
		// within 0.12, or three standard errors for small bands. The middle
		// bands run up to about 0.1 under the truth on every seed tried (5,
		// 21, 33): an imprecise location whose weighted share came out low
		// was more often in the zone than its share says.
		se := math.Sqrt(b.p / float64(b.n) * (1 - b.p/float64(b.n)) / float64(b.n))
		if d := math.Abs(b.hits/float64(b.n) - b.p/float64(b.n)); d > max(0.12, 3*se) {
			t.Errorf("band %.1f–%.1f: mean P %.3f, but %.3f were violations", float64(i)/10, float64(i+1)/10, b.p/float64(b.n), b.hits/float64(b.n))
		}
	}
	brier /= float64(n)
	fmt.Fprintf(&tbl, "Brier score %.4f over %d events placed in or near a zone\n", brier, n)

	var keys []zoneMonth
	for k := range groups {
		keys = append(keys, k)
	}
	for k := range whole {
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
	}
	for k := range truth {
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].zone+keys[i].month < keys[j].zone+keys[j].month })
	covered, outer, listed := 0, 0, 0
	for _, k := range keys {
		e := expect(groups[k])
		if got := truth[k]; e.Low <= got && got <= e.High {
			covered++
		}
		if got := truth[k]; e.OuterLow <= got && got <= e.OuterHigh {
			outer++
		}
		if w, got := expect(whole[k]), counted[k]; w.Low <= got && got <= w.High {
			listed++
		}
	}
	rate := float64(covered) / float64(len(keys))
	pct := func(n int) float64 { return 100 * float64(n) / float64(len(keys)) }
	fmt.Fprintf(&tbl, "90 %% intervals of expected violations (each zone's part of each incident) cover the true violations in each zone in %d of %d zone-months (%.1f %%); the outer intervals in %d (%.1f %%); whole incidents in the zone that lists them cover the violations among those in %d (%.1f %%)\n",
		covered, len(keys), pct(covered), outer, pct(outer), listed, pct(listed))
	t.Log("\n" + tbl.String())
	if rate < 0.85 {
		t.Errorf("coverage %.1f %% < 85 %%", 100*rate)
	}
	// A constant 0.5 scores 0.25; 0.2 leaves room for the simulator's
	// seed while failing a judge that has lost most of its skill.
	if brier > 0.2 {
		t.Errorf("Brier score %.4f", brier)
	}
}
