package app

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/assess"
	"github.com/truce-monitor/truce/claim"
	"github.com/truce-monitor/truce/gazetteer"
	"github.com/truce-monitor/truce/ledger"
	"github.com/truce-monitor/truce/news"
	"github.com/truce-monitor/truce/reported"
)

// NewsOptions say how ReadNews reads and checks articles.
type NewsOptions struct {
	AgreementID string // "" for the active agreement
	// Check checks each claim against the last adjudication's verdicts.
	// When nothing has been judged yet the claims are read unchecked and
	// NewsRead.Unchecked says why, unless RequireCheck makes that an error.
	Check, RequireCheck bool
	Gazetteer           *gazetteer.Gazetteer // places of incident mentions; nil: the built-in one
}

// NewsRead is what reading a set of articles gave, before anything is
// stored: per article its statements read as claims or skipped, its
// incident mentions as placed reports and its reported counts.
type NewsRead struct {
	Agreement *truce.Agreement
	Version   int // the agreement's active version
	// Judged is the agreement version whose verdicts the claims were
	// checked against (0 when unchecked); it differs from Version when the
	// store was not judged again after an amendment.
	Judged    int
	Unchecked string // why the claims were not checked, when Check was asked
	Articles  []*NewsArticle
	Files     []string // the articles' file names, sorted, each once
}

// NewsArticle is what one article gave.
type NewsArticle struct {
	*news.Article
	Statements   int
	LanguageSkip string // why claims are not read in its language, if so
	Items        []NewsItem
	Mentions     []NewsMention
	Counts       []*truce.ReportedCount
	CountSkips   []string // counts read but not kept, with the reason
}

// NewsItem is one statement of an article and what became of it.
type NewsItem struct {
	news.Item
	// Claim is the statement as a claim, checked when asked; nil when the
	// statement is no checkable claim (Item.Skip says why).
	Claim *truce.Claim
	// Same is the claim Claim repeats, when the statement was stored
	// before (Same.ID > 0) or read earlier in this import (Same.ID == 0,
	// until stored): Claim is then not stored again.
	Same *truce.Claim
}

// NewsMention is a sentence reporting a violent event, as a placed report.
type NewsMention struct {
	N      int // the sentence's number in the article
	Report *truce.Report
}

// Claims are the claims the import stores, in reading order.
func (r *NewsRead) Claims() []*truce.Claim {
	var out []*truce.Claim
	for _, a := range r.Articles {
		for _, it := range a.Items {
			if it.Claim != nil && it.Same == nil {
				out = append(out, it.Claim)
			}
		}
	}
	return out
}

// Reports are the incident mentions the import stores, as reports.
func (r *NewsRead) Reports() []*truce.Report {
	var out []*truce.Report
	for _, a := range r.Articles {
		for _, m := range a.Mentions {
			out = append(out, m.Report)
		}
	}
	return out
}

// ReadNews reads articles as `truce import news` stores them: statements
// into claims (the article's context applied, checked against the
// verdicts when asked, a statement stored before or given twice kept
// once), incident mentions into reports placed in the agreement's zones,
// and bulletins' counts of violations. It stores nothing.
func (s *Service) ReadNews(ctx context.Context, arts []*news.Article, opts NewsOptions) (*NewsRead, error) {
	ag, version, err := assess.ActiveVersion(ctx, s.Store, opts.AgreementID)
	if err != nil {
		return nil, err
	}
	read := &NewsRead{Agreement: ag, Version: version}
	check := opts.Check
	if check {
		// An empty span of days: only whether anything was judged matters.
		never := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 1)
		if _, err := s.Store.ZoneDays(ctx, truce.ZoneDayFilter{AgreementID: ag.ID, From: never, To: never}); truce.ErrorCode(err) == truce.ENOTFOUND {
			if opts.RequireCheck {
				return nil, truce.Errorf(truce.ENOTFOUND, "checking the claims was asked for, and claims are checked against verdicts, but %s", truce.ErrorMessage(err))
			}
			read.Unchecked = fmt.Sprintf("nothing has been judged against %s yet", ag.ID)
			check = false
		} else if err != nil {
			return nil, err
		}
	}
	stored, err := s.Store.Claims(ctx)
	if err != nil {
		return nil, err
	}
	placer, err := s.Placer(ctx, ag)
	if err != nil {
		return nil, err
	}
	gz := opts.Gazetteer
	if gz == nil {
		gz = gazetteer.Default()
	}
	for _, a := range arts {
		sts := news.Statements(a)
		na := &NewsArticle{Article: a, Statements: len(sts), LanguageSkip: news.LanguageSkip(a)}
		read.Articles = append(read.Articles, na)
		read.Files = append(read.Files, filepath.Base(a.Name))
		items := news.Items(a, sts, ag)
		if n := news.CountClaims(items); n > news.MaxClaimsPerArticle {
			return nil, truce.Errorf(truce.EINVALID, "%s: %d statements read as claims, over the limit of %d for one article: a transcript or a dump? Split it into its articles; nothing from it was stored",
				a.Name, n, news.MaxClaimsPerArticle)
		}
		// What the article says around its claims: the truce it is about
		// and where, for claims whose own words do not say.
		context := claim.ContextOf(a.Lang, a.Title, a.Body, a.Date, ag)
		for _, it := range items {
			ni := NewsItem{Item: it}
			if it.Claim != nil {
				c := newsClaim(a, it)
				claim.ApplyContext(c, context)
				ni.Claim = c
				if i := slices.IndexFunc(stored, func(o *truce.Claim) bool { return sameClaim(o, c) }); i >= 0 {
					ni.Same = stored[i]
					if o := ni.Same; o.ID == 0 && articleOf(o.Source) != articleOf(c.Source) {
						// Another outlet quoting the same statement: one
						// claim, with both sources.
						o.Notes = append(o.Notes, "also reported: "+outletSource(a, c.Source))
					}
				} else {
					if check {
						judged, err := claim.CheckStored(ctx, s.Store, ag, version, c, s.Now())
						if err != nil {
							return nil, fmt.Errorf("%s: %w", c.Source, err)
						}
						read.Judged = judged
					}
					stored = append(stored, c)
				}
			}
			na.Items = append(na.Items, ni)
		}
		for _, mn := range news.Mentions(a, sts, gz) {
			r := mn.Report(a)
			r.Incident.Zones = placer.Place(r.Incident.Location, nil)
			na.Mentions = append(na.Mentions, NewsMention{N: mn.N, Report: r})
		}
		na.Counts, na.CountSkips = reported.FromArticle(a)
	}
	slices.Sort(read.Files)
	read.Files = slices.Compact(read.Files)
	return read, nil
}

// newsClaim is an item's claim as stored, its source the article's file
// and sentence.
func newsClaim(a *news.Article, it news.Item) *truce.Claim {
	c := &truce.Claim{Speaker: it.Speaker, Text: it.Sentence, Source: fmt.Sprintf("%s#sentence-%d", filepath.Base(a.Name), it.N),
		Date: it.Date, Scope: it.Claim.Scope, Assertion: it.Claim.Assertion, Accused: it.Claim.Accused, Notes: it.Claim.Notes}
	if it.SpeakerTitle != "" && it.SpeakerTitle != it.Speaker {
		c.Notes = append(c.Notes, "speaker: "+it.SpeakerTitle)
	}
	if a.URL != "" {
		c.Notes = append(c.Notes, "article: "+a.URL)
	}
	return c
}

// outletSource names where an article gives a statement, with its outlet
// when known.
func outletSource(a *news.Article, source string) string {
	if a.Outlet == "" {
		return source
	}
	return a.Outlet + ", " + source
}

// NewsResult is what ImportNews stored.
type NewsResult struct {
	Reports truce.BatchResult // the incident mentions
	Counts  *CountsResult     // nil when the articles gave no counts
}

// ImportNews stores what ReadNews read: the claims (setting their IDs) and
// the incident reports with their log entry in one transaction, then the
// reported counts with theirs (ImportCounts), so that a count refused as a
// conflict does not cost the claims.
func (s *Service) ImportNews(ctx context.Context, actor string, read *NewsRead) (*NewsResult, error) {
	claims, reports := read.Claims(), read.Reports()
	out := &NewsResult{}
	var stored ledger.StoredReports
	var claimIDs []int64
	var claimsDigest string
	_, err := s.logged(ctx, truce.LogImport, actor,
		func(ctx context.Context) (err error) {
			claimIDs = claimIDs[:0]
			for _, c := range claims {
				if c.ID, err = s.Store.PutClaim(ctx, c); err != nil {
					return err
				}
				claimIDs = append(claimIDs, c.ID)
			}
			if claimsDigest, err = ledger.ClaimsDigest(claims); err != nil {
				return err
			}
			out.Reports, stored, err = s.putReports(ctx, read.Agreement.ID, reports)
			return err
		},
		func() any {
			hashes := make([]string, len(reports))
			for i, r := range reports {
				hashes[i] = r.Hash
			}
			res := out.Reports
			return ledger.NewsBody{Articles: len(read.Articles), ClaimIDs: claimIDs, ClaimsDigest: claimsDigest, ClaimsStored: len(claims),
				Duplicates: res.Duplicates, Files: read.Files, Mentions: len(reports), ReportsAfter: stored.After, ReportsDigest: ledger.Digest(hashes),
				ReportsTo: stored.To, Revised: res.Revised, Source: "news", Stored: res.Stored, StoredDigest: stored.Digest}
		})
	if err != nil {
		for _, c := range claims {
			c.ID = 0
		}
		return nil, err
	}
	var counts []*truce.ReportedCount
	for _, a := range read.Articles {
		counts = append(counts, a.Counts...)
	}
	if len(counts) > 0 {
		if out.Counts, err = s.ImportCounts(ctx, actor, CountsImport{Source: "news", Files: read.Files, Counts: counts}); err != nil {
			return out, err
		}
	}
	return out, nil
}

// sameClaim reports whether c repeats o: the same sentence of the same
// article read again, or the same statement given twice (sameStatement).
func sameClaim(o, c *truce.Claim) bool {
	return o.Source == c.Source && o.Text == c.Text && o.Speaker == c.Speaker && o.Date.Equal(c.Date) || sameStatement(o, c)
}

// sameStatement reports whether two claims are one statement given twice:
//   - in one article: a quote in the standfirst and again in the body, or
//     an excerpt of the article reprinted under it, where the words of one
//     (letters and digits, case folded) are within the other's;
//   - in two articles: two outlets quoting one speaker the same day, where
//     nearly all the words of the shorter are in the longer (each outlet
//     frames the quote in its own words: "X," he said / he said that X).
//
// Both need the same assertion and accused.
func sameStatement(a, b *truce.Claim) bool {
	art := articleOf
	if art(a.Source) == "" || art(b.Source) == "" || a.Assertion != b.Assertion || a.Accused != b.Accused {
		return false
	}
	if art(a.Source) != art(b.Source) {
		return a.Speaker != "" && strings.EqualFold(a.Speaker, b.Speaker) && a.Date.Equal(b.Date) && sameWords(a.Text, b.Text)
	}
	x, y := foldText(a.Text), foldText(b.Text)
	if len(x) > len(y) {
		x, y = y, x
	}
	// A short statement ("It was calm.") may well be said twice of
	// different things.
	return len(x) >= 24 && strings.Contains(y, x)
}

// articleOf is the article part of a news claim's source
// ("FILE#sentence-N", "FILE#ITEM#sentence-N"), "" for other sources.
func articleOf(source string) string {
	if i := strings.LastIndex(source, "#sentence-"); i >= 0 {
		return source[:i]
	}
	return ""
}

// foldText keeps the letters and digits of s, case folded.
func foldText(s string) string {
	var out strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			out.WriteRune(r)
		}
	}
	return out.String()
}

// sameWords reports whether at least 80 % of the words of the shorter text
// (at least 8 of them: short sentences recur of different things) are in
// the longer.
func sameWords(a, b string) bool {
	words := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			m[w] = true
		}
		return m
	}
	x, y := words(a), words(b)
	if len(x) > len(y) {
		x, y = y, x
	}
	if len(x) < 8 {
		return false
	}
	n := 0
	for w := range x {
		if y[w] {
			n++
		}
	}
	return n*5 >= len(x)*4
}
