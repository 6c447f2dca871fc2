package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/app"
	"github.com/truce-monitor/truce/reported"
)

// CountStore is a store that keeps reported counts beside the incidents.
type CountStore interface {
	Store
	truce.CountService
}

const importCountsSynopsis = `import counts [--db PATH] [--strict] FILE

Reads daily counts of ceasefire violations as each side of a joint commission reported them, from
a CSV with the header reporter,day,count[,province][,source] (columns found by name, any order):

  reporter  who counted: russia, turkey (or "Russian side", "the Turkish party"…), or any name
  day       the day counted, YYYY-MM-DD
  count     how many violations that side registered that day
  province  optional: the row is that province's part of the day (rows without one are the total;
            with province rows only, the total is their sum)
  source    optional: where the count was published (default: the file's name)

One source gives one count per reporter and day: importing again stores nothing new, and another
number for a stored source, reporter and day is refused and named. Bad rows are reported with
file, line and field and skipped; --strict imports nothing if any row is bad. Compare the series
with 'truce reporters'.`

// runImportCounts runs `truce import counts`; args are those after "counts".
func (m *Main) runImportCounts(ctx context.Context, args []string) error {
	fs := m.newFlags("import counts", importCountsSynopsis)
	strict := fs.Bool("strict", false, "import nothing if any row is bad")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("import counts takes one FILE; see 'truce import counts --help'")
	}
	path := pos[0]
	in, _, err := openInput(m.Stdin, path)
	if err != nil {
		return err
	}
	defer in.Close()
	counts, bad, err := reported.ReadCSV(in, path, time.Now())
	if err != nil {
		return err
	}
	if *strict && len(bad) > 0 {
		for _, e := range bad {
			fmt.Fprintln(m.Stderr, "truce:", e)
		}
		return truce.Errorf(truce.EINVALID, "%s: %d bad rows; nothing imported (--strict)", path, len(bad))
	}
	db, err := openStoreAs[CountStore](ctx, m, "keep reported counts")
	if err != nil {
		return err
	}
	defer db.Close()
	svc, err := appFor(db)
	if err != nil {
		return err
	}
	res, err := svc.ImportCounts(ctx, app.CLI, app.CountsImport{Source: "csv", Files: []string{filepath.Base(path)}, Counts: counts})
	if err != nil {
		return err
	}
	for _, e := range bad {
		fmt.Fprintf(m.Stdout, "  rejected: %v\n", e)
	}
	m.printCountsResult(path, res, len(bad))
	return partialImport(path, len(bad))
}

// partialImport is the error of a file import that stored what it could
// but rejected rows: the command fails, so that a script does not take a
// partial import for a whole one, with nothing stored undone.
func partialImport(path string, rejected int) error {
	if rejected == 0 {
		return nil
	}
	return truce.Errorf(truce.EINVALID, "%s: %d rows rejected (listed above); the others were imported: fix those rows and import the file again (rows already stored are duplicates then)", path, rejected)
}

func (m *Main) printCountsResult(what string, res *app.CountsResult, rejected int) {
	for _, c := range res.Conflicts {
		fmt.Fprintf(m.Stdout, "  conflict: %v\n", c)
	}
	fmt.Fprintf(m.Stdout, "counts from %s: read %d, stored %d, duplicates %d, conflicts %d, rejected %d. `truce reporters` compares them.\n",
		what, res.Read, len(res.Stored), res.Duplicates, len(res.Conflicts), rejected)
}

const reportersSynopsis = `reporters [--db PATH] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--province P] [--incident-source S] [--format table|json|csv]

Compares the daily counts of violations the sides reported ('truce import news', 'truce import
counts'): per reporter the days reported, the total and the mean per day; per pair of reporters,
over the days both reported, their totals, the ratio, the Spearman rank correlation of their daily
series and the days they disagree most; and each reporter against the incidents in the store on
the same days (in the same province with --province). A day without a report is missing, not zero;
incidents are missing outside the days the store holds any. --format csv writes the daily series,
one row a day.`

// runReporters runs `truce reporters`.
func (m *Main) runReporters(ctx context.Context, args []string) error {
	fs := m.newFlags("reporters", reportersSynopsis)
	from := fs.String("from", "", "first day, YYYY-MM-DD")
	to := fs.String("to", "", "last day, YYYY-MM-DD")
	province := fs.String("province", "", "a governorate: the counts' breakdowns for it, and the incidents in it")
	format := fs.String("format", "table", "table, json or csv")
	top := fs.Int("top", 5, "days of greatest disagreement to list per pair")
	incSource := fs.String("incident-source", "", "compare with the incidents of this source only (ucdp, acled, …; default: all)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("reporters takes no arguments, got %q", pos[0])
	}
	if !slices.Contains([]string{"table", "json", "csv"}, *format) {
		return usagef("--format must be table, json or csv, not %q", *format)
	}
	if *top < 1 || *top > 1000 {
		return usagef("--top %d: want 1 to 1000", *top)
	}
	opts := reported.Options{Province: *province, Top: *top, IncidentSource: *incSource}
	if opts.From, err = parseDateFlag("from", *from); err != nil {
		return err
	}
	if opts.To, err = parseDateFlag("to", *to); err != nil {
		return err
	}
	if !opts.From.IsZero() && !opts.To.IsZero() && opts.To.Before(opts.From) {
		return usagef("--to %s is before --from %s", *to, *from)
	}
	db, err := openStoreAs[CountStore](ctx, m, "keep reported counts")
	if err != nil {
		return err
	}
	defer db.Close()
	cmp, err := reported.Build(ctx, db, opts)
	if err != nil {
		return err
	}
	switch *format {
	case "json":
		return writeJSON(m.Stdout, cmp)
	case "csv":
		return writeSeriesCSV(m.Stdout, cmp)
	}
	return writeComparison(m.Stdout, cmp)
}

func fmtRatio(p *float64) string {
	if p == nil {
		return "-"
	}
	return strconv.FormatFloat(*p, 'f', 2, 64)
}

func writeComparison(out io.Writer, c *reported.Comparison) error {
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	period := "all days"
	if c.From != "" || c.To != "" {
		period = orDash(c.From) + " to " + orDash(c.To)
	}
	if c.Province != "" {
		period += ", province " + c.Province
	}
	fmt.Fprintf(w, "reported counts, %s\n\n", period)
	if len(c.Reporters) == 0 {
		fmt.Fprintln(w, "no reported counts in the period (`truce import news`, `truce import counts`)")
	} else {
		fmt.Fprintln(w, "REPORTER\tDAYS\tTOTAL\tPER DAY\tFIRST\tLAST\tDISPUTED")
		for _, r := range c.Reporters {
			fmt.Fprintf(w, "%s\t%d\t%d\t%.1f\t%s\t%s\t%d\n", r.Reporter, r.Days, r.Total, r.PerDay, r.First, r.Last, r.Disputed)
		}
	}
	pairs := func(title string, ps []reported.Pair) {
		if len(ps) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s\nA\tB\tCOMMON DAYS\tTOTAL A\tTOTAL B\tA/B\tSPEARMAN\tDISAGREE MOST (day A-B)\n", title)
		for _, p := range ps {
			var days []string
			for _, d := range p.Disagree {
				days = append(days, fmt.Sprintf("%s %d-%d", d.Day, d.A, d.B))
			}
			fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%d\t%s\t%s\t%s\n", p.A, p.B, p.CommonDays, p.TotalA, p.TotalB, fmtRatio(p.Ratio), fmtRatio(p.Spearman), orDash(strings.Join(days, ", ")))
		}
	}
	pairs("reporter against reporter, on the days both reported:", c.Pairs)
	covered := "none"
	if c.Covered[0] != "" {
		covered = c.Covered[0] + " to " + c.Covered[1]
	}
	var srcs []string
	for s, n := range c.IncidentSources {
		srcs = append(srcs, fmt.Sprintf("%s %d", s, n))
	}
	sort.Strings(srcs)
	pairs(fmt.Sprintf("reporter against incidents in the store (covered %s; in the period: %s):", covered, orDash(strings.Join(srcs, ", "))), c.Incidents)
	fmt.Fprintln(w)
	for _, cv := range c.Caveats {
		fmt.Fprintf(w, "note: %s\n", cv)
	}
	return w.Flush()
}

// writeSeriesCSV writes the daily series: a row a day any reporter
// reported, a column a reporter and one for the incidents; an empty cell
// is a day missing.
func writeSeriesCSV(out io.Writer, c *reported.Comparison) error {
	var names []string
	for _, r := range c.Reporters {
		names = append(names, r.Reporter)
	}
	days := map[string]bool{}
	for _, n := range names {
		for d := range c.Series[n] {
			days[d] = true
		}
	}
	var order []string
	for d := range days {
		order = append(order, d)
	}
	sort.Strings(order)
	w := csv.NewWriter(out)
	_ = w.Write(append(append([]string{"day"}, names...), reported.IncidentKey))
	inc := c.Series[reported.IncidentKey]
	for _, d := range order {
		row := []string{d}
		for _, n := range names {
			if v, ok := c.Series[n][d]; ok {
				row = append(row, strconv.Itoa(v))
			} else {
				row = append(row, "")
			}
		}
		v, ok := inc[d]
		if !ok && c.Covered[0] != "" && d >= c.Covered[0] && d <= c.Covered[1] {
			ok = true
		}
		if ok {
			row = append(row, strconv.Itoa(v))
		} else {
			row = append(row, "")
		}
		_ = w.Write(row)
	}
	w.Flush()
	return w.Error()
}
