package news

import (
	"fmt"
	"strings"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/claim"
)

// Item is a statement read as a claim, or skipped with the reason.
type Item struct {
	Statement
	Claim *claim.ParsedClaim // nil when skipped
	Skip  string             // why the statement is no checkable claim
	// Counts are the violations the statement reports counted, with their
	// reporter ("Russian side" 15, "Turkish side" 11), read whether or not
	// it is a claim: a bulletin's counts assert nothing checkable alone,
	// but are data for a reporter's series (claim.Count).
	Counts []claim.Count
}

// CountedSentence is a sentence of an article that reports counts of
// violations, whoever is said to speak.
type CountedSentence struct {
	Sentence
	Counts []claim.Count
}

// Counts reads the counts of violations in every sentence of the article
// on the ceasefire's topic, speech or not: bulletins state counts without
// a speech verb ("Russian observers registered 15 violations").
func Counts(a *Article) []CountedSentence {
	rl := langs[a.Lang]
	if rl == nil {
		return nil
	}
	var out []CountedSentence
	prev := false // the sentence before gave counts
	for _, s := range Sentences(a) {
		cs := claim.ParseCounts(a.Lang, s.Text)
		// A sentence off the topic still counts when it continues a
		// bulletin's counts with the other side's ("At the same time the
		// Turkish side have recorded 14 such cases").
		if len(cs) > 0 && (rl.onTopic(s.Text) || prev && cs[0].Reporter != "") {
			out = append(out, CountedSentence{Sentence: s, Counts: cs})
			prev = true
			continue
		}
		prev = false
	}
	return out
}

// LanguageSkip says why an article's statements cannot be read (no rules
// for its language), or "" when they can.
func LanguageSkip(a *Article) string {
	if langs[a.Lang] != nil {
		return ""
	}
	return fmt.Sprintf("no extraction rules for language %q (there are for %s): no statements read", a.Lang, strings.Join(Languages(), ", "))
}

// MaxClaimsPerArticle bounds the claims one article may yield: the longest
// briefings hold dozens; thousands mean a transcript or a dump, which would
// bury the claims worth checking.
const MaxClaimsPerArticle = 200

// CountClaims counts the items read as claims.
func CountClaims(items []Item) int {
	n := 0
	for _, it := range items {
		if it.Claim != nil {
			n++
		}
	}
	return n
}

// Classify reads each statement about the ceasefire's topic (the rules'
// [topic] words) into a claim against agreement a with judge's claim
// grammar; the others, and those the grammar cannot read, are skipped.
func Classify(a *Article, sts []Statement, ag *truce.Agreement) []Item {
	rl := langs[a.Lang]
	out := make([]Item, 0, len(sts))
	for _, st := range sts {
		it := Item{Statement: st}
		if rl == nil || !rl.onTopic(st.Sentence) {
			it.Skip = "not about the ceasefire"
			out = append(out, it)
			continue
		}
		p, err := claim.ParseClaimIn(a.Lang, st.Sentence, ag)
		it.Counts = p.Counts
		if id, words, ok := rl.activeAccusation(st.Sentence, ag, true); ok && (err != nil || p.Assertion != truce.AssertAccusation) {
			// The claim grammar reads passive accusations; the active
			// voice ("the militants shelled …") is read here.
			scope, notes := claim.ParseScopeIn(a.Lang, st.Sentence, ag)
			p, err = claim.ParsedClaim{Scope: scope, Assertion: truce.AssertAccusation, Accused: id, Hedges: p.Hedges, Counts: p.Counts,
				Notes: append(notes, fmt.Sprintf("assertion: accusation, from %q (active voice)", words), "accused: "+id)}, nil
		}
		if err != nil {
			msg := truce.ErrorMessage(err)
			if i := strings.Index(msg, ":"); i > 0 && strings.Contains(msg, "--") {
				msg = msg[:i] // the CLI flags it suggests do not apply here
			}
			it.Skip = msg
			if len(it.Counts) > 0 {
				it.Skip = "reports counts, " + FormatCounts(it.Counts) + "; as a claim: " + msg
			}
		} else {
			it.Claim = &p
		}
		out = append(out, it)
	}
	return out
}

func (rl *rules) onTopic(s string) bool {
	l := " " + strings.Join(strings.FieldsFunc(lower(s), func(r rune) bool {
		return !isWordRune(r) && r != '-'
	}), " ") + " "
	for _, w := range rl.topic {
		if strings.Contains(l, " "+w+" ") {
			return true
		}
	}
	return false
}

// FormatCounts says counts as "15 violations (Russian side), 11 (Turkish side)".
func FormatCounts(cs []claim.Count) string {
	var parts []string
	for _, c := range cs {
		p := fmt.Sprintf("%d %s", c.N, c.What)
		if c.Reporter != "" {
			p += " (" + c.Reporter + ")"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, ", ")
}
