package judge

import (
	"fmt"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
)

// DefaultCoverageDays is how far back Statuses looks for any report from a
// zone before calling it covered. Silence is not calm: a zone no source has
// reported anything from in a month is "no-coverage", never "holding".
const DefaultCoverageDays = 30

// DayStatus is one zone's status on one day, graded over the agreement's
// rolling window (the day itself included).
type DayStatus struct {
	ZoneID  string
	Day     time.Time
	InForce bool // the zone's ceasefire applies on Day
	// Status grades the window's violations. Upper grades them as if every
	// undetermined incident were a violation too: the truth lies between.
	Status, Upper truce.ZoneStatus
	Reason        string // the threshold that set Status, in words
	Violations    truce.WindowCounts
	Undetermined  truce.WindowCounts // undetermined incidents, counted as violations would be
	// Reports counts incidents of any verdict placed in the zone over the
	// coverage period: the evidence that someone was watching.
	Reports int
}

// Transition is a change of a zone's status from one day to the next.
type Transition struct {
	ZoneID   string
	Day      time.Time
	From, To truce.ZoneStatus
	Reason   string
}

type dayAgg struct {
	violations, undetermined truce.WindowCounts
	reports                  int
}

func addRow(c *truce.WindowCounts, zd truce.ZoneDay) {
	c.Violations += zd.Incidents
	if truce.SeverityRank(zd.Severity) >= truce.SeverityRank(truce.SeveritySerious) {
		c.Serious += zd.Incidents
	}
	if zd.Severity == truce.SeverityGrave {
		c.Grave += zd.Incidents
	}
	c.Deaths += zd.Deaths
	c.CivilianDeaths += zd.CivilianDeaths
}

func plus(a, b truce.WindowCounts) truce.WindowCounts {
	return truce.WindowCounts{Violations: a.Violations + b.Violations, Serious: a.Serious + b.Serious, Grave: a.Grave + b.Grave,
		Deaths: a.Deaths + b.Deaths, CivilianDeaths: a.CivilianDeaths + b.CivilianDeaths}
}

func minus(a, b truce.WindowCounts) truce.WindowCounts {
	return truce.WindowCounts{Violations: a.Violations - b.Violations, Serious: a.Serious - b.Serious, Grave: a.Grave - b.Grave,
		Deaths: a.Deaths - b.Deaths, CivilianDeaths: a.CivilianDeaths - b.CivilianDeaths}
}

// Statuses grades every zone of a on every day from from to to (inclusive)
// from the zone-day rollup rows, which must cover from − window − coverage
// days to to. coverageDays ≤ 0 means DefaultCoverageDays. It reads only its
// arguments, so a status is reproducible from the rollup alone.
func Statuses(a *truce.Agreement, rows []truce.ZoneDay, from, to time.Time, coverageDays int) []DayStatus {
	if coverageDays <= 0 {
		coverageDays = DefaultCoverageDays
	}
	rules := a.Status.WithDefaults()
	from, to = dayOf(from), dayOf(to)
	if to.Before(from) {
		return nil
	}
	back := rules.WindowDays
	if coverageDays > back {
		back = coverageDays
	}
	start := from.AddDate(0, 0, -back)
	n := int(to.Sub(start).Hours()/24) + 1
	aggs := make(map[string][]dayAgg, len(a.Zones))
	for _, z := range a.Zones {
		aggs[z.ID] = make([]dayAgg, n)
	}
	for _, zd := range rows {
		days, ok := aggs[zd.ZoneID]
		if !ok {
			continue
		}
		i := int(dayOf(zd.Day).Sub(start).Hours() / 24)
		if i < 0 || i >= n {
			continue
		}
		days[i].reports += zd.Incidents
		switch zd.Verdict {
		case truce.Violation:
			addRow(&days[i].violations, zd)
		case truce.Undetermined:
			addRow(&days[i].undetermined, zd)
		}
	}
	var out []DayStatus
	for _, z := range a.Zones {
		days := aggs[z.ID]
		zoneFrom, zoneTo := zonePeriod(a, z)
		// Running sums over the window and the coverage period.
		var viol, undet truce.WindowCounts
		reports := 0
		for i := 0; i < n; i++ {
			viol = plus(viol, days[i].violations)
			undet = plus(undet, days[i].undetermined)
			reports += days[i].reports
			if j := i - rules.WindowDays; j >= 0 {
				viol = minus(viol, days[j].violations)
				undet = minus(undet, days[j].undetermined)
			}
			if j := i - coverageDays; j >= 0 {
				reports -= days[j].reports
			}
			d := start.AddDate(0, 0, i)
			if d.Before(from) {
				continue
			}
			ds := DayStatus{ZoneID: z.ID, Day: d, Violations: viol, Undetermined: undet, Reports: reports,
				InForce: !d.Before(zoneFrom) && (zoneTo.IsZero() || !d.After(zoneTo))}
			switch {
			case !ds.InForce:
				ds.Status, ds.Upper = "", ""
				ds.Reason = "the zone's ceasefire does not apply on this day"
			case reports == 0:
				ds.Status, ds.Upper = truce.NoCoverage, truce.NoCoverage
				ds.Reason = fmt.Sprintf("no source reported anything from the zone in the last %d days: silence is not calm", coverageDays)
			default:
				ds.Status = rules.Status(viol)
				ds.Upper = rules.Status(plus(viol, undet))
				ds.Reason = statusReason(rules, ds.Status, viol)
			}
			out = append(out, ds)
		}
	}
	return out
}

// zonePeriod is when z's ceasefire applies: its own period within the
// agreement's, renewals included.
func zonePeriod(a *truce.Agreement, z truce.Zone) (from, to time.Time) {
	from = a.Effective
	if z.EffectiveFrom.After(from) {
		from = z.EffectiveFrom
	}
	to = agreementEnd(a)
	if !z.EffectiveTo.IsZero() && (to.IsZero() || z.EffectiveTo.Before(to)) {
		to = z.EffectiveTo
	}
	return dayOf(from), to
}

// statusReason names the counts that reached the status's threshold.
func statusReason(rules truce.StatusRules, s truce.ZoneStatus, c truce.WindowCounts) string {
	var t truce.StatusThreshold
	switch s {
	case truce.Collapsed:
		t = rules.Collapsed
	case truce.Breached:
		t = rules.Breached
	case truce.Strained:
		t = rules.Strained
	default:
		return fmt.Sprintf("no threshold reached: %d violations in %d days (strained from %s)", c.Violations, rules.WindowDays, thresholdText(rules.Strained))
	}
	var hits []string
	for _, x := range []struct {
		name     string
		limit, n int
	}{
		{"violations", t.Violations, c.Violations}, {"serious or grave violations", t.Serious, c.Serious},
		{"grave violations", t.Grave, c.Grave}, {"deaths", t.Deaths, c.Deaths}, {"civilian deaths", t.CivilianDeaths, c.CivilianDeaths},
	} {
		if x.limit > 0 && x.n >= x.limit {
			hits = append(hits, fmt.Sprintf("%d %s (threshold %d)", x.n, x.name, x.limit))
		}
	}
	return fmt.Sprintf("%s: %s in %d days", s, strings.Join(hits, ", "), rules.WindowDays)
}

func thresholdText(t truce.StatusThreshold) string {
	var parts []string
	for _, x := range []struct {
		name  string
		limit int
	}{{"violations", t.Violations}, {"serious", t.Serious}, {"grave", t.Grave}, {"deaths", t.Deaths}, {"civilian deaths", t.CivilianDeaths}} {
		if x.limit > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", x.limit, x.name))
		}
	}
	return strings.Join(parts, " or ")
}

// Transitions lists the days on which a zone's status changed, in zone then
// day order; statuses must be in Statuses' order.
func Transitions(statuses []DayStatus) []Transition {
	var out []Transition
	for i := 1; i < len(statuses); i++ {
		prev, cur := statuses[i-1], statuses[i]
		if prev.ZoneID == cur.ZoneID && prev.Status != cur.Status {
			out = append(out, Transition{ZoneID: cur.ZoneID, Day: cur.Day, From: prev.Status, To: cur.Status, Reason: cur.Reason})
		}
	}
	return out
}
