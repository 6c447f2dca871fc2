package news

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/gazetteer"
)

// labelledArticles reads the articles of testdata/mentions, a feed's items
// as articles named FILE#item-N; the TASS datelines carry no year.
func labelledArticles(t *testing.T) []*Article { return articlesIn(t, "testdata/mentions") }

func articlesIn(t *testing.T, dir string) []*Article {
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	var out []*Article
	for _, f := range files {
		r, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		year := map[string]int{"04_tass_bulletin.txt": 2017, "09_tass_accuse.txt": 2018}[filepath.Base(f)]
		if strings.HasSuffix(f, ".xml") {
			as, err := ParseFeed(r, filepath.Base(f), Options{})
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, as...)
		} else {
			a, err := Parse(r, filepath.Base(f), Options{Year: year})
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, a)
		}
		r.Close()
	}
	return out
}

func readTSV(t *testing.T, path string) [][]string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "#") || strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		out = append(out, strings.Split(sc.Text(), "\t"))
	}
	return out
}

// mentionScore is how extraction did on a labelled set.
type mentionScore struct {
	predicted, tp, labelled, dateOK, deathsOK int
}

func (m mentionScore) precision() float64 { return float64(m.tp) / float64(max(m.predicted, 1)) }
func (m mentionScore) recall() float64    { return float64(m.tp) / float64(max(m.labelled, 1)) }

// scoreMentions measures incident-mention extraction on articles against
// the labels in path: precision and recall of (sentence, place, type), and
// over the matched mentions how many have the right date and deaths.
func scoreMentions(t *testing.T, articles []*Article, path string) mentionScore {
	g := gazetteer.Default()
	type want struct{ place, date, typ, killed string }
	labels := map[string]want{}
	for _, c := range readTSV(t, path) {
		labels[c[0]+"#"+c[1]+"."+c[2]] = want{c[3], c[4], c[5], c[6]}
	}
	sc := mentionScore{labelled: len(labels)}
	for _, a := range articles {
		for _, m := range Mentions(a, Statements(a), g) {
			sc.predicted++
			k := a.Name + "#" + strconv.Itoa(m.N) + "." + strconv.Itoa(m.Clause)
			l, ok := labels[k]
			typ := typeName(m.EventType, m.SubEventType)
			samePlace := strings.EqualFold(m.PlaceText, l.place) || strings.HasPrefix(m.Location.Place, l.place) ||
				gazetteer.Key(m.PlaceText) == gazetteer.Key(l.place)
			if !ok || !samePlace || typ != l.typ {
				t.Logf("FALSE %s: %s at %q (%s); want %+v", k, typ, m.PlaceText, m.Location.Place, l)
				continue
			}
			sc.tp++
			delete(labels, k)
			if d, err := truce.ParseDate(l.date); l.date == "-" || err == nil && !d.Before(m.From) && !d.After(m.To) {
				sc.dateOK++
			} else {
				t.Logf("DATE %s: %s..%s, want %s", k, m.From.Format(truce.DateLayout), m.To.Format(truce.DateLayout), l.date)
			}
			if strconv.Itoa(m.Killed) == l.killed {
				sc.deathsOK++
			} else {
				t.Logf("DEATHS %s: %d, want %s", k, m.Killed, l.killed)
			}
		}
	}
	for k, l := range labels {
		t.Logf("MISSED %s: %+v", k, l)
	}
	t.Logf("incident mentions: precision %.2f (%d/%d), recall %.2f (%d/%d); of those found, date right %d/%d, deaths right %d/%d",
		sc.precision(), sc.tp, sc.predicted, sc.recall(), sc.tp, sc.labelled, sc.dateOK, sc.tp, sc.deathsOK, sc.tp)
	return sc
}

// TestLabelledMentions measures extraction on the set the rules were
// written against.
func TestLabelledMentions(t *testing.T) {
	sc := scoreMentions(t, labelledArticles(t), "testdata/mentions.tsv")
	// Floors: the figures measured when the set was written (precision
	// 0.94, recall 0.97, every date and toll right) less a margin; the log
	// is the report.
	if sc.labelled < 25 || sc.precision() < 0.8 || sc.recall() < 0.85 || sc.dateOK < sc.tp*9/10 || sc.deathsOK < sc.tp*9/10 {
		t.Errorf("mention extraction fell below its floor")
	}
}

// TestHeldOutMentions measures extraction on articles the rules never saw
// (testdata/heldout): the honest figure. Do not tune the rules against it;
// add new held-out articles instead when it has been looked at too often.
func TestHeldOutMentions(t *testing.T) {
	sc := scoreMentions(t, articlesIn(t, "testdata/heldout"), "testdata/heldout.tsv")
	// Measured when the set was written (2026-11-23): precision 0.82 (9/11),
	// recall 0.75 (9/12), dates 9/9, deaths 8/9. Floors less a margin.
	if sc.labelled < 10 || sc.precision() < 0.7 || sc.recall() < 0.65 {
		t.Errorf("held-out mention extraction fell below its floor")
	}
}

// TestLabelledAccusations measures accusation claims (passive ones read by
// judge's grammar, active ones by the rules) on the same articles.
func TestLabelledAccusations(t *testing.T) {
	ag := astana(t)
	labels := map[string]string{}
	for _, c := range readTSV(t, "testdata/accusations.tsv") {
		labels[c[0]+"#"+c[1]] = c[2]
	}
	n := len(labels)
	var predicted, tp int
	for _, a := range labelledArticles(t) {
		sts := Statements(a)
		for _, it := range append(Classify(a, sts, ag), Accusations(a, sts, ag)...) {
			if it.Claim == nil || it.Claim.Assertion != truce.AssertAccusation {
				continue
			}
			predicted++
			k := a.Name + "#" + strconv.Itoa(it.N)
			if labels[k] == it.Claim.Accused {
				tp++
				delete(labels, k)
			} else {
				t.Logf("FALSE %s: %s accuses %s: %q", k, it.Speaker, it.Claim.Accused, it.Sentence)
			}
		}
	}
	for k, l := range labels {
		t.Logf("MISSED %s: %s", k, l)
	}
	precision, recall := float64(tp)/float64(max(predicted, 1)), float64(tp)/float64(n)
	t.Logf("accusations: precision %.2f (%d/%d), recall %.2f (%d/%d)", precision, tp, predicted, recall, tp, n)
	// Measured 1.00 and 0.63 when the set was written; floors less a margin.
	if n < 15 || precision < 0.85 || recall < 0.5 {
		t.Errorf("accusation extraction fell below its floor")
	}
}

func TestMentionReport(t *testing.T) {
	a, err := Parse(strings.NewReader("BEIRUT, June 8 (Reuters) - Shelling of Douma killed 5 civilians on Tuesday. Nothing else happened."), "r.txt", Options{Year: 2017})
	if err != nil {
		t.Fatal(err)
	}
	ms := Mentions(a, nil, nil)
	if len(ms) != 1 {
		t.Fatalf("%d mentions", len(ms))
	}
	r := ms[0].Report(a)
	inc := r.Incident
	if r.Source != "news" || r.Origin != "r.txt" || r.Raw != ms[0].Sentence || len(r.Hash) != 64 || len(r.SourceKey) != 20 ||
		inc.DateStart.Format(truce.DateLayout) != "2017-06-06" || inc.DatePrecision != truce.DateExact ||
		inc.SubEventType != "Shelling/artillery/missile attack" || inc.EventType != truce.ExplosionsRemoteViolence ||
		inc.Fatalities.Best != 5 || inc.Fatalities.Civilians != 5 || !inc.Location.HasPoint || inc.Location.Precision != truce.PrecExact ||
		inc.Location.Admin1 != "Rif Dimashq" || inc.SourceText != ms[0].Sentence || inc.Sources != "Reuters" {
		t.Fatalf("%+v", r)
	}
	// Stable: the same article under another name has the same key.
	b, _ := Parse(strings.NewReader("BEIRUT, June 8 (Reuters) - Shelling of Douma killed 5 civilians on Tuesday."), "copy.txt", Options{Year: 2017})
	if k := Mentions(b, nil, nil)[0].Report(b).SourceKey; k != r.SourceKey {
		t.Fatalf("key %s, then %s", r.SourceKey, k)
	}
	// No resolvable place: a report with no point, the governorate known
	// from earlier in the article.
	c, _ := Parse(strings.NewReader("Date: 2017-06-08\n\nShelling of Nawa killed two people.\nA mortar attack on the village of Umm Batna killed three civilians."), "c.txt", Options{})
	ms = Mentions(c, nil, nil)
	if len(ms) != 2 || ms[1].Location.HasPoint || ms[1].Location.Admin1 != "Daraa" || ms[1].Location.Place != "Umm Batna" {
		t.Fatalf("%+v", ms)
	}
	// Negated and placeless triggers are no mentions.
	d, _ := Parse(strings.NewReader("Date: 2017-06-08\n\nNo air strikes were carried out on Idlib. The fighting must stop."), "d.txt", Options{})
	if ms := Mentions(d, nil, nil); len(ms) != 0 {
		t.Fatalf("%+v", ms)
	}
}

func TestFeeds(t *testing.T) {
	rss := `<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><item><title>A &amp; B</title><link>https://x/1</link>` +
		`<pubDate>Tue, 06 Jun 2017 10:00:00 GMT</pubDate><description>&lt;p&gt;Shelling of Douma killed 5 civilians on Tuesday.&nbsp;&lt;/p&gt;</description></item></channel></rss>`
	as, err := ParseFeed(strings.NewReader(rss), "f.xml", Options{})
	if err != nil || len(as) != 1 {
		t.Fatal(err)
	}
	if a := as[0]; a.Title != "A & B" || a.URL != "https://x/1" || a.Date.Format(truce.DateLayout) != "2017-06-06" || strings.Contains(a.Body, "<") || a.Name != "f.xml#item-1" {
		t.Fatalf("%+v", a)
	}
	if !IsFeed([]byte(rss)) || IsFeed([]byte("<!DOCTYPE html><html><body>rss feed</body></html>")) {
		t.Fatal("IsFeed")
	}
	for text, want := range map[string]string{
		`<rss><channel><item><title>x</title></item></channel></rss>`:                          "f.xml:1: item 1: field pubDate is missing",
		`<rss><channel><item><pubDate>yesterday</pubDate></item></channel></rss>`:              `field pubDate: "yesterday" is no date`,
		`<feed xmlns="http://www.w3.org/2005/Atom"><entry><updated>x</updated></entry></feed>`: `field updated: "x"`,
		`<rss><channel></channel></rss>`:                                                       "no <item> or <entry>",
		`<?xml version="1.0" encoding="KOI8-R"?><rss><channel><item></item></channel></rss>`:   `encoding "KOI8-R"`,
	} {
		_, err := ParseFeed(strings.NewReader(text), "f.xml", Options{})
		if err == nil || !strings.Contains(truce.ErrorMessage(err), want) {
			t.Errorf("%s: %v, want %q", text, err, want)
		}
	}
	// An HTML page without the .html extension is still an HTML page.
	a, err := Parse(strings.NewReader("<!DOCTYPE html><html><head><title>T</title></head><body><p>Date: x</p><p>BEIRUT, June 3 (AFP) - Shelling hit Douma.</p></body></html>"), "page", Options{Year: 2017})
	if err != nil || strings.Contains(a.Body, "<") || a.Outlet != "AFP" {
		t.Fatalf("%v %+v", err, a)
	}
}

func FuzzParseFeed(f *testing.F) {
	f.Add(`<rss><channel><item><title>t</title><pubDate>Tue, 06 Jun 2017 10:00:00 GMT</pubDate><description>Shelling of Douma killed 5.</description></item></channel></rss>`)
	f.Add(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><published>2018-02-04T08:00:00Z</published><content type="xhtml"><div><p>x</p></div></content></entry></feed>`)
	f.Add(`<rss><item><pubDate>`)
	f.Fuzz(func(t *testing.T, s string) {
		as, err := ParseFeed(strings.NewReader(s), "f.xml", Options{Date: day("2017-06-08")})
		if err != nil {
			return
		}
		for _, a := range as {
			if a.Date.IsZero() {
				t.Fatalf("article without a date: %+v", a)
			}
			Mentions(a, Statements(a), nil)
		}
	})
}

func FuzzMentions(f *testing.F) {
	f.Add("Shelling of Douma killed 5 civilians on Tuesday.")
	f.Add("Russian warplanes struck Khan Sheikhoun on May 4, killing 12 people, including three children; clashes between rebels and government forces near Rastan.")
	f.Add("Terrorists violated the ceasefire in Daraa city, the ministry said. Russia accused the regime of violating the truce.")
	f.Add("killed killed 1,000,000 a a an of the village of")
	ag := astana(f)
	f.Fuzz(func(t *testing.T, s string) {
		a, err := Parse(strings.NewReader(s), "f.txt", Options{Date: day("2017-06-08")})
		if err != nil {
			return
		}
		sts := Statements(a)
		for _, m := range Mentions(a, sts, nil) {
			r := m.Report(a)
			if m.To.Before(m.From) || m.Killed < m.Civilians || m.Killed < 0 || r.SourceKey == "" || m.EventType == "" ||
				m.Location.HasPoint && m.Location.Precision == 0 {
				t.Fatalf("mention %+v", m)
			}
		}
		for _, it := range Accusations(a, sts, ag) {
			if it.Speaker == "" || it.Claim == nil || it.Claim.Accused == "" {
				t.Fatalf("accusation %+v", it)
			}
		}
	})
}
