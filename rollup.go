package truce

// Rollup is the zone-day rollup (ZoneDay rows) that judgements add up to,
// built in Go: from a whole judging run, where summing a million
// judgements costs a fraction of grouping them again in SQL, or from one
// new judgement, whose rows a store adds to the stored ones. Rows group
// incidents whose probabilities of violation in the zone round to the same
// hundredth (PKey), as the stores' SQL rebuild of one zone-day does; the
// contract suite checks that the two agree.
type Rollup map[RollupKey]*RollupRow

// RollupKey is what a zone_days row is keyed by.
type RollupKey struct {
	Zone, Day, Placement, EventType, SubEventType, Verdict, Severity string
	Excluded, Elsewhere                                              bool
	PKey                                                             int64
}

// RollupRow is what a zone_days row sums.
type RollupRow struct {
	Incidents, Parts, Deaths, Civilians int
	PLow, P, PHigh                      float64
}

// Add counts inc in the zone its judgement lists it in, with that zone's
// part of the probability, and each other zone's part in that zone; day is
// inc's first day as the stores write it (DateLayout).
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
	row.Deaths += inc.Fatalities.Best
	row.Civilians += inc.Fatalities.Civilians
	row.PLow += own.Low
	row.P += own.Mid
	row.PHigh += own.High
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
