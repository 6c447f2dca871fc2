package news

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/claim"
)

// ReadClaim reads a claim's words as claim.ReadClaim does and, where that
// grammar cannot tell what they assert and nothing overrides the reading,
// as `truce import news` reads a statement: in the language the words are
// in, with accusations in the active voice or of an attacker the words do
// not name, counts of violations, and deaths. A user who pastes a wire
// report's sentence into `truce claims check` gets what importing the
// article would have given.
func ReadClaim(c *truce.Claim, ag *truce.Agreement, o claim.ClaimOverrides, prefix string) error {
	before := *c
	before.Notes = append([]string(nil), c.Notes...)
	err := claim.ReadClaim(c, ag, o, prefix)
	var oe *claim.OverrideError
	if err == nil && c.Assertion == truce.AssertCount && o == (claim.ClaimOverrides{}) {
		return accusationOverDeaths(c, before, ag, prefix)
	}
	if err == nil || errors.As(err, &oe) || o != (claim.ClaimOverrides{}) {
		return err
	}
	lang := DetectLanguage(c.Text)
	p := readStatement(lang, c.Text, c.Speaker, c.Date, ag)
	if p == nil {
		return err
	}
	*c = before
	c.Scope, c.Assertion, c.Accused = p.Scope, p.Assertion, p.Accused
	why := truce.ErrorMessage(err)
	if i := strings.Index(why, ":"); i > 0 {
		why = why[:i]
	}
	c.Notes = append(append(c.Notes, p.Notes...), fmt.Sprintf("read as a news statement in %s (the claim grammar alone: %s)", lang, why))
	claim.SpeakerScope(c, ag)
	return nil
}

// readStatement reads text as `truce import news` reads a statement, in
// lang, the language it is in; nil when that gives no claim.
func readStatement(lang, text, speaker string, date time.Time, ag *truce.Agreement) *claim.ParsedClaim {
	if langs[lang] == nil {
		return nil
	}
	a := &Article{Name: "claim", Lang: lang, Date: date, Body: text}
	st := Statement{Speaker: speaker, Sentence: text, N: 1, Date: date}
	items := Classify(a, []Statement{st}, ag)
	if len(items) == 0 || items[0].Claim == nil {
		return nil
	}
	return items[0].Claim
}

// accusationOverDeaths keeps c, read as a count of dead, unless the words
// accuse a named actor of the attack that killed them ("the regime violated
// Thursday's truce, shelling Talbiseh and killing one person", "Russian
// warplanes struck eastern Daraa, killing five civilians"): the attack is
// what the statement asserts, the dead a detail of it, so the claim is the
// accusation and the number is named in a note, to check with --assertion
// count.
func accusationOverDeaths(c *truce.Claim, before truce.Claim, ag *truce.Agreement, prefix string) error {
	lang := DetectLanguage(c.Text)
	q, ok := claim.ReadDeathsIn(lang, c.Text)
	if !ok || q.What != claim.QuantityDeaths {
		return nil
	}
	p := readStatement(lang, c.Text, c.Speaker, c.Date, ag)
	if p == nil || p.Assertion != truce.AssertAccusation || p.Accused == "" || p.Accused == truce.AccusedUnknown {
		return nil
	}
	scope := c.Scope
	*c = before
	c.Scope, c.Assertion, c.Accused = scope, p.Assertion, p.Accused
	if len(p.Scope.Areas) > 0 || !p.Scope.All && len(scope.Zones) == 0 {
		c.Scope = p.Scope
	}
	c.Notes = append(append(c.Notes, p.Notes...),
		fmt.Sprintf("read as a news statement in %s: an accusation of %s; the claim also gives a count (%q), not checked here: run it again with %sassertion count", lang, p.Accused, q.Said, prefix))
	return nil
}
