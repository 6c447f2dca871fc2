package news

import (
	"fmt"
	"html"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/truce-monitor/truce"
)

// Options says what the text of an article may not: its publication date
// or year, and its language.
type Options struct {
	// Date is the publication date of an article whose text has none.
	Date time.Time
	// Year completes a dateline without one ("MOSCOW, June 26."); the
	// year of Date is used when Year is 0.
	Year int
	// Lang is the article's language (ISO 639-1); empty: the header's
	// ("Language: pt"), else detected (DetectLanguage).
	Lang string
}

// Article is one news article or statement, parsed.
type Article struct {
	Name      string    // the file name or reference it was read from
	Lang      string    // ISO 639-1 code
	Outlet    string    // "TASS", "SANA", …; empty when unknown
	Place     string    // the dateline's place, "MOSCOW"
	Date      time.Time // publication date
	DateBasis string    // where Date came from: "header", "dateline" or "option"
	Title     string
	URL       string
	Body      string // paragraphs, one a line, the dateline removed
}

// maxArticle bounds what Parse reads: far beyond any article.
const maxArticle = 4 << 20

// Parse reads an article from r, named name (a file name: ".html" and
// ".htm" are reduced to text). It errs (EINVALID) when no publication date
// can be found in the text and opts gives none, naming name.
func Parse(r io.Reader, name string, opts Options) (*Article, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxArticle+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(b) > maxArticle {
		return nil, truce.Errorf(truce.EINVALID, "%s: longer than %d bytes: not an article", name, maxArticle)
	}
	text := normalizeDigits(strings.ToValidUTF8(string(b), "\uFFFD"))
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	a := &Article{Name: name}
	if ext := strings.ToLower(filepath.Ext(name)); ext == ".html" || ext == ".htm" || looksLikeHTML(text) {
		text, a.Title = stripHTML(text)
	}
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		lines = append(lines, strings.Join(strings.Fields(l), " "))
	}
	// A metadata header: leading "Key: value" lines with known keys.
	header := map[string]string{}
	en := langs["en"]
	i := 0
	for ; i < len(lines); i++ {
		k, v, ok := strings.Cut(lines[i], ":")
		if lines[i] == "" && len(header) > 0 {
			i++
			break
		}
		field := ""
		if ok {
			field = metadataField(strings.ToLower(strings.TrimSpace(k)))
		}
		if field == "" {
			if len(header) == 0 {
				i = 0
			}
			break
		}
		header[field] = strings.TrimSpace(v)
	}
	lines = lines[i:]
	a.Lang = opts.Lang
	if a.Lang == "" {
		a.Lang = header["lang"]
	}
	if a.Lang == "" {
		a.Lang = DetectLanguage(strings.Join(lines, "\n"))
	}
	rl := langs[a.Lang]
	if rl == nil {
		rl = en // datelines and dates are read with English rules; Statements finds none
	}
	a.URL, a.Outlet = header["url"], header["outlet"]
	if header["title"] != "" {
		a.Title = header["title"]
	}
	if d := header["date"]; d != "" {
		t, err := parseHeaderDate(d, rl)
		if err != nil {
			return nil, truce.Errorf(truce.EINVALID, "%s: header date %q: want YYYY-MM-DD or \"8 June 2017\"", name, d)
		}
		a.Date, a.DateBasis = t, "header"
	}
	// The dateline opens the body; lines before it are the title, standfirst
	// and captions.
	var body []string
	found := false
	for j, l := range lines {
		if l == "" {
			continue
		}
		if !found {
			if m := matchDateline(rl, l); m != nil {
				found = true
				if err := a.applyDateline(rl, m, opts); err != nil {
					return nil, err
				}
				if rest := strings.TrimSpace(l[len(m["_all"]):]); rest != "" {
					body = append(body, rest)
				}
				if a.Title == "" {
					a.Title = pickTitle(lines[:j])
				}
				continue
			}
		}
		body = append(body, l)
	}
	if !found {
		// No dateline: a title is the first line, when it reads as one.
		if a.Title == "" && len(body) > 1 && looksLikeTitle(body[0]) {
			a.Title = body[0]
			body = body[1:]
		} else if a.Title != "" && len(body) > 0 && body[0] == a.Title {
			body = body[1:]
		}
	}
	a.Body = strings.Join(body, "\n")
	if a.Date.IsZero() && !opts.Date.IsZero() {
		a.Date, a.DateBasis = truncDay(opts.Date), "option"
	}
	if a.Date.IsZero() {
		return nil, truce.Errorf(truce.EINVALID, "%s: no publication date in the text: pass --date YYYY-MM-DD", name)
	}
	return a, nil
}

func metadataField(k string) string {
	for _, r := range langs {
		if f := r.metadata[k]; f != "" {
			return f
		}
	}
	return ""
}

func truncDay(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

var reDayMonthYear = regexp.MustCompile(`^(\d{1,2}) ([A-Za-z]+)\.? (\d{4})$|^([A-Za-z]+)\.? (\d{1,2}),? (\d{4})$`)

func parseHeaderDate(s string, rl *rules) (time.Time, error) {
	if t, err := truce.ParseDate(s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return truncDay(t), nil
	}
	m := reDayMonthYear.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, fmt.Errorf("bad date")
	}
	day, month, year := m[1], m[2], m[3]
	if day == "" {
		day, month, year = m[5], m[4], m[6]
	}
	mo, ok := rl.months[lower(month)]
	d, _ := strconv.Atoi(day)
	y, _ := strconv.Atoi(year)
	if !ok || d < 1 || d > 31 {
		return time.Time{}, fmt.Errorf("bad date")
	}
	return validDate(y, mo, d)
}

func validDate(y, mo, d int) (time.Time, error) {
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || int(t.Month()) != mo {
		return time.Time{}, fmt.Errorf("no such day")
	}
	return t, nil
}

// matchDateline returns the named groups of the first dateline rule l
// matches, with "_all" the whole match.
func matchDateline(rl *rules, l string) map[string]string {
	for _, re := range rl.datelines {
		idx := re.FindStringSubmatchIndex(l)
		if idx == nil {
			continue
		}
		m := map[string]string{"_all": l[idx[0]:idx[1]]}
		for i, n := range re.SubexpNames() {
			if n != "" && idx[2*i] >= 0 {
				m[n] = l[idx[2*i]:idx[2*i+1]]
			}
		}
		if o := m["outlet"]; o != "" {
			if _, known := rl.outlets[lower(o)]; !known && m["month"] == "" && !isUpper(o) {
				continue // "Moscow, Russia – …" is no dateline
			}
		}
		if mo := m["month"]; mo != "" {
			if _, ok := rl.months[lower(mo)]; !ok {
				continue
			}
		}
		return m
	}
	return nil
}

func isUpper(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
	}
	return true
}

func (a *Article) applyDateline(rl *rules, m map[string]string, opts Options) error {
	a.Place = m["place"]
	if o := m["outlet"]; o != "" && a.Outlet == "" {
		if name, ok := rl.outlets[lower(strings.TrimSpace(o))]; ok {
			a.Outlet = name
		} else {
			a.Outlet = strings.TrimSpace(o)
		}
	}
	if m["month"] == "" || !a.Date.IsZero() {
		return nil
	}
	year := opts.Year
	if m["year"] != "" {
		year, _ = strconv.Atoi(m["year"])
	}
	if year == 0 {
		year = opts.Date.Year()
	}
	if year == 0 || opts.Date.IsZero() && opts.Year == 0 && m["year"] == "" {
		return truce.Errorf(truce.EINVALID, "%s: the dateline %q has no year: pass --year YYYY or --date YYYY-MM-DD", a.Name, strings.TrimSpace(m["_all"]))
	}
	d, _ := strconv.Atoi(m["day"])
	t, err := validDate(year, rl.months[lower(m["month"])], d)
	if err != nil {
		return truce.Errorf(truce.EINVALID, "%s: the dateline %q names no day of %d", a.Name, strings.TrimSpace(m["_all"]), year)
	}
	a.Date, a.DateBasis = t, "dateline"
	return nil
}

// pickTitle chooses the title among the lines before the dateline: the
// first that reads as one ("All news" is navigation, not a title).
func pickTitle(lines []string) string {
	for _, l := range lines {
		if looksLikeTitle(l) {
			return l
		}
	}
	return ""
}

func looksLikeTitle(l string) bool {
	n := len(strings.Fields(l))
	if n < 4 || n > 30 || strings.HasPrefix(l, "©") {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(l)
	return !strings.ContainsRune(".!?\"”»", last)
}

// detectSample bounds how much of an article the detector reads: a few
// paragraphs tell a language as well as the whole.
const detectSample = 8 << 10

// DetectLanguage names the language of s (ISO 639-1). The script decides
// among the languages with rules that write in it ([script]); among those,
// the one whose stop words ([stopwords]) and distinctive letters
// ([letters]) are most frequent wins, so that Portuguese is not taken for
// English. Text in a script no rules file writes in is named by its
// script when it has a usual language ("el" for Greek), else "und"; so is
// Latin text with no stop word of any language. Nothing here is English:
// the words are the rules files'.
func DetectLanguage(s string) string {
	if len(s) > detectSample {
		s = strings.ToValidUTF8(s[:detectSample], "")
	}
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters == 0 {
		return "und"
	}
	words := strings.FieldsFunc(lower(s), func(r rune) bool { return !isWordRune(r) && r != '\'' })
	best, bestScore := "", 0.0
	for _, lang := range Languages() {
		rl := langs[lang]
		inScript := len(rl.script.FindAllStringIndex(s, -1))
		if inScript*2 < letters {
			continue
		}
		hits := 0
		for _, w := range words {
			if rl.stopwords[w] {
				hits++
			}
		}
		special := 0
		for _, r := range s {
			if rl.letters[unicode.ToLower(r)] {
				special++
			}
		}
		score := float64(hits)/float64(max(len(words), 1)) + 0.5*float64(min(special, 20))/float64(max(len(words), 1))
		if hits == 0 && special == 0 {
			continue
		}
		if score > bestScore || score == bestScore && lang == "en" {
			best, bestScore = lang, score
		}
	}
	if best != "" {
		return best
	}
	return scriptLanguage(s)
}

// scriptLanguage names the usual language of the script most of s is
// written in, for text no rules file reads.
func scriptLanguage(s string) string {
	counts := map[string]int{}
	for _, r := range s {
		for _, sc := range scriptLangs {
			if unicode.Is(sc.table, r) {
				counts[sc.lang]++
				break
			}
		}
	}
	best, n := "und", 0
	for _, sc := range scriptLangs {
		if counts[sc.lang] > n {
			best, n = sc.lang, counts[sc.lang]
		}
	}
	if best == "la" {
		return "und" // Latin letters with no known stop word: cannot tell
	}
	return best
}

var scriptLangs = []struct {
	table *unicode.RangeTable
	lang  string
}{
	{unicode.Latin, "la"}, {unicode.Greek, "el"}, {unicode.Hebrew, "he"}, {unicode.Armenian, "hy"}, {unicode.Georgian, "ka"},
	{unicode.Devanagari, "hi"}, {unicode.Thai, "th"}, {unicode.Hangul, "ko"}, {unicode.Hiragana, "ja"}, {unicode.Katakana, "ja"},
	{unicode.Han, "zh"}, {unicode.Arabic, "ar"}, {unicode.Cyrillic, "ru"},
}

// normalizeDigits writes Arabic-Indic and Persian digits as ASCII ones, so
// that dates, datelines and counts read them.
func normalizeDigits(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= '٠' && r <= '٩' || r >= '۰' && r <= '۹' }) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '٠' && r <= '٩':
			return '0' + r - '٠'
		case r >= '۰' && r <= '۹':
			return '0' + r - '۰'
		}
		return r
	}, s)
}

var (
	reDropElem = regexp.MustCompile(`(?is)<(script|style|noscript|head)\b.*?</(script|style|noscript|head)\s*>|<!--.*?-->`)
	reTitle    = regexp.MustCompile(`(?is)<(title|h1)\b[^>]*>(.*?)</(title|h1)\s*>`)
	reBlock    = regexp.MustCompile(`(?i)</?(p|br|div|h[1-6]|li|tr|article|section|header|footer|blockquote)\b[^>]*>`)
	reTag      = regexp.MustCompile(`<[^>]*>`)
)

// stripHTML reduces an HTML page to its text, a paragraph a line, and its
// title: a minimal reading (no DOM), enough for article pages.
func stripHTML(s string) (text, title string) {
	if m := reTitle.FindStringSubmatch(s); m != nil {
		title = strings.Join(strings.Fields(html.UnescapeString(reTag.ReplaceAllString(m[2], ""))), " ")
	}
	s = reDropElem.ReplaceAllString(s, "")
	s = reBlock.ReplaceAllString(s, "\n")
	s = reTag.ReplaceAllString(s, "")
	return html.UnescapeString(s), title
}

// looksLikeHTML says whether a file not named .html is an HTML page
// anyway (saved pages often lack the extension).
func looksLikeHTML(s string) bool {
	head := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(s, "\uFEFF")))
	return strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html")
}
