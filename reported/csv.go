package reported

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/ingest"
)

// CSVColumns are the columns ReadCSV reads, found by header name in any
// order: reporter, day and count are required.
var CSVColumns = []string{"reporter", "day", "count", "province", "source"}

// DayGiven is the DayRule of a count whose file gave its day.
const DayGiven = "given in the file"

// ReadCSV reads reported counts from a CSV file named origin with the
// header reporter,day,count[,province][,source]. A row with a province is
// that province's part of the reporter's day; a row without one is the
// day's total. The rows of one reporter, day and source make one count:
// its total is the total row's, else the sum of the province rows, and the
// province rows are its breakdown. A row's source is its source cell, or
// the file's name. Bad rows are returned as *ingest.RowError naming the
// file, line and field, and left out; err is a fault that stops the file
// (no header, a quote left open). now bounds the days: none after
// tomorrow, none before 1900.
func ReadCSV(r io.Reader, origin string, now time.Time) (counts []*truce.ReportedCount, bad []error, err error) {
	t, err := ingest.NewTable(r, origin, CSVColumns[:3], CSVColumns[3:], ingest.Options{})
	if err != nil {
		return nil, nil, err
	}
	iRep, iDay, iCount, iProv, iSrc := t.Index("reporter"), t.Index("day"), t.Index("count"), t.Index("province"), t.Index("source")
	type key struct{ reporter, day, source string }
	type group struct {
		total   *truce.ReportedCount // the count, once a total row or a province row made it
		byTotal bool                 // a total row set its count
		line    int                  // of the province row that set provinces first, for errors
	}
	groups := map[key]*group{}
	base := filepath.Base(origin)
	latest := now.UTC().Truncate(24*time.Hour).AddDate(0, 0, 1)
	for {
		rec, err := t.Next()
		if err == io.EOF {
			break
		}
		var re *ingest.RowError
		if errors.As(err, &re) {
			bad = append(bad, re)
			continue
		}
		if err != nil {
			return counts, bad, err
		}
		words := ingest.Cell(rec, iRep)
		reporter := truce.NormalizeReporter(words)
		if reporter == "" {
			bad = append(bad, t.Errorf("reporter", "empty: want who counted, such as russia or turkey"))
			continue
		}
		dayText := ingest.Cell(rec, iDay)
		day, err := time.Parse(truce.DateLayout, dayText)
		if err != nil {
			bad = append(bad, t.Errorf("day", "%q: want a day YYYY-MM-DD", dayText))
			continue
		}
		if day.Year() < 1900 || day.After(latest) {
			bad = append(bad, t.Errorf("day", "%s: before 1900 or after tomorrow", dayText))
			continue
		}
		countText := ingest.Cell(rec, iCount)
		n, err := strconv.Atoi(countText)
		if err != nil || n < 0 || n > truce.MaxReportedCount {
			bad = append(bad, t.Errorf("count", "%q: want a whole number from 0 to %d", countText, truce.MaxReportedCount))
			continue
		}
		source := ingest.Cell(rec, iSrc)
		if source == "" {
			source = base
		}
		prov := ingest.Cell(rec, iProv)
		if prov != "" {
			prov = Province(prov)
		}
		k := key{reporter, dayText, source}
		g := groups[k]
		if g == nil {
			g = &group{total: &truce.ReportedCount{Reporter: reporter, ReporterWords: words, Day: day, What: "violations",
				Source: source, Line: t.Line(), DayRule: DayGiven, Text: strings.Join(rec, ",")}}
			groups[k] = g
			counts = append(counts, g.total)
		}
		c := g.total
		switch {
		case prov == "" && g.byTotal:
			if c.Count != n {
				bad = append(bad, t.Errorf("count", "%d, but line %d gives %d for %s on %s from %s", n, c.Line, c.Count, reporter, dayText, source))
			}
			continue
		case prov == "":
			c.Count, c.Line, g.byTotal = n, t.Line(), true
			c.Text = strings.Join(rec, ",")
		default:
			if _, dup := c.Provinces[prov]; dup {
				bad = append(bad, t.Errorf("province", "%s given twice for %s on %s from %s", prov, reporter, dayText, source))
				continue
			}
			if c.Provinces == nil {
				c.Provinces = map[string]int{}
				g.line = t.Line()
			}
			c.Provinces[prov] = n
			if !g.byTotal {
				c.Count += n
			}
		}
		if err := c.Validate(); err != nil && g.byTotal {
			// The total row is the file's word on the day: a breakdown
			// over it is the error, not the total.
			bad = append(bad, t.Errorf("count", "%s for %s on %s from %s", strings.TrimPrefix(truce.ErrorMessage(err), "count field "), reporter, dayText, source))
			delete(c.Provinces, prov)
			if len(c.Provinces) == 0 {
				c.Provinces = nil
			}
		}
	}
	// Province rows alone make a count that is their sum: it can only be
	// too large, which the row bounds prevent up to MaxReportedCount.
	out := counts[:0]
	for _, c := range counts {
		if err := c.Validate(); err != nil {
			bad = append(bad, &ingest.RowError{Origin: origin, Line: c.Line, Field: "count", Msg: truce.ErrorMessage(err)})
			continue
		}
		out = append(out, c)
	}
	return out, bad, nil
}

// FormatCount says a count in one line: "russia 2017-05-05: 15 (Damascus
// 9, Hama 3) from a.txt:2".
func FormatCount(c *truce.ReportedCount) string {
	s := fmt.Sprintf("%s %s: %d", c.Reporter, c.Day.Format(truce.DateLayout), c.Count)
	if len(c.Provinces) > 0 {
		s += " (" + FormatProvinces(c.Provinces) + ")"
	}
	return s
}

// FormatProvinces says a breakdown largest first: "Damascus 9, Hama 3".
func FormatProvinces(p map[string]int) string {
	names := make([]string, 0, len(p))
	for n := range p {
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, b string) int {
		if p[a] != p[b] {
			return p[b] - p[a]
		}
		return strings.Compare(a, b)
	})
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("%s %d", n, p[n])
	}
	return strings.Join(parts, ", ")
}
