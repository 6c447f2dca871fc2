package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/acled"
	"github.com/truce-monitor/truce/app"
	"github.com/truce-monitor/truce/geojson"
	"github.com/truce-monitor/truce/ingest"
	"github.com/truce-monitor/truce/ledger"
	"github.com/truce-monitor/truce/ucdp"
)

const importSynopsis = `import [--db PATH] [--strict] [--workers N] [--map MAPPING] SOURCE FILE

SOURCE is one of:
  ucdp     UCDP GED CSV (the global GEDEvent_vXX_1.csv or a country subset; columns by name)
  acled    ACLED CSV export (columns by name; re-imports update revised events)
  acled-deletions
           ACLED's list of deleted events (event_id_cnty, deleted_timestamp): marks
           them withdrawn; they stay stored but leave queries and counts
  geojson  GeoJSON FeatureCollection of Point features
  news     news articles and statements (text or HTML files, or directories): who said
           what, read into claims and checked; see 'truce import news --help'
  counts   daily counts of violations each side reported (reporter,day,count[,province]
           [,source]); see 'truce import counts --help'
  csv      any CSV, with --map naming its columns, e.g.
           --map id=uid,date=day,lat=y,lon=x,event_type=kind,fatalities=deaths
FILE may be - for standard input (not with --strict).

Re-importing a file stores nothing new. A bad row is reported with its file and
line and skipped; with --strict the whole file is checked first and nothing is
imported if any row is bad.`

// batchSize trades transaction overhead against memory and the work lost to
// an interrupt: measured on 830 k simulated rows, 16,000 rows per commit
// imports 6 % faster than 4,000, and larger batches gain little more. A
// variable so that tests can cut a small file into many batches.
var batchSize = 16000

// maxListedRejections bounds the rejections printed in the summary.
const maxListedRejections = 20

type importSummary struct {
	Read, Stored, Revised, Duplicates, Withdrawn, Rejected int
	Rejections                                             []string
	Elapsed                                                time.Duration
}

func (m *Main) runImport(ctx context.Context, args []string) error {
	// News articles are statements to read, not rows to stream.
	if len(args) > 0 && args[0] == "news" {
		return m.runImportNews(ctx, args[1:])
	}
	// Counts are a series per reporter, not incidents.
	if len(args) > 0 && args[0] == "counts" {
		return m.runImportCounts(ctx, args[1:])
	}
	fs := m.newFlags("import", importSynopsis)
	strict := fs.Bool("strict", false, "check every row first and import nothing if any row is bad")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "goroutines parsing and placing rows while one writes them (the stored result is the same for any number)")
	mapping := fs.String("map", "", "column mapping for csv: FIELD=COLUMN,… (fields: id, date, date_end, lat, lon, precision, event_type, sub_event_type, side_a, side_b, fatalities, civilians, place, admin1, admin2, country, sources, notes)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("import takes SOURCE and FILE; see 'truce import --help'")
	}
	if *workers < 1 {
		return usagef("--workers must be at least 1")
	}
	source, path := pos[0], pos[1]
	open, err := readerFor(source, *mapping)
	if err != nil {
		return err
	}
	if *strict && path == "-" {
		return usagef("--strict needs a file, not standard input: it reads the file twice")
	}
	if *strict {
		if err := m.checkFile(open, path); err != nil {
			return err
		}
	}
	db, err := m.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	a, placer, err := m.activePlacer(ctx, db)
	if err != nil {
		return err
	}

	in, size, err := openInput(m.Stdin, path)
	if err != nil {
		return err
	}
	defer in.Close()
	prog := &importProgress{}
	rd, err := open(&countingReader{r: in, n: &prog.bytes}, path)
	if err != nil {
		return err
	}
	stopProgress := m.progress(path, size, prog)
	sum, err := importReports(ctx, db, a, placer, rd, source, filepath.Base(path), *workers, prog)
	stopProgress()
	if err != nil {
		return err
	}
	m.printSummary(source, path, sum)
	return partialImport(path, sum.Rejected)
}

type openFunc func(r io.Reader, origin string) (ingest.Reader, error)

func readerFor(source, mapping string) (openFunc, error) {
	if mapping != "" && source != "csv" {
		return nil, usagef("--map applies to csv imports only")
	}
	switch source {
	case "ucdp":
		return func(r io.Reader, origin string) (ingest.Reader, error) { return ucdp.NewReader(r, origin) }, nil
	case "acled":
		return func(r io.Reader, origin string) (ingest.Reader, error) { return acled.NewReader(r, origin) }, nil
	case "acled-deletions":
		return func(r io.Reader, origin string) (ingest.Reader, error) { return acled.NewDeletionsReader(r, origin) }, nil
	case "geojson":
		return func(r io.Reader, origin string) (ingest.Reader, error) { return geojson.NewReader(r, origin) }, nil
	case "csv":
		if mapping == "" {
			return nil, usagef("csv imports need --map FIELD=COLUMN,… naming at least id, date, lat and lon")
		}
		m, err := ingest.ParseMapping(mapping)
		if err != nil {
			return nil, err
		}
		return func(r io.Reader, origin string) (ingest.Reader, error) { return ingest.NewCSVReader(r, origin, m) }, nil
	default:
		sources := []string{"ucdp", "acled", "acled-deletions", "geojson", "csv", "news", "counts"}
		return nil, usagef("unknown source %q%s: want %s", source, suggest(source, sources), strings.Join(sources, ", "))
	}
}

func openInput(stdin io.Reader, path string) (io.ReadCloser, int64, error) {
	if path == "-" {
		return io.NopCloser(stdin), 0, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, truce.Errorf(truce.EINVALID, "cannot open %s: %v", path, errors.Unwrap(err))
	}
	var size int64
	if fi, err := f.Stat(); err == nil {
		size = fi.Size()
	}
	return f, size, nil
}

// checkFile reads the whole file and fails on the first bad row, for --strict.
func (m *Main) checkFile(open openFunc, path string) error {
	in, _, err := openInput(nil, path)
	if err != nil {
		return err
	}
	defer in.Close()
	rd, err := open(in, path)
	if err != nil {
		return err
	}
	for {
		_, err := rd.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return truce.Errorf(truce.EINVALID, "%v (--strict: nothing imported)", err)
		}
	}
}

// activePlacer returns the active agreement and a placer for its zones, or
// nils when no agreement is loaded yet (incidents are placed when one is).
func (m *Main) activePlacer(ctx context.Context, db Store) (*truce.Agreement, truce.Placer, error) {
	a, err := db.ActiveAgreement(ctx)
	if truce.ErrorCode(err) == truce.ENOTFOUND {
		fmt.Fprintln(m.Stderr, "truce: no agreement loaded yet: incidents are stored unplaced and placed when one is loaded")
		return nil, nil, nil
	} else if err != nil {
		return nil, nil, err
	}
	svc, err := appFor(db)
	if err != nil {
		return nil, nil, err
	}
	ix, err := svc.Placer(ctx, a)
	if err != nil {
		return nil, nil, err
	}
	return a, ix, nil
}

// importReports streams rd into db through a pipeline that uses every core
// while the store's one writer writes: one goroutine reads records (which
// must be sequential), workers (GOMAXPROCS when workers < 1) parse and place
// them in chunks, and the rows are put back in file order into batches of
// batchSize reports before they are written. The batches, and so the report
// IDs and the log entries, are the same whatever the number of workers.
// Each batch is stored with its log entry (app.Service.Import), naming
// source and file. prog, if not nil, counts the rows parsed and written as
// they are.
func importReports(ctx context.Context, db Store, a *truce.Agreement, placer truce.Placer, rd ingest.Reader, source, file string, workers int, prog *importProgress) (importSummary, error) {
	if prog == nil {
		prog = &importProgress{}
	}
	svc, err := appFor(db)
	if err != nil {
		return importSummary{}, err
	}
	start := time.Now()
	// An import allocates a few short-lived values per field; collecting
	// less often trades memory (bounded by the batches in flight) for time.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan importBatch, 2)
	errc := make(chan error, 1)
	go func() {
		errc <- assembleBatches(ctx, readChunks(ctx, rd, placer, workers), batches, prog)
	}()

	var sum importSummary
	agreementID := ""
	if a != nil {
		agreementID = a.ID
	}
	n := 0
	for b := range batches {
		n++
		res, err := svc.Import(ctx, app.CLI, agreementID, app.ImportBatch{Source: source, File: file, N: n, Reports: b.reports, Read: b.read, Rejected: b.nrej})
		if err != nil {
			return sum, err
		}
		sum.Read += b.read
		prog.written.Add(int64(b.read))
		sum.Stored += res.Stored
		sum.Revised += res.Revised
		sum.Duplicates += res.Duplicates
		sum.Withdrawn += res.Withdrawn
		sum.Rejected += b.nrej
		for _, r := range b.rejected {
			if len(sum.Rejections) < maxListedRejections {
				sum.Rejections = append(sum.Rejections, r)
			}
		}
	}
	if err := <-errc; err != nil {
		return sum, err
	}
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	sum.Elapsed = time.Since(start)
	return sum, nil
}

// importBatch is what one transaction of an import stores and logs.
type importBatch struct {
	reports  []*truce.Report
	read     int
	rejected []string
	nrej     int
}

// chunkSize is how many records a worker takes at a time: enough that
// handing chunks between goroutines costs little beside parsing them, few
// enough that the chunks in flight hold little memory.
const chunkSize = 256

// importChunk is a run of consecutive rows: records for a worker to parse,
// or reports a reader that cannot hand out records has parsed already.
// done is closed once every row has become a report or a rejection.
type importChunk struct {
	records []ingest.Record
	reports []*truce.Report // parsed, placed and digested; nil for a rejected row
	errs    []error         // the *ingest.RowError of each rejected row
	fatal   error           // reading stopped after these rows
	done    chan struct{}
}

// readChunks reads rd in chunks and hands each to a worker, returning the
// chunks in file order for assembleBatches; the channel's capacity bounds
// the chunks in flight, and so the memory.
func readChunks(ctx context.Context, rd ingest.Reader, placer truce.Placer, workers int) <-chan *importChunk {
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	ordered := make(chan *importChunk, 4*workers)
	work := make(chan *importChunk, workers)
	rr, split := rd.(ingest.RecordReader)
	for range workers {
		go func() {
			for c := range work {
				c.finish(rr, placer)
			}
		}()
	}
	go func() {
		defer close(ordered)
		defer close(work)
		for {
			c := &importChunk{done: make(chan struct{})}
			for len(c.reports) < chunkSize && c.fatal == nil {
				var err error
				if split {
					var rec ingest.Record
					if rec, err = rr.ReadRecord(); err == nil {
						c.records = append(c.records, rec)
						c.reports = append(c.reports, nil)
						c.errs = append(c.errs, nil)
						continue
					}
				} else {
					var r *truce.Report
					if r, err = rd.Next(); err == nil {
						rep := *r // readers may reuse their report between calls
						c.reports = append(c.reports, &rep)
						c.errs = append(c.errs, nil)
						continue
					}
				}
				if err == io.EOF {
					break
				}
				if errors.As(err, new(*ingest.RowError)) {
					c.reports = append(c.reports, nil)
					c.errs = append(c.errs, err)
					if split {
						c.records = append(c.records, ingest.Record{})
					}
					continue
				}
				c.fatal = err
			}
			if len(c.reports) == 0 && c.fatal == nil {
				return
			}
			for _, ch := range []chan *importChunk{work, ordered} {
				select {
				case ch <- c:
				case <-ctx.Done():
					return
				}
			}
			if c.fatal != nil || len(c.reports) < chunkSize {
				return
			}
		}
	}()
	return ordered
}

// finish parses the chunk's records (when the reader handed out records), places
// the reports in the zones and digests their incidents, then marks the
// chunk done.
func (c *importChunk) finish(rr ingest.RecordReader, placer truce.Placer) {
	defer close(c.done)
	for i, rep := range c.reports {
		if c.errs[i] != nil {
			continue
		}
		if rep == nil {
			var err error
			if rep, err = rr.Parse(c.records[i]); err != nil {
				c.errs[i] = err
				continue
			}
			c.reports[i] = rep
		}
		if placer != nil {
			rep.Incident.Zones = placer.Place(rep.Incident.Location, nil)
		}
		if !rep.Withdraws {
			rep.IncidentDigest = ledger.IncidentDigest(&rep.Incident)
		}
	}
	c.records = nil // the reports hold what is kept; let the cells go
}

// assembleBatches takes the chunks in file order, as each is done, and cuts
// their rows into batches of batchSize reports, a rejected row counting in
// the batch it falls in: the same batches however many workers parsed them.
// A fatal read error ends the import without the rows of its unfinished
// batch, which a second run stores.
func assembleBatches(ctx context.Context, chunks <-chan *importChunk, batches chan<- importBatch, prog *importProgress) error {
	defer close(batches)
	var b importBatch
	send := func() bool {
		select {
		case batches <- b:
			b = importBatch{}
			return true
		case <-ctx.Done():
			return false
		}
	}
	for c := range chunks {
		select {
		case <-c.done:
		case <-ctx.Done():
			return nil
		}
		for i, rep := range c.reports {
			prog.parsed.Add(1)
			b.read++
			if err := c.errs[i]; err != nil {
				var rowErr *ingest.RowError
				if !errors.As(err, &rowErr) {
					return err // a Parse that broke its contract
				}
				b.nrej++
				b.rejected = append(b.rejected, rowErr.Error())
				continue
			}
			b.reports = append(b.reports, rep)
			if len(b.reports) >= batchSize && !send() {
				return nil
			}
		}
		if c.fatal != nil {
			return c.fatal
		}
	}
	send() // even empty: the log records that the file was imported
	return nil
}

func (m *Main) printSummary(source, path string, s importSummary) {
	rate := float64(s.Read) / max(s.Elapsed.Seconds(), 1e-9)
	withdrawn := ""
	if s.Withdrawn > 0 {
		withdrawn = fmt.Sprintf(", withdrawn %d", s.Withdrawn)
	}
	fmt.Fprintf(m.Stdout, "imported %s (%s): read %d, stored %d, revised %d, duplicates %d%s, rejected %d in %s (%.0f rows/s)\n",
		path, source, s.Read, s.Stored, s.Revised, s.Duplicates, withdrawn, s.Rejected, s.Elapsed.Round(time.Millisecond), rate)
	for _, r := range s.Rejections {
		fmt.Fprintf(m.Stdout, "  rejected: %s\n", r)
	}
	if s.Rejected > len(s.Rejections) {
		fmt.Fprintf(m.Stdout, "  … and %d more rejected rows (fix them, or use --strict to stop at the first)\n", s.Rejected-len(s.Rejections))
	}
}

// importProgress is how far an import is, for its progress bar.
type importProgress struct {
	bytes   atomic.Int64 // read from the file
	parsed  atomic.Int64 // rows the reader returned, rejected ones too
	written atomic.Int64 // rows whose batch is committed
}

// fraction estimates the share of the file's rows written: the rows
// written over the rows the file holds, estimated from the bytes each row
// parsed so far took. It counts rows, not bytes, so it reaches 1 only when
// every row is written, not when the reader reaches the end of the file
// with batches still to commit.
func (p *importProgress) fraction(size int64) float64 {
	n, parsed, written := p.bytes.Load(), p.parsed.Load(), p.written.Load()
	if size <= 0 || n <= 0 || parsed <= 0 {
		return 0
	}
	total := float64(parsed) * float64(size) / float64(n)
	return min(float64(written)/total, 1)
}

// countingReader counts bytes read, for the progress bar.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// progress draws a progress line on a terminal until the returned func is
// called; elsewhere (CI, pipes) it draws nothing, so logs stay clean.
func (m *Main) progress(name string, size int64, p *importProgress) func() {
	if !m.IsTerminal {
		return func() {}
	}
	width := termWidth()
	done := make(chan struct{})
	finished := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(finished)
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				fmt.Fprint(m.Stderr, "\r\033[K")
				return
			case <-t.C:
				written := p.written.Load()
				rate := float64(written) / time.Since(start).Seconds()
				frac := -1.0 // unknown: standard input has no size
				if size > 0 {
					frac = p.fraction(size)
				}
				fmt.Fprint(m.Stderr, "\r\033[K"+progressLine(filepath.Base(name), width, frac, written, rate))
			}
		}
	}()
	return func() { close(done); <-finished }
}

// termWidth is the terminal's width as $COLUMNS gives it, or 80: the
// standard library cannot ask the terminal, and 80 is the common least.
func termWidth() int {
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	return 80
}

// progressLine is the progress bar's text: shorter than width, so that
// it never wraps (a wrapped line is not redrawn by "\r" but repeated).
// frac < 0 draws no bar, for input of unknown size.
func progressLine(name string, width int, frac float64, rows int64, rate float64) string {
	stats := fmt.Sprintf(" %d rows, %.0f rows/s", rows, rate)
	if frac >= 0 {
		stats = fmt.Sprintf(" %3.0f%%", frac*100) + stats
	}
	prefix := "importing " + name
	// Room for the bar: the line is kept to width-1, as some terminals
	// wrap when the last column is written.
	room := width - 1 - utf8.RuneCountInString(prefix) - utf8.RuneCountInString(stats) - 3
	if frac >= 0 && room < 10 {
		// Shorten the name before giving up the bar.
		prefix = clip(prefix, max(utf8.RuneCountInString(prefix)-(10-room), 12))
		room = width - 1 - utf8.RuneCountInString(prefix) - utf8.RuneCountInString(stats) - 3
	}
	line := prefix + stats
	if frac >= 0 && room >= 10 {
		bar := min(room, 40)
		fill := min(int(frac*float64(bar)), bar)
		line = prefix + " [" + strings.Repeat("=", fill) + strings.Repeat(" ", bar-fill) + "]" + stats
	}
	return clip(line, max(width-1, 1))
}
