package reported

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/news"
)

// pastDay are the words, per language, that say a count covers the past 24
// hours: the Russian Reconciliation Centre's daily bulletins and the
// outlets quoting them count "over the past day", so the count belongs to
// the day before publication. Lower case; digits are ASCII (package news
// makes Arabic-Indic digits so).
var pastDay = map[string][]string{
	"en": {"24 hours", "twenty-four hours", "past day", "last day", "previous day", "during the day", "for the day", "per day", "a day earlier", "recent days"},
	"ar": {"24 ساعة", "24 الساعة", "الـ24 ساعة", "الساعات الـ24", "الساعات ال24", "الساعات الأربع والعشرين", "اليوم الماضي", "خلال يوم"},
	"ru": {"сутки", "24 час"},
	"tr": {"24 saat", "son gün", "geçen gün"},
	"pt": {"24 horas", "último dia", "dia anterior"},
	"es": {"24 horas", "último día", "día anterior"},
	"fr": {"24 heures", "dernière journée", "la veille"},
	"no": {"24 timer", "siste døgn", "døgnet"},
}

// Rules that date a count read from news (ReportedCount.DayRule).
const (
	RuleSentence = "day before publication: the sentence counts the past 24 hours"
	RuleArticle  = "day before publication: the article counts the past 24 hours"
	RuleAssumed  = "day before publication: assumed, no period named (daily bulletins count the previous day)"
)

func saysPastDay(lang, text string) bool {
	t := strings.ToLower(text)
	for _, w := range pastDay[lang] {
		if strings.Contains(t, w) {
			return true
		}
	}
	// Bulletins in any language say "24" next to the hours.
	return strings.Contains(t, "24 h")
}

// FromArticle makes the counts package news reads in a (news.Counts) into
// reported counts of a's day before publication, each with the rule that
// dated it, its reporter normalised, and the per-province breakdown its
// sentence gives when that breakdown adds up to the count. A count whose
// words name no reporter is not a series point: it is returned in skipped
// with the reason.
func FromArticle(a *news.Article) (counts []*truce.ReportedCount, skipped []string) {
	sentences := news.Counts(a)
	if len(sentences) == 0 {
		return nil, nil
	}
	whole := saysPastDay(a.Lang, a.Title)
	for _, s := range news.Sentences(a) {
		whole = whole || saysPastDay(a.Lang, s.Text)
	}
	source := filepath.Base(a.Name)
	first := map[string]*truce.ReportedCount{} // reporter → its first count in a
	for _, s := range sentences {
		rule := RuleAssumed
		switch {
		case saysPastDay(a.Lang, s.Text):
			rule = RuleSentence
		case whole:
			rule = RuleArticle
		}
		breakdown := provincesIn(s.Text)
		for _, c := range s.Counts {
			reporter := truce.NormalizeReporter(c.Reporter)
			switch {
			case reporter == "":
				skipped = append(skipped, fmt.Sprintf("%s#sentence-%d: %d %s: no reporter named, so no series to put it in", source, s.N, c.N, c.What))
				continue
			case c.N < 0 || c.N > truce.MaxReportedCount:
				// A misread number (a year, a phone number) must not
				// make the whole import fail.
				skipped = append(skipped, fmt.Sprintf("%s#sentence-%d: %d %s: over %d in a day, a misread number", source, s.N, c.N, c.What, truce.MaxReportedCount))
				continue
			}
			rc := &truce.ReportedCount{Reporter: clean(reporter), ReporterWords: clean(c.Reporter), Day: a.Date.AddDate(0, 0, -1), Count: c.N,
				What: clean(c.What), Source: clean(source), Line: s.N, Lang: clean(a.Lang), DayRule: rule, Text: clean(s.Text)}
			if sum(breakdown) == c.N && c.N > 0 {
				rc.Provinces = breakdown
				breakdown = nil // one count's breakdown, not the sentence's next one's
			}
			// A headline or lede gives the number, the quoted bulletin
			// lower down its provinces: the count stored is the first, so
			// it takes the breakdown of the same number repeated.
			if f := first[reporter]; f == nil {
				first[reporter] = rc
			} else if f.Provinces == nil && rc.Provinces != nil && f.Count == rc.Count {
				f.Provinces = rc.Provinces
			}
			counts = append(counts, rc)
		}
	}
	return counts, skipped
}

// clean makes text storable: an article may hold NUL bytes or bytes that
// are not UTF-8, which the stores refuse, and one stray byte must not
// lose the bulletin's counts.
func clean(s string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
}

func sum(p map[string]int) int {
	n := 0
	for _, v := range p {
		n += v
	}
	return n
}

var (
	// "Damascus (9)", "Lattakia (four)": a name of up to three words
	// before a number in brackets, as the Russian bulletins list them.
	reBracketed = regexp.MustCompile(`((?:[\p{L}'’-]+\s+){0,2}[\p{L}'’-]+)\s*\(\s*(\d+|[a-z]+)\s*\)`)
	// "26 في اللاذقية": the Arabic bulletins' number before the province.
	reArabic = regexp.MustCompile(`(\d+)\s+في\s+((?:ريف\s+)?[\p{Arabic}]+)`)
)

var numberWords = map[string]int{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
	"eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20}

// provincesIn reads a per-province breakdown from a sentence: only names
// of governorates count, so "Jabhat al-Nusra (1)" is not a province.
func provincesIn(text string) map[string]int {
	out := map[string]int{}
	add := func(name string, n int) {
		if n > truce.MaxReportedCount {
			return
		}
		// The longest tail of the words that names a governorate: "the
		// provinces of Damascus" is Damascus.
		words := strings.Fields(name)
		for i := range words {
			if cand := strings.Join(words[i:], " "); isProvince(cand) {
				out[Province(cand)] += n
				return
			}
		}
	}
	for _, m := range reBracketed.FindAllStringSubmatch(text, -1) {
		n, err := strconv.Atoi(m[2])
		if err != nil {
			var ok bool
			if n, ok = numberWords[strings.ToLower(m[2])]; !ok {
				continue
			}
		}
		add(m[1], n)
	}
	for _, m := range reArabic.FindAllStringSubmatch(text, -1) {
		if n, err := strconv.Atoi(m[1]); err == nil {
			add(m[2], n)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
