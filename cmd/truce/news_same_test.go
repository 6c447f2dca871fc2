package main

import (
	"testing"

	"github.com/truce-monitor/truce"
)

func TestSameStatement(t *testing.T) {
	quote := `"In general there is quiet in the three provinces."`
	for _, tc := range []struct {
		name     string
		a, b     truce.Claim
		sameWant bool
	}{
		{"an excerpt reprinted under the article",
			truce.Claim{Source: "a.txt#sentence-2", Assertion: truce.AssertHolding, Text: quote},
			truce.Claim{Source: "a.txt#sentence-9", Assertion: truce.AssertHolding, Text: `"In general, there is quiet in the three provinces."[excerpt ends]`}, true},
		{"the same words in another article",
			truce.Claim{Source: "a.txt#sentence-2", Assertion: truce.AssertHolding, Text: quote},
			truce.Claim{Source: "b.txt#sentence-2", Assertion: truce.AssertHolding, Text: quote}, false},
		{"read as different assertions",
			truce.Claim{Source: "a.txt#sentence-2", Assertion: truce.AssertHolding, Text: quote},
			truce.Claim{Source: "a.txt#sentence-5", Assertion: truce.AssertNotSerious, Text: quote}, false},
		{"a short sentence said twice",
			truce.Claim{Source: "a.txt#sentence-2", Assertion: truce.AssertHolding, Text: "It was calm."},
			truce.Claim{Source: "a.txt#sentence-7", Assertion: truce.AssertHolding, Text: "It was calm."}, false},
		{"claims typed in, with no article",
			truce.Claim{Source: "", Assertion: truce.AssertHolding, Text: quote},
			truce.Claim{Source: "", Assertion: truce.AssertHolding, Text: quote}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := sameStatement(&tc.a, &tc.b); got != tc.sameWant {
				t.Fatalf("sameStatement = %v, want %v", got, tc.sameWant)
			}
		})
	}
}
