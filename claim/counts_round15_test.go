package claim

import (
	"fmt"
	"testing"
)

// TestJoinedCounts: a side's counts per day in one sentence are a count
// each; per place with no total, one count, their sum; "a total of N
// times" is a count. Written in other words than the corpus items.
func TestJoinedCounts(t *testing.T) {
	for _, tc := range []struct{ lang, text, want string }{
		{"en", "The Russian side registered seven violations on June 3 and five on June 4.", "[7 5]"},
		{"en", "Militants opened fire a total of 21 times in Latakia, the centre said.", "[21]"},
		{"en", "The centre recorded 12 violations: 5 in Latakia and 7 in Hama.", "[12]"},
		{"es", "Los observadores turcos anotaron ocho violaciones el lunes y tres el martes.", "[8 3]"},
		{"es", "Se contabilizaron tres violaciones en la provincia de Hama y cinco en la de Idlib.", "[8]"},
		{"en", "Of the 14 violations, nine were in Latakia and five in Hama.", "[14]"},
	} {
		var ns []int
		for _, c := range ParseCounts(tc.lang, tc.text) {
			ns = append(ns, c.N)
		}
		if got := fmt.Sprint(ns); got != tc.want {
			t.Errorf("%q: %s, want %s", tc.text, got, tc.want)
		}
	}
}
