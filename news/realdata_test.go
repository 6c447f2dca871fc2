package news

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/truce-monitor/truce/internal/shared"
)

type realItem struct {
	ID, URL, Date, Lang, Kind, Text string
}

func realItems(t *testing.T) []realItem {
	dir := shared.Dir()
	if dir == "" {
		t.Skip("SKIP real-data test: no module root found, so ../shared/data/news cannot be located")
	}
	p := filepath.Join(dir, "news", "articles.jsonl")
	f, err := os.Open(p)
	if err != nil {
		t.Skipf("SKIP real-data test: %s is absent (see ../shared/README.md)", p)
	}
	defer f.Close()
	var out []realItem
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var it realItem
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			t.Fatal(err)
		}
		it.Lang = strings.Fields(it.Lang + " ?")[0]
		out = append(out, it)
	}
	return out
}

// TestRealNewsItems runs every item of ../shared/data/news/articles.jsonl
// through the parser with no declared language: each must be detected as
// the language the file gives, and the Arabic and Portuguese items must
// yield claims or counts. The totals are the figures news/doc.go reports.
func TestRealNewsItems(t *testing.T) {
	ag := astana(t)
	var claims, counts, statements int
	for _, it := range realItems(t) {
		text := it.Text
		if len(it.Date) == 10 {
			text = "Date: " + it.Date + "\n\n" + text
		}
		// Undated items are dated by the caller, as --date does.
		a, err := Parse(strings.NewReader(text), it.ID, Options{Date: day("2017-06-01")})
		if err != nil {
			t.Fatal(err)
		}
		if a.Lang != it.Lang {
			t.Errorf("%s: language %s, want %s", it.ID, a.Lang, it.Lang)
		}
		sts := Statements(a)
		items := Items(a, sts, ag)
		n, k := CountClaims(items), 0
		for _, cs := range Counts(a) {
			k += len(cs.Counts)
			for _, c := range cs.Counts {
				t.Logf("  %s#%d count %d %s by %q", it.ID, cs.N, c.N, c.What, c.Reporter)
			}
		}
		for _, x := range items {
			if x.Claim != nil {
				t.Logf("  %s#%d claim %s %v hedges %q: %.80s", it.ID, x.N, x.Claim.Assertion, x.Claim.Scope, x.Claim.Hedges, x.Sentence)
			}
		}
		t.Logf("%s (%s): %d statements, %d claims, %d counts", it.ID, a.Lang, len(sts), n, k)
		if (it.Lang == "ar" || it.Lang == "pt") && n+k == 0 {
			t.Errorf("%s (%s): no claim and no count", it.ID, it.Lang)
		}
		claims, counts, statements = claims+n, counts+k, statements+len(sts)
	}
	t.Logf("all items: %d statements, %d claims, %d counts", statements, claims, counts)
}
