package reported

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/truce-monitor/truce/internal/shared"
	"github.com/truce-monitor/truce/news"
)

// TestRealBulletins reads the counts of the real items of
// ../shared/data/news/articles.jsonl (each headed "Date: …" where it has a
// date, as `truce import news` reads them) and checks the bulletins'
// Russian and Turkish counts, their days and breakdowns.
func TestRealBulletins(t *testing.T) {
	p := shared.Path(t, "news/articles.jsonl")
	f, err := os.Open(p)
	if err != nil {
		t.Skipf("SKIP real-data test: %v", err)
	}
	defer f.Close()
	got := map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var it struct{ ID, Date, Text string }
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			t.Fatal(err)
		}
		if len(it.Date) != 10 {
			continue // undated: no day to give its counts
		}
		a, err := news.Parse(strings.NewReader("Date: "+it.Date+"\n\n"+it.Text), it.ID+".txt", news.Options{})
		if err != nil {
			t.Fatal(err)
		}
		cs, skipped := FromArticle(a)
		for _, c := range cs {
			k := it.ID + " " + c.Reporter
			if _, seen := got[k]; seen {
				continue
			}
			got[k] = FormatCount(c)
			t.Logf("%s#%d %s [%s] %s", it.ID, c.Line, FormatCount(c), c.What, c.DayRule)
		}
		for _, s := range skipped {
			t.Logf("skipped %s", s)
		}
	}
	for k, want := range map[string]string{
		"news-001 russia": "russia 2017-05-05: 15 (Damascus 9, Hama 3, Latakia 2, Daraa 1)",
		"news-001 turkey": "turkey 2017-05-05: 11",
		"news-003 russia": "russia 2017-05-13: 4 (Damascus 3, Latakia 1)",
		"news-003 turkey": "turkey 2017-05-13: 2",
		"news-006 russia": "russia 2017-03-24: 13 (Damascus 4, Hama 4, Latakia 4, Daraa 1)", // "ham (four)" is Hama
		"news-006 turkey": "turkey 2017-03-24: 19",
		"news-008 russia": "russia 2019-11-03: 19",
		"news-008 turkey": "turkey 2019-11-03: 18",
	} {
		if got[k] != want {
			t.Errorf("%s: %q, want %q", k, got[k], want)
		}
	}
}
