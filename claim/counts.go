package claim

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Count is a number of violations a statement reports, and who reported
// it: the daily bulletins of a joint commission give one per side ("Russian
// observers registered 15 violations, the Turkish side - 19"). Counts are
// only read here; storing them as a series is the caller's.
type Count struct {
	N        int    // how many; 0 for "no violations", "did not register any"
	What     string // the words counted, folded: "ceasefire violations", "shootings"
	Reporter string // "Russian side", "Turkish side" (lang/LANG.txt [reporters]); empty when the words name none
	// ReporterWords are the words that named the reporter, folded ("lado
	// turco", "türk tarafı"); empty when none did.
	ReporterWords string
	Text          string // the words the count was read from, folded
}

// countWindow is how many words may stand between a number and the noun
// it counts ("15 violations of the nationwide ceasefire", "four instances
// of the ceasefire breaches"); a clause mark or another number ends it
// sooner.
const countWindow = 6

// ParseCounts reads the counts of violations in text, in language lang (no
// vocabulary for lang: none). A number counts violations when one of the
// language's [count-nouns] follows it within a few words of the same
// clause. A number right after a reporter with no noun of its own repeats
// the last count's noun ("…, the Turkish side - 19", "while Turkish
// officers reported three"). Each count's reporter is the last one named
// before its noun.
func ParseCounts(lang, text string) []Count {
	v := vocabs[lang]
	if v == nil {
		return nil
	}
	return v.counts(v.normalize(text), "")
}

// ParseCountsAfter reads text's counts as ParseCounts does, text being the
// sentence after one that counted what (a Count's What): a number after a
// reporter with no noun of its own counts what, as within a sentence ("O
// lado turco, por sua vez, assinalou sete" after "os militares russos
// registaram 45 violações"). The reporter may stand a few more words
// before the number than within a sentence, the sentence being its own.
func ParseCountsAfter(lang, text, what string) []Count {
	v := vocabs[lang]
	if v == nil || what == "" {
		return nil
	}
	return v.counts(v.normalize(text), what)
}

// NumbersIn is how many numbers text holds, in digits or in the words of
// lang's [numbers] (compounds one number): a breakdown of a count among
// places ("Of these, 14 were recorded in Latakia province, nine in Aleppo
// province") gives several with no noun.
func NumbersIn(lang, text string) int {
	v := vocabs[lang]
	if v == nil {
		return 0
	}
	n := 0
	for _, sp := range v.numberSpans(v.normalize(text)) {
		if sp.n > 0 {
			n++
		}
	}
	return n
}

type span struct {
	from, to, n int
}

func (v *vocab) counts(s, prevWhat string) []Count {
	if v.countNouns == nil {
		return nil
	}
	nums := v.numberSpans(s)
	var out, pending []Count
	last, lastWhat := -1, ""
	lastNum := -1 // the index in nums of the last count's number
	// Who is named where, found once: each count takes the last before it.
	hits := v.reporterHits(s)
	joints := findAll(v.joint, s)
	for k, num := range nums {
		if num.from < last {
			continue // inside a number already read
		}
		if refersBack(s[:num.from]) {
			continue // "all 14 cases …": a count already given, not a new one
		}
		if v.shareOf(s, num.from) {
			continue // "Из них в провинции Идлиб — 18": a share of the count before
		}
		if num.n == 0 && v.minor != nil {
			// "no serious violations" grades them: none serious, not none.
			if m, i := find(v.minor, s[num.from:min(len(s), num.from+80)]); m != "" && i <= 1 {
				continue
			}
		}
		win := window(s[num.to:])
		if v.isDate(s[num.to:]) {
			continue // "9 июля": a day of a month
		}
		if f := strings.Fields(s[num.to:min(len(s), num.to+60)]); len(f) > 0 && v.peopleNouns[strings.Trim(f[0], ",.;:")] {
			continue // "14 civis em bombardeamentos": people, not violations
		}
		if m, i := find(v.countNouns, win); m != "" {
			// The window joins words by single spaces, after one: its
			// offsets are not s's ("000violation"). The noun as s has it.
			nounAt := num.to + i
			if j := strings.Index(s[num.to:], m); j >= 0 {
				nounAt = num.to + j
			} else {
				nounAt = min(nounAt, len(s)-len(m))
			}
			if f := strings.Fields(s[min(len(s), nounAt+len(m)):min(len(s), nounAt+len(m)+30)]); len(f) > 0 && v.raidsAfter[strings.Trim(f[0], ",.;:\"»")] {
				continue // "não houve bombardeios aéreos": air raids, no violations counted
			}
			if m, _ := find(v.these, " "+s[num.to:nounAt]+" "); m != "" {
				// "ثمانية من هذه الخروقات", "eight of these violations":
				// a share of a count said before, no count of its own.
				continue
			}
			if k+1 < len(nums) && nums[k+1].from >= num.to && nums[k+1].from < nounAt {
				// Another number stands between this one and the noun
				// ("خلال الساعات الأربع والعشرين الماضية ثمانية عشر خرقاً",
				// the 24 hours before 18 violations): the nearer counts it.
				// Digits end the window already; number words did not.
				continue
			}
			rep, repFrom, repEnd := lastHit(hits, nounAt)
			if rep == "" {
				// "No violations were recorded by the Turkish side": the
				// side after the count, in the same clause.
				rep, repFrom, repEnd = hitAfter(s, hits, nounAt+len(m))
			}
			c := Count{N: num.n, What: m, Reporter: rep, Text: s[num.from : nounAt+len(m)]}
			if rep != "" {
				c.ReporterWords = s[repFrom:repEnd]
			}
			for _, p := range pending {
				p.What = m
				out = append(out, p)
			}
			pending = nil
			if jointBefore(joints, repEnd, nounAt) {
				// "Russian and Turkish monitors reported no violations":
				// each side's count.
				ru, tr := c, c
				ru.Reporter, tr.Reporter = "Russian side", "Turkish side"
				out = append(out, ru, tr)
			} else {
				out = append(out, c)
			}
			last, lastWhat, lastNum = nounAt+len(m), m, k
			continue
		}
		inBrackets := strings.HasSuffix(strings.TrimSpace(s[:num.from]), "(") // "Royset-Rushu (duas vezes)": a place's share
		if m, i := find(v.timesWords, win); m != "" && i <= 1 && !inBrackets && v.violationNear(s, num) {
			// "os militantes abriram fogo 11 vezes": a count of the
			// firing or violations the clause names.
			out = append(out, Count{N: num.n, What: m, Reporter: "", Text: s[num.from : num.to+i+len(m)]})
			if rep, from, to := lastHit(hits, num.from); rep != "" {
				out[len(out)-1].Reporter, out[len(out)-1].ReporterWords = rep, s[from:to]
			}
			last, lastWhat, lastNum = num.to+i+len(m), m, k
			continue
		}
		if lastWhat != "" && v.versus != nil {
			// A count set against the one before ("far fewer than the 19
			// reported by the Russian side", "contra apenas duas na semana
			// anterior"): the same noun; its side, one named right after.
			b := strings.Fields(s[max(0, last):num.from])
			b = b[max(0, len(b)-3):]
			if m, _ := find(v.versus, " "+strings.Join(b, " ")+" "); m != "" {
				c := Count{N: num.n, What: lastWhat, Text: s[num.from:num.to]}
				if rep, from, to := hitAfter(s, hits, num.to); rep != "" {
					c.Reporter, c.ReporterWords = rep, s[from:to]
				}
				out = append(out, c)
				last = num.to
				continue
			}
		}
		if strings.TrimSpace(win) != "" && !clauseEnds(win) && !v.phraseOpens(win) {
			continue
		}
		// An elliptic count: a reporter right before the number.
		before := s[max(0, last):num.from]
		if c, ok := v.joinedCount(s, nums, k, lastNum, last, out); ok {
			// "nine violations on March 12 and four on March 13": the
			// same side's count of another day; "four in Latakia and two
			// in Aleppo", with no total: the same count, summed.
			if c.N < 0 {
				out[len(out)-1].N += num.n
			} else {
				out = append(out, c)
			}
			last, lastNum = num.to, k
			continue
		}
		what, reach := lastWhat, 3
		if what == "" && prevWhat != "" && len(out) == 0 && len(pending) == 0 {
			what, reach = prevWhat, 6 // the noun of the sentence before
			if measure(s[num.to:]) {
				continue // "una zona desmilitarizada de entre 15 y 20 kilómetros": no count
			}
		}
		if what == "" {
			// "Rus heyeti 9, Türk heyeti ise 2 ihlal tespit etti": the
			// noun of the count that follows, when one does.
			if r, from, to := v.reporterAt(before); r != "" && len(strings.Fields(before[to:])) == 0 {
				pending = append(pending, Count{N: num.n, Reporter: r, ReporterWords: before[from:to], Text: before[from:] + s[num.from:num.to]})
			}
			continue
		}
		if r, from, to := v.reporterAt(before); r != "" && len(strings.Fields(before[to:])) <= reach {
			out = append(out, Count{N: num.n, What: what, Reporter: r, ReporterWords: before[from:to], Text: s[max(0, last)+from : num.to]})
			last = num.to
		}
	}
	return out
}

// joinedCount reads nums[k] as an elliptic count joined to the count just
// before it by a [count-joins] word alone ("and four on March 13", "y dos
// en la de Alepo"), no other number between, a phrase ([ellipsis-after])
// after it. A phrase that names a day or a month makes it a count of its
// own, of the same noun and side; else (a place) it is a share of the same
// count, which the caller sums: N is then -1. The guard on numbers keeps
// "12 violations: 5 in Latakia and 7 in Hama" one count of 12.
func (v *vocab) joinedCount(s string, nums []span, k, lastNum, last int, out []Count) (Count, bool) {
	if v.countJoins == nil || lastNum < 0 || k == 0 || len(out) == 0 || last < 0 {
		return Count{}, false
	}
	for j := lastNum + 1; j < k; j++ {
		// Only a day of a month may stand between ("on March 12").
		if f := strings.Fields(s[:nums[j].from]); len(f) == 0 || v.months[strings.Trim(f[len(f)-1], ",.;:")] == 0 {
			return Count{}, false
		}
	}
	num := nums[k]
	between := strings.Trim(s[last:num.from], " ,")
	if between == "" {
		return Count{}, false
	}
	// What lies between the last count's noun and this number: its phrase
	// ("on March 12", "en la provincia de Latakia") and the joining word.
	f := strings.Fields(between)
	if m, _ := find(v.countJoins, " "+f[len(f)-1]+" "); m == "" {
		return Count{}, false
	}
	win := window(s[num.to:])
	if !v.phraseOpens(win) {
		return Count{}, false
	}
	prev := out[len(out)-1]
	c := Count{N: num.n, What: prev.What, Reporter: prev.Reporter, ReporterWords: prev.ReporterWords, Text: s[num.from:num.to]}
	after := strings.Fields(s[num.to:min(len(s), num.to+40)])
	for _, w := range after[:min(3, len(after))] {
		w = strings.Trim(w, ",.;:")
		if _, ok := v.weekdays[w]; ok {
			return c, true
		}
		if _, ok := v.months[w]; ok {
			return c, true
		}
	}
	c.N = -1
	return c, true
}

// numberSpans finds the numbers of s, digits and the language's words,
// longest first at each place and compounds joined ("twenty-one").
func (v *vocab) numberSpans(s string) []span {
	var nums []span
	for _, m := range reDigits.FindAllStringIndex(s, -1) {
		// "1,000", and "1.000" as Spanish, Portuguese and Turkish write it.
		if n, err := strconv.Atoi(strings.NewReplacer(",", "", ".", "").Replace(s[m[0]:m[1]])); err == nil && n < 1e6 {
			if m[0] > 0 && strings.ContainsRune(",.", rune(s[m[0]-1])) {
				continue // the decimal part of "26,2"
			}
			nums = append(nums, span{m[0], m[1], n})
		}
	}
	for _, w := range v.numbers {
		for _, m := range findAll(w.re, s) {
			nums = append(nums, span{m[0], m[1], w.n})
		}
	}
	// Longest first at each place, then in order, so that "not a single"
	// wins over a "single" inside it.
	sort.SliceStable(nums, func(i, j int) bool {
		if nums[i].from != nums[j].from {
			return nums[i].from < nums[j].from
		}
		return nums[i].to > nums[j].to
	})
	return compound(s, nums)
}

var reDigits = regexp.MustCompile(`\d+(?:[,.]\d{3})*`)

// refersBack reports whether the word before a number makes it a count
// already given ("all 14 cases of violations are not confirmed", "these 5
// violations"): English only, as the other languages' bulletins did not
// need it yet.
func refersBack(before string) bool {
	f := strings.Fields(before[max(0, len(before)-40):]) // the last word is enough
	if len(before) > 40 && len(f) > 0 {
		f = f[1:] // the first may be cut
	}
	if len(f) == 0 {
		return false
	}
	switch f[len(f)-1] {
	case "all", "these", "those":
		return true
	case "of":
		// "two of the 14", but "a total of 34 times" is the count itself.
		return len(f) < 2 || f[len(f)-2] != "total"
	}
	return false
}

// shareOf reports whether the number at from is a share of a count said
// before it: the sentence, or the bracket the number stands in, opens with
// one of the language's [these] ("Из них в провинции Идлиб — 18 обстрелов"
// after a sentence that gave the total; "29 обстрелов (в том числе по данным
// сирийской стороны — 28 обстрелов)").
func (v *vocab) shareOf(s string, from int) bool {
	if v.these == nil {
		return false
	}
	opens := func(t string) bool {
		f := strings.Fields(t)
		if len(f) > 4 {
			f = f[:4]
		}
		_, i := find(v.these, " "+strings.Join(f, " ")+" ")
		return i >= 0 && i <= 1
	}
	before := s[:from]
	if i := strings.LastIndex(before, "("); i >= 0 && !strings.Contains(before[i:], ")") {
		return opens(before[i+1:])
	}
	return opens(before)
}

// window is the words after a number that may hold its noun.
func window(s string) string {
	end := len(s)
	if i := strings.IndexAny(s, ",;:()!?\"0123456789"); i >= 0 {
		end = i
	}
	if i := strings.Index(s, ". "); i >= 0 && i < end {
		end = i
	}
	s = s[:end]
	f := strings.Fields(s)
	if len(f) > countWindow {
		f = f[:countWindow]
	}
	return " " + strings.Join(f, " ") + " "
}

// phraseOpens says whether the words after a number open a phrase of
// time or place ([ellipsis-after]: "three in the same period", "trois au
// cours de la même période"), so that the number has no noun of its own.
func (v *vocab) phraseOpens(win string) bool {
	f := strings.Fields(win)
	if v.ellipsisAfter == nil || len(f) == 0 {
		return false
	}
	m, i := find(v.ellipsisAfter, " "+f[0]+" ")
	return m != "" && i <= 1
}

// clauseEnds: the words after an elliptic count are no noun of their own
// (at most a word such as "cases" before a clause mark).
func clauseEnds(win string) bool {
	return len(strings.Fields(win)) <= 1
}

// timesReach is how many words before "N times" may hold the verb it
// counts: the verb's object and place stand between ("violaron el alto el
// fuego en Idlib en al menos 17 ocasiones", "violaron el alto el fuego en
// la zona de distensión de Idlib en once ocasiones").
const timesReach = 14

// violationNear says whether the clause around a number names a
// violation or an attack ([times-verbs]) within a few words of it.
func (v *vocab) violationNear(s string, num span) bool {
	before := strings.Fields(s[:num.from])
	before = before[max(0, len(before)-timesReach):]
	around := " " + strings.Join(before, " ") + " " + window(s[num.to:]) + " "
	if i := strings.LastIndexAny(around[:len(around)/2], ",;"); i >= 0 {
		around = around[i+1:]
	}
	m, _ := find(v.timesVerbs, around)
	return m != ""
}

// isDate says whether the words after a number make it a day of a month
// or a span of time ("за последние три дня"), not a count.
func (v *vocab) isDate(after string) bool {
	f := strings.Fields(after[:min(len(after), 80)]) // the next two words are enough
	if len(f) > 0 && (f[0] == "de" || f[0] == "of") && len(f) > 1 {
		f = f[1:] // "9 de julio", "9 of July"
	}
	w := strings.Trim(firstOr(f), ",.;:")
	if _, ok := v.months[w]; ok {
		return true
	}
	m, _ := find(v.timeUnits, " "+w+" ")
	return m != ""
}

func firstOr(f []string) string {
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// jointBefore says whether the last words before a count's noun at
// nounAt that name a reporter name both sides together: a joint phrase
// ending before it, at or after the last one side's (ending at repEnd).
func jointBefore(joints [][2]int, repEnd, nounAt int) bool {
	end := -1
	for _, m := range joints {
		if m[1] <= nounAt {
			end = m[1]
		}
	}
	return end >= 0 && end >= repEnd
}

type reporterHit struct {
	name     string
	from, to int
}

// reporterHits are the reporters named in s, in order of their end, two
// side by side ("the Russia-Turkey commission") left out as a joint body.
func (v *vocab) reporterHits(s string) []reporterHit {
	var hits []reporterHit
	for _, r := range v.reporters {
		for _, m := range findAll(r.re, s) {
			hits = append(hits, reporterHit{r.name, m[0], m[1]})
		}
	}
	var out []reporterHit
	for _, h := range hits {
		joint := false
		for _, o := range hits {
			joint = joint || o.name != h.name && (o.from >= h.to && o.from <= h.to+1 || h.from >= o.to && h.from <= o.to+1)
		}
		if !joint {
			out = append(out, h)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].to < out[j].to })
	return out
}

// lastHit is the last reporter named before pos, and where its words
// are (-1 when none).
func lastHit(hits []reporterHit, pos int) (name string, from, to int) {
	from, to = -1, -1
	for _, h := range hits {
		if h.to <= pos {
			name, from, to = h.name, h.from, h.to
		}
	}
	return name, from, to
}

// agentReach is how far (bytes) after a count's noun the side that
// counted it may be named, as a passive's agent ("were recorded by the
// Turkish side").
const agentReach = 40

// hitAfter is the first reporter named within agentReach after pos with no
// clause mark between ("", -1, -1 when none).
func hitAfter(s string, hits []reporterHit, pos int) (name string, from, to int) {
	for _, h := range hits {
		if h.from >= pos && h.from-pos <= agentReach && !strings.ContainsAny(s[pos:h.from], ",;:.!?\"") {
			return h.name, h.from, h.to
		}
	}
	return "", -1, -1
}

// Issuer names the side whose bulletins the organisation in text issues
// ("the Russian Defence Ministry", "Центр по примирению враждующих
// сторон": "Russian side"), in language lang; "" when text names no such
// organisation, or those of both sides.
func Issuer(lang, text string) string {
	v := vocabs[lang]
	if v == nil {
		return ""
	}
	s := v.normalize(text)
	side := ""
	for _, is := range v.issuers {
		if m, _ := find(is.re, s); m != "" {
			if side != "" && side != is.name {
				return ""
			}
			side = is.name
		}
	}
	return side
}

// reporterAt is the last reporter named in s, and where its words are.
// Two reporters side by side ("the Russia-Turkey commission") name a joint
// body, not one side, and are passed over.
func (v *vocab) reporterAt(s string) (name string, from, to int) {
	type hit struct {
		name     string
		from, to int
	}
	var hits []hit
	for _, r := range v.reporters {
		for _, m := range findAll(r.re, s) {
			hits = append(hits, hit{r.name, m[0], m[1]})
		}
	}
	for _, h := range hits {
		joint := false
		for _, o := range hits {
			joint = joint || o.name != h.name && (o.from >= h.to && o.from <= h.to+1 || h.from >= o.to && h.from <= o.to+1)
		}
		if !joint && h.to > to {
			name, from, to = h.name, h.from, h.to
		}
	}
	return name, from, to
}

// compound joins a tens word and the unit after it ("twenty-four",
// "vinte e quatro", "двадцать четыре"), or a unit and the tens after it
// ("ثلاثاً وعشرين"), into one number; the rule files list only the parts.
func compound(s string, nums []span) []span {
	var out []span
	for i := 0; i < len(nums); i++ {
		n := nums[i]
		if n.n >= 1 && n.n <= 9 && i+1 < len(nums) {
			// Arabic puts the unit first: "ثلاثاً وعشرين", three and twenty.
			if t := nums[i+1]; t.n >= 20 && t.n < 100 && t.n%10 == 0 && t.from > n.to && unitFirst[s[n.to:t.from]] {
				out = append(out, span{n.from, t.to, n.n + t.n})
				i++
				continue
			}
		}
		if n.n >= 20 && n.n < 100 && n.n%10 == 0 {
			for j := i + 1; j < len(nums) && nums[j].from <= n.to+5; j++ {
				u := nums[j]
				if u.n >= 1 && u.n <= 9 && u.from > n.to && joiners[s[n.to:u.from]] {
					n, i = span{n.from, u.to, n.n + u.n}, j
					break
				}
			}
		}
		out = append(out, n)
	}
	return out
}

// unitFirst join a unit to the tens after it.
var unitFirst = map[string]bool{" و": true, " و ": true, " وال": true} // "الأربع والعشرين"

var joiners = map[string]bool{" ": true, " and ": true, " e ": true, " y ": true, " et ": true, " i ": true, " og ": true}

// TimesCount says whether c counts times an attack was made ("ont tiré à
// quatre reprises"): read only beside a violation or attack verb, so the
// sentence is about the ceasefire whatever its other words.
func TimesCount(lang string, c Count) bool {
	v := vocabs[lang]
	if v == nil || v.timesWords == nil {
		return false
	}
	m, _ := find(v.timesWords, " "+c.What+" ")
	return m != ""
}

// reMeasure is a unit of length after a number, or after a second number
// joined to it ("15 y 20 kilómetros", "15-20 km", "на 15-20 километров"):
// the number measures, it counts nothing.
var reMeasure = regexp.MustCompile(`^\s*(?:(?:[-–]|to|and|y|e|et|à|a|и|до|ve|و)\s*\pN+\s*)?(?:km|kilom|kilóm|quilóm|quilôm|километр|كيلو|كم|mil(?:es|las|has)\b|metr|mètr)`)

func measure(after string) bool { return reMeasure.MatchString(after) }
