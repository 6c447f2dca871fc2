package news

import (
	"strings"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/claim"
)

// TestReadClaim: words the claim grammar reads keep its reading; words
// only a statement's reading takes (other languages, an attacker not
// named) get that; overrides are never second-guessed.
func TestReadClaim(t *testing.T) {
	ag := astana(t)
	day := time.Date(2019, 5, 20, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, text         string
		o                  claim.ClaimOverrides
		assertion, accused string
		note               string // a note the reading must have
		err                string // the error, when there is one
	}{
		{"the claim grammar's reading", "The ceasefire is holding in Idlib", claim.ClaimOverrides{}, truce.AssertHolding, "", "assertion: holding", ""},
		{"an attacker not named", "Warplanes bombed the town of Khan Sheikhoun overnight", claim.ClaimOverrides{}, truce.AssertAccusation, truce.AccusedUnknown, "read as a news statement in en", ""},
		{"Russian", "Режим прекращения огня в зоне деэскалации Идлиб соблюдается", claim.ClaimOverrides{}, truce.AssertHolding, "", "read as a news statement in ru", ""},
		{"an override is not second-guessed", "Warplanes bombed the town of Khan Sheikhoun overnight", claim.ClaimOverrides{Zones: "idlib"}, "", "", "", "cannot tell what the claim asserts"},
		{"nothing to read", "The weather was fine", claim.ClaimOverrides{}, "", "", "", "cannot tell what the claim asserts"},
		// The dead of an attack a named actor made: the attack is the claim.
		{"an attack with its dead", "Government forces shelled the town of Kafr Nabl, killing three civilians", claim.ClaimOverrides{}, truce.AssertAccusation, "government-of-syria", "the claim also gives a count", ""},
		{"dead with no attacker named", "Shelling killed five people in Douma", claim.ClaimOverrides{}, truce.AssertCount, "", "assertion: count of 5 deaths", ""},
		{"a total of dead", "25 people were killed in the south in the past week", claim.ClaimOverrides{}, truce.AssertCount, "", "assertion: count", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := truce.Claim{Speaker: "someone", Text: tc.text, Date: day}
			err := ReadClaim(&c, ag, tc.o, "--")
			switch {
			case tc.err != "":
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one saying %q", err, tc.err)
				}
			case err != nil:
				t.Fatal(err)
			case c.Assertion != tc.assertion || c.Accused != tc.accused || !strings.Contains(strings.Join(c.Notes, "\n"), tc.note):
				t.Fatalf("%s of %q (notes %q), want %s of %q with a note %q", c.Assertion, c.Accused, c.Notes, tc.assertion, tc.accused, tc.note)
			}
		})
	}
}

// FuzzReadClaim: any words read as a claim or refused, never a panic, and
// a reading always has an assertion the store accepts.
func FuzzReadClaim(f *testing.F) {
	for _, s := range []string{"Warplanes bombed the town of Khan Sheikhoun overnight", "Режим прекращения огня соблюдается",
		"قذائف سقطت على مدينة درعا", "000violation", "the ceasefire is holding in Idlib, with 12 violations recorded"} {
		f.Add(s)
	}
	ag := astana(f)
	day := time.Date(2019, 5, 20, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, text string) {
		c := truce.Claim{Speaker: "s", Text: text, Date: day}
		if err := ReadClaim(&c, ag, claim.ClaimOverrides{}, "--"); err == nil {
			if err := c.Validate(); err != nil && strings.TrimSpace(text) != "" {
				t.Fatalf("%q read as %+v, which the store refuses: %v", text, c, err)
			}
		}
	})
}
