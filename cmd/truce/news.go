package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/app"
	"github.com/truce-monitor/truce/gazetteer"
	"github.com/truce-monitor/truce/news"
	"github.com/truce-monitor/truce/reported"
)

const importNewsSynopsis = `import news [--db PATH] [--date YYYY-MM-DD] [--year YYYY] [--lang L] [--check=true|false] [--gazetteer GEONAMES.tsv] PATH...

Reads news articles and statements (.txt, .html, and RSS 2.0 or Atom feeds, .xml/.rss/.atom, one
article per item; a directory: every such file in it), finds who said
what about the ceasefire (quoted and reported speech, speakers resolved across the article, dates
such as "on Thursday" resolved against the publication date), reads each statement into a claim
with the claim grammar of 'truce claims check', checks it against the verdicts of the last
'truce adjudicate' (as 'truce claims check' does) and stores it, with its source FILE#sentence-N.
Statements that are no claim are listed as skipped. Storing the same claim from the same sentence
again is skipped too, as is a statement given twice: by one article (a standfirst repeated in the
body), or by two outlets quoting one speaker the same day in nearly the same words (one claim,
noting the second outlet). Accusations in the active voice ("government forces violated the ceasefire")
are claims against the accused actor; with no one said to speak, the outlet is the speaker.

Sentences reporting a violent event ("shelling of Douma killed 5 civilians on Tuesday") become
low-confidence incident reports (source "news"): ACLED event type, sides when named, deaths,
date (relative dates resolved, precision honest) and place from Truce's gazetteer of Syria
(--gazetteer adds a GeoNames table such as cities1000). They are placed in the zones and stored
like imported reports; importing again stores nothing new.

Counts of violations a side reports ("Russian observers registered 15 violations in the past 24
hours", "the Turkish side - 19") are stored as that reporter's series (russia, turkey, else the
reporter's words) for 'truce reporters': dated the day before publication (the rule used is kept
with each count), with the per-province breakdown when the sentence gives one that adds up.

The publication date comes from a header line ("Date: 2017-06-08"), from the dateline ("MOSCOW,
June 26. /TASS/." needs --year or --date for its year), or from --date for files with none.`

// runImportNews runs `truce import news`; args are those after "news".
func (m *Main) runImportNews(ctx context.Context, args []string) (err error) {
	fs := m.newFlags("import news", importNewsSynopsis)
	date := fs.String("date", "", "publication date of files whose text has none, YYYY-MM-DD (its year completes datelines without one)")
	year := fs.Int("year", 0, "year of datelines without one (\"June 26.\")")
	lang := fs.String("lang", "", "the files' language (default: detected; extraction rules exist for "+strings.Join(news.Languages(), ", ")+")")
	check := fs.Bool("check", true, "check each claim against the verdicts (default: when the store has verdicts)")
	agreementID := fs.String("agreement", "", "agreement ID (default: the active agreement)")
	gazPath := fs.String("gazetteer", "", "a GeoNames table (19 columns, e.g. cities1000.txt) whose Syrian places add to the built-in gazetteer")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	checkSet := false
	fs.Visit(func(f *flag.Flag) { checkSet = checkSet || f.Name == "check" })
	if len(pos) == 0 {
		return usagef("import news takes one or more files or directories; see 'truce import news --help'")
	}
	day, err := parseDateFlag("date", *date)
	if err != nil {
		return err
	}
	if *year != 0 && (*year < 1900 || *year > 2100) {
		return usagef("--year %d: want a year such as 2017", *year)
	}
	files, err := newsFiles(pos)
	if err != nil {
		return err
	}
	// Parse everything first. A file (or an item of a JSON Lines file)
	// that cannot be read, such as one without a date, is skipped and
	// named; the others are imported, and the command then fails so that
	// no one mistakes a partial import for a whole one.
	opts := news.Options{Date: day, Year: *year, Lang: *lang}
	var arts []*news.Article
	var skipped []error
	for _, f := range files {
		as, skips, err := readNewsFile(f, opts)
		if err != nil {
			skips = append(skips, err)
		}
		for _, e := range skips {
			fmt.Fprintf(m.Stderr, "truce: skipped %s\n", truce.ErrorMessage(e))
		}
		skipped = append(skipped, skips...)
		arts = append(arts, as...)
	}
	if len(arts) == 0 && len(skipped) > 0 {
		return truce.Errorf(truce.EINVALID, "no article could be read (%d skipped, named above)", len(skipped))
	}
	defer func() {
		if err == nil && len(skipped) > 0 {
			err = truce.Errorf(truce.EINVALID, "%d files or items were skipped (named above); the other %d articles were imported", len(skipped), len(arts))
		}
	}()
	var gz *gazetteer.Gazetteer
	if *gazPath != "" {
		var n int
		if gz, n, err = gazetteerFlag(*gazPath); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "gazetteer: %d places added from %s\n", n, *gazPath)
	}
	db, err := m.openClaimStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	svc, err := appFor(db)
	if err != nil {
		return err
	}
	read, err := svc.ReadNews(ctx, arts, app.NewsOptions{AgreementID: *agreementID, Check: *check, RequireCheck: checkSet && *check, Gazetteer: gz})
	if err != nil {
		return err
	}
	if read.Unchecked != "" {
		fmt.Fprintf(m.Stderr, "truce: note: %s, so the claims are stored unchecked (run `truce adjudicate` first to check them)\n", read.Unchecked)
	}
	if read.Judged != 0 {
		m.noteJudged(read.Agreement, read.Judged, read.Version)
	}
	var nStatements, nClaims, nSkipped, nDup int
	for _, a := range read.Articles {
		fmt.Fprintf(m.Stdout, "%s: %s, %s, published %s (from the %s), language %s\n", a.Name, orDash(a.Outlet), orDash(a.Place),
			a.Date.Format(truce.DateLayout), a.DateBasis, a.Lang)
		if a.Title != "" {
			fmt.Fprintf(m.Stdout, "  title: %s\n", a.Title)
		}
		if a.LanguageSkip != "" {
			fmt.Fprintf(m.Stdout, "  %s\n", a.LanguageSkip)
		}
		fmt.Fprintf(m.Stdout, "  %d statements\n", a.Statements)
		nStatements += a.Statements
		for _, it := range a.Items {
			who := it.Speaker
			if it.SpeakerTitle != "" && it.SpeakerTitle != it.Speaker {
				who += " (" + it.SpeakerTitle + ")"
			}
			fmt.Fprintf(m.Stdout, "  sentence %d, %s, %s: %q\n", it.N, who, it.Date.Format(truce.DateLayout), clip(it.Sentence, 100))
			c := it.Claim
			if c == nil {
				nSkipped++
				fmt.Fprintf(m.Stdout, "    skipped: %s\n", it.Skip)
				continue
			}
			if len(it.Counts) > 0 {
				fmt.Fprintf(m.Stdout, "    counts: %s\n", news.FormatCounts(it.Counts))
			}
			if len(it.Item.Claim.Hedges) > 0 {
				fmt.Fprintf(m.Stdout, "    hedged: %s\n", strings.Join(it.Item.Claim.Hedges, ", "))
			}
			read := fmt.Sprintf("%s, in %s", c.Assertion, scopeText(c.Scope))
			if c.Accused != "" {
				read += ", accused: " + c.Accused
			}
			switch {
			case it.Same != nil && it.Same.ID != 0:
				nDup++
				fmt.Fprintf(m.Stdout, "    claim: %s; already stored as claim %d\n", read, it.Same.ID)
			case it.Same != nil:
				nDup++
				fmt.Fprintf(m.Stdout, "    claim: %s; the same as %s of this import\n", read, it.Same.Source)
			default:
				nClaims++
				verdict := "unchecked"
				if c.Check != nil {
					verdict = "verdict " + strings.ToUpper(string(c.Check.Verdict))
				}
				fmt.Fprintf(m.Stdout, "    claim: %s; %s\n", read, verdict)
			}
		}
		for _, mn := range a.Mentions {
			fmt.Fprintf(m.Stdout, "  sentence %d: incident: %s\n", mn.N, mentionText(mn.Report))
		}
		for _, s := range a.CountSkips {
			fmt.Fprintf(m.Stdout, "  count skipped: %s\n", s)
		}
	}
	res, err := svc.ImportNews(ctx, app.CLI, read)
	if res != nil {
		if claims := read.Claims(); len(claims) > 0 {
			fmt.Fprintf(m.Stdout, "\nstored as claims %d to %d\n", claims[0].ID, claims[len(claims)-1].ID)
		}
		reports := read.Reports()
		fmt.Fprintf(m.Stdout, "\n%d articles, %d statements: %d claims stored, %d skipped, %d already stored. `truce claims list`, `truce claims show ID`.\n",
			len(read.Articles), nStatements, nClaims, nSkipped, nDup)
		fmt.Fprintf(m.Stdout, "%d incident mentions became reports: %d stored, %d revised, %d already stored (source news; `truce incidents`, `truce why news:KEY`).\n",
			len(reports), res.Reports.Stored, res.Reports.Revised, res.Reports.Duplicates)
		if res.Counts != nil {
			fmt.Fprintln(m.Stdout)
			for _, c := range res.Counts.Stored {
				fmt.Fprintf(m.Stdout, "  count: %s, %s (%s)\n", reported.FormatCount(c), c.Where(), c.DayRule)
			}
			m.printCountsResult("the articles", res.Counts, 0)
		}
	}
	return err
}

// readNewsFile reads one file: a feed (by its content, whatever its name)
// gives an article per item, anything else is one article.
func readNewsFile(f string, opts news.Options) ([]*news.Article, []error, error) {
	r, err := os.Open(f)
	if err != nil {
		return nil, nil, truce.Errorf(truce.EINVALID, "cannot open %s: %v", f, errors.Unwrap(err))
	}
	defer r.Close()
	if ext := strings.ToLower(filepath.Ext(f)); ext == ".jsonl" || ext == ".ndjson" {
		return news.ParseJSONLines(r, f, opts)
	}
	br := bufio.NewReader(r)
	head, _ := br.Peek(1024)
	if news.IsFeed(head) {
		as, err := news.ParseFeed(br, f, opts)
		return as, nil, err
	}
	a, err := news.Parse(br, f, opts)
	if err != nil {
		return nil, nil, err
	}
	return []*news.Article{a}, nil, nil
}

// mentionText is one line on an incident report read from news.
func mentionText(r *truce.Report) string {
	inc := r.Incident
	typ := inc.SubEventType
	if typ == "" {
		typ = inc.EventType
	}
	where := "no place"
	if inc.Location.Place != "" || inc.Location.Admin1 != "" {
		where = strings.Trim(inc.Location.Place+", "+inc.Location.Admin1, ", ")
	}
	if !inc.Location.HasPoint {
		where += " (no point)"
	} else {
		where += fmt.Sprintf(" (precision %d)", inc.Location.Precision)
	}
	when := inc.DateStart.Format(truce.DateLayout)
	if !inc.DateEnd.Equal(inc.DateStart) {
		when += ".." + inc.DateEnd.Format(truce.DateLayout)
	}
	s := fmt.Sprintf("%s in %s, %s", typ, where, when)
	if inc.SideA != "" {
		s += ", by " + inc.SideA
	}
	if inc.SideB != "" {
		s += ", against " + inc.SideB
	}
	if inc.Fatalities.Best > 0 {
		s += fmt.Sprintf(", %d killed", inc.Fatalities.Best)
		if inc.Fatalities.Civilians > 0 {
			s += fmt.Sprintf(" (%d civilians)", inc.Fatalities.Civilians)
		}
	}
	var zones []string
	for _, z := range inc.Zones {
		zones = append(zones, z.ZoneID+" "+string(z.Placement))
	}
	if len(zones) > 0 {
		s += "; zone: " + strings.Join(zones, ", ")
	}
	return s + "; news:" + r.SourceKey
}

// newsFiles expands directories into their .txt, .html and .htm files,
// sorted by name; files named on the command line are taken as they are.
func newsFiles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !fi.IsDir() {
			out = append(out, p)
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			return nil, err
		}
		n := 0
		for _, e := range entries {
			ext := strings.ToLower(filepath.Ext(e.Name()))
			if e.Type().IsRegular() && (ext == ".txt" || ext == ".html" || ext == ".htm" || ext == ".xml" || ext == ".rss" || ext == ".atom" || ext == ".jsonl" || ext == ".ndjson") {
				out = append(out, filepath.Join(p, e.Name()))
				n++
			}
		}
		if n == 0 {
			return nil, truce.Errorf(truce.EINVALID, "%s: no .txt, .html, feed (.xml, .rss, .atom) or JSON Lines (.jsonl) files in it", p)
		}
	}
	return out, nil
}

// gazetteerFlag is the built-in gazetteer with the Syrian places of the
// GeoNames table --gazetteer names, and how many it added.
func gazetteerFlag(path string) (*gazetteer.Gazetteer, int, error) {
	gz := gazetteer.Default()
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, truce.Errorf(truce.EINVALID, "--gazetteer: cannot open %s: %v", path, errors.Unwrap(err))
	}
	defer f.Close()
	n, err := gz.ReadGeoNames(f, path)
	if err != nil {
		return nil, 0, truce.Errorf(truce.EINVALID, "--gazetteer: %v", err)
	}
	return gz, n, nil
}
