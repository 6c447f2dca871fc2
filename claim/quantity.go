package claim

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
)

// Quantity is a number a claim gives: "12 violations were recorded", "five
// people were killed", "no one was killed".
type Quantity struct {
	N    int
	What string // QuantityViolations or QuantityDeaths
	Said string // the words
	// Bound is "" for a number given as it is, BoundAtLeast for "at least
	// 36", "more than 70", BoundAtMost for "up to 20", "nearly 70".
	Bound string
	// Civilians: a number of civilians dead ("36 civilians killed"),
	// checked against the data's civilian deaths.
	Civilians bool
	// Attack: the words tie the deaths to an attack ("killed in Russian air
	// strikes", "a rocket … killed 35"): the attack's dead are part of
	// the scope's, so more deaths in the evidence do not refute the number.
	Attack bool
}

// The bounds a number may be given with.
const (
	BoundAtLeast = "at-least"
	BoundAtMost  = "at-most"
)

// What a quantity counts.
const (
	QuantityViolations = "violations"
	QuantityDeaths     = "deaths"
)

const numberRE = `(\d{1,6}|(?:twenty|thirty|forty|fifty|sixty|seventy)-[a-z]+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy)`

var (
	reNoneKilled = regexp.MustCompile(`\b(?:no ?one|nobody|no people|no civilians?) (?:(?:was|were|has been|have been) )?(?:killed|died)\b|\bno (?:casualties|deaths|fatalities)\b|\bwithout (?:any )?(?:casualties|deaths)\b` +
		`|\b(?:has|have|had|did) not (?:received|recorded|registered|documented|reported|had) (?:any )?(?:reports? of )?(?:any )?(?:casualties|deaths|fatalities)\b` +
		`|\b(?:has|have|had|did) not (?:received|recorded|registered|documented|reported) (?:reports? of )?(?:the )?deaths? of any\b`)
	// One person killed, named by an article: "a civilian was killed".
	reOneKilled = regexp.MustCompile(`\ban? (?:civilian|person|man|woman|child|boy|girl|fighter|soldier|resident|rebel|militant) (?:was |has been |had been )?(?:reportedly )?killed\b`)
	// A count of dead: "N people were killed", with what may stand between
	// the number and the verb, a breakdown ("1,089 civilians, including
	// 304 children, were killed": the first number is the count) and a
	// hedge ("have reportedly been killed"); "killing N"; "N deaths"; "the
	// deaths of N".
	reKilled = regexp.MustCompile(`\b` + numberRE + ` (?:(?:people|persons|civilians|fighters|soldiers|militants|terrorists|insurgents|rebels|children|women|men|residents|others) )?` +
		`(?:(?:including|among them|among whom|of whom) [^.;:]{1,80}? |(?:\d{1,4}|[a-z]+) of (?:them|whom) [a-z]+ )?` +
		`(?:(?:were|was|have|has|had)(?: (?:reportedly|allegedly|also|so far|now))?(?: been)? )?(?:(?:reportedly|allegedly) )?(?:killed|dead|died)\b` +
		`|\bkill(?:ing|ed) (?:at least |more than |some )?` + numberRE + `\b|\b` + numberRE + ` (?:deaths|fatalities)\b` +
		`|\bdeaths? of (?:at least |more than |some |around |about |nearly )?` + numberRE + `\b` +
		// The Russian ministry's "850 terrorists were destroyed": fighters
		// eliminated are fighters killed.
		`|\b` + numberRE + ` (?:terrorists|militants|fighters|insurgents|gunmen|rebels) (?:(?:were|have been|had been) )?(?:eliminated|destroyed|neutrali[sz]ed|liquidated)\b`)
	reViolations = regexp.MustCompile(`\b` + numberRE + ` (?:new |recorded |registered )?(?:ceasefire |truce )?(?:violations|breaches)\b`)
)

// ReadQuantity reads the number an English claim gives, if any: a count of
// violations, else of deaths ("no one was killed" is 0 deaths). Vague
// numbers ("several", "a few") are not counts.
func ReadQuantity(text string) (Quantity, bool) {
	s := strings.ReplaceAll(strings.ToLower(text), ",", "")
	if m := reViolations.FindStringSubmatch(s); m != nil {
		if n := countOf(m[1]); n > 0 || m[1] == "0" {
			return Quantity{N: n, What: QuantityViolations, Said: m[0]}, true
		}
	}
	if m := reNoneKilled.FindString(s); m != "" {
		return Quantity{N: 0, What: QuantityDeaths, Said: m}, true
	}
	if m := reOneKilled.FindString(s); m != "" && !reKilled.MatchString(s) {
		return Quantity{N: 1, What: QuantityDeaths, Said: m}, true
	}
	if m := reKilled.FindStringSubmatch(s); m != nil {
		w := m[1] + m[2] + m[3] + m[4] + m[5]
		if n := countOf(w); n > 0 || w == "0" {
			return Quantity{N: n, What: QuantityDeaths, Said: m[0]}, true
		}
	}
	return Quantity{}, false
}

// ReadDeathsIn reads a count of people killed in text, in language lang:
// English by ReadQuantity's words, the others by their vocabulary, a number
// with one of the [people-nouns] right after it and one of the [killed]
// words near it ("١٢ مدنياً قتلوا", "погибли 106 мирных жителей", "9 sivil
// hayatını kaybetti", "cinco civiles murieron"). Wounded are no deaths: the
// [killed] word must stand within a few words of the number.
func ReadDeathsIn(lang, text string) (Quantity, bool) {
	if lang == "en" {
		if q, ok := ReadQuantity(text); ok && q.What == QuantityDeaths {
			return q, true
		}
	}
	v := vocabs[lang]
	if v == nil {
		return Quantity{}, false
	}
	return v.deaths(v.normalize(text))
}

// deathsNear is how many words may stand between a [killed] word and the
// number of people it says died ("Жертвами обстрела города Дума стали
// пять мирных жителей").
const deathsNear = 5

func (v *vocab) deaths(s string) (Quantity, bool) {
	if v.killed == nil || len(v.peopleNouns) == 0 {
		return Quantity{}, false
	}
	kills := findAll(v.killed, s)
	if len(kills) == 0 {
		return Quantity{}, false
	}
	for _, num := range v.numberSpans(s) {
		f := strings.Fields(s[num.to:min(len(s), num.to+60)])
		if len(f) == 0 || !v.peopleNouns[strings.Trim(f[0], ",.;:")] {
			continue
		}
		for _, k := range kills {
			if k[0] >= num.to && len(strings.Fields(s[num.to:k[0]])) <= deathsNear+1 || k[1] <= num.from && len(strings.Fields(s[k[1]:num.from])) <= deathsNear {
				return Quantity{N: num.n, What: QuantityDeaths, Said: s[min(num.from, k[0]):max(num.to, k[1])]}, true
			}
		}
	}
	return Quantity{}, false
}

// checkCount weighs a count claim once checkWindow has weighed each zone
// (or its area) of the window: the claimed number against the expected
// number of violations, with its 90 % interval, or against the deaths of
// the window's incidents, with the datasets' low and high estimates.
// Supported when the number lies in the interval; contradicted when far
// outside it (below half its low end, or above twice its high end plus
// two), except a count of violations above it, near or far, which
// deadly-event data cannot refute; else insufficient-evidence, near but
// outside.
func checkCount(chk *truce.ClaimCheck, c truce.Claim, deaths map[string]deathTally) {
	q, ok := countQuantity(c.Text)
	if !ok {
		chk.Verdict, chk.Reason = truce.ClaimInsufficient, "the claim's words give no number to compare (\"N violations\", \"N killed\", \"no one was killed\")"
		return
	}
	if q.What == QuantityDeaths {
		qualify(c.Text, &q)
	}
	var mean float64
	var lo, hi int
	var tally deathTally
	var zones []string
	for i, ze := range chk.PerZone {
		// A count is about the whole scope: every zone must be weighed.
		if ze.Status == truce.NoCoverage || ze.Status == truce.Ended || ze.Status == "" {
			chk.Verdict, chk.Reason = truce.ClaimInsufficient, fmt.Sprintf("cannot count in zone %s: %s", ze.ZoneID, ze.Reason)
			return
		}
		zones = append(zones, ze.ZoneID)
		if q.What == QuantityViolations {
			mean += ze.Expected
			lo += ze.ExpectedLow
			hi += ze.ExpectedHigh
		} else {
			d, ok := deaths[ze.ZoneID]
			if !ok {
				d = deathTally{Low: ze.Deaths, Best: ze.Deaths, High: ze.Deaths}
			}
			tally = tally.plus(d)
		}
		chk.PerZone[i].Verdict = truce.ClaimInsufficient
	}
	if len(zones) == 0 {
		chk.Verdict, chk.Reason = truce.ClaimInsufficient, "the agreement has no zones to count in"
		return
	}
	when := fmt.Sprintf("from %s to %s in %s", day(chk.WindowFrom), day(chk.WindowTo), strings.Join(zones, ", "))
	if q.What == QuantityDeaths {
		chk.Verdict, chk.Reason = weighDeaths(q, tally, when)
		for i := range chk.PerZone {
			chk.PerZone[i].Reason = "counted toward the claim's total: " + chk.PerZone[i].Reason
		}
		return
	}
	what := fmt.Sprintf("%.1f expected violations (90 %% interval %d–%d)", mean, lo, hi)
	n := float64(q.N)
	text := fmt.Sprintf("the claim says %d %s (%q); the evidence gives %s %s", q.N, q.What, q.Said, what, when)
	switch {
	case q.N >= lo && q.N <= hi:
		chk.Verdict, chk.Reason = truce.ClaimSupported, text+": the claimed number lies in the interval"
	case n < float64(lo)/2:
		chk.Verdict, chk.Reason = truce.ClaimContradicted, text+": the claimed number is far below it"
	case q.N > hi && q.What == QuantityViolations && mean >= 1 && n <= firingsPerDeadly*float64(hi+1):
		// A side's count of violations takes in shootings that hurt no one;
		// datasets such as GED record deadly events only. More violations
		// than the evidence shows is what it would look like if the count
		// were true: where the evidence shows the zone was violated, and
		// the count is within what sides count for each deadly violation,
		// the count is borne out as far as the evidence can bear it out.
		chk.Verdict, chk.Reason = truce.ClaimSupported, text+fmt.Sprintf(": the claimed number is above it, as it would be if true: datasets such as GED record only deadly events, and a side's count takes in violations that kill no one (the joint commission's sides counted up to about %.0f for each deadly violation GED records in the same zone and days, Idlib 2018-2019); the evidence shows the violations went on, and bears the count out that far", firingsPerDeadly)
	case q.N > hi && q.What == QuantityViolations:
		// Far above what sides count for each deadly violation, or where
		// the evidence shows none: it cannot refute the count either, for
		// only a count below what the evidence shows can be refuted.
		far := "above it"
		if n > 2*float64(hi)+2 {
			far = "far above it"
		}
		chk.Verdict, chk.Reason = truce.ClaimInsufficient, text+": the claimed number is "+far+", which the evidence cannot refute: datasets such as GED record only deadly events, and a side's count takes in violations that kill no one"
	case n > 2*float64(hi)+2:
		chk.Verdict, chk.Reason = truce.ClaimContradicted, text+": the claimed number is far above it (though the sources may miss incidents)"
	default:
		chk.Verdict, chk.Reason = truce.ClaimInsufficient, text+": the claimed number lies outside the interval, but near it"
	}
	for i := range chk.PerZone {
		chk.PerZone[i].Reason = "counted toward the claim's total: " + chk.PerZone[i].Reason
	}
}

// deathTally sums incidents' deaths: the low, best and high estimates (a
// missing low or high is the best), the civilians and the deaths of
// unknown status; the Approx fields are the part of Best, Civilians and
// Unknown in incidents located only approximately, which may lie outside
// the scope.
type deathTally struct {
	Low, Best, High, Civilians, Unknown        int
	ApproxBest, ApproxCivilians, ApproxUnknown int
	// ExcludedPrecise is the part of Best in precisely located incidents
	// that name a group the agreement excludes.
	ExcludedPrecise int
}

func (t deathTally) plus(o deathTally) deathTally {
	return deathTally{t.Low + o.Low, t.Best + o.Best, t.High + o.High, t.Civilians + o.Civilians, t.Unknown + o.Unknown,
		t.ApproxBest + o.ApproxBest, t.ApproxCivilians + o.ApproxCivilians, t.ApproxUnknown + o.ApproxUnknown, t.ExcludedPrecise + o.ExcludedPrecise}
}

// spanningEvidence is Evidence that can also find the incidents of several
// days that began before a window and go on into it.
type spanningEvidence interface {
	SpanningIncidents(zone string, from time.Time, judged bool) ([]JudgedIncident, error)
}

// windowIncidents is the judged incidents of zone whose days meet [from,
// to], for counting the window's dead, from list, those that begin in it
// (ZoneIncidents, judged): a dataset's count of several days (GED's weekly
// and monthly ones) counts with its share of the window's days, as the
// rollup spreads it, whether it began in the window or before.
func windowIncidents(ev Evidence, zone string, from, to time.Time, list []JudgedIncident) ([]JudgedIncident, error) {
	if se, ok := ev.(spanningEvidence); ok {
		before, err := se.SpanningIncidents(zone, from, true)
		if err != nil {
			return nil, err
		}
		list = append(before, list...)
	}
	return windowShares(list, from, to), nil
}

// windowShares cuts the deaths of each incident of several days that
// reaches outside [from, to] to the part of them that falls on the
// window's days (truce.DayShare, as the rollup shares them), and marks it
// Spread.
func windowShares(list []JudgedIncident, from, to time.Time) []JudgedIncident {
	from, to = truce.CalendarDay(from), truce.CalendarDay(to)
	out := make([]JudgedIncident, 0, len(list))
	for _, ji := range list {
		first := truce.CalendarDay(ji.Day)
		n := truce.SpanDays(ji.Day, ji.DayEnd)
		last := first.AddDate(0, 0, n-1)
		if n <= 1 || !first.Before(from) && !last.After(to) {
			out = append(out, ji)
			continue
		}
		i := max(0, int(from.Sub(first).Hours()/24))
		j := min(n-1, int(to.Sub(first).Hours()/24))
		if j < i {
			continue
		}
		share := func(total int) int { return truce.SpanShare(total, i, j, n) }
		ji.Deaths, ji.DeathsLow, ji.DeathsHigh = share(ji.Deaths), share(ji.DeathsLow), share(ji.DeathsHigh)
		ji.Civilians, ji.Unknown = share(ji.Civilians), share(ji.Unknown)
		ji.Spread = true
		out = append(out, ji)
	}
	return out
}

// deathRange sums incidents' deaths.
func deathRange(list []JudgedIncident) deathTally {
	var r deathTally
	for _, ji := range list {
		lo, hi := ji.DeathsLow, ji.DeathsHigh
		if lo <= 0 || lo > ji.Deaths {
			lo = ji.Deaths
		}
		if hi < ji.Deaths {
			hi = ji.Deaths
		}
		r.Low, r.Best, r.High, r.Civilians, r.Unknown = r.Low+lo, r.Best+ji.Deaths, r.High+hi, r.Civilians+ji.Civilians, r.Unknown+ji.Unknown
		if ji.Placement == truce.Uncertain || ji.Spread {
			r.ApproxBest += ji.Deaths
			r.ApproxCivilians += ji.Civilians
			r.ApproxUnknown += ji.Unknown
		} else if ji.Excluded {
			r.ExcludedPrecise += ji.Deaths
		}
	}
	return r
}

// weighDeaths weighs a number of dead against the window's incidents.
//
// A number the words tie to an attack ("killed in Russian air strikes"),
// or give as a lower bound ("at least 36"), is part of the scope's dead:
// borne out (supported) when the precisely located incidents hold at least
// that many, and refuted only when even the high estimates of every
// incident, approximately located ones included, fall far short (under
// half, less two). A number given as it is, of no attack ("25 people were
// killed in the south in the past week"), is the scope's total: supported
// within the sources' low and high estimates, contradicted far outside
// them, as before. "At most" numbers are refuted by precisely located
// deaths far above them. Civilians are weighed on the civilian deaths
// (GED's deaths_civilians; the low and high estimates are of all deaths),
// up to the civilians and the deaths of unknown status together: GED
// counts apart the dead it cannot tell civilian or combatant, and a
// monitor counting civilians (SOHR, SNHR, the UN) counts many of them
// (Eastern Ghouta, 18-28 February 2018: 209 civilians and 427 of unknown
// status in GED, "more than 600 civilians" by SOHR).
// Anything else is too near to call, with the numbers said.
func weighDeaths(q Quantity, t deathTally, when string) (truce.ClaimVerdict, string) {
	kind, best, approx, lo, hi := "deaths", t.Best, t.ApproxBest, t.Low, t.High
	// upTo is the most the precisely located incidents may hold of what
	// the claim counts: for civilians, with the deaths of unknown status.
	upTo := best - approx
	if q.Civilians {
		kind, best, approx, lo, hi = "civilian deaths", t.Civilians, t.ApproxCivilians, t.Civilians, t.Civilians+t.Unknown
		upTo = hi - approx - t.ApproxUnknown
	}
	precise := best - approx
	said := fmt.Sprintf("%d %s", q.N, kind)
	switch q.Bound {
	case BoundAtLeast:
		said = "at least " + said
	case BoundAtMost:
		said = "at most " + said
	}
	var notes []string
	if !q.Civilians {
		notes = append(notes, fmt.Sprintf("the sources' low and high estimates %d–%d", lo, hi))
	} else if t.Unknown > 0 {
		notes = append(notes, fmt.Sprintf("of %d deaths in all, %d of unknown status, which GED counts apart from civilians and a monitor counting civilians may count among them", t.Best, t.Unknown))
	} else {
		notes = append(notes, fmt.Sprintf("of %d deaths in all, some of combatants and some of unknown status, which GED counts apart from civilians", t.Best))
	}
	if approx > 0 {
		notes = append(notes, fmt.Sprintf("%d of them in incidents located only approximately, which may lie outside the scope", approx))
	}
	ev := fmt.Sprintf("%d %s in the window's incidents", best, kind)
	if len(notes) > 0 {
		ev += " (" + strings.Join(notes, "; ") + ")"
	}
	text := fmt.Sprintf("the claim says %s (%q); the evidence gives %s %s", said, q.Said, ev, when)
	n := float64(q.N)
	farBelow := func(x int) bool { return 2*float64(x)+2 < n }
	// A toll of an attack, or a lower bound, is refuted only further off:
	// the dead of one attack or one town on one day are where a dataset
	// misses most (a death GED files under the next village or day, or
	// not at all), so five killed against GED's one is no refutation,
	// while 500 against 14 is.
	farShort := func(x int) bool { return 3*float64(x)+5 < n }
	// A toll of civilians is refuted only by all the deaths: GED counts
	// deaths of unknown status apart from civilians, and they may be
	// civilians (Eastern Ghouta, 18-28 February 2018: 209 civilians and
	// 428 of unknown status).
	ceiling := hi
	if q.Civilians {
		ceiling = max(t.High, t.Best)
	}
	partial := q.Bound == BoundAtLeast || q.Attack && q.N > 0
	switch {
	case q.Attack && q.N == 0 && q.Bound != BoundAtMost:
		// "An artillery attack on our observation post; no casualties":
		// the one attack killed no one, which the scope's other dead do
		// not refute, and the data do not tell its dead apart.
		return truce.ClaimInsufficient, text + ": the claim says one attack killed no one, and the data do not tell that attack's dead from the others'"
	case q.Bound == BoundAtMost:
		switch {
		case precise <= q.N:
			return truce.ClaimSupported, text + ": no more than the claim allows"
		case float64(precise) > 2*n+2:
			return truce.ClaimContradicted, text + ": the precisely located deaths alone are far above the bound"
		}
	case partial:
		switch {
		case precise >= q.N || q.N > 0 && nearToll(n, precise, precise):
			why := "the precisely located incidents hold at least that many"
			if precise < q.N {
				why = "the precisely located incidents hold nearly that many, " + tollNear
			}
			if q.Attack && q.Bound == "" {
				why += "; the claim's attack is one part of them, which the data do not tell apart"
			}
			return truce.ClaimSupported, text + ": " + why
		case q.Civilians && (upTo >= q.N || nearToll(n, upTo, upTo)):
			return truce.ClaimSupported, text + fmt.Sprintf(": the precisely located incidents hold that many with the deaths of unknown status (%d in all), as a monitor counting civilians would count many of them", upTo)
		case best >= q.N || q.Civilians && hi >= q.N:
			return truce.ClaimInsufficient, text + ": only with the incidents located approximately are there that many"
		case farShort(max(ceiling, best)):
			return truce.ClaimContradicted, text + ": even the high estimates fall far short of it (though the sources may miss incidents)"
		}
		return truce.ClaimInsufficient, text + ": fewer than it in the data, though not so far as to refute it (the sources may miss incidents)"
	default:
		switch {
		case q.N >= lo && q.N <= hi && q.Civilians && q.N > lo:
			return truce.ClaimSupported, text + fmt.Sprintf(": the claimed number lies between the civilian deaths and the civilian deaths with those of unknown status (%d–%d), as a monitor counting civilians would count many of them", lo, hi)
		case q.N >= lo && q.N <= hi:
			return truce.ClaimSupported, text + ": the claimed number lies in the interval"
		case nearToll(n, lo, hi):
			return truce.ClaimSupported, text + ": the claimed number lies near the interval, " + tollNear
		case q.N == 0 && precise > 0 && precise == t.ExcludedPrecise && !q.Civilians:
			// "No one was killed since the truce": the only dead were in
			// fighting with groups the truce excludes, which a speaker
			// may not count as the truce's.
			return truce.ClaimInsufficient, text + fmt.Sprintf(": the %d precisely located deaths were all in incidents naming a group the agreement excludes, which the claim may not count", precise)
		case n < float64(precise)/2 || q.N == 0 && precise > 0:
			return truce.ClaimContradicted, text + ": the claimed number is far below the precisely located deaths"
		case farBelow(ceiling):
			return truce.ClaimContradicted, text + ": the claimed number is far above it (though the sources may miss incidents)"
		}
	}
	return truce.ClaimInsufficient, text + ": the claimed number lies outside the interval, but near it"
}

// firingsPerDeadly is how many violations a side of the joint commission
// counted for each deadly violation GED records in the same zone and days:
// the Russian side's daily counts for Idlib in 2018-2019 (10 on 8 December
// 2018, 9 on 23 February 2019, 35 on 15 August 2019, 19 on 4 November
// 2019, 31 on 22 September 2019) run 5 to 25 times GED's expected deadly
// violations of those days.
const firingsPerDeadly = 25.0

// countQuantity is the number a count claim gives: of violations, else
// of dead, in any rule language.
func countQuantity(text string) (Quantity, bool) {
	q, ok := ReadQuantity(text)
	if !ok {
		q, ok = countIn(text)
	}
	if !ok {
		q, ok = deathsIn(text)
	}
	return q, ok
}

// AreaIncidenter is an Evidence that can find every standing incident
// whose days meet a window, in a zone or not.
type AreaIncidenter interface {
	WindowIncidents(from, to time.Time) ([]JudgedIncident, error)
}

// areaDeaths tallies the dead of a count claim about places over every
// incident located in them, in a zone or not, with each incident of
// several days counted at its share of the window (tallied is false when
// the claim is no toll about places, or the evidence cannot say). An
// incident located less precisely than to within 25 km counts as
// approximately located. q is the number of dead the claim gives.
func areaDeaths(c truce.Claim, f Frame, areas []Area, ev Evidence) (q Quantity, t deathTally, tallied bool, err error) {
	if c.Assertion != truce.AssertCount || len(areas) == 0 || f.PerZone {
		return q, t, false, nil
	}
	q, ok := countQuantity(c.Text)
	if !ok || q.What != QuantityDeaths {
		return q, t, false, nil
	}
	qualify(c.Text, &q)
	ai, ok := ev.(AreaIncidenter)
	if !ok {
		return q, t, false, nil
	}
	if de, ok := ev.(interface{ DataEnd() (time.Time, error) }); ok {
		// Days after the data's last day are not calm, but unknown.
		end, err := de.DataEnd()
		if err != nil || end.IsZero() || f.To.After(end) {
			return q, t, false, err
		}
	}
	list, err := ai.WindowIncidents(f.From, f.To)
	if err != nil {
		return q, t, false, err
	}
	for i := range list {
		if list[i].Location.Precision > truce.PrecNear {
			list[i].Placement = truce.Uncertain
		}
	}
	return q, deathRange(inAreas(windowShares(list, f.From, f.To), areas)), true, nil
}

// tollOverArea weighs q, a count claim's dead about places, against t,
// the dead of every incident located there (areaDeaths).
func tollOverArea(chk *truce.ClaimCheck, q Quantity, f Frame, areas []Area, t deathTally) {
	chk.WindowFrom, chk.WindowTo = f.From, f.To
	when := fmt.Sprintf("from %s to %s in %s (every incident located there, in a zone or not: %s)", day(f.From), day(f.To), areaNames(areas), areaRules(areas))
	chk.Verdict, chk.Reason = weighDeaths(q, t, when)
	for i := range chk.PerZone {
		chk.PerZone[i].Verdict = truce.ClaimInsufficient
		chk.PerZone[i].Reason = "the claim's dead are counted over its places, not the zone: " + chk.PerZone[i].Reason
	}
}

// tollOf reads the number of dead a claim gives, in any rule language.
func tollOf(text string) (Quantity, bool) {
	q, ok := ReadQuantity(text)
	if !ok || q.What != QuantityDeaths {
		if q, ok = deathsIn(text); !ok {
			return Quantity{}, false
		}
	}
	qualify(text, &q)
	return q, true
}

// corroborate weighs q, the dead an accusation gives ("regime air strikes
// killed eight civilians in al-Rastan on Sunday") against the window's, as
// a count claim's are. The data rarely say who fired first, so the
// accusation alone is seldom borne out; but when the dead it gives are in
// the data there and then, the attack happened, and if the data make it
// the accused's more likely than not, the claim is borne out at that
// probability. When the data refute the dead it gives ("about 850
// terrorists were destroyed" against 141 deaths), the claim's number is
// false: an accusation the data cannot judge is then refuted, and one they
// bear out is mixed. Otherwise the toll's weighing is added to the reason.
func corroborate(chk *truce.ClaimCheck, c truce.Claim, q Quantity, deaths map[string]deathTally) {
	var tally deathTally
	var zones []string
	for _, ze := range chk.PerZone {
		d, ok := deaths[ze.ZoneID]
		if !ok {
			// A zone not weighed: its dead are unknown, and so the toll.
			return
		}
		tally = tally.plus(d)
		zones = append(zones, ze.ZoneID)
	}
	if len(zones) == 0 {
		return
	}
	v, why := weighDeaths(q, tally, fmt.Sprintf("from %s to %s in %s", day(chk.WindowFrom), day(chk.WindowTo), strings.Join(zones, ", ")))
	if chk.Verdict == truce.ClaimInsufficient && v == truce.ClaimSupported && chk.Probability >= 0.5 && c.Accused != truce.AccusedUnknown {
		chk.Verdict = truce.ClaimSupported
		chk.Reason = fmt.Sprintf("the dead it gives are in the data (%s), and the attack is %s's with probability %.0f %%: %s", why, c.Accused, 100*chk.Probability, chk.Reason)
		return
	}
	if v == truce.ClaimContradicted && (chk.Verdict == truce.ClaimInsufficient || chk.Verdict == truce.ClaimSupported) {
		was := chk.Verdict
		chk.Verdict, chk.Probability, chk.ProbabilityNote = truce.ClaimContradicted, 0, ""
		if was == truce.ClaimSupported {
			chk.Verdict = truce.ClaimMixed
		}
		chk.Reason = fmt.Sprintf("the dead it gives are refuted by the data (%s); the attack itself: %s", why, chk.Reason)
		return
	}
	chk.Reason += fmt.Sprintf("; the dead it gives: %s, %s", v, why)
}

// tollTolerance is how far, as a share, a death toll may lie outside the
// sources' interval and still be the same count: monitors that count the
// same deaths (the UN, SOHR, GED's sources) commonly differ by this much,
// from when a day ends to whom they count as a civilian.
const tollTolerance = 0.15

// tollNear says in words how near nearToll allows.
var tollNear = fmt.Sprintf("within %.0f %% (or, for a few deaths, the square root of their number), as far as two monitors' tolls of the same deaths commonly differ", 100*tollTolerance)

// nearToll reports whether a toll of n lies within tollTolerance of lo–hi
// (and at least one death): 9 against 10, 1,089 against 1,062. A small
// toll may lie further off, by the square root of the count: counts of a
// few deaths differ by whole incidents (one monitor's incident is another's
// next day, or another place's), so 9 against GED's 12 is the same count,
// as 20 against 16 is.
func nearToll(n float64, lo, hi int) bool {
	if lo <= 0 && hi <= 0 {
		return false
	}
	off := func(x int) float64 { return math.Max(1, math.Max(tollTolerance*float64(x), math.Sqrt(float64(x)))) }
	return n >= float64(lo)-off(lo) && n <= float64(hi)+off(hi)
}

// qualify reads what the words around a number of dead say of it, in
// whichever language's vocabulary finds the number: a bound before it,
// civilians right after it, and an attack anywhere in the words.
func qualify(text string, q *Quantity) {
	langs := englishFirst()
	for _, lang := range langs {
		v := vocabs[lang]
		if v == nil {
			continue
		}
		s := v.normalize(text)
		if v.attackWords != nil && v.attackWords.MatchString(s) {
			q.Attack = true
		}
		// The words are in one language, which a stored claim does not
		// name: the first whose words qualify the number decides.
		if q.Bound != "" || q.Civilians {
			continue
		}
		for _, sp := range v.numberSpans(s) {
			if sp.n != q.N {
				continue
			}
			before := strings.TrimRight(s[:sp.from], " ")
			switch {
			case endsWithWord(v.atLeast, before):
				q.Bound = BoundAtLeast
			case endsWithWord(v.atMost, before):
				q.Bound = BoundAtMost
			}
			after := strings.Fields(s[sp.to:])
			if v.civilianNouns != nil && len(after) > 0 && v.civilianNouns.MatchString(strings.Join(after[:min(len(after), 3)], " ")) {
				q.Civilians = true
			}
			break
		}
	}
}

// endsWithWord reports whether one of re's whole-word alternatives ends s.
func endsWithWord(re *regexp.Regexp, s string) bool {
	if re == nil {
		return false
	}
	for _, m := range re.FindAllStringSubmatchIndex(s, -1) {
		if m[3] == len(s) {
			return true
		}
	}
	return false
}

// countIn reads the first count of violations in text by the [count-nouns]
// of the languages with vocabulary, English first (a stored claim does not
// say its language): a bulletin's "registrou 21 violações" is a count
// claim in whatever language it was read.
func countIn(text string) (Quantity, bool) {
	langs := englishFirst()
	for _, lang := range langs {
		if cs := ParseCounts(lang, text); len(cs) > 0 {
			return Quantity{N: cs[0].N, What: QuantityViolations, Said: cs[0].Text}, true
		}
	}
	return Quantity{}, false
}

// deathsIn reads the first count of people killed in text by the
// vocabularies of the languages other than English (ReadQuantity read it).
func deathsIn(text string) (Quantity, bool) {
	for _, lang := range Languages() {
		if lang == "en" {
			continue
		}
		if q, ok := ReadDeathsIn(lang, text); ok {
			return q, true
		}
	}
	return Quantity{}, false
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
