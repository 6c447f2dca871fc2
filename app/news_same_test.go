package app

import (
	"testing"
	"time"

	"github.com/truce-monitor/truce"
)

func TestSameStatement(t *testing.T) {
	quote := `"In general there is quiet in the three provinces."`
	long := `"The ceasefire in the southwest is largely holding and violence has fallen," de Mistura said.`
	day := time.Date(2017, 7, 20, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name     string
		a, b     truce.Claim
		sameWant bool
	}{
		{"an excerpt reprinted under the article",
			truce.Claim{Source: "a.txt#sentence-2", Assertion: truce.AssertHolding, Text: quote},
			truce.Claim{Source: "a.txt#sentence-9", Assertion: truce.AssertHolding, Text: `"In general, there is quiet in the three provinces."[excerpt ends]`}, true},
		{"the same words in another article, no speaker",
			truce.Claim{Source: "a.txt#sentence-2", Assertion: truce.AssertHolding, Text: quote},
			truce.Claim{Source: "b.txt#sentence-2", Assertion: truce.AssertHolding, Text: quote}, false},
		{"two outlets quoting one speaker the same day",
			truce.Claim{Source: "afp.txt#sentence-3", Speaker: "Staffan de Mistura", Date: day, Assertion: truce.AssertHolding, Text: long},
			truce.Claim{Source: "reuters.txt#sentence-1", Speaker: "Staffan de Mistura", Date: day, Assertion: truce.AssertHolding,
				Text: "UN envoy Staffan de Mistura said the ceasefire in the southwest is largely holding and violence has fallen."}, true},
		{"two outlets, one speaker, another day",
			truce.Claim{Source: "afp.txt#sentence-3", Speaker: "Staffan de Mistura", Date: day, Assertion: truce.AssertHolding, Text: long},
			truce.Claim{Source: "reuters.txt#sentence-1", Speaker: "Staffan de Mistura", Date: day.AddDate(0, 0, 1), Assertion: truce.AssertHolding, Text: long}, false},
		{"two outlets, two speakers",
			truce.Claim{Source: "afp.txt#sentence-3", Speaker: "Staffan de Mistura", Date: day, Assertion: truce.AssertHolding, Text: long},
			truce.Claim{Source: "reuters.txt#sentence-1", Speaker: "Sergei Lavrov", Date: day, Assertion: truce.AssertHolding, Text: long}, false},
		{"two outlets, one speaker, different words",
			truce.Claim{Source: "afp.txt#sentence-3", Speaker: "Staffan de Mistura", Date: day, Assertion: truce.AssertHolding, Text: long},
			truce.Claim{Source: "reuters.txt#sentence-1", Speaker: "Staffan de Mistura", Date: day, Assertion: truce.AssertHolding,
				Text: "De Mistura told reporters in Geneva that the talks would resume next week with both delegations."}, false},
		{"two outlets, a short sentence",
			truce.Claim{Source: "afp.txt#sentence-3", Speaker: "SANA", Date: day, Assertion: truce.AssertHolding, Text: "Calm prevailed in Daraa."},
			truce.Claim{Source: "reuters.txt#sentence-1", Speaker: "SANA", Date: day, Assertion: truce.AssertHolding, Text: "Calm prevailed in Daraa."}, false},
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
