package truce

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ReportedCount is one day's count of ceasefire violations as one side of
// a joint commission registered it ("the Russian side registered 15
// violations in the past 24 hours"): what a party says happened, kept as
// data beside the incidents, never as incidents, because a count names no
// event that could be placed or judged.
type ReportedCount struct {
	ID int64
	// Reporter is who counted, normalised (NormalizeReporter): "russia",
	// "turkey", else the reporter's words folded; so one side's series
	// is one series whatever the outlet called it.
	Reporter string
	// ReporterWords are the reporter as the source named it ("Turkish
	// side", "Russian observers").
	ReporterWords string
	Day           time.Time // the day counted, UTC midnight
	Count         int
	What          string // what was counted: "ceasefire violations", "cases of firing"
	// Provinces is the per-province breakdown when the source gives one
	// (Damascus 9, Hama 3); nil when it gives none. It may be partial:
	// its sum never exceeds Count.
	Provinces map[string]int
	// Source is the article or file the count was read from, and Line
	// the line of a file or the sentence of an article (0: unknown).
	Source string
	Line   int
	Lang   string // the source's language, ISO 639-1; "" when unknown
	// DayRule says how Day was found: given by a file, or the day before
	// an article's publication because it says "in the past 24 hours".
	DayRule string
	Text    string // the words the count was read from
}

// Where names where the count was read: "counts.csv:12" for a file's
// line, "bulletin.txt#sentence-3" for an article's sentence (a count read
// from an article has the article's language; a file's has none).
func (c *ReportedCount) Where() string {
	switch {
	case c.Line <= 0:
		return c.Source
	case c.Lang != "":
		return fmt.Sprintf("%s#sentence-%d", c.Source, c.Line)
	}
	return fmt.Sprintf("%s:%d", c.Source, c.Line)
}

// CountFilter selects reported counts; zero fields do not filter.
type CountFilter struct {
	Reporter string
	From, To time.Time // Day within [From, To]
	Source   string
}

// CountService stores reported counts. A count is identified by its
// source, reporter and day: one source says once what one side counted
// one day, so reading a source again stores nothing new.
type CountService interface {
	// PutCounts stores the counts whose source, reporter and day are not
	// stored yet, setting their IDs, and returns them in order; the
	// others are left with ID 0. Each is validated first, and an invalid
	// one stores nothing.
	PutCounts(ctx context.Context, cs []*ReportedCount) ([]*ReportedCount, error)
	// ReportedCounts lists the counts f selects by day, reporter, then ID.
	ReportedCounts(ctx context.Context, f CountFilter) ([]*ReportedCount, error)
}

// MaxReportedCount bounds a day's count: the busiest days of the Syrian
// bulletins had a few hundred; more is a misread number.
const MaxReportedCount = 100000

// Validate refuses a count no series could hold, naming the field. Both
// stores call it, so they refuse the same counts in the same words.
func (c *ReportedCount) Validate() error {
	switch {
	case c == nil:
		return Errorf(EINVALID, "count is missing")
	case strings.TrimSpace(c.Reporter) == "":
		return Errorf(EINVALID, "count field reporter is empty")
	case c.Day.IsZero():
		return Errorf(EINVALID, "count field day is missing")
	case c.Count < 0 || c.Count > MaxReportedCount:
		return Errorf(EINVALID, "count field count %d: want 0 to %d", c.Count, MaxReportedCount)
	case strings.TrimSpace(c.Source) == "":
		return Errorf(EINVALID, "count field source is empty")
	case c.Line < 0:
		return Errorf(EINVALID, "count field line %d is negative", c.Line)
	}
	for _, s := range []string{c.Reporter, c.ReporterWords, c.What, c.Source, c.Lang, c.DayRule, c.Text} {
		if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
			return Errorf(EINVALID, "count from %s: text that is not UTF-8 or holds a NUL byte", c.Source)
		}
	}
	sum := 0
	for p, n := range c.Provinces {
		if strings.TrimSpace(p) == "" || !utf8.ValidString(p) || strings.ContainsRune(p, 0) {
			return Errorf(EINVALID, "count field provinces: a province without a name")
		}
		if n < 0 || n > MaxReportedCount {
			return Errorf(EINVALID, "count field provinces: %s %d: want 0 to %d", p, n, MaxReportedCount)
		}
		sum += n
	}
	if sum > c.Count {
		return Errorf(EINVALID, "count field provinces: they add up to %d, more than the count %d", sum, c.Count)
	}
	return nil
}

// reporterNames maps words that name a side of the Russia-Turkey
// commission to its series, in every language the news rules read: the
// two sides must each be one series whether a bulletin says "Russian
// observers", "the Russian party" or "الجانب الروسي".
var reporterNames = []struct{ stem, id string }{
	{"russia", "russia"}, {"россий", "russia"}, {"русск", "russia"}, {"روس", "russia"}, {"rus", "russia"}, {"russe", "russia"}, {"ruso", "russia"}, {"russo", "russia"}, {"russisk", "russia"},
	{"turk", "turkey"}, {"türk", "turkey"}, {"турец", "turkey"}, {"турк", "turkey"}, {"ترك", "turkey"}, {"turc", "turkey"}, {"turqu", "turkey"},
}

// NormalizeReporter makes a reporter's words a series name: "russia" or
// "turkey" when the words name a side of the Russia-Turkey commission,
// else the words folded (lower case, spaces collapsed); "" for none.
func NormalizeReporter(words string) string {
	f := strings.Join(strings.FieldsFunc(strings.ToLower(words), func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == ';' || r == '"'
	}), " ")
	if f == "" {
		return ""
	}
	var ids []string
	for _, w := range strings.FieldsFunc(f, func(r rune) bool { return !unicode.IsLetter(r) }) {
		w = strings.TrimPrefix(w, "ال")
		for _, n := range reporterNames {
			if strings.HasPrefix(w, n.stem) && !slices.Contains(ids, n.id) {
				ids = append(ids, n.id)
			}
		}
	}
	if len(ids) == 1 {
		return ids[0]
	}
	// Both sides, or neither, named: the words stay the series, so that
	// "the joint Russian-Turkish commission" is not taken for one side.
	return f
}
