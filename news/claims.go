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
		p, err := claim.ParseClaimDetail(st.Sentence, ag)
		if id, words, ok := rl.activeAccusation(st.Sentence, ag, true); ok && (err != nil || p.Assertion != truce.AssertAccusation) {
			// The claim grammar reads passive accusations; the active
			// voice ("the militants shelled …") is read here.
			scope, notes := claim.ParseScope(st.Sentence, ag)
			p, err = claim.ParsedClaim{Scope: scope, Assertion: truce.AssertAccusation, Accused: id,
				Notes: append(notes, fmt.Sprintf("assertion: accusation, from %q (active voice)", words), "accused: "+id)}, nil
		}
		if err != nil {
			msg := truce.ErrorMessage(err)
			if i := strings.Index(msg, ":"); i > 0 && strings.Contains(msg, "--") {
				msg = msg[:i] // the CLI flags it suggests do not apply here
			}
			it.Skip = msg
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
