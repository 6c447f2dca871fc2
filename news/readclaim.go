package news

import (
	"errors"
	"fmt"
	"strings"

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
	if err == nil || errors.As(err, &oe) || o != (claim.ClaimOverrides{}) {
		return err
	}
	lang := DetectLanguage(c.Text)
	if langs[lang] == nil {
		return err
	}
	a := &Article{Name: "claim", Lang: lang, Date: c.Date, Body: c.Text}
	st := Statement{Speaker: c.Speaker, Sentence: c.Text, N: 1, Date: c.Date}
	items := Classify(a, []Statement{st}, ag)
	if len(items) == 0 || items[0].Claim == nil {
		return err
	}
	p := items[0].Claim
	*c = before
	c.Scope, c.Assertion, c.Accused = p.Scope, p.Assertion, p.Accused
	why := truce.ErrorMessage(err)
	if i := strings.Index(why, ":"); i > 0 {
		why = why[:i]
	}
	c.Notes = append(append(c.Notes, p.Notes...), fmt.Sprintf("read as a news statement in %s (the claim grammar alone: %s)", lang, why))
	return nil
}
