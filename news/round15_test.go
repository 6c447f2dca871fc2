package news

import (
	"testing"
	"time"
)

// TestSinceAfterDate: a day that a postposed "since" follows ("5 Ekim'den
// bu yana", "pazartesiden beri") starts what is counted; it does not date
// the statement.
func TestSinceAfterDate(t *testing.T) {
	ag := astana(t)
	for _, tc := range []struct{ text, want string }{
		{"Gözlemevine göre 5 Ekim'den bu yana Hama kırsalında 25 ihlal kaydedildi.", "2018-10-11"},
		{"Muhalif kaynaklara göre 2 Ekim'den beri Lazkiye kırsalında 14 ihlal yaşandı.", "2018-10-11"},
	} {
		a := &Article{Name: "t.txt", Lang: "tr", Date: time.Date(2018, 10, 11, 0, 0, 0, 0, time.UTC), Outlet: "AA", Body: tc.text}
		got := ""
		for _, it := range Items(a, Statements(a), ag) {
			if it.Claim != nil {
				got = it.Date.Format("2006-01-02")
			}
		}
		if got != tc.want {
			t.Errorf("%q: dated %q, want %q", tc.text, got, tc.want)
		}
	}
}
