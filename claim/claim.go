// Package claim owns claims about a ceasefire: reading a statement into a
// truce.Claim (speaker, date, scope, assertion) and checking it against the
// zone-day rollup of graded verdicts, with the probability that it is true
// where the evidence gives one.
//
// # The claim grammar
//
// ParseClaim reads English by keywords and phrases, deterministically: the
// same words always give the same reading, and every default it takes is
// said in a note. ParseClaimIn reads other languages the same way. The
// words are data, one file a language (lang/LANG.txt, embedded: en, ar,
// ru, tr, pt, fr, es, no); what follows quotes the English file. Before
// matching, the text is folded (Fold: lower case, plain apostrophes,
// hyphens as spaces, Arabic letter variants and digits normalised) and the
// file's [rewrite] rules applied: "de-escalation" (in any spelling)
// becomes one word, so that its "escalation" never reads as an increase.
// Words are matched whole, Unicode-aware.
//
// Hedges ("largely", "mostly", "relatively", "for now") do not stop a
// reading: the claim is read as its assertion, the hedge kept in
// ParsedClaim.Hedges and a note. Counts of violations ("15 ceasefire
// violations", "the Turkish side - 19") are read into ParsedClaim.Counts
// whatever the assertion (see ParseCounts), for a later step to store.
// "N times" counts only beside a violation or an attack ([times-words],
// [times-verbs]); a day of a month or a span of time ("9 July", "три
// дня") is no count.
//
// When the words hold a second statement after a clause break (", but",
// ", mientras que", [clause-breaks]), the scope is read from the clause
// that makes the assertion: "the ceasefire in the south was largely
// holding, but air strikes went on in Idlib" is about the south.
//
// The time frame (ClaimFrame, frame.go) is read from the English phrases
// frame.go names, then from each language's [frame] rules
// (framerules.go): the past 24 hours, N days, this week, the weekend,
// yesterday, a weekday, since a weekday, a date, an agreement or the day
// the truce began; the words that date the statement ("said on
// Thursday") are left out.
//
// Scope:
//   - all zones: "all (of) (the) (four) (de-escalation|relevant) zones|areas|regions",
//     "in all", "every (de-escalation) zone|area", "each of the zones|areas",
//     "across|throughout|all over Syria|the country". A bare "the de-escalation
//     zones", "the relevant areas" or "the four zones" also means all of them,
//     with a note.
//   - named zones: a zone's ID (hyphens as spaces), its name, and for the
//     zone IDs of the bundled Astana file the place words people use for
//     them: Idlib/Idleb; Eastern Ghouta/East Ghouta/Ghouta; Northern Homs/Homs/
//     Rastan/Talbiseh/Houla; the south/southern Syria/Daraa/Deraa/Quneitra.
//     Place words count only for zone IDs the agreement has.
//   - neither: all zones, with a note saying so. Words for "all" win over
//     zone names ("in all zones, Idlib included" is about all zones).
//   - an area narrower than a zone (ClaimScope.Areas; area.go): a
//     capitalised name in Truce's gazetteer after "in", "around", "near"
//     (and the like), or before "province", "governorate", "countryside"
//     or "district": "in Douma", "around Saraqib", "in Hama province",
//     "the Daraa countryside", "Douma district". A bare name the words
//     above read as a zone ("in Idlib", "in Daraa") stays the zone. The
//     zones are then those the area lies in, none when it lies in no zone
//     (said in a note); the check weighs only the zone's incidents in the
//     area (see Area.Contains).
//
// Assertion, tried in this order (the first that matches decides; any other
// found is named in a note, to be checked separately with --assertion):
//  1. A negated holding ("not holding", "no longer observed", "is not being
//     respected", "not calm"), a negated decline ("not decreasing") or a
//     collapse ("collapsed", "broke down") is refused: the
//     grammar has no assertion for a failed ceasefire, and reading the
//     positive word alone would invert the claim.
//  2. accusation: "violated by", "violation(s) by", "committed by", "carried
//     out by", "attack(s)/shelling/provocation(s) by", "accuse…", "blame…",
//     "fault of", followed (or, failing that, preceded) in the same sentence
//     by a name that truce.ActorKey resolves to one of the agreement's
//     parties, guarantors or excluded groups. A trigger with no such name is
//     an error asking for --accused.
//  3. no-violations: "no (ceasefire|new|recorded) violation(s)|breaches",
//     "not a single violation", "zero violations", "without (any)
//     violations", "free of violations", "fully observed|respected".
//  4. decline: "declin…", "decreas…", "reduc…", "fell", "fallen", "drop…",
//     "fewer", "diminish…"; increase: "increas…", "escalat…", "rose",
//     "risen", "rising", "surg…", "intensif…", "worsen…", "spike". Both at
//     once is an error ("fell, then rose" is two claims).
//  5. holding: "holding", "holds", "observed", "respected", "maintained",
//     "adhered to", "complied with", "in force", "in effect", "calm",
//     "stable", "quiet", "lull". When the same
//     text concedes violations ("despite several violations", "not
//     serious"), the reading stays holding, the main clause, and a note says
//     the concession can be checked as violations-not-serious: the status
//     grade already weighs serious and grave violations, so a holding check
//     is the stricter of the two.
//  6. violations-not-serious: "not serious", "no serious|major|grave|
//     significant violations", "minor|isolated|several|few|sporadic|
//     individual|insignificant violations", "violations were minor".
//
// Nothing matched is an error telling the user to pass --assertion and
// --zones explicitly, except in ReadClaim when the words give a number
// (ReadQuantity: "12 violations were recorded", "five people were
// killed", "no one was killed"): that is a count claim. A number beside
// another assertion is named in a note (--assertion count checks it).
//
// # The verdict rules
//
// CheckClaim weighs, per zone in scope, from the probabilities of violation
// of the window's incidents (each a violation independently):
//   - holding: the chance of each status grade on the claim's date
//     (assess.Statuses, over the agreement's window). Holding with
//     probability at least Likely is supported; breached or worse with
//     probability at least Likely contradicts; not breached (holding or
//     strained) with probability at least Likely but not holding is mixed,
//     holding only in the loose sense; anything nearer even is
//     insufficient-evidence, with the probability said.
//   - no-violations: the probability that no incident of the window was a
//     violation. At least Likely supports, at most 1 − Likely contradicts.
//   - violations-not-serious: that none of tier serious or grave was, at
//     least Likely, supports; breached or worse with probability at least
//     Likely contradicts; serious violations that stay below a breach
//     (not breached with probability at least Likely) are mixed, minor only
//     in the loose sense, as holding is when strained; else
//     insufficient-evidence.
//   - accusation: the chance that at least one of the window's incidents
//     whose alleged party is the accused was a violation; at least Likely
//     supports, else insufficient-evidence (the data rarely name who fired
//     first, so absence is not refutation).
//   - decline / increase: daily counts of incidents placed inside the zone
//     (all violence; the violence the agreement covers is shown beside it),
//     from the zone's start to the claim's date against as many days before
//     it, through stats.RateRatio (as `truce trend`). The probability the
//     claim is true is that of the true rate ratio lying beyond 1 (beyond a
//     20 % change when the claim says "significant(ly)" or the like), from
//     the quasi-Poisson approximation; at least Likely supports, at most
//     1 − Likely contradicts, else insufficient-evidence. stats.Verdict's
//     outcome is reported beside it.
//
// A count claim compares its number with the evidence over its frame and
// scope (checkCount): the expected number of violations with its 90 %
// interval, or the window's incidents' deaths with the sources' low and
// high estimates. In the interval supports; below half its low end, or
// above twice its high end plus two, contradicts; else
// insufficient-evidence. Every zone in scope must be weighed.
//
// A claim about an area (a governorate, district or town) is weighed the
// same way on the zone's incidents in the area only: for a window claim,
// the status grades, no violation and no serious violation from those
// incidents' probabilities (assess.Window, the agreement's thresholds);
// for a change, the area's incidents per day in both windows. The zone's
// coverage stands for the area's. An area in no zone is
// insufficient-evidence: the agreement does not cover it.
//
// Every zone out of force on the date, ended, or without coverage (no report
// in assess.DefaultCoverageDays), is insufficient-evidence: silence is not
// calm. The claim's probability is the product of its zones' for a claim
// about all of them.
//
// Combined over the zones: an accusation is supported when any zone
// supports it, else insufficient-evidence. For the other assertions: all
// supported is supported, all contradicted is contradicted, some of each is
// mixed, any mixed zone makes it mixed, a decline or increase supported in
// some zones and not shown in the others is mixed (partly true), and
// anything else (supported or contradicted beside insufficient-evidence) is
// insufficient-evidence.
// One exception: holding, no-violations and violations-not-serious claimed
// of all zones are statements about every zone, so one contradicted zone
// contradicts the claim.
package claim

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/assess"
	"github.com/truce-monitor/truce/stats"
)

// ParsedClaim is what ParseClaimDetail read from a claim's words.
type ParsedClaim struct {
	Scope     truce.ClaimScope
	Assertion string
	Accused   string   // actor ID, for accusations
	Notes     []string // defaults taken and parts left unchecked
	// Hedges are the words that soften the claim ("largely", "for now"):
	// a hedged claim is still read and checked as its assertion, since the
	// check weighs the evidence anyway; the hedge is kept for the reader.
	Hedges []string
	// Counts are the reported counts of violations the words give ("15
	// ceasefire violations", "the Turkish side - 19"), for a later step
	// to store as a reporter's series; they are read whether or not an
	// assertion is (see ParseCounts).
	Counts []Count
}

// ParseClaim reads a claim's scope, assertion and, for an accusation, the
// accused actor's ID from its English words, by the grammar in this file's
// comment. It errs (EINVALID) when it cannot tell what the claim asserts.
func ParseClaim(text string, a *truce.Agreement) (scope truce.ClaimScope, assertion, accused string, err error) {
	p, err := ParseClaimDetail(text, a)
	return p.Scope, p.Assertion, p.Accused, err
}

// ParseClaimDetail is ParseClaim with the notes on how the words were read.
func ParseClaimDetail(text string, a *truce.Agreement) (ParsedClaim, error) {
	return ParseClaimIn("en", text, a)
}

// ParseClaimIn is ParseClaimDetail for text in language lang (ISO 639-1),
// read with that language's vocabulary (lang/LANG.txt). A language with no
// vocabulary is an EINVALID error saying so, not a silent nothing.
func ParseClaimIn(lang, text string, a *truce.Agreement) (ParsedClaim, error) {
	v, err := vocabFor(lang)
	if err != nil {
		return ParsedClaim{}, err
	}
	s := v.normalize(text)
	assertion, accused, more, err := v.parseAssertion(s, a)
	if c, conceded := v.withoutConcession(text); conceded != "" && (err != nil || assertion == truce.AssertAccusation) {
		// "… was largely holding, rebels said, despite accusations of
		// sporadic breaches by both sides": what is conceded is not what
		// is claimed.
		if as, acc, m, cerr := v.parseAssertion(v.normalize(c), a); cerr == nil && as != truce.AssertAccusation {
			assertion, accused, more, err = as, acc, append(m, fmt.Sprintf("conceded, not claimed: %q", conceded)), nil
		}
	}
	if c, conceded := v.withoutConcession(text); conceded != "" && err == nil && assertion != truce.AssertAccusation {
		// "وثق المرصد مقتل ١٢ مدنياً … رغم سريان وقف إطلاق النار": the
		// words the claim was read from are all in what is conceded (the
		// truce in force): the rest says what is claimed, or nothing.
		if cue := noteCue(more, assertion); cue != "" && strings.Contains(v.normalize(conceded), cue) {
			as, acc, m, cerr := v.parseAssertion(v.normalize(c), a)
			assertion, accused, more, err = as, acc, append(m, fmt.Sprintf("conceded, not claimed: %q", conceded)), cerr
		}
	}
	scope, notes := v.scopeOf(text, a)
	if first, rest, ok := v.clauses(text); ok && err == nil {
		// "The ceasefire in the south was largely holding, but air strikes
		// went on in Idlib": the places of the clause that asserts it.
		for _, cl := range []string{first, rest} {
			if as, _, _, cerr := v.parseAssertion(v.normalize(cl), a); cerr == nil && as == assertion {
				scope, notes = v.scopeOf(cl, a)
				break
			}
		}
	}
	if err == nil {
		if kinds, note := v.kindsOf(text, more, assertion); len(kinds) > 0 {
			scope.Kinds = kinds
			notes = append(notes, note)
		}
	}
	p := ParsedClaim{Scope: scope, Assertion: assertion, Accused: accused, Notes: append(notes, more...), Counts: v.counts(s, "")}
	for _, m := range findAll(v.hedges, s) {
		if h := s[m[0]:m[1]]; !slices.Contains(p.Hedges, h) {
			p.Hedges = append(p.Hedges, h)
		}
	}
	if err == nil && len(p.Hedges) > 0 {
		p.Notes = append(p.Notes, fmt.Sprintf("hedged: %q; checked as %s all the same", strings.Join(p.Hedges, ", "), assertion))
	}
	return p, err
}

// relativeCalm is the words by which text makes its calm relative to what
// came before ("a cautious and relative calm", "relatively calm"), in the
// first language, English first, whose [relative-calm] words it holds.
func relativeCalm(text string) string {
	for _, lang := range englishFirst() {
		if v := vocabs[lang]; v != nil {
			if m, _ := find(v.relativeCalm, v.normalize(text)); m != "" {
				return m
			}
		}
	}
	return ""
}

// relativeVerdict weighs a relative calm its window contradicts as calm:
// if the window's expected violations a day are at most half those of as
// many days before it (at most 30, the rows CheckStored reads), the calm
// was real by comparison, and the claim is mixed; else it stays
// contradicted, with the comparison said.
func relativeVerdict(ze *truce.ZoneEvidence, zone string, from, to time.Time, rows []truce.ZoneDay, said string) {
	n := daysBetween(from, to) + 1
	m := min(n, assess.DefaultCoverageDays)
	before := from.AddDate(0, 0, -m)
	var in, prev float64
	for _, r := range rows {
		d := truce.CalendarDay(r.Day)
		if r.ZoneID != zone || r.Continued > 0 {
			continue
		}
		switch {
		case !d.Before(from) && !d.After(to):
			in += r.P.Mid
		case !d.Before(before) && d.Before(from):
			prev += r.P.Mid
		}
	}
	rate, prevRate := in/float64(n), prev/float64(m)
	cmp := fmt.Sprintf("%.1f expected violations a day, against %.1f in the %d days before", rate, prevRate, m)
	if prevRate > 0 && rate <= prevRate/2 {
		ze.Verdict = truce.ClaimMixed
		ze.Reason = fmt.Sprintf("a calm %q is one by comparison: %s, though not calm (%s)", said, cmp, ze.Reason)
		return
	}
	ze.Reason += fmt.Sprintf("; not calmer by comparison either (%q): %s", said, cmp)
}

// kindWindow grades zone's window from..to on the rows of the kinds of
// violence alone; what happened and the sources' coverage stay all's (ds).
func kindWindow(a *truce.Agreement, zone string, from, to time.Time, rows []truce.ZoneDay, kinds []string, ds assess.DayStatus) assess.DayStatus {
	var in []truce.ZoneDay
	for _, r := range rows {
		d := truce.CalendarDay(r.Day)
		if r.ZoneID == zone && !d.Before(from) && !d.After(to) && slices.Contains(kinds, r.SubEventType) {
			in = append(in, r)
		}
	}
	ks := assess.Window(a, zone, to, in)
	ks.Reports, ks.Events, ks.InForce = ds.Reports, ds.Events, ds.InForce
	ks.Reason = "of " + strings.Join(kinds, ", ") + " alone: " + ks.Reason
	return ks
}

// kindsOf is the kinds of violence a holding or no-violations claim speaks
// of alone ("air strikes have stopped": only air strikes are weighed), read
// in the words its assertion was read from (notes), with a note saying so.
func (v *vocab) kindsOf(text string, notes []string, assertion string) ([]string, string) {
	if assertion != truce.AssertHolding && assertion != truce.AssertNoViolations {
		return nil, ""
	}
	cue := assertionCue(notes, assertion)
	if cue == "" {
		return nil, ""
	}
	// "Fighting and air strikes have stopped": the kind is one of those
	// joined, and the claim about all.
	s := v.normalize(text)
	if i := strings.Index(s, cue); i > 0 {
		pre := strings.TrimRight(s[max(0, i-40):i], " ")
		if m, _ := find(v.anyKind, pre); m != "" && (strings.HasSuffix(pre, " and") || strings.HasSuffix(pre, " or") || strings.HasSuffix(pre, ",")) {
			return nil, ""
		}
	}
	kinds := v.kindsIn(cue)
	if len(kinds) == 0 {
		return nil, ""
	}
	return kinds, fmt.Sprintf("scope: only %s weighed (from %q)", strings.Join(kinds, ", "), cue)
}

// kindsOf is vocab.kindsOf in the first language, English first, whose
// words name a kind.
func kindsOf(text string, notes []string, assertion string) ([]string, string) {
	for _, lang := range englishFirst() {
		if v := vocabs[lang]; v != nil {
			if kinds, note := v.kindsOf(text, notes, assertion); len(kinds) > 0 {
				return kinds, note
			}
		}
	}
	return nil, ""
}

// assertionNotePrefix starts the note parseAssertion writes of the words
// it read assertion from; the words follow, quoted.
// noteCue is the words notes say assertion was read from ("assertion:
// holding, from \"…\""), "" when none say.
func noteCue(notes []string, assertion string) string {
	for _, n := range notes {
		if rest, ok := strings.CutPrefix(n, assertionNotePrefix(assertion)); ok {
			if q, err := strconv.Unquote(rest); err == nil {
				return q
			}
			if q, err := strconv.QuotedPrefix(rest); err == nil {
				u, _ := strconv.Unquote(q)
				return u
			}
		}
	}
	return ""
}

func assertionNotePrefix(assertion string) string { return "assertion: " + assertion + ", from " }

// assertionCue is the words parseAssertion read assertion from, as its
// note gives them.
func assertionCue(notes []string, assertion string) string {
	for _, n := range notes {
		if q, ok := strings.CutPrefix(n, assertionNotePrefix(assertion)); ok {
			if cue, err := strconv.Unquote(q); err == nil {
				return cue
			}
		}
	}
	return ""
}

// kindsIn is the sub-event types whose [kinds] words the cue names, in a
// fixed order; none when it also names violence of any kind ("fighting
// and air strikes have stopped" is about all of it).
func (v *vocab) kindsIn(cue string) []string {
	if m, _ := find(v.anyKind, cue); m != "" {
		return nil
	}
	var out []string
	for _, k := range kindNames {
		for _, re := range v.kinds[k.sub] {
			if re.MatchString(cue) {
				out = append(out, k.sub)
				break
			}
		}
	}
	return out
}

// WithoutConcession blanks the phrase of text that a [concessions] word of
// language lang opens ("despite these incidents"): what it concedes is no
// part of the claim, nor are the events it speaks of.
func WithoutConcession(lang, text string) string {
	if v := vocabs[lang]; v != nil {
		rest, _ := v.withoutConcession(text)
		return rest
	}
	return text
}

// withoutConcession blanks what text concedes: a [concessions] word
// ("despite", "pese a", "رغم") and the words after it to the next comma,
// semicolon or full stop; conceded is those words, "" when there are none.
func (v *vocab) withoutConcession(text string) (rest, conceded string) {
	low := strings.ToLower(text)
	if len(low) != len(text) {
		return text, ""
	}
	for _, c := range v.concessions {
		for i := range indexes(low, c) {
			before, _ := utf8.DecodeLastRuneInString(low[:i])
			after, _ := utf8.DecodeRuneInString(low[i+len(c):])
			if (i == 0 || !isWordRune(before)) && !isWordRune(after) {
				end := len(text)
				if j := strings.IndexAny(text[i:], ",;."); j >= 0 {
					end = i + j
				}
				return text[:i] + strings.Repeat(" ", end-i) + text[end:], strings.TrimSpace(text[i:end])
			}
		}
	}
	return text, ""
}

// OpensClause says whether text begins with one of language lang's
// [clause-breaks] (", while the Turkish side registered 2"): a second
// statement, not an attribution of the first.
func OpensClause(lang, text string) bool {
	v := vocabs[lang]
	if v == nil {
		return false
	}
	low := strings.ToLower(text)
	for _, b := range v.clauseBreaks {
		if strings.HasPrefix(low, b) && (len(low) == len(b) || !isWordRune(firstRuneOf(low[len(b):]))) {
			return true
		}
	}
	return false
}

// clauses cuts text at the first of the language's [clause-breaks]
// (", but", ", while"), where a second statement begins; ok is false
// when there is none.
func (v *vocab) clauses(text string) (first, rest string, ok bool) {
	low := strings.ToLower(text)
	if len(low) != len(text) {
		return "", "", false // lower-casing moved the bytes: no safe cut
	}
	cut := -1
	for _, b := range v.clauseBreaks {
		for i := range indexes(low, b) {
			before, _ := utf8.DecodeLastRuneInString(low[:i])
			after, _ := utf8.DecodeRuneInString(low[i+len(b):])
			// Whole words only: "ama" is no break inside "kamaşma".
			if i > 0 && !(isWordRune(before) && isWordRune(firstRuneOf(b))) && !isWordRune(after) {
				if cut < 0 || i < cut {
					cut = i
				}
				break
			}
		}
	}
	if cut < 0 {
		return "", "", false
	}
	return text[:cut], text[cut:], true
}

// indexes yields the byte offsets of phrase in low, in order, each after
// the end of the one before.
func indexes(low, phrase string) iter.Seq[int] {
	return func(yield func(int) bool) {
		for off := 0; off < len(low); {
			i := strings.Index(low[off:], phrase)
			if i < 0 || !yield(off+i) {
				return
			}
			off += i + len(phrase)
		}
	}
}

func firstRuneOf(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func vocabFor(lang string) (*vocab, error) {
	v := vocabs[lang]
	if v == nil {
		return nil, truce.Errorf(truce.EINVALID, "no claim vocabulary for language %q (there is for %s)", lang, strings.Join(Languages(), ", "))
	}
	return v, nil
}

// ParseScope reads which zones an English claim is about; it never fails,
// since no scope words means all zones (said in the returned notes).
func ParseScope(text string, a *truce.Agreement) (truce.ClaimScope, []string) {
	return vocabs["en"].scopeOf(text, a)
}

// ParseScopeIn is ParseScope for text in language lang; English words
// are read when lang has no vocabulary.
func ParseScopeIn(lang, text string, a *truce.Agreement) (truce.ClaimScope, []string) {
	v, err := vocabFor(lang)
	if err != nil {
		v = vocabs["en"]
	}
	return v.scopeOf(text, a)
}

// ZoneAnaphorPrefix starts the note of a scope read from words that name
// one zone without saying which ("the de-escalation zone", "la zona de
// distensión"): the zone the article names, when it names one.
const ZoneAnaphorPrefix = "scope: one zone, unnamed: "

func (v *vocab) parseScope(s string, a *truce.Agreement) (truce.ClaimScope, []string) {
	if m, _ := find(v.allZones, s); m != "" {
		return truce.ClaimScope{All: true}, nil
	}
	var zones []string
	for _, z := range a.Zones {
		if v.namesZone(s, z) {
			zones = append(zones, z.ID)
		}
	}
	if len(zones) > 0 {
		return truce.ClaimScope{Zones: zones}, nil
	}
	if m, _ := find(v.zoneAnaphors, s); m != "" {
		// "The de-escalation zone", singular and unnamed, is the one the
		// article is about, as "the zone" is in any text that named one;
		// ApplyContext gives it the article's zone when it names one.
		return truce.ClaimScope{All: true}, []string{fmt.Sprintf("%s%q, read as all zones of %s unless the article names one", ZoneAnaphorPrefix, m, a.ID)}
	}
	if m, _ := find(v.implicitAll, s); m != "" {
		return truce.ClaimScope{All: true}, []string{fmt.Sprintf("scope: %q read as all zones of %s", m, a.ID)}
	}
	return truce.ClaimScope{All: true}, []string{fmt.Sprintf("%s, read as all zones of %s (pass --zones to narrow it)", noZoneNamed, a.ID)}
}

// namesZone: the zone's ID or name, or a place word of the language for it.
func (v *vocab) namesZone(s string, z truce.Zone) bool {
	for _, alias := range []string{Fold(v.lang, z.ID), Fold(v.lang, z.Name)} {
		if containsWord(s, alias) {
			return true
		}
	}
	for _, re := range v.places[z.ID] {
		if m, _ := find(re, s); m != "" {
			return true
		}
	}
	return false
}

// noZoneNamed opens the note of a scope read as all zones for want of a
// zone named.
const noZoneNamed = "scope: no zone named"

// SpeakerScope narrows a claim whose words name no zone to the zones of
// the truces in force on its date whose party its speaker is, where that
// party is party to nothing else of the agreement (LocalTruce.Speakers):
// Jordan's "the ceasefire is holding" in August 2017 is about the
// south-west. Zones that had ended by the date are left out.
func SpeakerScope(c *truce.Claim, a *truce.Agreement) {
	i := slices.IndexFunc(c.Notes, func(n string) bool { return strings.HasPrefix(n, noZoneNamed) })
	if !c.Scope.All || len(c.Scope.Areas) > 0 || i < 0 || c.Speaker == "" {
		return
	}
	speaker := Fold("en", c.Speaker)
	date := truce.CalendarDay(c.Date)
	var zones, names []string
	for _, lt := range a.Truces {
		if date.Before(truce.CalendarDay(lt.Date)) || !lt.Until.IsZero() && date.After(truce.CalendarDay(lt.Until)) ||
			!slices.ContainsFunc(lt.Speakers, func(w string) bool { return containsWord(speaker, Fold("en", w)) }) {
			continue
		}
		for _, z := range a.Zones {
			if slices.Contains(lt.Zones, z.ID) && (z.Ended == nil || date.Before(truce.CalendarDay(z.Ended.Date))) && !slices.Contains(zones, z.ID) {
				zones = append(zones, z.ID)
			}
		}
		names = append(names, lt.Name)
	}
	if len(zones) == 0 || len(zones) == len(a.Zones) {
		return
	}
	c.Scope = truce.ClaimScope{Zones: zones}
	c.Notes[i] = fmt.Sprintf("%s; its speaker is a party to %s and to nothing else of %s: read as its zones (%s)",
		noZoneNamed, strings.Join(names, " and "), a.ID, strings.Join(zones, ", "))
}

// containsWord reports whether s contains w with no letter or digit either
// side, without compiling a pattern per alias.
func containsWord(s, w string) bool {
	if w == "" {
		return false
	}
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(w)
		before, _ := utf8.DecodeLastRuneInString(s[:start])
		after, _ := utf8.DecodeRuneInString(s[end:])
		if (start == 0 || !isWordRune(before)) && (end == len(s) || !isWordRune(after)) {
			return true
		}
		i = start + 1
	}
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// ParseAssertion reads what an English claim asserts, by the grammar in
// this file's comment; notes say what else the words claim.
func ParseAssertion(text string, a *truce.Agreement) (assertion, accused string, notes []string, err error) {
	v := vocabs["en"]
	return v.parseAssertion(v.normalize(text), a)
}

// NegatedHolding reports whether English words say the ceasefire failed
// ("is not holding", "has collapsed", "far from calm"), and which words:
// the [negated] phrases that deny no decline ("not subsiding" says
// violence goes on, which is no claim about the ceasefire's grade).
func NegatedHolding(text string) (string, bool) {
	v := vocabs["en"]
	m, _ := find(v.negated, v.normalize(text))
	if m == "" {
		return "", false
	}
	if d, _ := find(v.decline, m); d != "" {
		return "", false
	}
	return m, true
}

func (v *vocab) parseAssertion(s string, a *truce.Agreement) (assertion, accused string, notes []string, err error) {
	if strings.TrimSpace(s) == "" {
		return "", "", nil, truce.Errorf(truce.EINVALID, "claim text is empty: pass --text, or --assertion and --zones")
	}
	if m, _ := find(v.negated, s); m != "" {
		return "", "", nil, truce.Errorf(truce.EINVALID,
			"the claim negates its word or says the ceasefire failed (%q); reading the positive word alone would invert it: `truce claims check` reads a failed ceasefire as not-holding; for a denied decline pass --assertion (not-holding or increase) and --zones explicitly", m)
	}
	found := map[string]string{} // assertion → the words that matched
	at := map[string]int{}       // assertion → where they start
	// "No violations by our forces" denies a violation: the accusing
	// words inside a no-violations phrase accuse no one.
	nv, nvAt := find(v.noViol, s)
	trigger, i := find(v.accuse, s)
	active := false
	if trigger == "" {
		// "… continuing to bomb the area": the attacker stands before.
		trigger, i = find(v.accuseActive, s)
		active = trigger != ""
	}
	if trigger != "" && !(nv != "" && i >= nvAt && i <= nvAt+len(nv)) {
		var id string
		if !active {
			id = actorAfter(s[i+len(trigger):], a)
		}
		if id == "" {
			id = actorBefore(s[:i], a)
		}
		if id == "" {
			return "", "", nil, truce.Errorf(truce.EINVALID,
				"the claim accuses someone (%q) but names no party, guarantor or excluded group of %s that Truce knows: pass --assertion accusation --accused ACTOR-ID", trigger, a.ID)
		}
		found[truce.AssertAccusation], accused = trigger, id
	}
	for _, x := range []struct {
		assertion string
		re        *regexp.Regexp
	}{
		{truce.AssertNoViolations, v.noViol}, {truce.AssertDecline, v.decline}, {truce.AssertIncrease, v.increase},
		{truce.AssertHolding, v.holding}, {truce.AssertNotSerious, v.minor},
	} {
		if m, i := find(x.re, s); m != "" {
			found[x.assertion], at[x.assertion] = m, i
		}
	}
	// "no serious violations" names violations only to grade them
	// ("серьезных нарушений не было": the no-violations words inside).
	if nv, ns := at[truce.AssertNoViolations], at[truce.AssertNotSerious]; found[truce.AssertNoViolations] != "" && found[truce.AssertNotSerious] != "" &&
		nv >= ns && nv < ns+len(found[truce.AssertNotSerious]) {
		delete(found, truce.AssertNoViolations)
	}
	if d, i := at[truce.AssertDecline], at[truce.AssertIncrease]; found[truce.AssertDecline] != "" && found[truce.AssertIncrease] != "" {
		// Two claims, each in its own clause ("Les violations ont diminué
		// dans le sud d'Idleb, mais les combats se sont intensifiés dans le
		// nord de Hama"): the first clause's is read, as its places are
		// (clauses), and the other noted.
		if first, rest, ok := v.clauses(s); ok && (d < len(first)) != (i < len(first)) {
			later := truce.AssertIncrease
			if d > i {
				later = truce.AssertDecline
			}
			if m, at := find(v.contrasts, rest); m != "" && at < 12 {
				// "… initially reduced violence, but in recent weeks
				// violence has increased": after a contrast is the point,
				// the clause before it the background.
				later = truce.AssertDecline
				if d > i {
					later = truce.AssertIncrease
				}
			}
			notes = append(notes, fmt.Sprintf("the claim's other clause says %q (%s), not checked here: run it again with --assertion %s and that clause's --zones", found[later], later, later))
			delete(found, later)
		}
	}
	if h, d := at[truce.AssertHolding], at[truce.AssertDecline]; found[truce.AssertHolding] != "" && found[truce.AssertDecline] != "" && h < d {
		// "The parties observe the ceasefire by and large; we note a
		// decrease in destruction": a holding said in the first clause is
		// the point, the decline after it a detail of it.
		if first, _, ok := v.clauses(s); ok && h < len(first) && d >= len(first) {
			notes = append(notes, fmt.Sprintf("the claim's other clause says %q (%s), not checked here: run it again with --assertion %s and that clause's --zones", found[truce.AssertDecline], truce.AssertDecline, truce.AssertDecline))
			delete(found, truce.AssertDecline)
		}
	}
	if found[truce.AssertDecline] != "" && found[truce.AssertIncrease] != "" {
		return "", "", nil, truce.Errorf(truce.EINVALID,
			"the claim speaks of both a decline (%q) and an increase (%q): pass --assertion decline or increase, and --zones, explicitly",
			found[truce.AssertDecline], found[truce.AssertIncrease])
	}
	for _, cand := range []string{truce.AssertAccusation, truce.AssertNoViolations, truce.AssertDecline, truce.AssertIncrease, truce.AssertHolding, truce.AssertNotSerious} {
		if found[cand] != "" {
			assertion = cand
			break
		}
	}
	if assertion == "" {
		return "", "", nil, truce.Errorf(truce.EINVALID,
			"cannot tell what the claim asserts (no word for holding, decline, increase, violations, or an accusation): pass --assertion (%s) and --zones explicitly",
			strings.Join(truce.Assertions, ", "))
	}
	notes = append(notes, assertionNotePrefix(assertion)+strconv.Quote(found[assertion]))
	if assertion == truce.AssertAccusation {
		notes = append(notes, fmt.Sprintf("accused: %s", accused))
	}
	for _, other := range []string{truce.AssertNoViolations, truce.AssertDecline, truce.AssertIncrease, truce.AssertHolding, truce.AssertNotSerious} {
		if other == assertion || found[other] == "" {
			continue
		}
		if assertion == truce.AssertNoViolations && other == truce.AssertHolding {
			continue // "no violations were observed": holding is implied
		}
		if assertion == truce.AssertHolding && other == truce.AssertNotSerious {
			notes = append(notes, fmt.Sprintf("the claim concedes violations (%q); the holding check weighs their severity through the zone status; to check that they were not serious, run it again with --assertion %s", found[other], other))
			continue
		}
		notes = append(notes, fmt.Sprintf("the claim also says %q (%s), not checked here: run it again with --assertion %s", found[other], other, other))
	}
	return assertion, accused, notes, nil
}

// asksSignificant says whether a claim's words ask for a change of at least
// 20 %, in any language with vocabulary (a stored claim does not say its
// language).
func asksSignificant(text string) bool {
	for _, v := range vocabs {
		if m, _ := find(v.signif, v.normalize(text)); m != "" {
			return true
		}
	}
	return false
}

// actorIndex maps actor keys to the IDs of an agreement's actors.
func actorIndex(a *truce.Agreement) map[string]string {
	idx := map[string]string{}
	for _, list := range [][]truce.Actor{a.Parties, a.Guarantors, a.Excluded} {
		for _, act := range list {
			for _, n := range append([]string{act.ID, act.Name}, act.Aliases...) {
				if k := truce.ActorKey(n); k != "" {
					idx[k] = act.ID
				}
			}
		}
	}
	return idx
}

// ResolveActor returns the ID of the agreement's party, guarantor or
// excluded group that name (an ID, name or alias) denotes.
func ResolveActor(a *truce.Agreement, name string) (string, bool) {
	id, ok := actorIndex(a)[truce.ActorKey(name)]
	return id, ok
}

const maxActorWords = 7

// actorAfter finds the first actor named in s's first sentence, preferring
// the longest name at each word ("Jaysh al-Islam" over "Islam").
func actorAfter(s string, a *truce.Agreement) string {
	if i := strings.IndexAny(s, ".;!?"); i >= 0 {
		s = s[:i]
	}
	words := strings.Fields(s)
	idx := actorIndex(a)
	for i := range words {
		for n := min(maxActorWords, len(words)-i); n >= 1; n-- {
			if id, ok := idx[truce.ActorKey(strings.Join(words[i:i+n], " "))]; ok {
				return id
			}
		}
	}
	return ""
}

// actorBefore finds the last actor named in s's last sentence ("the rebels
// were accused").
func actorBefore(s string, a *truce.Agreement) string {
	if i := strings.LastIndexAny(s, ".;!?"); i >= 0 {
		s = s[i+1:]
	}
	words := strings.Fields(s)
	idx := actorIndex(a)
	for end := len(words); end >= 1; end-- {
		for n := min(maxActorWords, end); n >= 1; n-- {
			if id, ok := idx[truce.ActorKey(strings.Join(words[end-n:end], " "))]; ok {
				return id
			}
		}
	}
	return ""
}

// JudgedIncident is one incident as a claim check cites it.
type JudgedIncident struct {
	Ref          string // SOURCE:KEY
	Day          time.Time
	Placement    truce.Placement
	Verdict      truce.Verdict // "" when not asked for
	P            truce.Range   // the probability of violation, when judged
	Severity     string
	AllegedParty string
	Deaths       int // best estimate
	DeathsLow    int // the source's low and high estimates
	DeathsHigh   int
	Civilians    int            // civilian deaths
	Unknown      int            // deaths of unknown status (GED's deaths_unknown)
	Location     truce.Location // where it happened, to tell whether it lies in a claim's area
	// DayEnd is the incident's last day (its DateEnd), and Spread says that
	// its deaths are its share of a window's days, not all of them: a
	// dataset's count of several days reaching outside the window
	// (windowShares).
	DayEnd time.Time
	Spread bool
	// Excluded says the incident names a group the agreement excludes
	// (fighting the truce was not meant to stop), when judged.
	Excluded bool
	// Sides are the agreement's actors the incident's two sides resolve
	// to, where they do: an accusation against one of them is weighed on
	// an incident whose data give no direction too.
	Sides []string
}

// Evidence finds the incidents behind a zone's verdict; the rollup carries
// only counts. The CLI answers it from the store's Incidents and
// JudgementHistory.
type Evidence interface {
	// ZoneIncidents returns the standing incidents of zone whose DateStart
	// lies in [from, to]. With judged, those the checked agreement version
	// judged with zone deciding, with their verdicts (as the rollup counts
	// them); without, those placed inside the zone, verdicts left empty.
	ZoneIncidents(zone string, from, to time.Time, judged bool) ([]JudgedIncident, error)
}

// Spanner is an Evidence that knows the days its data cover: from the
// first incident any source reported to the last. A change is measured
// only over those days, so that a baseline reaching back before the data
// does not count the days before as quiet.
type Spanner interface {
	DataSpan() (first, last time.Time, err error)
}

// dataSpan returns ev's span, when it knows one.
func dataSpan(ev Evidence) (first, last time.Time, ok bool) {
	sp, isSpanner := ev.(Spanner)
	if !isSpanner {
		return first, last, false
	}
	first, last, err := sp.DataSpan()
	if err != nil || first.IsZero() {
		return first, last, false
	}
	return truce.CalendarDay(first), truce.CalendarDay(last), true
}

// ClaimRange is the span of days whose rollup rows CheckClaim needs for c.
func ClaimRange(c truce.Claim, a *truce.Agreement) (from, to time.Time) {
	f := ClaimFrame(c, a)
	if !f.PerZone {
		return frameRange(f)
	}
	to = f.To
	from = to
	for _, z := range a.Zones {
		brk, _ := a.ZonePeriod(z)
		if n := daysBetween(brk, to) + 1; n > 0 {
			from = minTime(from, brk.AddDate(0, 0, -n))
		}
	}
	return from, to
}

// insideOnly counts, for decline and increase claims, the incidents placed
// inside a zone, as `truce trend` does by default.
var insideOnly = map[truce.Placement]bool{truce.Inside: true}

func daysBetween(from, to time.Time) int { return int(math.Round(to.Sub(from).Hours() / 24)) }

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// CheckClaim checks c against rows, the rollup of the agreement version
// version covering ClaimRange, by the rules in this file's comment. ev,
// which may be nil, lists the incidents behind each zone's verdict. It reads
// only its arguments; CheckedAt is left for the caller to stamp. Errors come
// from a claim that does not fit the agreement, or from ev.
func CheckClaim(c truce.Claim, a *truce.Agreement, version int, rows []truce.ZoneDay, ev Evidence) (truce.ClaimCheck, error) {
	chk := truce.ClaimCheck{AgreementID: a.ID, AgreementVersion: version}
	if c.Date.IsZero() {
		return chk, truce.Errorf(truce.EINVALID, "claim date is missing")
	}
	zones, err := scopeZones(c.Scope, a)
	if err != nil {
		return chk, err
	}
	zones, ended := liveZones(c, zones)
	f := ClaimFrame(c, a)
	chk.Frame, chk.BaseFrom, chk.BaseTo = f.Note, f.BaseFrom, f.BaseTo
	areas, err := claimAreas(c.Scope, ev)
	if err != nil {
		return chk, err
	}
	// A toll about a place ("10 civilians were killed in Damascus") is a
	// fact about the place, in a zone or not: its dead are counted over
	// every incident located there.
	toll, areaToll, tallied, err := areaDeaths(c, f, areas, ev)
	if err != nil {
		return chk, err
	}
	// done turns the check of what a denial reports into the denial's.
	done := func() (truce.ClaimCheck, error) {
		if words, ok := Denial(c.Text); ok {
			deny(&chk, words)
		}
		return chk, nil
	}
	if tallied && len(zones) == 0 {
		tollOverArea(&chk, toll, f, areas, areaToll)
		return done()
	}
	if len(areas) > 0 && len(zones) == 0 {
		// Not "all zones": the agreement says nothing there.
		chk.WindowFrom, chk.WindowTo = f.From, f.To
		if f.PerZone {
			chk.WindowFrom = f.To
		}
		chk.Verdict = truce.ClaimInsufficient
		chk.Reason = fmt.Sprintf("the claim is about %s, which lies in no zone of %s: the agreement does not cover the area, so its verdicts say nothing there", areaNames(areas), a.ID)
		return chk, nil
	}
	var deaths map[string]deathTally // a count's deaths per zone
	var accusedDead Quantity         // the dead an accusation gives, if any
	hasDead := false
	if c.Assertion == truce.AssertAccusation {
		accusedDead, hasDead = tollOf(c.Text)
	}
	switch c.Assertion {
	case truce.AssertHolding, truce.AssertNotHolding, truce.AssertNoViolations, truce.AssertNotSerious, truce.AssertAccusation, truce.AssertCount:
		if c.Assertion == truce.AssertAccusation && c.Accused == "" {
			return chk, truce.Errorf(truce.EINVALID, "an accusation needs the accused actor (--accused)")
		}
		if c.Assertion == truce.AssertCount || hasDead {
			deaths = map[string]deathTally{}
		}
		err = checkWindow(&chk, c, f, a, zones, areas, rows, ev, deaths)
	case truce.AssertDecline, truce.AssertIncrease:
		err = checkTrend(&chk, c, f, a, zones, areas, rows, ev)
	default:
		return chk, truce.Errorf(truce.EINVALID, "assertion %q: want one of %s", c.Assertion, strings.Join(truce.Assertions, ", "))
	}
	if err != nil {
		return chk, err
	}
	if c.Assertion == truce.AssertCount && tallied {
		tollOverArea(&chk, toll, f, areas, areaToll)
	} else if c.Assertion == truce.AssertCount {
		checkCount(&chk, c, deaths)
		chk.Reason += ended
	} else {
		chk.Verdict, chk.Reason = combine(c, chk.PerZone)
		chk.Reason += ended
		chk.Probability = claimProbability(c, chk.PerZone)
		chk.ProbabilityNote = ProbabilityNote(c.Assertion, &chk)
		if hasDead {
			corroborate(&chk, c, accusedDead, deaths)
		}
	}
	return done()
}

// Denial reports whether the words deny what they report, in any rule
// language ([denials]: "reports that 150 civilians were killed in Idlib
// are untrue", "denied that its aircraft struck the market", "не
// соответствуют действительности"), and which words say so. Read as it
// stands, such a sentence asserts what it denies: the toll, the attack.
func Denial(text string) (string, bool) {
	for _, lang := range Languages() {
		v := vocabs[lang]
		if m, _ := find(v.denials, v.normalize(text)); m != "" {
			return m, true
		}
	}
	return "", false
}

// deny turns the check of what a claim reports into the check of the
// claim that denies it: borne out where what it reports is refuted, and
// refuted where that is borne out.
func deny(chk *truce.ClaimCheck, words string) {
	chk.Verdict = opposite(chk.Verdict)
	for i := range chk.PerZone {
		chk.PerZone[i].Verdict = opposite(chk.PerZone[i].Verdict)
	}
	if chk.Probability > 0 {
		chk.Probability = round3(1 - chk.Probability)
		chk.ProbabilityNote = "of the denial, one less the probability that what it denies is true; " + chk.ProbabilityNote
	}
	chk.Reason = fmt.Sprintf("the claim denies what it reports (%q), so it is true where that is false; of what it denies: %s", words, chk.Reason)
}

// opposite is the verdict on a denial of a claim with verdict v.
func opposite(v truce.ClaimVerdict) truce.ClaimVerdict {
	switch v {
	case truce.ClaimSupported:
		return truce.ClaimContradicted
	case truce.ClaimContradicted:
		return truce.ClaimSupported
	}
	return v
}

// liveZones leaves out of a claim about all zones those that had ended
// before its date ("the ceasefire holds in the de-escalation zones", said
// in 2019, speaks of Idlib, the one zone left), and says which, unless
// every zone had: then the check says each zone ended.
func liveZones(c truce.Claim, zones []truce.Zone) ([]truce.Zone, string) {
	if !c.Scope.All {
		return zones, ""
	}
	date := truce.CalendarDay(c.Date)
	var live []truce.Zone
	var gone []string
	for _, z := range zones {
		if z.Ended != nil && !date.Before(truce.CalendarDay(z.Ended.Date)) {
			gone = append(gone, fmt.Sprintf("%s on %s", z.ID, day(z.Ended.Date)))
			continue
		}
		live = append(live, z)
	}
	if len(live) == 0 || len(gone) == 0 {
		return zones, ""
	}
	return live, fmt.Sprintf(" (the zones that had ended by %s are left out: %s)", day(date), strings.Join(gone, ", "))
}

// ProbabilityNote says how likely the claim is true, where the check can
// say: a mixed holding or not-serious claim is true in the loose sense only
// (violations, but no breach), and the probability is of that sense; a zone
// that could not be weighed leaves the claim's probability unknown, not 0.
// Empty for a kind of claim that gives no probability (a count).
func ProbabilityNote(assertion string, chk *truce.ClaimCheck) string {
	if !weighsProbability(assertion) {
		if chk.Probability > 0 {
			return fmt.Sprintf("probability the claim is true: %.0f %%", chk.Probability*100)
		}
		return ""
	}
	unweighed := 0
	for _, ze := range chk.PerZone {
		if ze.Verdict == truce.ClaimInsufficient && ze.Probability == 0 {
			unweighed++
		}
	}
	switch {
	case unweighed > 0 && chk.Probability == 0:
		return fmt.Sprintf("probability not known: %d of %d zones could not be weighed", unweighed, len(chk.PerZone))
	case chk.Verdict == truce.ClaimMixed && (assertion == truce.AssertHolding || assertion == truce.AssertNotSerious):
		return fmt.Sprintf("probability the claim is true in the loose sense, no breach: %.0f %%", chk.Probability*100)
	case chk.Verdict == truce.ClaimMixed && assertion == truce.AssertNotHolding:
		return fmt.Sprintf("probability the claim is true in the loose sense, some violation: %.0f %%", chk.Probability*100)
	}
	return fmt.Sprintf("probability the claim is true: %.0f %%", chk.Probability*100)
}

func scopeZones(scope truce.ClaimScope, a *truce.Agreement) ([]truce.Zone, error) {
	if scope.All {
		return a.Zones, nil
	}
	if len(scope.Zones) == 0 && len(scope.Areas) > 0 {
		return nil, nil // areas no zone covers
	}
	if len(scope.Zones) == 0 {
		return nil, truce.Errorf(truce.EINVALID, "claim scope names no zone and is not all zones")
	}
	var out []truce.Zone
	for _, id := range scope.Zones {
		i := slices.IndexFunc(a.Zones, func(z truce.Zone) bool { return z.ID == id })
		if i < 0 {
			ids := make([]string, len(a.Zones))
			for j, z := range a.Zones {
				ids[j] = z.ID
			}
			return nil, truce.Errorf(truce.EINVALID, "zone %q: agreement %s has zones %s", id, a.ID, strings.Join(ids, ", "))
		}
		out = append(out, a.Zones[i])
	}
	return out, nil
}

func checkWindow(chk *truce.ClaimCheck, c truce.Claim, f Frame, a *truce.Agreement, zones []truce.Zone, areas []Area, rows []truce.ZoneDay, ev Evidence, deaths map[string]deathTally) error {
	date, from := f.To, f.From
	w := f.Days()
	chk.WindowFrom, chk.WindowTo = from, date
	// The status over the claim's own days: the agreement's rules with its
	// window set to them.
	framed := *a
	framed.Status = a.Status.WithDefaults()
	framed.Status.WindowDays = w
	byZone := map[string]assess.DayStatus{}
	var end time.Time
	if de, ok := ev.(interface{ DataEnd() (time.Time, error) }); ok {
		var err error
		if end, err = de.DataEnd(); err != nil {
			return err
		}
	}
	for _, ds := range assess.StatusesUntil(&framed, rows, date, date, 0, end) {
		byZone[ds.ZoneID] = ds
	}
	when := fmt.Sprintf("in the %d days to %s", w, day(date))
	if w == 1 {
		when = "on " + day(date)
	}
	if len(c.Scope.Kinds) > 0 {
		when += " (" + strings.Join(c.Scope.Kinds, ", ") + " alone)"
	}
	// A relative calm ("a cautious and relative calm") is weighed against
	// the days before when its own days contradict it.
	var relative string
	if c.Assertion == truce.AssertHolding && len(c.Scope.Kinds) == 0 {
		relative = relativeCalm(c.Text)
	}
	for _, z := range zones {
		ds := byZone[z.ID]
		if len(c.Scope.Kinds) > 0 && ds.InForce && truce.StatusRank(ds.Status) > 0 {
			// A claim about one kind of violence, in a zone the sources
			// cover: that kind's incidents alone, graded as the zone's are.
			ds = kindWindow(&framed, z.ID, from, date, rows, c.Scope.Kinds, ds)
		}
		ze := truce.ZoneEvidence{ZoneID: z.ID, Status: ds.Status, StatusProbability: round3(ds.Probability),
			StatusBest: ds.Best, StatusWorst: ds.Worst, Violations: ds.Definite, Expected: round3(ds.Expected.Mean),
			ExpectedLow: ds.Expected.Low, ExpectedHigh: ds.Expected.High, Events: ds.Events.Events, Deaths: ds.Events.Deaths,
			Reports: ds.Reports}
		weighed := ds.InForce && truce.StatusRank(ds.Status) > 0
		switch {
		case ds.Status == truce.Ended:
			ze.Verdict, ze.Reason = truce.ClaimInsufficient, "the zone no longer existed on "+day(date)+": "+ds.Reason
		case !ds.InForce:
			ze.Verdict, ze.Reason = truce.ClaimInsufficient, "the zone's ceasefire does not apply on "+day(date)
		case ds.Status == truce.NoCoverage:
			ze.Verdict, ze.Reason = truce.ClaimInsufficient, ds.Reason
		case len(areas) > 0:
			// The zone is covered: weigh the area's incidents alone.
			if err := narrowWindow(&ze, c, &framed, z, from, date, when, areas, ev, deaths); err != nil {
				return err
			}
			chk.PerZone = append(chk.PerZone, ze)
			continue
		default:
			ze.Verdict, ze.Reason, ze.Probability = windowVerdict(c, ds, when)
			if ze.Verdict == truce.ClaimContradicted && relative != "" {
				relativeVerdict(&ze, z.ID, from, date, rows, relative)
			}
		}
		if len(areas) > 0 {
			ze.Reason = fmt.Sprintf("the claim is about %s: %s", areaNames(areas), ze.Reason)
			chk.PerZone = append(chk.PerZone, ze)
			continue
		}
		// The window's incidents, read once for its dead and its attribution.
		var list []JudgedIncident
		if ev != nil && weighed && (deaths != nil || ds.Expected.MeanHigh > 0) {
			var err error
			if list, err = ev.ZoneIncidents(z.ID, from, date, true); err != nil {
				return err
			}
		}
		if deaths != nil && ev != nil && weighed {
			spanned, err := windowIncidents(ev, z.ID, from, date, list)
			if err != nil {
				return err
			}
			deaths[z.ID] = deathRange(spanned)
		}
		if ev != nil && weighed && ds.Expected.MeanHigh > 0 {
			expected := attributed(list, c.Accused)
			ze.Attributed = int(math.Round(expected))
			if c.Assertion == truce.AssertAccusation {
				ze.Verdict, ze.Reason, ze.Probability = accusationVerdict(c, list, expected, ds.Expected.Mean, when)
			}
			ze.Incidents = pickIncidents(c, list)
		} else if c.Assertion == truce.AssertAccusation && weighed {
			ze.Verdict, ze.Reason, ze.Probability = accusationVerdict(c, nil, 0, ds.Expected.Mean, when)
			if ev == nil && ds.Expected.MeanHigh > 0 {
				ze.Reason += " (incidents were not looked up, so attribution is unknown)"
			}
		}
		chk.PerZone = append(chk.PerZone, ze)
	}
	return nil
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// Claim probabilities at least Likely support a claim; at most 1 − Likely
// contradict it; between, the evidence is too near even to call, and the
// verdict is insufficient-evidence with the probability said.
const Likely = 0.8

// windowVerdict weighs a holding, no-violations or not-serious claim on
// one zone's window: the probability that it is true, from the
// probabilities of violation of the window's incidents.
func windowVerdict(c truce.Claim, ds assess.DayStatus, when string) (truce.ClaimVerdict, string, float64) {
	e := ds.Expected
	counts := fmt.Sprintf("%.1f expected violations (90 %% interval %d–%d), of which %d certain (%d serious or grave, %d deaths), among %d incidents (%d deaths%s)%s %s",
		e.Mean, e.Low, e.High, ds.Definite.Violations, ds.Definite.Serious, ds.Definite.Deaths, ds.Events.Events, ds.Events.Deaths, ds.Events.ApproximateText(), ds.Events.ElsewhereText(), when)
	grade := func(p float64, what string) (truce.ClaimVerdict, string, float64) {
		text := fmt.Sprintf("%s with probability %.0f %%: %s", what, p*100, counts)
		switch {
		case p >= Likely:
			return truce.ClaimSupported, text, p
		case p <= 1-Likely:
			return truce.ClaimContradicted, text, p
		}
		return truce.ClaimInsufficient, text + "; too near even to call", p
	}
	switch c.Assertion {
	case truce.AssertHolding:
		held := ds.Chances[0]
		notBreached := ds.Chances[0] + ds.Chances[1]
		status := fmt.Sprintf("most likely %s (%.0f %%)", ds.Status, ds.Probability*100)
		switch {
		case notBreached <= 1-Likely:
			return truce.ClaimContradicted, fmt.Sprintf("breached or worse with probability %.0f %%, %s: %s", (1-notBreached)*100, status, counts), notBreached
		case held >= Likely:
			return truce.ClaimSupported, fmt.Sprintf("holding with probability %.0f %%: %s", held*100, counts), held
		case notBreached >= Likely:
			return truce.ClaimMixed, fmt.Sprintf("violations below a breach (strained) with probability %.0f %%, not breached with probability %.0f %%: holding only in the loose sense; %s", ds.Chances[1]*100, notBreached*100, counts), notBreached
		}
		return truce.ClaimInsufficient, fmt.Sprintf("not breached with probability %.0f %%, %s: too near even to call; %s", notBreached*100, status, counts), notBreached
	case truce.AssertNotHolding:
		// The complement of holding: true when breached or worse; false
		// when it held; violations below a breach make it true only in
		// the loose sense (not fully respected), with the probability of
		// any violation.
		held := ds.Chances[0]
		notBreached := ds.Chances[0] + ds.Chances[1]
		status := fmt.Sprintf("most likely %s (%.0f %%)", ds.Status, ds.Probability*100)
		switch {
		case 1-notBreached >= Likely:
			return truce.ClaimSupported, fmt.Sprintf("breached or worse with probability %.0f %%, %s: %s", (1-notBreached)*100, status, counts), 1 - notBreached
		case held >= Likely:
			return truce.ClaimContradicted, fmt.Sprintf("holding with probability %.0f %%: %s", held*100, counts), 1 - notBreached
		case notBreached >= Likely:
			return truce.ClaimMixed, fmt.Sprintf("violations below a breach (strained) with probability %.0f %%, not breached with probability %.0f %%: not holding only in the loose sense, not fully respected; %s", ds.Chances[1]*100, notBreached*100, counts), 1 - held
		}
		return truce.ClaimInsufficient, fmt.Sprintf("breached or worse with probability %.0f %%, %s: too near even to call; %s", (1-notBreached)*100, status, counts), 1 - notBreached
	case truce.AssertNoViolations:
		return grade(ds.NoViolation, "no violation")
	case truce.AssertNotSerious:
		// "Minor violations that do not affect the ceasefire" concedes
		// violations and says they fall short of breaking the truce. Data of
		// deadly events only (GED) make nearly every violation serious by
		// an agreement's severity rules (a death, a shell), so "no serious
		// violation" alone would contradict every such claim that any death
		// follows: below the agreement's breach threshold, the claim is
		// true in the loose sense, as a holding claim is when strained.
		noSerious := ds.NoSerious
		notBreached := ds.Chances[0] + ds.Chances[1]
		switch {
		case notBreached <= 1-Likely:
			return truce.ClaimContradicted, fmt.Sprintf("breached or worse with probability %.0f %%, most likely %s (%.0f %%): %s", (1-notBreached)*100, ds.Status, ds.Probability*100, counts), notBreached
		case noSerious >= Likely:
			return truce.ClaimSupported, fmt.Sprintf("no serious or grave violation with probability %.0f %%: %s", noSerious*100, counts), noSerious
		case notBreached >= Likely:
			return truce.ClaimMixed, fmt.Sprintf("a violation the agreement counts as serious or grave with probability %.0f %%, but not breached with probability %.0f %%: minor only in the loose sense, the truce not broken; %s", (1-noSerious)*100, notBreached*100, counts), notBreached
		}
		return truce.ClaimInsufficient, fmt.Sprintf("no serious or grave violation with probability %.0f %%, not breached with probability %.0f %%: too near even to call; %s", noSerious*100, notBreached*100, counts), notBreached
	}
	return truce.ClaimInsufficient, counts, 0
}

// accusationVerdict weighs an accusation: the expected number of the
// window's violations whose alleged party is the accused.
//
// An incident whose data give no direction (a battle between the accused
// and another side) may be the accused's: it counts at its probability
// times the accused's share of the window's violations whose data do give
// one (shelling, air strikes), with one of each side added so that a
// window with none gives even chances. In a government offensive, whose
// directed violations are the government's, the battles are then not
// taken for the defenders' violations.
func accusationVerdict(c truce.Claim, list []JudgedIncident, expected, violations float64, when string) (truce.ClaimVerdict, string, float64) {
	var directed, directedBy float64
	for _, ji := range list {
		if ji.AllegedParty != "" {
			directed += ji.P.Mid
			if ji.AllegedParty == c.Accused {
				directedBy += ji.P.Mid
			}
		}
	}
	share := (directedBy + 1) / (directed + 2)
	none := 1.0
	undirected := 0
	for _, ji := range list {
		switch {
		case by(ji, c.Accused):
			none *= 1 - ji.P.Mid
		case ji.AllegedParty == "" && ji.P.Mid > 0 && slices.Contains(ji.Sides, c.Accused):
			none *= 1 - ji.P.Mid*share
			undirected++
		}
	}
	p := round3(1 - none)
	even := ""
	if undirected > 0 {
		even = fmt.Sprintf("; %d more possible violations between %s and another side give no direction, and each counts as %s's with probability %.2f (its share of the %.1f expected violations whose data give one, %.1f, with one of each side added)",
			undirected, c.Accused, c.Accused, share, directed, directedBy)
	}
	if c.Accused == truce.AccusedUnknown {
		// The words name no attacker: what can be checked is that someone
		// violated the truce there and then. Quiet data do not refute it
		// (an attack GED missed, or one that killed no one).
		if p >= Likely {
			return truce.ClaimSupported, fmt.Sprintf("the claim names no attacker; %.1f expected violations by anyone %s (at least one with probability %.0f %%)", violations, when, p*100), p
		}
		return truce.ClaimInsufficient, fmt.Sprintf("the claim names no attacker; %.1f expected violations by anyone %s (at least one with probability %.0f %%); datasets such as GED record only deadly events, so this does not refute the claim", violations, when, p*100), p
	}
	if p >= Likely {
		return truce.ClaimSupported, fmt.Sprintf("%.1f of %.1f expected violations %s are attributed to %s%s (at least one by %s with probability %.0f %%)", expected, violations, when, c.Accused, even, c.Accused, p*100), p
	}
	return truce.ClaimInsufficient, fmt.Sprintf("%.1f of %.1f expected violations %s are attributed to %s%s (at least one by %s with probability %.0f %%); the data rarely say who fired first, so this does not refute the claim", expected, violations, when, c.Accused, even, c.Accused, p*100), p
}

// by says whether an incident's violation, if it is one, is accused's:
// any incident is, for an accusation whose words name no attacker.
func by(ji JudgedIncident, accused string) bool {
	return accused == truce.AccusedUnknown || accused != "" && ji.AllegedParty == accused
}

// attributed is the expected number of incidents in list that are
// violations by accused.
func attributed(list []JudgedIncident, accused string) float64 {
	n := 0.0
	for _, ji := range list {
		if by(ji, accused) {
			n += ji.P.Mid
		}
	}
	return n
}

// pickIncidents orders the incidents that bear on the claim, weightiest
// first: the likeliest violations first, then by severity and deaths.
func pickIncidents(c truce.Claim, list []JudgedIncident) []string {
	var keep []JudgedIncident
	for _, ji := range list {
		switch {
		case ji.P.High <= 0:
		case c.Assertion == truce.AssertAccusation && !by(ji, c.Accused):
		default:
			keep = append(keep, ji)
		}
	}
	slices.SortStableFunc(keep, func(x, y JudgedIncident) int {
		if c.Assertion == truce.AssertNotSerious {
			// Serious ones are the evidence, whatever their verdict.
			sx, sy := truce.SeverityRank(x.Severity) >= 2, truce.SeverityRank(y.Severity) >= 2
			if sx != sy {
				if sx {
					return -1
				}
				return 1
			}
		}
		return cmp.Or(cmp.Compare(y.P.Mid, x.P.Mid), cmp.Compare(truce.SeverityRank(y.Severity), truce.SeverityRank(x.Severity)),
			cmp.Compare(y.Deaths, x.Deaths), x.Day.Compare(y.Day), cmp.Compare(x.Ref, y.Ref))
	})
	return refs(keep)
}

func refs(list []JudgedIncident) []string {
	var out []string
	for _, ji := range list[:min(len(list), truce.MaxClaimIncidents)] {
		out = append(out, ji.Ref)
	}
	return out
}

// minTrendDays is the fewest days a side a change on few incidents is
// called on: fewer cannot show the days' own swing.
const minTrendDays = 7

func checkTrend(chk *truce.ClaimCheck, c truce.Claim, f Frame, a *truce.Agreement, zones []truce.Zone, areas []Area, rows []truce.ZoneDay, ev Evidence) error {
	date := f.To
	chk.WindowFrom, chk.WindowTo = date, date
	if !f.PerZone {
		chk.WindowFrom = f.BaseFrom
	}
	significant := asksSignificant(c.Text)
	first, last, spanned := dataSpan(ev)
	for _, z := range zones {
		// The days compared: the claim's (before: BaseFrom..BaseTo,
		// after: From..To) or, by default, as many days either side of
		// the zone's ceasefire start.
		brk, _ := a.ZonePeriod(z)
		beforeFrom, beforeTo, afterFrom := f.BaseFrom, f.BaseTo, f.From
		if f.PerZone {
			n := daysBetween(brk, date) + 1
			if n < 1 {
				ze := truce.ZoneEvidence{ZoneID: z.ID, Break: brk}
				ze.Verdict, ze.Reason = truce.ClaimInsufficient, fmt.Sprintf("the claim's date %s is before the zone's ceasefire began on %s: there is no after to compare", day(date), day(brk))
				chk.PerZone = append(chk.PerZone, ze)
				continue
			}
			beforeFrom, beforeTo, afterFrom = brk.AddDate(0, 0, -n), brk.AddDate(0, 0, -1), brk
			chk.WindowFrom = minTime(chk.WindowFrom, beforeFrom)
		}
		ze := truce.ZoneEvidence{ZoneID: z.ID, Break: afterFrom}
		// Days no source covers are missing, not calm: cut both windows
		// to the days the data span.
		var cut []string
		if spanned && beforeFrom.Before(first) {
			cut = append(cut, fmt.Sprintf("the data begin on %s, so the days before are left out, not counted as quiet", day(first)))
			beforeFrom = first
		}
		if spanned && afterFrom.Before(first) {
			afterFrom = first
		}
		afterTo := date
		if spanned && afterTo.After(last) {
			cut = append(cut, fmt.Sprintf("the data end on %s, so the days after are left out", day(last)))
			afterTo = last
		}
		nb, na := daysBetween(beforeFrom, beforeTo)+1, daysBetween(afterFrom, afterTo)+1
		if nb < 1 || na < 1 {
			ze.Verdict, ze.Reason = truce.ClaimInsufficient, fmt.Sprintf("no data cover the days compared (%s to %s against %s to %s): %s",
				day(f.BaseFrom), day(f.BaseTo), day(f.From), day(f.To), strings.Join(cut, "; "))
			chk.PerZone = append(chk.PerZone, ze)
			continue
		}
		// All violence in the zone decides, as claims of declining violence
		// speak of it; the violence the agreement covers (leaving out
		// operations against excluded groups) is shown beside it.
		var inArea []JudgedIncident // the area's incidents of both windows
		if len(areas) > 0 {
			if ev == nil {
				ze.Verdict, ze.Reason = truce.ClaimInsufficient, fmt.Sprintf("the claim is about %s: the incidents were not looked up, so the counts cannot be narrowed to it", areaNames(areas))
				chk.PerZone = append(chk.PerZone, ze)
				continue
			}
			list, err := ev.ZoneIncidents(z.ID, beforeFrom, afterTo, false)
			if err != nil {
				return err
			}
			inArea = inAreas(list, areas)
		}
		trend := func(covered bool) (stats.RateRatioResult, stats.VerdictResult, error) {
			var before, after []float64
			if len(areas) > 0 {
				// Incidents in the area per day, both windows: the
				// zone's rollup does not know the area.
				before, after = make([]float64, nb), make([]float64, na)
				for _, ji := range inArea {
					d := truce.CalendarDay(ji.Day)
					if i := daysBetween(beforeFrom, d); i >= 0 && i < nb {
						before[i]++
					}
					if i := daysBetween(afterFrom, d); i >= 0 && i < na {
						after[i]++
					}
				}
			} else {
				before = assess.DailyCounts(rows, z.ID, beforeFrom, nb, insideOnly, covered, false)
				after = assess.DailyCounts(rows, z.ID, afterFrom, na, insideOnly, covered, false)
			}
			rr, err := stats.RateRatio(before, after, stats.Options{Seed: 1})
			if err != nil {
				return rr, stats.VerdictResult{}, fmt.Errorf("judge: rate ratio for zone %s: %w", z.ID, err)
			}
			sv, err := stats.Verdict(rr, stats.VerdictOptions{})
			if err != nil {
				return rr, sv, fmt.Errorf("judge: trend verdict for zone %s: %w", z.ID, err)
			}
			return rr, sv, nil
		}
		rr, sv, err := trend(false)
		if err != nil {
			return err
		}
		crr, csv := rr, sv // the area's counts do not tell excluded groups apart
		if len(areas) == 0 {
			if crr, csv, err = trend(true); err != nil {
				return err
			}
		}
		// How likely the claimed change is real: "significant" claims need
		// a change beyond the 20 % that stats.Verdict calls material.
		threshold := 1.0
		if significant {
			threshold = stats.DefaultMeaningfulRatio
		}
		if c.Assertion == truce.AssertIncrease {
			if significant {
				threshold = 1 / stats.DefaultMeaningfulRatio
			}
			ze.Probability = round3(1 - rr.ProbBelow(threshold))
		} else {
			ze.Probability = round3(rr.ProbBelow(threshold))
		}
		ze.DaysBefore, ze.DaysAfter, ze.TotalBefore, ze.TotalAfter = nb, na, rr.TotalBefore, rr.TotalAfter
		ze.RateRatio, ze.IntervalLower, ze.Trend = rr.Ratio, sv.Interval.Lower, string(sv.Outcome)
		if !math.IsInf(sv.Interval.Upper, 0) {
			ze.IntervalUpper = sv.Interval.Upper
		}
		where := "inside the zone"
		if len(areas) > 0 {
			where = "in " + areaNames(areas) + " (scope narrowed from the zone: " + areaRules(areas) + ")"
		}
		nums := fmt.Sprintf("%g incidents %s in the %d days %s to %s, %g in the %d days %s to %s", rr.TotalBefore, where, nb, day(beforeFrom), day(beforeTo),
			rr.TotalAfter, na, day(afterFrom), day(afterTo))
		if len(cut) > 0 {
			nums += " (" + strings.Join(cut, "; ") + ")"
		}
		// The verdict follows the probability, as for the other claims; the
		// significance test's outcome is the evidence beside it.
		what := string(c.Assertion)
		if threshold != 1 {
			what = fmt.Sprintf("a %s of at least 20 %%", c.Assertion)
		}
		text := fmt.Sprintf("%s with probability %.0f %% (%s): %s; %s", what, ze.Probability*100, sv.Outcome, nums, sv.Reason)
		if sv.Outcome == stats.InsufficientData {
			// Few incidents leave the significance test without a reading,
			// but the probability of the claimed change still says how far
			// they go (9 incidents before, 3 after: a decline of 20 % with
			// probability 0.9); the verdict follows it, the reason says how
			// few they were. Nothing at all in either window gives no
			// number.
			text = fmt.Sprintf("%s with probability %.0f %%, from few incidents (%s): %s; %s", what, ze.Probability*100, sv.Outcome, nums, sv.Reason)
		}
		switch p := ze.Probability; {
		case rr.TotalBefore+rr.TotalAfter == 0:
			ze.Probability = 0
			ze.Verdict, ze.Reason = truce.ClaimInsufficient, fmt.Sprintf("%s: %s; %s", sv.Outcome, nums, sv.Reason)
		case sv.Outcome == stats.InsufficientData && min(nb, na) < minTrendDays:
			// A day or two a side cannot show how much the days swing on
			// their own (3 incidents one day, none the next, is common in
			// any week): the number is said, the verdict is not called.
			ze.Verdict, ze.Reason = truce.ClaimInsufficient, fmt.Sprintf("%s; with %d and %d days compared, too few to tell a change from the days' own swing", text, nb, na)
		case p >= Likely:
			ze.Verdict, ze.Reason = truce.ClaimSupported, text
		case p <= 1-Likely:
			ze.Verdict, ze.Reason = truce.ClaimContradicted, text
		default:
			ze.Verdict, ze.Reason = truce.ClaimInsufficient, text+"; too near even to call"
		}
		if crr.TotalBefore != rr.TotalBefore || crr.TotalAfter != rr.TotalAfter {
			ze.Reason += fmt.Sprintf("; counting only the violence the agreement covers (%g and %g incidents, operations against excluded groups left out): rate ratio %.2f, %s",
				crr.TotalBefore, crr.TotalAfter, crr.Ratio, csv.Outcome)
			ze.CoveredRateRatio, ze.CoveredTrend = crr.Ratio, string(csv.Outcome)
		}
		if ev != nil && rr.TotalAfter > 0 {
			list, err := ev.ZoneIncidents(z.ID, afterFrom, afterTo, false)
			if err != nil {
				return err
			}
			if len(areas) > 0 {
				list = inAreas(list, areas)
			}
			// What violence remained after the break, deadliest first.
			slices.SortStableFunc(list, func(x, y JudgedIncident) int {
				return cmp.Or(cmp.Compare(y.Deaths, x.Deaths), x.Day.Compare(y.Day), cmp.Compare(x.Ref, y.Ref))
			})
			ze.Incidents = refs(list)
		}
		chk.PerZone = append(chk.PerZone, ze)
	}
	return nil
}

// claimProbability is how likely the whole claim is true: for a claim about
// all the zones it names (holding, no-violations, not-serious, decline,
// increase), the
// product of the zones' probabilities, each zone's window being weighed on
// its own incidents; 0 when some zone gave none.
func claimProbability(c truce.Claim, per []truce.ZoneEvidence) float64 {
	if !weighsProbability(c.Assertion) {
		return 0
	}
	p := 1.0
	for _, ze := range per {
		if ze.Verdict == truce.ClaimInsufficient && ze.Probability == 0 {
			return 0
		}
		p *= ze.Probability
	}
	if len(per) == 0 {
		return 0
	}
	return round3(p)
}

// weighsProbability says whether a claim of the assertion gets a
// probability of its own, from its zones' (a count or an accusation does
// not).
func weighsProbability(assertion string) bool {
	switch assertion {
	case truce.AssertHolding, truce.AssertNotHolding, truce.AssertNoViolations, truce.AssertNotSerious, truce.AssertDecline, truce.AssertIncrease:
		return true
	}
	return false
}

// combine turns the zones' verdicts into the claim's (rules in this file's
// comment).
func combine(c truce.Claim, per []truce.ZoneEvidence) (truce.ClaimVerdict, string) {
	by := map[truce.ClaimVerdict][]string{}
	for _, ze := range per {
		by[ze.Verdict] = append(by[ze.Verdict], ze.ZoneID)
	}
	n := len(per)
	sup, con, mix := len(by[truce.ClaimSupported]), len(by[truce.ClaimContradicted]), len(by[truce.ClaimMixed])
	var parts []string
	for _, v := range []truce.ClaimVerdict{truce.ClaimSupported, truce.ClaimContradicted, truce.ClaimMixed, truce.ClaimInsufficient} {
		if z := by[v]; len(z) > 0 {
			parts = append(parts, fmt.Sprintf("%s in %d of %d zones (%s)", v, len(z), n, strings.Join(z, ", ")))
		}
	}
	summary := strings.Join(parts, "; ")
	universal := c.Assertion == truce.AssertHolding || c.Assertion == truce.AssertNoViolations || c.Assertion == truce.AssertNotSerious
	switch {
	case n == 0:
		return truce.ClaimInsufficient, "the agreement has no zones to check"
	case c.Assertion == truce.AssertAccusation:
		if sup > 0 {
			return truce.ClaimSupported, summary
		}
		return truce.ClaimInsufficient, summary
	case universal && c.Scope.All && con > 0:
		return truce.ClaimContradicted, summary + ": the claim is about every zone, and one contradicted zone contradicts it"
	case sup == n:
		return truce.ClaimSupported, summary
	case con == n:
		return truce.ClaimContradicted, summary
	case con > 0 && sup > 0, mix > 0:
		return truce.ClaimMixed, summary
	case !universal && sup > 0:
		// A change shown in some zones and not in others: partly true. A
		// claim that holds only if it holds everywhere stays unsettled.
		return truce.ClaimMixed, summary
	}
	return truce.ClaimInsufficient, summary
}

// ClaimOverrides are what a user says about a claim beyond its words: the
// assertion, the zones ("all" or comma-separated IDs) and the accused actor.
type ClaimOverrides struct {
	Assertion, Zones, Accused string
}

// OverrideError is a ReadClaim error in the overrides rather than the words.
type OverrideError struct{ Msg string }

func (e *OverrideError) Error() string { return e.Msg }

// Unwrap makes an OverrideError an EINVALID *truce.Error.
func (e *OverrideError) Unwrap() error { return &truce.Error{Code: truce.EINVALID, Message: e.Msg} }

// ReadClaim fills c's scope and assertion from its words, with o overriding
// them. Messages name the overrides with prefix before the field name ("--"
// for command-line flags, "" for API fields). Errors in o are
// *OverrideError.
func ReadClaim(c *truce.Claim, a *truce.Agreement, o ClaimOverrides, prefix string) error {
	if o.Assertion != "" && !slices.Contains(truce.Assertions, o.Assertion) {
		return &OverrideError{fmt.Sprintf("%sassertion %q: want one of %s", prefix, o.Assertion, strings.Join(truce.Assertions, ", "))}
	}
	if o.Accused != "" && o.Assertion != "" && o.Assertion != truce.AssertAccusation {
		return &OverrideError{fmt.Sprintf("%saccused goes with %sassertion accusation, not %s", prefix, prefix, o.Assertion)}
	}
	switch zones := strings.TrimSpace(o.Zones); zones {
	case "":
		var notes []string
		c.Scope, notes = ParseScope(c.Text, a)
		c.Notes = append(c.Notes, notes...)
		SpeakerScope(c, a)
	case "all":
		c.Scope = truce.ClaimScope{All: true}
		c.Notes = append(c.Notes, "scope: all zones, from "+prefix+"zones")
	default:
		for _, z := range strings.Split(zones, ",") {
			z = strings.TrimSpace(z)
			if !a.HasZone(z) {
				ids := make([]string, len(a.Zones))
				for i, zz := range a.Zones {
					ids[i] = zz.ID
				}
				return &OverrideError{fmt.Sprintf("%szones: agreement %s has no zone %q (it has %s)", prefix, a.ID, z, strings.Join(ids, ", "))}
			}
			if !slices.Contains(c.Scope.Zones, z) {
				c.Scope.Zones = append(c.Scope.Zones, z)
			}
		}
		c.Notes = append(c.Notes, "scope: from "+prefix+"zones")
	}
	if o.Accused != "" {
		id, ok := ResolveActor(a, o.Accused)
		if o.Accused == truce.AccusedUnknown {
			id, ok = o.Accused, true
		}
		if !ok {
			return &OverrideError{fmt.Sprintf("%saccused %q: not a party, guarantor or excluded group of %s (nor %q, for an attacker the words do not name)", prefix, o.Accused, a.ID, truce.AccusedUnknown)}
		}
		c.Assertion, c.Accused = truce.AssertAccusation, id
		c.Notes = append(c.Notes, "assertion: accusation of "+id+", from "+prefix+"accused")
		return nil
	}
	if o.Assertion == "" {
		parsed, who, notes, err := ParseAssertion(c.Text, a)
		if words, ok := NegatedHolding(c.Text); ok && err != nil {
			// "The ceasefire is not holding", "the truce has collapsed":
			// the failed ceasefire is what is claimed, and checked so.
			c.Assertion = truce.AssertNotHolding
			c.Notes = append(c.Notes, fmt.Sprintf("assertion: not-holding, from %q", words))
			return nil
		}
		q, counts := ReadQuantity(c.Text)
		switch {
		case err != nil && counts:
			// "12 violations were recorded", "no one was killed": a count.
			c.Assertion = truce.AssertCount
			c.Notes = append(c.Notes, fmt.Sprintf("assertion: count of %d %s, from %q", q.N, q.What, q.Said))
			return nil
		case err != nil:
			return err
		case counts:
			notes = append(notes, fmt.Sprintf("the claim also gives a count (%q), not checked here: run it again with %sassertion count", q.Said, prefix))
		}
		c.Assertion, c.Accused = parsed, who
		c.Notes = append(c.Notes, notes...)
		if kinds, note := kindsOf(c.Text, notes, parsed); len(kinds) > 0 {
			c.Scope.Kinds = kinds
			c.Notes = append(c.Notes, note)
		}
		return nil
	}
	c.Assertion = o.Assertion
	c.Notes = append(c.Notes, "assertion: from "+prefix+"assertion")
	if o.Assertion == truce.AssertAccusation {
		// The words may still name the accused.
		if _, who, _, err := ParseAssertion(c.Text, a); err == nil && who != "" {
			c.Accused = who
		} else {
			return &OverrideError{fmt.Sprintf("%sassertion accusation needs %saccused ACTOR: the claim's words name no actor of %s after an accusing word", prefix, prefix, a.ID)}
		}
	}
	return nil
}

// EvidenceStore is what CheckStored reads.
type EvidenceStore interface {
	Stats(ctx context.Context) (truce.StoreStats, error)
	ZoneDays(ctx context.Context, f truce.ZoneDayFilter) ([]truce.ZoneDay, error)
	Incidents(ctx context.Context, f truce.IncidentFilter, fn func(*truce.Incident) error) error
	JudgementHistory(ctx context.Context, incidentID int64, agreementID string) ([]truce.Judgement, error)
}

// CheckStored checks c against the stored verdicts of agreement a around
// c's date and sets c.Check. It returns the agreement version whose
// verdicts it used, which differs from version when the current version has
// not been judged yet.
func CheckStored(ctx context.Context, st EvidenceStore, a *truce.Agreement, version int, c *truce.Claim, now time.Time) (int, error) {
	from, to := ClaimRange(*c, a)
	rows, err := st.ZoneDays(ctx, truce.ZoneDayFilter{AgreementID: a.ID, From: from, To: to})
	if err != nil {
		if truce.ErrorCode(err) == truce.ENOTFOUND {
			return 0, truce.Errorf(truce.ENOTFOUND, "claims are checked against verdicts, and %s", truce.ErrorMessage(err))
		}
		return 0, err
	}
	judged := version
	if len(rows) > 0 {
		judged = rows[0].AgreementVersion
	}
	chk, err := CheckClaim(*c, a, judged, rows, &storeEvidence{ctx: ctx, db: st, agreement: a, agreementID: a.ID, version: judged})
	if err != nil {
		return judged, err
	}
	chk.CheckedAt = now.UTC().Truncate(time.Second)
	c.Check = &chk
	return judged, nil
}

// storeEvidence answers Evidence from a store: the incidents of a zone and
// their verdicts under the checked version.
type storeEvidence struct {
	ctx         context.Context
	db          EvidenceStore
	agreement   *truce.Agreement // resolves the incidents' sides
	agreementID string
	version     int
}

// AdminUnits are the stored admin boundaries, none when the store keeps
// none.
func (e *storeEvidence) AdminUnits() ([]truce.AdminUnit, error) {
	b, ok := e.db.(interface {
		AdminUnits(ctx context.Context) ([]truce.AdminUnit, error)
	})
	if !ok {
		return nil, nil
	}
	units, err := b.AdminUnits(e.ctx)
	if truce.ErrorCode(err) == truce.ENOTFOUND {
		return nil, nil
	}
	return units, err
}

// DataEnd is the last day of the store's data: a claim about days after it
// finds no coverage, not calm.
func (e *storeEvidence) DataEnd() (time.Time, error) { return assess.DataEnd(e.ctx, e.db) }

// DataSpan is the span of the stored incidents' days.
func (e *storeEvidence) DataSpan() (first, last time.Time, err error) {
	st, err := e.db.Stats(e.ctx)
	return st.FirstDate, st.LastDate, err
}

func (e *storeEvidence) ZoneIncidents(zone string, from, to time.Time, judged bool) ([]JudgedIncident, error) {
	return e.zoneIncidents(zone, from, to, judged, nil)
}

// WindowIncidents returns every standing incident whose days meet [from,
// to], in a zone or not, verdicts left empty: a dataset's count of
// several days that began up to truce.MaxSpanDays before too.
func (e *storeEvidence) WindowIncidents(from, to time.Time) ([]JudgedIncident, error) {
	from = truce.CalendarDay(from)
	var out []JudgedIncident
	err := e.db.Incidents(e.ctx, truce.IncidentFilter{From: from.AddDate(0, 0, -(truce.MaxSpanDays - 1)), To: to}, func(inc *truce.Incident) error {
		if truce.CalendarDay(inc.DateEnd).Before(from) {
			return nil
		}
		ji := judgedOf(inc)
		ji.Placement = truce.Inside
		out = append(out, ji)
		return nil
	})
	return out, err
}

// judgedOf is an incident as a claim check cites it, not yet judged.
func judgedOf(inc *truce.Incident) JudgedIncident {
	return JudgedIncident{Ref: inc.Source + ":" + inc.SourceKey, Day: inc.DateStart, DayEnd: inc.DateEnd, Deaths: inc.Fatalities.Best,
		DeathsLow: inc.Fatalities.Low, DeathsHigh: inc.Fatalities.High, Civilians: inc.Fatalities.Civilians, Unknown: inc.Fatalities.Unknown,
		Location: inc.Location}
}

// SpanningIncidents returns the standing incidents of zone that began
// before from, at most truce.MaxSpanDays before, and go on into it: a
// dataset's weekly or monthly counts, as ZoneIncidents returns them.
func (e *storeEvidence) SpanningIncidents(zone string, from time.Time, judged bool) ([]JudgedIncident, error) {
	from = truce.CalendarDay(from)
	return e.zoneIncidents(zone, from.AddDate(0, 0, -(truce.MaxSpanDays-1)), from.AddDate(0, 0, -1), judged, func(inc *truce.Incident) bool {
		return !truce.CalendarDay(inc.DateEnd).Before(from)
	})
}

// zoneIncidents is ZoneIncidents of the incidents keep accepts (all when
// it is nil).
func (e *storeEvidence) zoneIncidents(zone string, from, to time.Time, judged bool, keep func(*truce.Incident) bool) ([]JudgedIncident, error) {
	placements := []truce.Placement{truce.Inside}
	if judged {
		// The rollup counts an incident under the zone its judgement names,
		// whatever its placement there.
		placements = []truce.Placement{truce.Inside, truce.InBuffer, truce.Uncertain}
	}
	var incs []*truce.Incident
	err := e.db.Incidents(e.ctx, truce.IncidentFilter{AgreementID: e.agreementID, Zone: zone, Placements: placements, From: from, To: to},
		func(inc *truce.Incident) error {
			if keep == nil || keep(inc) {
				incs = append(incs, inc)
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	var out []JudgedIncident
	for _, inc := range incs {
		ji := judgedOf(inc)
		if e.agreement != nil {
			for _, side := range []string{inc.SideA, inc.SideB} {
				if id, ok := ResolveActor(e.agreement, side); ok {
					ji.Sides = append(ji.Sides, id)
				}
			}
		}
		for _, mb := range inc.Zones {
			if mb.ZoneID == zone {
				ji.Placement = mb.Placement
			}
		}
		if judged {
			hist, err := e.db.JudgementHistory(e.ctx, inc.ID, e.agreementID)
			if truce.ErrorCode(err) == truce.ENOTFOUND {
				continue
			}
			if err != nil {
				return nil, err
			}
			i := slices.IndexFunc(hist, func(j truce.Judgement) bool { return j.AgreementVersion == e.version })
			if i < 0 || hist[i].ZoneID != zone {
				continue
			}
			ji.Verdict, ji.P, ji.Severity, ji.AllegedParty, ji.Excluded = hist[i].Verdict, hist[i].P, hist[i].Severity, hist[i].AllegedParty, hist[i].Excluded
		}
		out = append(out, ji)
	}
	return out, nil
}

func day(t time.Time) string { return t.Format(truce.DateLayout) }
