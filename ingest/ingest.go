// Package ingest owns what every importer shares: the Reader contract, the
// per-record RowError, the options every reader takes, the CSV machinery
// (header mapping by name, line numbers, canonical Raw and Hash), the value
// parsers whose error messages users see, and the generic CSV importer driven
// by a column Mapping. Source-specific importers (ucdp, acled, geojson) build
// on it so that a bad row reads the same whichever file it came from.
package ingest

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/truce-monitor/truce"
)

// Reader streams reports from one source file. Next returns io.EOF at the
// end, a *RowError for one bad record (the caller may skip it and call Next
// again), and any other error when reading cannot go on; after such a fatal
// error every later call returns it again.
type Reader interface {
	Next() (*truce.Report, error)
}

// RecordReader is a Reader that can hand out its records unparsed. Reading
// a file's records must be sequential, but parsing one need not be: an
// import reads on one goroutine and parses on every core. Next is the same
// as Parse(ReadRecord()).
type RecordReader interface {
	Reader
	// ReadRecord returns the next record, which the caller may keep, or
	// the errors Next returns for a record that cannot be split into cells,
	// for the end and for a fatal error.
	ReadRecord() (Record, error)
	// Parse makes a report of a record ReadRecord returned, or returns a
	// *RowError. It is safe to call from several goroutines at once.
	Parse(Record) (*truce.Report, error)
}

// RowError is one record that cannot become a report. Reading may go on.
type RowError struct {
	Origin string // the file
	Line   int    // where the record starts, 1-based
	Field  string // the column or property at fault, "" for the record as a whole
	Msg    string
}

func (e *RowError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("%s:%d: %s", e.Origin, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d: field %q: %s", e.Origin, e.Line, e.Field, e.Msg)
}

// Unwrap presents the row error as a truce EINVALID error, so that
// truce.ErrorCode and truce.ErrorMessage classify it without knowing ingest.
func (e *RowError) Unwrap() error {
	return &truce.Error{Code: truce.EINVALID, Message: e.Error()}
}

// Options are the settings every reader accepts. The zero value means
// "decide from the input": ReceivedAt becomes the reader's creation time and
// Release what the file name reveals.
type Options struct {
	ReceivedAt time.Time
	Release    string
}

// Option sets one of Options.
type Option func(*Options)

// WithReceivedAt stamps every report with t instead of the reader's creation
// time, for replays and reproducible tests.
func WithReceivedAt(t time.Time) Option { return func(o *Options) { o.ReceivedAt = t } }

// WithRelease names the dataset release when the file name does not.
func WithRelease(r string) Option { return func(o *Options) { o.Release = r } }

// Apply resolves opts, filling ReceivedAt with the current time when unset.
func Apply(opts []Option) Options {
	var o Options
	for _, f := range opts {
		f(&o)
	}
	if o.ReceivedAt.IsZero() {
		o.ReceivedAt = time.Now().UTC()
	}
	return o
}

// ReadAll reads rd to its end and returns its reports, the messages of the
// rows it rejected, and the first fatal error. It holds everything in
// memory, so it is for small inputs: tests, previews, checks.
func ReadAll(rd Reader) (reports []*truce.Report, rejected []string, err error) {
	for {
		rep, err := rd.Next()
		if err == io.EOF {
			return reports, rejected, nil
		}
		var re *RowError
		if errors.As(err, &re) {
			rejected = append(rejected, err.Error())
			continue
		}
		if err != nil {
			return reports, rejected, err
		}
		c := *rep // a reader may reuse its report
		reports = append(reports, &c)
	}
}
