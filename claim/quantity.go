package claim

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/truce-monitor/truce"
)

// Quantity is a number a claim gives: "12 violations were recorded", "five
// people were killed", "no one was killed".
type Quantity struct {
	N    int
	What string // QuantityViolations or QuantityDeaths
	Said string // the words
}

// What a quantity counts.
const (
	QuantityViolations = "violations"
	QuantityDeaths     = "deaths"
)

const numberRE = `(\d{1,6}|(?:twenty|thirty|forty|fifty|sixty|seventy)-[a-z]+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy)`

var (
	reNoneKilled = regexp.MustCompile(`\b(?:no ?one|nobody|no people|no civilians?) (?:(?:was|were|has been|have been) )?(?:killed|died)\b|\bno (?:casualties|deaths|fatalities)\b|\bwithout (?:any )?(?:casualties|deaths)\b`)
	reKilled     = regexp.MustCompile(`\b` + numberRE + ` (?:(?:people|persons|civilians|fighters|soldiers|militants|children|others) )?(?:(?:were|have been|had been|was) )?(?:killed|dead|died)\b|\bkill(?:ing|ed) (?:at least |more than |some )?` + numberRE + `\b|\b` + numberRE + ` (?:deaths|fatalities)\b`)
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
	if m := reKilled.FindStringSubmatch(s); m != nil {
		w := m[1] + m[2] + m[3]
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
func checkCount(chk *truce.ClaimCheck, c truce.Claim, deaths map[string][3]int) {
	q, ok := ReadQuantity(c.Text)
	if !ok {
		q, ok = countIn(c.Text)
	}
	if !ok {
		q, ok = deathsIn(c.Text)
	}
	if !ok {
		chk.Verdict, chk.Reason = truce.ClaimInsufficient, "the claim's words give no number to compare (\"N violations\", \"N killed\", \"no one was killed\")"
		return
	}
	var mean float64
	var lo, hi int
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
				d = [3]int{ze.Deaths, ze.Deaths, ze.Deaths}
			}
			mean += float64(d[1])
			lo += d[0]
			hi += d[2]
		}
		chk.PerZone[i].Verdict = truce.ClaimInsufficient
	}
	if len(zones) == 0 {
		chk.Verdict, chk.Reason = truce.ClaimInsufficient, "the agreement has no zones to count in"
		return
	}
	what := fmt.Sprintf("%.1f expected violations (90 %% interval %d–%d)", mean, lo, hi)
	if q.What == QuantityDeaths {
		what = fmt.Sprintf("%g deaths in the window's incidents (the sources' low and high estimates %d–%d)", mean, lo, hi)
	}
	when := fmt.Sprintf("from %s to %s in %s", day(chk.WindowFrom), day(chk.WindowTo), strings.Join(zones, ", "))
	n := float64(q.N)
	text := fmt.Sprintf("the claim says %d %s (%q); the evidence gives %s %s", q.N, q.What, q.Said, what, when)
	switch {
	case q.N >= lo && q.N <= hi:
		chk.Verdict, chk.Reason = truce.ClaimSupported, text+": the claimed number lies in the interval"
	case n < float64(lo)/2:
		chk.Verdict, chk.Reason = truce.ClaimContradicted, text+": the claimed number is far below it"
	case q.N > hi && q.What == QuantityViolations:
		// A side's count of violations takes in shootings that hurt no one;
		// datasets such as GED record deadly events only. More violations
		// than the evidence shows, near or far, is therefore what it would
		// look like if the count were true, and it cannot refute the count:
		// only a count below what the evidence shows can be refuted.
		far := "above it"
		if n > 2*float64(hi)+2 {
			far = "far above it"
		}
		chk.Verdict, chk.Reason = truce.ClaimInsufficient, text+": the claimed number is "+far+", which the evidence cannot refute: datasets such as GED record only deadly events, and a side's count takes in violations that kill no one; the deadly ones it records are consistent with the count"
	case n > 2*float64(hi)+2:
		chk.Verdict, chk.Reason = truce.ClaimContradicted, text+": the claimed number is far above it (though the sources may miss incidents)"
	default:
		chk.Verdict, chk.Reason = truce.ClaimInsufficient, text+": the claimed number lies outside the interval, but near it"
	}
	for i := range chk.PerZone {
		chk.PerZone[i].Reason = "counted toward the claim's total: " + chk.PerZone[i].Reason
	}
}

// deathRange sums incidents' deaths: the low, best and high estimates (a
// missing low or high is the best).
func deathRange(list []JudgedIncident) [3]int {
	var r [3]int
	for _, ji := range list {
		lo, hi := ji.DeathsLow, ji.DeathsHigh
		if lo <= 0 || lo > ji.Deaths {
			lo = ji.Deaths
		}
		if hi < ji.Deaths {
			hi = ji.Deaths
		}
		r[0], r[1], r[2] = r[0]+lo, r[1]+ji.Deaths, r[2]+hi
	}
	return r
}

// countIn reads the first count of violations in text by the [count-nouns]
// of the languages with vocabulary, English first (a stored claim does not
// say its language): a bulletin's "registrou 21 violações" is a count
// claim in whatever language it was read.
func countIn(text string) (Quantity, bool) {
	langs := Languages()
	slices.SortStableFunc(langs, func(x, y string) int { return cmp.Compare(boolInt(x != "en"), boolInt(y != "en")) })
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
