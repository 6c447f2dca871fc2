package truce

import "time"

// Rollup is the zone-day rollup (ZoneDay rows) that judgements add up to,
// built in Go: from a whole judging run, where summing a million
// judgements costs a fraction of grouping them again in SQL, or from one
// new judgement, whose rows a store adds to the stored ones. Rows group
// incidents whose probabilities of violation in the zone round to the same
// hundredth (PKey), as the stores' SQL rebuild of one zone-day does; the
// contract suite checks that the two agree.
type Rollup map[RollupKey]*RollupRow

// RollupKey is what a zone_days row is keyed by. Continuing keys the rows
// of incidents that began on an earlier day and go on (ZoneDay.Continued).
type RollupKey struct {
	Zone, Day, Placement, EventType, SubEventType, Verdict, Severity string
	Excluded, Elsewhere, Continuing                                  bool
	PKey                                                             int64
}

// RollupRow is what a zone_days row sums.
type RollupRow struct {
	Incidents, Parts, Continued, Deaths, Civilians int
	PLow, P, PHigh                                 float64
}

// MaxSpanDays bounds the days an incident's deaths are spread over: a
// dataset's window longer than a year says more about its coding than
// about when people died.
const MaxSpanDays = 366

// SpanDays is the number of calendar days from start to end, both
// counted, at least 1 and at most MaxSpanDays: the days the rollup spreads
// an incident's deaths over.
func SpanDays(start, end time.Time) int {
	n := int(CalendarDay(end).Sub(CalendarDay(start)).Hours()/24) + 1
	return min(max(n, 1), MaxSpanDays)
}

// DayShare is the part of total that falls on day i (from 0) of n when
// total is shared evenly over them in whole numbers: the shares add up to
// total, and no two differ by more than one.
func DayShare(total, i, n int) int { return SpanShare(total, i, i, n) }

// SpanShare is the sum of DayShare(total, k, n) for k from i to j: the part
// of total that falls on those days.
func SpanShare(total, i, j, n int) int {
	if n <= 1 {
		return total
	}
	return total*(j+1)/n - total*i/n
}

// ShareDeaths calls f for each day of inc's span (SpanDays), from its first
// (i = 0), with that day's share of its deaths and of its civilian deaths:
// how the rollup, and log verify recomputing it, spread an incident.
func ShareDeaths(inc *Incident, f func(i int, day string, deaths, civilians int)) {
	n := SpanDays(inc.DateStart, inc.DateEnd)
	first := CalendarDay(inc.DateStart)
	for i := range n {
		f(i, first.AddDate(0, 0, i).Format(DateLayout), DayShare(inc.Fatalities.Best, i, n), DayShare(inc.Fatalities.Civilians, i, n))
	}
}

// Add counts inc in the zone its judgement lists it in, with that zone's
// part of the probability, and each other zone's part in that zone; day is
// inc's first day as the stores write it (DateLayout). An incident of
// several days (a dataset's weekly or monthly count) counts once, on its
// first day, but its deaths are shared out over its days (SpanDays,
// DayShare): the later days' rows (Continuing) carry their deaths and the
// incident's chance of being a violation, not another violation.
func (r Rollup) Add(inc *Incident, jd *Judgement, day string) {
	if jd.ZoneID == "" {
		return
	}
	own := jd.P
	for _, zp := range jd.Parts {
		if zp.ZoneID == jd.ZoneID {
			own = zp.P
			continue
		}
		row := r.row(RollupKey{Zone: zp.ZoneID, Day: day, Placement: string(zp.Placement), EventType: inc.EventType, SubEventType: inc.SubEventType,
			Verdict: string(jd.Verdict), Severity: jd.Severity, Excluded: jd.Excluded, Elsewhere: true, PKey: roundHalfUp(zp.P.Mid * 100)})
		row.Parts++
		row.PLow += zp.P.Low
		row.P += zp.P.Mid
		row.PHigh += zp.P.High
	}
	k := RollupKey{Zone: jd.ZoneID, Day: day, EventType: inc.EventType, SubEventType: inc.SubEventType, Verdict: string(jd.Verdict),
		Severity: jd.Severity, Excluded: jd.Excluded, PKey: roundHalfUp(own.Mid * 100)}
	for _, m := range inc.Zones {
		if m.ZoneID == jd.ZoneID {
			k.Placement = string(m.Placement)
			break
		}
	}
	row := r.row(k)
	row.Incidents++
	row.PLow += own.Low
	row.P += own.Mid
	row.PHigh += own.High
	ShareDeaths(inc, func(i int, d string, deaths, civilians int) {
		if i > 0 {
			c := k
			c.Day, c.Continuing = d, true
			row = r.row(c)
			row.Continued++
		}
		row.Deaths += deaths
		row.Civilians += civilians
	})
}

func (r Rollup) row(k RollupKey) *RollupRow {
	row := r[k]
	if row == nil {
		row = &RollupRow{}
		r[k] = row
	}
	return row
}

// roundHalfUp is SQL's ROUND(x) as an integer, for x ≥ 0, as both stores'
// rebuilds key rows.
func roundHalfUp(x float64) int64 { return int64(x + 0.5) }
