package reported

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/ingest"
	"github.com/truce-monitor/truce/news"
)

var now = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

func day(s string) time.Time {
	t, err := time.Parse(truce.DateLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestReadCSV(t *testing.T) {
	in := "\ufeffDay,Reporter,Count,Province,Source\n" +
		"2017-05-05,Russian side,15,,tass-944937\n" +
		"2017-05-05,Russian side,9,Damascus,tass-944937\n" +
		"2017-05-05,Russian side,3,Hamah Governorate,tass-944937\n" +
		"2017-05-05,Turkish side,4,Damascus,\n" + // province rows alone: their sum
		"2017-05-05,Turkish side,7,Idlib province,\n" +
		"2017-05-06,russia,abc,,\n" +
		"2017-02-30,turkey,1,,\n" +
		",russia,1,,\n" +
		"2017-05-06,,1,,\n" +
		"2017-05-05,Russian side,16,,tass-944937\n" +
		"2017-05-05,Russian side,4,Latakia,tass-944937\n" +
		"2017-05-06,russia,-2,,\n" +
		"2017-05-07,russia,0,,\n"
	cs, bad, err := ReadCSV(strings.NewReader(in), "data/counts.csv", now)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range cs {
		got = append(got, FormatCount(c)+" "+c.Source)
	}
	want := []string{"russia 2017-05-05: 15 (Damascus 9, Hama 3) tass-944937", "turkey 2017-05-05: 11 (Idlib 7, Damascus 4) counts.csv", "russia 2017-05-07: 0 counts.csv"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("counts:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if cs[0].Line != 2 || cs[0].DayRule != DayGiven || cs[0].ReporterWords != "Russian side" || cs[1].Line != 5 {
		t.Errorf("provenance: %+v, %+v", cs[0], cs[1])
	}
	var msgs []string
	for _, e := range bad {
		var re *ingest.RowError
		if !errors.As(e, &re) {
			t.Errorf("%v is no row error", e)
		}
		msgs = append(msgs, e.Error())
	}
	wantBad := []string{
		`data/counts.csv:7: field "count": "abc": want a whole number from 0 to 100000`,
		`data/counts.csv:8: field "day": "2017-02-30": want a day YYYY-MM-DD`,
		`data/counts.csv:9: field "day": "": want a day YYYY-MM-DD`,
		`data/counts.csv:10: field "reporter": empty: want who counted, such as russia or turkey`,
		`data/counts.csv:11: field "count": 16, but line 2 gives 15 for russia on 2017-05-05 from tass-944937`,
		`data/counts.csv:12: field "count": provinces: they add up to 16, more than the count 15 for russia on 2017-05-05 from tass-944937`,
		`data/counts.csv:13: field "count": "-2": want a whole number from 0 to 100000`,
	}
	if strings.Join(msgs, "\n") != strings.Join(wantBad, "\n") {
		t.Errorf("bad rows:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(wantBad, "\n"))
	}
	for _, tc := range []struct{ in, want string }{
		{"", "x.csv: empty file, want a header line"},
		{"reporter,count\n", "x.csv: missing columns: day"},
		{"reporter,day,count,day\n", `x.csv: column "day" appears twice (columns 2 and 4)`},
	} {
		if _, _, err := ReadCSV(strings.NewReader(tc.in), "x.csv", now); err == nil || truce.ErrorMessage(err) != tc.want {
			t.Errorf("ReadCSV(%q) = %v, want %q", tc.in, err, tc.want)
		}
	}
	if _, bad, _ := ReadCSV(strings.NewReader("reporter,day,count\nrussia,2031-01-01,3\n"), "x.csv", now); len(bad) != 1 || !strings.Contains(bad[0].Error(), "after tomorrow") {
		t.Errorf("a day in the future: %v", bad)
	}
}

// FuzzReadCSV checks that no input panics, and every count ReadCSV
// returns is one a store would take.
func FuzzReadCSV(f *testing.F) {
	f.Add("reporter,day,count,province,source\nrussia,2017-05-05,15,,a\nrussia,2017-05-05,9,Damascus,a\n")
	f.Add("day,count,reporter\n2017-05-05,3,turkey\n\"2017-05-06\n")
	f.Add("reporter,day,count\nrussia,2017-05-05,1\nrussia,2017-05-05,2\n")
	f.Fuzz(func(t *testing.T, in string) {
		cs, bad, err := ReadCSV(strings.NewReader(in), "f.csv", now)
		for _, c := range cs {
			if err := c.Validate(); err != nil {
				t.Fatalf("ReadCSV returned an invalid count %+v: %v", c, err)
			}
		}
		for _, e := range bad {
			if !strings.HasPrefix(e.Error(), "f.csv:") {
				t.Fatalf("a bad row error that names no file: %v", e)
			}
		}
		if err != nil && !strings.Contains(err.Error(), "f.csv") {
			t.Fatalf("an error that names no file: %v", err)
		}
	})
}

func TestFromArticle(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string // FormatCount | rule
	}{
		{"Date: 2017-05-06\n\nRussian observers registered 15 ceasefire violations in the past 24 hours in the provinces of Damascus (9), Hama (3), Latakia (2) and Daraa (1). The Turkish side registered 11 ceasefire violations.\n",
			[]string{"russia 2017-05-05: 15 (Damascus 9, Hama 3, Latakia 2, Daraa 1) | " + RuleSentence, "turkey 2017-05-05: 11 | " + RuleArticle}},
		{"Date: 2017-05-06\n\nThe Turkish side registered 3 ceasefire violations in Idlib.\n",
			[]string{"turkey 2017-05-05: 3 | " + RuleAssumed}},
		// A breakdown that does not add up to the count is not its.
		{"Date: 2017-05-06\n\nRussian observers registered 15 ceasefire violations over the past day, most in Damascus (9).\n",
			[]string{"russia 2017-05-05: 15 | " + RuleSentence}},
		{"Date: 2019-09-02\nLanguage: ar\n\nرصد الجانب الروسي في لجنة الهدنة الروسية التركية في سوريا، خلال الـ24 الساعة الأخيرة، 39 حالة إطلاق نار: 26 في اللاذقية، 10 في حلب، و3 في حماه، بينما لم يسجّل الجانب التركي أي انتهاك لوقف إطلاق النار.\n",
			[]string{"russia 2019-09-01: 39 (Latakia 26, Aleppo 10, Hama 3) | " + RuleSentence, "turkey 2019-09-01: 0 | " + RuleSentence}},
	} {
		a, err := news.Parse(strings.NewReader(tc.text), "b.txt", news.Options{})
		if err != nil {
			t.Fatal(err)
		}
		cs, _ := FromArticle(a)
		var got []string
		for _, c := range cs {
			got = append(got, FormatCount(c)+" | "+c.DayRule)
		}
		if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("%.60q:\n%s\nwant:\n%s", tc.text, strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
		}
	}
}

func TestSpearman(t *testing.T) {
	// scipy.stats.spearmanr([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]) (its
	// documentation's example): 0.8207826816681233.
	if r, ok := Spearman([]float64{1, 2, 3, 4, 5}, []float64{5, 6, 7, 8, 7}); !ok || math.Abs(r-0.8207826816681233) > 1e-12 {
		t.Errorf("Spearman = %v, %v", r, ok)
	}
	if r, ok := Spearman([]float64{1, 2, 3}, []float64{3, 2, 1}); !ok || r != -1 {
		t.Errorf("reversed: %v, %v", r, ok)
	}
	if _, ok := Spearman([]float64{1, 2}, []float64{1, 2}); ok {
		t.Error("two pairs gave a correlation")
	}
	if _, ok := Spearman([]float64{1, 2, 3}, []float64{4, 4, 4}); ok {
		t.Error("a constant series gave a correlation")
	}
}

func TestCompare(t *testing.T) {
	c := func(id int64, reporter, d string, n int, prov map[string]int) *truce.ReportedCount {
		return &truce.ReportedCount{ID: id, Reporter: reporter, Day: day(d), Count: n, Provinces: prov, Source: "s"}
	}
	counts := []*truce.ReportedCount{
		c(1, "russia", "2017-05-01", 10, map[string]int{"Idlib": 4, "Hama": 6}),
		c(2, "turkey", "2017-05-01", 20, nil),
		c(3, "russia", "2017-05-02", 5, map[string]int{"Hama": 5}),
		c(4, "turkey", "2017-05-02", 8, nil),
		c(5, "russia", "2017-05-03", 7, nil),
		// Turkey silent on 3 May: missing, not zero.
		c(6, "turkey", "2017-05-04", 30, nil),
		c(7, "russia", "2017-05-04", 12, nil),
		c(8, "russia", "2017-05-04", 13, nil), // another source, another number
		c(9, "russia", "2017-06-01", 99, nil), // outside the period
	}
	inc := Series{"2017-05-04": 1}
	cmp := Compare(counts, inc, [2]string{"2017-05-02", "2017-05-04"}, Options{From: day("2017-05-01"), To: day("2017-05-31")})
	if len(cmp.Reporters) != 2 || cmp.Reporters[0].Reporter != "russia" || cmp.Reporters[0].Days != 4 || cmp.Reporters[0].Total != 34 || cmp.Reporters[0].Disputed != 1 {
		t.Fatalf("reporters: %+v", cmp.Reporters)
	}
	p := cmp.Pairs[0]
	if p.CommonDays != 3 || p.TotalA != 27 || p.TotalB != 58 || math.Abs(*p.Ratio-27.0/58) > 1e-12 || p.Spearman == nil || *p.Spearman != 1 {
		t.Fatalf("pair: %+v (ratio %v, rho %v)", p, p.Ratio, p.Spearman)
	}
	if d := p.Disagree[0]; d.Day != "2017-05-04" || d.Diff != -18 || len(p.Disagree) != 3 {
		t.Fatalf("disagreements: %+v", p.Disagree)
	}
	// Incidents: covered from 2 May, so 1 May is missing for them; 2 and
	// 3 May are days without one.
	vi := cmp.Incidents[0]
	if vi.CommonDays != 3 || vi.TotalA != 24 || vi.TotalB != 1 {
		t.Fatalf("russia against incidents: %+v", vi)
	}
	prov := Compare(counts, nil, [2]string{}, Options{Province: "Hamah"})
	if s := prov.Series["russia"]; len(s) != 2 || s["2017-05-01"] != 6 || s["2017-05-02"] != 5 || len(prov.Series["turkey"]) != 0 {
		t.Fatalf("Hama series: %v", prov.Series)
	}
}

// FuzzFromArticle checks that no article text panics the counts' dating
// and breakdowns, and that every count made is one a store would take.
func FuzzFromArticle(f *testing.F) {
	f.Add("Russian observers registered 15 ceasefire violations in the past 24 hours in the provinces of Damascus (9), Hama (3), Latakia (2) and Daraa (1). The Turkish side - 19.")
	f.Add("رصد الجانب الروسي خلال الـ24 الساعة الأخيرة 39 حالة إطلاق نار: 26 في اللاذقية، 10 في حلب، و3 في حماه.")
	f.Add("The Turkish side registered 999999 violations in Idlib (999999).")
	f.Fuzz(func(t *testing.T, text string) {
		a, err := news.Parse(strings.NewReader("Date: 2017-05-06\n\n"+text), "f.txt", news.Options{})
		if err != nil {
			return
		}
		cs, _ := FromArticle(a)
		for _, c := range cs {
			if err := c.Validate(); err != nil {
				t.Fatalf("FromArticle made an invalid count %+v: %v", c, err)
			}
		}
	})
}
