package judge

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
)

// Step outcomes.
const (
	Pass    = "pass"
	Fail    = "fail"
	Unknown = "unknown"
)

// Rule names, as they appear in truce.Step.Rule.
const (
	RuleZone          = "zone"
	RuleInForce       = "in-force"
	RuleProhibitedAct = "prohibited-act"
	RuleTargetless    = "regardless-of-target"
	RuleExcluded      = "excluded-group"
	RuleParty         = "party"
	RuleProbability   = "probability"
	RuleOtherZones    = "other-zones"
	RuleAllegedParty  = "alleged-party"
	RuleSeverity      = "severity"
)

// Judge judges incidents against one version of an agreement.
type Judge struct {
	a       *truce.Agreement
	version int
	zones   map[string]zoneInfo
	actors  *resolver // shared by copies made with WithLocation: its cache is safe for concurrent use
	sevDef  string
	tiers   truce.TierRules
	text    *textMatcher  // names of non-state groups, for source texts
	loc     LocationModel // weighs imprecise locations; nil: area shares
}

// LocationModel weighs an imprecise location's area of uncertainty by
// where events were (geo.ActivityModel): the probability that an event on
// day lay in zone, and the reason in words. ok is false when it cannot
// weigh the location, and the membership's area share stands.
type LocationModel interface {
	// kind is the incident's truce.DyadKind: events of the same kind weigh first.
	WeightedShare(loc truce.Location, zoneID string, day time.Time, kind string) (share float64, why string, ok bool)
}

// WithLocation returns a judge that weighs imprecise locations with m
// instead of by area alone.
func (j *Judge) WithLocation(m LocationModel) *Judge {
	c := *j
	c.loc = m
	return &c
}

// zoneInfo is a zone's period, resolved once: the days its ceasefire is in
// force, from and to inclusive, to zero when open-ended.
type zoneInfo struct {
	order    int
	id, name string
	from, to time.Time
	ended    *truce.ZoneEnd
	bufferKm float64
}

// NewJudge prepares a for judging: it resolves every zone's period and
// indexes every actor name and alias by truce.ActorKey. version is the
// agreement version stored with each judgement. It returns an EINVALID
// *truce.Error when a could not have come from a valid agreement file: two
// actors sharing a name, an aggregate actor naming no party or guarantor, an
// unknown severity tier.
func NewJudge(a *truce.Agreement, version int) (*Judge, error) {
	if a == nil {
		return nil, truce.Errorf(truce.EINVALID, "no agreement to judge against")
	}
	j := &Judge{a: a, version: version, zones: map[string]zoneInfo{}, sevDef: a.SeverityDefault,
		tiers: a.Tiers.WithDefaults()}
	if j.sevDef == "" {
		j.sevDef = truce.DefaultSeverity
	}
	if truce.SeverityRank(j.sevDef) == 0 {
		return nil, truce.Errorf(truce.EINVALID, "agreement %s: severity_default %q is not a severity tier", a.ID, j.sevDef)
	}
	for _, r := range a.Severity {
		if truce.SeverityRank(r.Severity) == 0 {
			return nil, truce.Errorf(truce.EINVALID, "agreement %s: severity rule %q: %q is not a severity tier", a.ID, r.ID, r.Severity)
		}
	}

	for i, z := range a.Zones {
		from, to := a.ZonePeriod(z)
		zi := zoneInfo{order: i, id: z.ID, name: z.Name, from: from, to: to, ended: z.Ended, bufferKm: z.BufferKm}
		if zi.name == "" {
			zi.name = z.ID
		}
		j.zones[z.ID] = zi
	}

	j.actors = &resolver{byKey: map[string]actor{}}
	owner := map[string]string{} // key → actor id, to refuse names shared by two actors
	add := func(name string, act actor) error {
		k := truce.ActorKey(name)
		if k == "" {
			return nil
		}
		if other, dup := owner[k]; dup && other != act.id {
			return truce.Errorf(truce.EINVALID, "agreement %s: %q names both %s and %s", a.ID, name, other, act.id)
		}
		owner[k] = act.id
		j.actors.byKey[k] = act
		return nil
	}
	for _, l := range []struct {
		actors []truce.Actor
		role   role
	}{{a.Parties, party}, {a.Guarantors, guarantor}, {a.Excluded, excluded}} {
		for _, act := range l.actors {
			for _, name := range append([]string{act.Name}, act.Aliases...) {
				if err := add(name, actor{id: act.ID, role: l.role}); err != nil {
					return nil, err
				}
			}
		}
	}
	for _, name := range a.AggregateActors {
		k := truce.ActorKey(name)
		act, ok := j.actors.byKey[k]
		if !ok || (act.role != party && act.role != guarantor) {
			return nil, truce.Errorf(truce.EINVALID, "agreement %s: aggregate actor %q names no party or guarantor", a.ID, name)
		}
		act.aggregate = true
		j.actors.byKey[k] = act
	}
	j.text = newTextMatcher(a)
	return j, nil
}

// trace accumulates steps and the probability of violation, factor by
// factor.
type trace struct {
	steps []truce.Step
	p     truce.Range
}

func newTrace() *trace { return &trace{steps: make([]truce.Step, 0, 9), p: truce.Exactly(1)} }

// add records a step that explains without weighing.
func (t *trace) add(rule, outcome, clause, detail string) {
	t.steps = append(t.steps, truce.Step{Rule: rule, Outcome: outcome, Clause: clause, Detail: detail})
}

// factor records a step whose condition holds with probability p, and
// multiplies it into the probability of violation. Its outcome follows
// from p: pass when certain, fail when impossible, unknown between.
func (t *trace) factor(rule, clause, detail string, p truce.Range) {
	p = p.Clamp01()
	outcome := Unknown
	switch {
	case p.Low == 1:
		outcome = Pass
	case p.High == 0:
		outcome = Fail
	}
	t.steps = append(t.steps, truce.Step{Rule: rule, Outcome: outcome, Clause: clause, Detail: detail, P: &p})
	t.p = t.p.Times(p)
}

// impossible reports whether the probability of violation is 0 already.
func (t *trace) impossible() bool { return t.p.High == 0 }

// Judge returns inc's judgement under the agreement. It reads only inc and
// the agreement, so the same incident always gets the same judgement. Of
// the zones the incident may lie in, the one giving the highest
// probability of violation decides (ties: the stronger placement, then
// agreement order).
func (j *Judge) Judge(inc *truce.Incident) truce.Judgement {
	jd := truce.Judgement{IncidentID: inc.ID, AgreementID: j.a.ID, AgreementVersion: j.version}
	var buf [8]match
	a := j.actors.side(buf[:0], inc.SideA, inc.AssocA)
	b := j.actors.side(a[len(a):len(a):cap(a)], inc.SideB, inc.AssocB)
	if len(b) == 0 && (inc.ViolenceType == 3 || inc.EventType == truce.ViolenceAgainstCivilians) {
		b = append(b, match{"", actor{role: civilians}})
	}
	// Naming an excluded group puts the incident outside the dyads the
	// agreement covers, wherever it happened.
	jd.Excluded = hasRole(a, excluded) || hasRole(b, excluded)
	var best *trace
	var bestM truce.Membership
	var bestZ zoneInfo
	var bestJ truce.Judgement
	type other struct {
		zone      zoneInfo
		p         truce.Range
		placement truce.Placement
	}
	var others []other
	for _, m := range inc.Zones {
		zi, known := j.zones[m.ZoneID]
		if !known || placeRank(m.Placement) == 0 {
			continue // placed for another version of the zones; not this agreement's
		}
		t := newTrace()
		cand := jd
		j.judgeIn(t, &cand, inc, zi, m, a, b)
		better := best == nil || t.p.Mid > best.p.Mid ||
			t.p.Mid == best.p.Mid && (t.p.High > best.p.High || t.p.High == best.p.High &&
				(placeRank(m.Placement) > placeRank(bestM.Placement) ||
					placeRank(m.Placement) == placeRank(bestM.Placement) && zi.order < bestZ.order))
		if better {
			if best != nil {
				others = append(others, other{bestZ, best.p, bestM.Placement})
			}
			best, bestM, bestZ, bestJ = t, m, zi, cand
		} else {
			others = append(others, other{zi, t.p, m.Placement})
		}
	}
	if best == nil {
		t := newTrace()
		t.factor(RuleZone, "", "outside every zone", truce.Exactly(0))
		j.finish(t, &jd, inc)
		return jd
	}
	jd = bestJ
	jd.ZoneID = bestZ.id
	if others := j.otherZones(inc, bestZ.id); others != "" {
		best.steps[0].Detail += " (also " + others + ")"
	}
	// Zones do not overlap, so the chances of a violation in each add up:
	// an event that may have been in either of two zones is a violation
	// if it was in either. The zone with the largest share decides and
	// lists it; each zone's part is kept for that zone's expected count.
	slices.SortFunc(others, func(x, y other) int { return x.zone.order - y.zone.order })
	var parts []string
	own := best.p
	zp := []truce.ZonePart{{ZoneID: bestZ.id, Placement: bestM.Placement, P: own}}
	for _, o := range others {
		if o.p.High <= 0 {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s (%s)", o.zone.id, o.p.Decimals()))
		zp = append(zp, truce.ZonePart{ZoneID: o.zone.id, Placement: o.placement, P: o.p})
		best.p = best.p.Plus(o.p)
	}
	best.p = best.p.Clamp01()
	if len(parts) > 0 {
		best.add(RuleOtherZones, Unknown, "", "it may have been a violation in another zone instead, and the chances add up: "+strings.Join(parts, ", "))
	}
	j.finish(best, &jd, inc)
	if len(zp) > 1 && jd.P.High > 0 {
		jd.Parts = splitParts(zp, jd.P)
	}
	return jd
}

// splitParts scales the zones' parts so that each end of the range adds up
// to the judgement's (clamped and rounded) probability, and rounds them as
// the judgement is rounded.
func splitParts(zp []truce.ZonePart, total truce.Range) []truce.ZonePart {
	var sum truce.Range
	for _, z := range zp {
		sum = sum.Plus(z.P)
	}
	scale := func(x, s, t float64) float64 {
		if s <= 0 {
			return 0
		}
		return x * t / s
	}
	for i := range zp {
		p := zp[i].P
		zp[i].P = roundP(truce.Range{Low: scale(p.Low, sum.Low, total.Low), Mid: scale(p.Mid, sum.Mid, total.Mid), High: scale(p.High, sum.High, total.High)})
	}
	return zp
}

// finish writes the probability step, the tier, the severity and the trace.
func (j *Judge) finish(t *trace, jd *truce.Judgement, inc *truce.Incident) {
	p := roundP(t.p.Clamp01())
	jd.P = p
	jd.Verdict = j.tiers.Tier(p)
	var factors []string
	for _, s := range t.steps {
		if s.P != nil {
			factors = append(factors, s.P.Decimals()+" ("+s.Rule+")")
		}
	}
	formula := strings.Join(factors, " × ")
	for _, s := range t.steps {
		if s.Rule == RuleOtherZones {
			formula = "(" + formula + ") + the other zones'"
		}
	}
	detail := fmt.Sprintf("P(violation) = %s = %s: %s", formula, p.Decimals(), j.tierText(jd.Verdict))
	t.steps = append(t.steps, truce.Step{Rule: RuleProbability, Outcome: outcomeOf(p), Detail: detail, P: &p})
	if p.High > 0 {
		jd.Severity = j.severityRule(t, inc)
	}
	jd.Trace = t.steps
}

// roundP keeps probabilities to four decimals, so that stored verdicts do
// not depend on the last bits of floating point arithmetic.
func roundP(p truce.Range) truce.Range {
	r := func(x float64) float64 { return math.Round(x*1e4) / 1e4 }
	return truce.Range{Low: r(p.Low), Mid: r(p.Mid), High: r(p.High)}
}

func outcomeOf(p truce.Range) string {
	switch {
	case p.Low == 1:
		return Pass
	case p.High == 0:
		return Fail
	}
	return Unknown
}

// tierText names a verdict with the band that gave it.
func (j *Judge) tierText(v truce.Verdict) string {
	t := j.tiers
	switch v {
	case truce.Violation:
		return fmt.Sprintf("violation (best estimate ≥ %.2f)", t.Violation)
	case truce.ProbableViolation:
		return fmt.Sprintf("probable violation (%.2f–%.2f)", t.Probable, t.Violation)
	case truce.PossibleViolation:
		return fmt.Sprintf("possible violation (%.2f–%.2f)", t.Possible, t.Probable)
	case truce.ProbablyNot:
		return fmt.Sprintf("probably not a violation (%.2f–%.2f)", t.ProbablyNot, t.Possible)
	case truce.Undetermined:
		return fmt.Sprintf("undetermined: the range spans %.0f %% or more of 0–1", truce.UndeterminedWidth*100)
	}
	return fmt.Sprintf("not a violation (best estimate ≤ %.2f)", t.ProbablyNot)
}

// judgeIn weighs inc as if it happened in zone zi with membership m: the
// zone, period, act and parties factors, and the alleged party.
func (j *Judge) judgeIn(t *trace, jd *truce.Judgement, inc *truce.Incident, zi zoneInfo, m truce.Membership, a, b []match) {
	j.zoneRule(t, inc, zi, m)
	if t.impossible() {
		return
	}
	j.inForceRule(t, zi, inc)
	if t.impossible() {
		return
	}
	if j.actRule(t, inc, zi.id); t.impossible() {
		return
	}
	if act, ok := j.targetless(inc, zi.id); ok && (directed(inc) || !hasRole(a, excluded) && !hasRole(b, excluded)) {
		// Fighting a named excluded group is permitted, and deaths in it
		// say nothing of who caused them: only an act with a known actor
		// (a strike, an attack on civilians) overrides the exclusion.
		j.targetlessRule(t, jd, inc, zi, act, a, b)
		return
	}
	if j.excludedRule(t, jd, a, b); t.impossible() {
		return
	}
	j.partyRule(t, inc, zi, a, b)
	if !t.impossible() {
		jd.AllegedParty = j.allegedRule(t, inc, a, b)
	}
}

// zoneRule is rule 1: how likely the incident lies in the zone.
func (j *Judge) zoneRule(t *trace, inc *truce.Incident, zi zoneInfo, m truce.Membership) {
	share := m.Share
	detail := m.Reason
	if m.Placement == truce.Uncertain && j.loc != nil {
		if s, why, ok := j.loc.WeightedShare(inc.Location, zi.id, inc.DateStart, truce.DyadKind(inc.SideA, inc.SideB)); ok {
			t.factor(RuleZone, zi.id, fmt.Sprintf("imprecise location: %s; %.0f %% of its area lies in the zone; %s", m.Reason, m.Share*100, why), truce.Exactly(s))
			return
		}
	}
	switch m.Placement {
	case truce.Inside:
		switch {
		case share < 1 && j.a.BufferCounts && zi.bufferKm > 0:
			// The line that matters is the buffer's outer edge, a buffer's
			// width away: the drawn border's error falls inside it.
			share = 1
			detail += fmt.Sprintf("; near the zone's approximate border (in the zone as drawn with probability %.2f), but within the security buffer either way, which this agreement counts as the zone", m.Share)
		case share < 1:
			detail += fmt.Sprintf("; near the zone's approximate border, so in it with probability %.2f", share)
		}
	case truce.InBuffer:
		switch {
		case j.a.BufferCounts && inc.Location.Precision == truce.PrecExact:
			share = 1
			detail = "in the security buffer, which this agreement counts as the zone: " + m.Reason
		case j.a.BufferCounts:
			// Only the area of uncertainty that reaches the zone is
			// weighed; the thin buffer ring would add little to it.
			detail = fmt.Sprintf("imprecise location: %s; the security buffer counts as the zone, but %.0f %% of the area lies in the zone itself", m.Reason, share*100)
		default:
			detail = fmt.Sprintf("in the security buffer, outside the zone as drawn (buffer_counts is false): %s; in the zone only if the approximate border runs beyond it, probability %.2f", m.Reason, share)
		}
	case truce.Uncertain:
		detail = fmt.Sprintf("imprecise location: %s; %.0f %% of its area of uncertainty lies in the zone", m.Reason, share*100)
	}
	t.factor(RuleZone, zi.id, detail, truce.Exactly(share))
}

// otherZones lists the memberships besides the deciding one, in agreement
// order so the trace does not depend on the order placement listed them.
func (j *Judge) otherZones(inc *truce.Incident, decided string) string {
	if len(inc.Zones) < 2 {
		return ""
	}
	type other struct {
		order int
		text  string
	}
	var os []other
	for _, m := range inc.Zones {
		zi, ok := j.zones[m.ZoneID]
		if !ok || m.ZoneID == decided || placeRank(m.Placement) == 0 {
			continue
		}
		os = append(os, other{zi.order, string(m.Placement) + " in zone " + m.ZoneID})
	}
	slices.SortFunc(os, func(a, b other) int { return a.order - b.order })
	texts := make([]string, len(os))
	for i, o := range os {
		texts[i] = o.text
	}
	return strings.Join(texts, "; ")
}

func placeRank(p truce.Placement) int {
	switch p {
	case truce.Inside:
		return 3
	case truce.InBuffer:
		return 2
	case truce.Uncertain:
		return 1
	}
	return 0
}

// inForceRule is rule 2: the share of the incident's date window that falls
// in the zone's period.
func (j *Judge) inForceRule(t *trace, zi zoneInfo, inc *truce.Incident) {
	start, end := inc.DateStart, inc.DateEnd
	if start.IsZero() {
		t.factor(RuleInForce, zi.id, "the incident has no date", truce.Range{Low: 0, Mid: 0.5, High: 1})
		return
	}
	if end.Before(start) {
		end = start
	}
	start, end = truce.CalendarDay(start), truce.CalendarDay(end)
	when := day(start)
	if end.After(start) {
		when = "the date window " + day(start) + "…" + day(end)
	}
	period := "the ceasefire in zone " + zi.id
	endText := ""
	if zi.ended != nil {
		endText = fmt.Sprintf("; the zone ended on %s (%s)", day(zi.ended.Date), zi.ended.How)
	}
	days := end.Sub(start).Hours()/24 + 1
	lo, hi := start, end
	if lo.Before(zi.from) {
		lo = zi.from
	}
	if !zi.to.IsZero() && hi.After(zi.to) {
		hi = zi.to
	}
	in := math.Max(0, hi.Sub(lo).Hours()/24+1)
	f := in / days
	switch {
	case end.Before(zi.from):
		t.factor(RuleInForce, zi.id, fmt.Sprintf("%s is before %s starts (%s)", when, period, day(zi.from)), truce.Exactly(0))
	case !zi.to.IsZero() && start.After(zi.to):
		t.factor(RuleInForce, zi.id, fmt.Sprintf("%s is after %s ends (%s)%s", when, period, day(zi.to), endText), truce.Exactly(0))
	case f < 1:
		t.factor(RuleInForce, zi.id, fmt.Sprintf("%s straddles the period of %s (%s–%s): %.0f of its %.0f days are in it", when, period,
			day(zi.from), toText(zi.to), in, days), truce.Exactly(f))
	default:
		to := "open-ended"
		if !zi.to.IsZero() {
			to = "through " + day(zi.to)
		}
		t.factor(RuleInForce, zi.id, fmt.Sprintf("%s is within %s, from %s, %s", when, period, day(zi.from), to), truce.Exactly(1))
	}
}

func toText(t time.Time) string {
	if t.IsZero() {
		return "open-ended"
	}
	return day(t)
}

func day(t time.Time) string { return t.Format(truce.DateLayout) }

// actRule is rule 3: whether the act is prohibited in the zone.
func (j *Judge) actRule(t *trace, inc *truce.Incident, zone string) {
	et, sub := inc.EventType, inc.SubEventType
	if et == "" {
		t.factor(RuleProhibitedAct, "", "the incident's event type is unknown", truce.Range{Low: 0, Mid: 0.5, High: 1})
		return
	}
	what := et
	if sub != "" {
		what += " / " + sub
	}
	applies := func(zones []string) bool { return len(zones) == 0 || slices.Contains(zones, zone) }
	for _, p := range j.a.Permitted {
		if applies(p.Zones) && p.EventType == et && (p.SubEventType == "" || p.SubEventType == sub) {
			t.factor(RuleProhibitedAct, p.ID, what+" is a permitted act: "+p.Clause, truce.Exactly(0))
			return
		}
	}
	var subs []string
	for _, p := range j.a.Prohibited {
		switch {
		case p.EventType != et || !applies(p.Zones):
		case p.SubEventType == "" || p.SubEventType == sub:
			where := ""
			if len(p.Zones) > 0 {
				where = " in zone " + zone
			}
			t.factor(RuleProhibitedAct, p.ID, what+" is prohibited"+where+": "+p.Clause, truce.Exactly(1))
			return
		default:
			subs = append(subs, p.SubEventType)
		}
	}
	switch {
	case len(subs) == 0:
		t.factor(RuleProhibitedAct, "", et+" is not among the prohibited acts", truce.Exactly(0))
	case sub == "":
		// Which sub-type it was is unknown: count each of the type's
		// sub-types as equally likely. When the agreement prohibits
		// every one of them, which it was does not matter.
		all := len(truce.SubEventTypes[et])
		if len(subs) >= all {
			t.factor(RuleProhibitedAct, "", fmt.Sprintf("%s without a sub-event type: every sub-type of it is prohibited (%s)", et, strings.Join(subs, ", ")), truce.Exactly(1))
			return
		}
		f := float64(len(subs)) / float64(all)
		t.factor(RuleProhibitedAct, "", fmt.Sprintf("type not specific enough: %s without a sub-event type, and the agreement prohibits only %s of it (%d of its %d sub-types, taken as equally likely)",
			et, strings.Join(subs, ", "), len(subs), all), truce.Range{Low: 0, Mid: f, High: 1})
	default:
		t.factor(RuleProhibitedAct, "", what+" is not among the prohibited acts (of "+et+" only "+strings.Join(subs, ", ")+")", truce.Exactly(0))
	}
}

// directed reports whether the data say which side acted: one-sided
// violence and violence against civilians (the side that is not the
// civilians), explosions and remote violence (side A, by assumption).
func directed(inc *truce.Incident) bool {
	return inc.ViolenceType == 3 || inc.EventType == truce.ViolenceAgainstCivilians || inc.EventType == truce.ExplosionsRemoteViolence
}

// targetless returns the first act forbidden whoever the target that
// matches inc in zone.
func (j *Judge) targetless(inc *truce.Incident, zone string) (truce.TargetlessAct, bool) {
	for _, act := range j.a.RegardlessOfTarget {
		if act.Matches(inc, zone) {
			return act, true
		}
	}
	return truce.TargetlessAct{}, false
}

// targetlessRule weighs an act forbidden whoever the target: the excluded-
// group exception does not apply, so what remains is whether the side that
// acted is bound by the agreement.
func (j *Judge) targetlessRule(t *trace, jd *truce.Judgement, inc *truce.Incident, zi zoneInfo, act truce.TargetlessAct, a, b []match) {
	detail := "a violation whoever the target: " + act.Clause
	if len(act.Sources) > 0 {
		detail += " [" + strings.Join(act.Sources, "; ") + "]"
	}
	t.add(RuleTargetless, Pass, act.ID, detail)
	var actor []match
	var why string
	switch {
	case inc.ViolenceType == 3 || inc.EventType == truce.ViolenceAgainstCivilians:
		actor, why = a, "the side that is not the civilians"
		if sideKind(a) == civilianSide {
			actor = b
		}
	case directed(inc):
		actor, why = a, "side A, taken as the side that acted (UCDP and ACLED list the attacker first in most such rows, though neither promises a direction)"
	default:
		// Fighting has no direction in the data: either side may have done
		// it. The range runs from the likelier-excluded side having done it
		// to the other; the best estimate takes each side as equally likely.
		pa, wa := j.sideBound(inc, zi, a)
		pb, wb := j.sideBound(inc, zi, b)
		p := truce.Range{Low: min(pa.Low, pb.Low), Mid: (pa.Mid + pb.Mid) / 2, High: max(pa.High, pb.High)}
		t.factor(RuleParty, j.presenceClause(inc, zi, a, b), fmt.Sprintf("%s: the data do not say which side did it, so each is taken as equally likely: side A: %s; side B: %s", inc.EventType, wa, wb), p)
		return
	}
	p, detailB := j.sideBound(inc, zi, actor)
	t.factor(RuleParty, j.presenceClause(inc, zi, actor), why+": "+detailB, p)
	if !t.impossible() {
		if ids := boundIDs(actor); len(ids) == 1 {
			t.add(RuleAllegedParty, Pass, ids[0], why+": "+ids[0])
			jd.AllegedParty = ids[0]
		}
	}
}

// excludedRule is rule 4: an excluded group named on either side makes the
// incident no violation.
func (j *Judge) excludedRule(t *trace, jd *truce.Judgement, a, b []match) {
	var found, mixed []string
	clause := ""
	for si, s := range [2][]match{a, b} {
		name := "AB"[si : si+1]
		n := len(found)
		for _, m := range s {
			if m.role == excluded {
				found = append(found, m.describe()+" on side "+name)
				if clause == "" {
					clause = m.id
				}
			}
		}
		if len(found) > n && (hasRole(s, party) || hasRole(s, guarantor)) {
			mixed = append(mixed, "side "+name+" also names "+list(s, party, guarantor))
		}
	}
	if len(found) > 0 {
		detail := "operation against an excluded group: " + strings.Join(found, ", ")
		if len(mixed) > 0 {
			detail += "; " + strings.Join(mixed, "; ")
		}
		t.factor(RuleExcluded, clause, detail, truce.Exactly(0))
		return
	}
	t.add(RuleExcluded, Pass, "", "no excluded group named")
}

// partyRule is rule 5: both sides bound by the agreement (or a bound side
// against civilians), each side weighed on its own.
func (j *Judge) partyRule(t *trace, inc *truce.Incident, zi zoneInfo, a, b []match) {
	ka, kb := sideKind(a), sideKind(b)
	switch {
	case ka == civilianSide && kb == civilianSide:
		t.factor(RuleParty, "", "both sides are civilians", truce.Exactly(0))
		return
	case ka == bound && kb == bound && sameActors(a, b):
		t.factor(RuleParty, "", "both sides are "+list(a, party, guarantor)+": fighting within one party, which the agreement does not address", truce.Exactly(0))
		return
	}
	var parts []string
	p := truce.Exactly(1)
	for si, s := range [2][]match{a, b} {
		if sideKind(s) == civilianSide {
			parts = append(parts, "side "+"AB"[si:si+1]+" is civilians")
			continue
		}
		ps, why := j.sideBound(inc, zi, s)
		parts = append(parts, "side "+"AB"[si:si+1]+": "+why)
		p = p.Times(ps)
	}
	t.factor(RuleParty, j.presenceClause(inc, zi, a, b), strings.Join(parts, "; "), p)
}

// sideBound is the probability that a side is bound by the agreement and
// no excluded group: 1 for parties and guarantors, times the complement of
// the excluded share for each aggregate it names, times "nothing known"
// (0–1) for an unknown name; 0 when it names an excluded group, and nothing
// known for an empty side.
func (j *Judge) sideBound(inc *truce.Incident, zi zoneInfo, s []match) (truce.Range, string) {
	if len(s) == 0 {
		return truce.Range{Low: 0, Mid: 0.5, High: 1}, "names no actor, so it may be an excluded group or no party at all (nothing known: 0–1)"
	}
	if hasRole(s, excluded) {
		return truce.Exactly(0), "names an excluded group: " + list(s, excluded)
	}
	p := truce.Exactly(1)
	var why []string
	seen := map[string]bool{}
	for _, m := range s {
		switch {
		case m.role == civilians:
			return truce.Exactly(0), "civilians on the same side as " + list(s, party, guarantor)
		case m.role == unknownRole:
			p = p.Times(truce.Range{Low: 0, Mid: 0.5, High: 1})
			why = append(why, fmt.Sprintf("unknown actor %s is none of the agreement's parties, guarantors or excluded groups (nothing known: 0–1)", m.describe()))
		case m.aggregate && !seen[m.id]:
			seen[m.id] = true
			share, text := j.excludedShare(inc, zi, m)
			p = p.Times(share.Complement())
			why = append(why, text)
		}
	}
	if len(why) == 0 {
		return p, "bound by the agreement: " + list(s, party, guarantor)
	}
	return p, strings.Join(why, "; ")
}

// excludedShare is the probability that the aggregate actor m stood for an
// excluded group in this incident: from the source's own words when they
// name groups, else from the presence data for the zone and day.
func (j *Judge) excludedShare(inc *truce.Incident, zi zoneInfo, m match) (truce.Range, string) {
	p, ok := j.presenceAt(zi.id, inc.DateStart)
	named := j.text.find(inc.SourceText)
	var note string
	if len(named) > 0 {
		share, why, found, ignored := textShare(named, p, ok)
		if found {
			return share, fmt.Sprintf("aggregated actor %s: %s", m.describe(), why)
		}
		if len(ignored) > 0 {
			note = fmt.Sprintf("; the source's words name %s, which the presence data do not place in the zone then, so they are taken to speak of another event", strings.Join(ignored, ", "))
		}
	}
	if !ok {
		return truce.Range{Low: 0, Mid: 0.5, High: 1}, fmt.Sprintf("aggregated actor %s may include excluded groups, and no presence data covers zone %s on %s (nothing known: 0–1)",
			m.describe(), zi.id, day(inc.DateStart))
	}
	share, _ := p.ExcludedShare()
	return share, fmt.Sprintf("aggregated actor %s in zone %s, %s: %s%s", m.describe(), zi.id, inc.DateStart.Format("2006-01"), presenceText(p, share), note)
}

// presenceClause names the presence entry the party step weighed, as
// "presence:ZONE:FROM", when a side names an aggregate actor: the entry's
// sources stay in the agreement, out of every stored trace, and `truce why`
// prints them from there.
func (j *Judge) presenceClause(inc *truce.Incident, zi zoneInfo, sides ...[]match) string {
	for _, s := range sides {
		for _, m := range s {
			if !m.aggregate {
				continue
			}
			if p, ok := j.presenceAt(zi.id, inc.DateStart); ok {
				return truce.PresenceClause(zi.id, p.From)
			}
			return ""
		}
	}
	return ""
}

// presenceAt returns the presence entry of zone on the incident's day
// (entries of one zone never overlap: the loader refuses it).
func (j *Judge) presenceAt(zone string, d time.Time) (truce.Presence, bool) {
	return j.a.PresenceAt(zone, truce.CalendarDay(d))
}

// presenceText explains an excluded share: which groups, with what
// figures. Their sources are cited by the step's clause, not copied into
// each trace: the same paragraph of citations in a million stored traces
// cost more than the verdicts.
func presenceText(p truce.Presence, share truce.Range) string {
	var ex, other []string
	for _, g := range p.Groups {
		fig := fmt.Sprintf("%s %s", g.Name, figure(p.Measure, g.Low, g.High))
		if g.Excluded {
			ex = append(ex, fig)
		} else {
			other = append(other, fig)
		}
	}
	if len(ex) == 0 {
		ex = []string{"none listed"}
	}
	return fmt.Sprintf("excluded groups %s of the armed opposition (presence %s to %s: excluded %s; others %s)",
		rangePct(share), day(p.From), day(p.To), strings.Join(ex, "; "), strings.Join(other, "; "))
}

func figure(measure string, lo, hi float64) string {
	if measure == truce.MeasureShare {
		if lo == hi {
			return fmt.Sprintf("%.0f %%", lo*100)
		}
		return fmt.Sprintf("%.0f–%.0f %%", lo*100, hi*100)
	}
	if lo == hi {
		return fmt.Sprintf("%.0f fighters", lo)
	}
	return fmt.Sprintf("%.0f–%.0f fighters", lo, hi)
}

// rangePct writes a share as "2–5 % (best 3 %)".
func rangePct(r truce.Range) string {
	if math.Abs(r.High-r.Low) < 0.005 {
		return fmt.Sprintf("%.0f %%", r.Mid*100)
	}
	return fmt.Sprintf("%.0f–%.0f %% (best %.0f %%)", r.Low*100, r.High*100, r.Mid*100)
}

const (
	otherSide = iota
	bound
	civilianSide
)

// sideKind says whether every name on a side is bound by the agreement, or
// the side is civilians.
func sideKind(s []match) int {
	if len(s) == 0 {
		return otherSide
	}
	k := bound
	for _, m := range s {
		switch m.role {
		case party, guarantor:
			if k != bound {
				return otherSide
			}
		case civilians:
			if len(s) > 1 {
				return otherSide
			}
			k = civilianSide
		default:
			return otherSide
		}
	}
	return k
}

func sameActors(a, b []match) bool {
	ids := func(s []match) []string {
		var out []string
		for _, m := range s {
			out = append(out, m.id)
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	return slices.Equal(ids(a), ids(b))
}

func hasRole(s []match, r role) bool {
	for _, m := range s {
		if m.role == r {
			return true
		}
	}
	return false
}

// list renders the distinct actors of the given roles on a side.
func list(s []match, roles ...role) string {
	var out []string
	for _, m := range s {
		if !slices.Contains(roles, m.role) {
			continue
		}
		d := m.id + " (" + m.role.String() + ")"
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return strings.Join(out, ", ")
}

// boundIDs returns the distinct parties and guarantors of a side.
func boundIDs(s []match) []string {
	var out []string
	for _, m := range s {
		if (m.role == party || m.role == guarantor) && !slices.Contains(out, m.id) {
			out = append(out, m.id)
		}
	}
	return out
}

// allegedRule is rule 6: the party the evidence points to, should the
// incident be a violation.
func (j *Judge) allegedRule(t *trace, inc *truce.Incident, a, b []match) string {
	var ids []string
	var why string
	switch {
	case inc.ViolenceType == 3 || inc.EventType == truce.ViolenceAgainstCivilians:
		ids = boundIDs(a)
		if sideKind(a) == civilianSide {
			ids = boundIDs(b)
		}
		why = "one-sided violence against civilians: the party that is not the civilians"
	case inc.EventType == truce.ExplosionsRemoteViolence:
		ids = boundIDs(a)
		why = "remote violence: side A, assuming the source lists the attacker first as UCDP and ACLED do in most such rows (neither promises a direction)"
	default:
		t.add(RuleAllegedParty, Unknown, "", inc.EventType+": the data give no direction, so both sides are in it")
		return ""
	}
	if len(ids) != 1 {
		t.add(RuleAllegedParty, Unknown, "", why+"; that side names several: "+strings.Join(ids, ", ")+", none singled out")
		return ""
	}
	t.add(RuleAllegedParty, Pass, ids[0], why+": "+ids[0])
	return ids[0]
}

// severityRule is rule 7: the tier the incident has should it be a
// violation.
func (j *Judge) severityRule(t *trace, inc *truce.Incident) string {
	for _, r := range j.a.Severity {
		if r.Matches(inc) {
			t.add(RuleSeverity, Pass, r.ID, r.Severity+": severity rule "+r.ID+" matches"+describeRule(r, inc))
			return r.Severity
		}
	}
	t.add(RuleSeverity, Pass, "", j.sevDef+": no severity rule matches, so the default tier")
	return j.sevDef
}

func describeRule(r truce.SeverityRule, inc *truce.Incident) string {
	var parts []string
	if len(r.EventTypes) > 0 {
		parts = append(parts, inc.EventType)
	}
	if len(r.SubEventTypes) > 0 {
		parts = append(parts, inc.SubEventType)
	}
	if r.MinDeaths > 0 {
		parts = append(parts, fmt.Sprintf("%d deaths (best estimate) ≥ %d", inc.Fatalities.Best, r.MinDeaths))
	}
	if r.MinCivilianDeaths > 0 {
		parts = append(parts, fmt.Sprintf("%d civilian deaths ≥ %d", inc.Fatalities.Civilians, r.MinCivilianDeaths))
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, "; ") + ")"
}
