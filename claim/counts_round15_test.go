package claim

import (
	"fmt"
	"strings"
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

// TestRound15Vocab: the vocabulary the fifteenth round added, in other
// words than its items: a peak is an increase, the European Portuguese
// "não registou" counts none, a Turkish "ilçe" is the town.
func TestRound15Vocab(t *testing.T) {
	a := claimAgreement()
	for _, tc := range []struct{ lang, text, assertion, scope string }{
		{"es", "La zona de distensión de Idlib registró en marzo el mayor número de ataques desde su creación.", "increase", ""},
		{"en", "The Idlib zone saw the highest number of violations since September.", "increase", ""},
		{"pt", "Nas zonas de Guta Oriental e do sul, os observadores russos não registaram violações.", "no-violations", ""},
	} {
		p, err := ParseClaimIn(tc.lang, tc.text, a)
		if err != nil {
			t.Errorf("%q: %v", tc.text, err)
			continue
		}
		scope := strings.Join(p.Scope.Zones, "+")
		if len(p.Scope.Areas) > 0 {
			scope = ";" + strings.Join(p.Scope.Areas, "+")
		}
		if p.Assertion != tc.assertion || tc.scope != "" && scope != tc.scope {
			t.Errorf("%q: %s %s, want %s %s", tc.text, p.Assertion, scope, tc.assertion, tc.scope)
		}
	}
}

// TestIlceIsTown: a Turkish "X ilçesi" or "belde" is the town X, as the
// corpus header settles it.
func TestIlceIsTown(t *testing.T) {
	a := claimAgreement()
	for _, tc := range []struct{ text, want string }{
		{"Rejim güçleri Cisr eş-Şugur ilçesinde bir karakola saldırdı.", "Jisr al-Shughur"},
		{"Savaş uçakları Serakib ilçesini bombaladı.", "Saraqib"},
		{"Topçu ateşi Kefr Zita beldesini hedef aldı.", "Kafr Zita"},
	} {
		s, _ := ParseScopeIn("tr", tc.text, a)
		if got := strings.Join(s.Areas, "+"); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.text, got, tc.want)
		}
	}
}
