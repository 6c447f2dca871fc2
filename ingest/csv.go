package ingest

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/truce-monitor/truce"
)

// Table reads a CSV file whose columns are found by header name, so one
// importer serves every column order a dataset has shipped in.
type Table struct {
	Origin string
	Opts   Options

	cr     *csv.Reader
	in     *recordLimit
	cols   map[string]int
	header []string
	rec    []string
	line   int
	err    error // sticky fatal error
}

// NormalizeColumn is how header names are compared: trimmed, lower case,
// without a byte order mark (spreadsheets add one to the first cell).
func NormalizeColumn(name string) string {
	return strings.ToLower(strings.TrimSpace(strings.TrimPrefix(name, "\ufeff")))
}

// NewTable reads the header of a CSV stream. Every column in required must be
// present; the missing ones are named all at once so that one run fixes them
// all. A column of required or optional that appears twice is an error too,
// because either choice could silently read the wrong data.
func NewTable(r io.Reader, origin string, required, optional []string, o Options) (*Table, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	// A BOM before a quoted first cell is a bare-quote error to encoding/csv,
	// so it is dropped from the stream, not from the parsed name.
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		_, _ = br.Discard(3)
	}
	in := &recordLimit{r: br}
	cr := csv.NewReader(in)
	cr.ReuseRecord = true
	cr.LazyQuotes = false
	cr.FieldsPerRecord = 0 // fixed by the header

	t := &Table{Origin: origin, Opts: o, cr: cr, in: in}
	hdr, err := cr.Read()
	switch {
	case err == io.EOF:
		return nil, truce.Errorf(truce.EINVALID, "%s: empty file, want a header line", origin)
	case err != nil:
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, truce.Errorf(truce.EINVALID, "%s:%d: header: %v", origin, pe.StartLine, pe.Err)
		}
		return nil, fmt.Errorf("%s: reading header: %w", origin, err)
	}
	t.header = make([]string, len(hdr))
	t.cols = make(map[string]int, len(hdr))
	first := make(map[string]int, len(hdr))
	wanted := make(map[string]bool, len(required)+len(optional))
	for _, n := range required {
		wanted[NormalizeColumn(n)] = true
	}
	for _, n := range optional {
		wanted[NormalizeColumn(n)] = true
	}
	for i, h := range hdr {
		n := NormalizeColumn(h)
		t.header[i] = n
		if j, dup := first[n]; dup {
			if wanted[n] {
				return nil, truce.Errorf(truce.EINVALID, "%s: column %q appears twice (columns %d and %d)", origin, n, j+1, i+1)
			}
			continue
		}
		first[n] = i
		t.cols[n] = i
	}
	var missing []string
	for _, n := range required {
		if _, ok := t.cols[NormalizeColumn(n)]; !ok {
			missing = append(missing, NormalizeColumn(n))
		}
	}
	if len(missing) > 0 {
		return nil, truce.Errorf(truce.EINVALID, "%s: missing columns: %s", origin, strings.Join(missing, ", "))
	}
	return t, nil
}

// Index returns the position of the named column, or -1 when the file has none.
func (t *Table) Index(name string) int {
	if i, ok := t.cols[NormalizeColumn(name)]; ok {
		return i
	}
	return -1
}

// Header returns the normalized column names in file order.
func (t *Table) Header() []string { return t.header }

// Next returns the next record, valid until the following call (the slice is
// reused), or a *RowError for a record that cannot be split into the header's
// columns, io.EOF at the end, or a fatal error.
func (t *Table) Next() ([]string, error) {
	if t.err != nil {
		return nil, t.err
	}
	t.in.n = 0
	rec, err := t.cr.Read()
	if err == nil {
		t.rec = rec
		t.line, _ = t.cr.FieldPos(0)
		for i, f := range rec {
			if n := strings.Count(f, "\n"); n > MaxFieldLines {
				line, _ := t.cr.FieldPos(i)
				t.err = truce.Errorf(truce.EINVALID, "%s:%d: a quoted field opened here runs over %d lines (column %q): a stray quote? Nothing after line %d was imported; fix the quote and import again",
					t.Origin, line, n+1, t.column(i), line-1)
				return nil, t.err
			}
			if msg := BadText(f); msg != "" {
				return nil, t.Errorf(t.column(i), "%s", msg)
			}
		}
		return rec, nil
	}
	if err == io.EOF {
		t.err = io.EOF
		return nil, err
	}
	if errors.Is(err, errRecordTooLong) {
		t.err = truce.Errorf(truce.EINVALID, "%s: the record after line %d runs over %d bytes: a stray quote? Nothing after line %d was imported; fix the quote and import again",
			t.Origin, t.line, MaxRecordBytes, t.line)
		return nil, t.err
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) && pe.Line > pe.StartLine {
		// A malformed record over several lines has swallowed the rows
		// in them: skipping it would lose them without a word.
		t.err = truce.Errorf(truce.EINVALID, "%s:%d: a quoted field opened here runs to line %d, where %v: a stray quote? Nothing after line %d was imported; fix the quote and import again",
			t.Origin, pe.StartLine, pe.Line, pe.Err, pe.StartLine-1)
		return nil, t.err
	}
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			return nil, &RowError{Origin: t.Origin, Line: pe.StartLine,
				Msg: fmt.Sprintf("has %d fields, want %d as in the header", len(rec), len(t.header))}
		}
		// encoding/csv resumes after a malformed record, so one stray quote
		// costs one record, not the file.
		return nil, &RowError{Origin: t.Origin, Line: pe.StartLine, Msg: pe.Err.Error()}
	}
	t.err = fmt.Errorf("%s: reading line %d: %w", t.Origin, t.line+1, err)
	return nil, t.err
}

// Limits on one record: a quoted field may hold line breaks, but one that
// runs on for more lines or bytes than any real dataset's cell is a stray
// quote swallowing the rest of the file, which must stop the import with
// the line where it opened, not become one rejected row.
const (
	MaxFieldLines  = 50
	MaxRecordBytes = 1 << 20
)

var errRecordTooLong = errors.New("record too long")

// recordLimit fails a read once the current record has taken
// MaxRecordBytes, so a stray quote cannot read a whole file into one cell.
type recordLimit struct {
	r io.Reader
	n int
}

func (l *recordLimit) Read(p []byte) (int, error) {
	if l.n >= MaxRecordBytes+64<<10 { // encoding/csv reads ahead by up to a buffer
		return 0, errRecordTooLong
	}
	n, err := l.r.Read(p)
	l.n += n
	return n, err
}

// BadText says what makes s unfit to store as text, or "": a NUL byte
// (which ends strings in other tools and hides what follows) or bytes that
// are not UTF-8 (which each reader would mend differently).
func BadText(s string) string {
	switch {
	case strings.IndexByte(s, 0) >= 0:
		return "contains a NUL byte"
	case !utf8.ValidString(s):
		return "is not valid UTF-8 (save the file as UTF-8)"
	}
	return ""
}

// column names column i for an error.
func (t *Table) column(i int) string {
	if i < len(t.header) {
		return t.header[i]
	}
	return strconv.Itoa(i + 1)
}

// Line returns the line where the current record starts.
func (t *Table) Line() int { return t.line }

// Errorf returns a *RowError for the current record.
func (t *Table) Errorf(field, format string, args ...any) *RowError {
	return t.Record().Errorf(field, format, args...)
}

// Record returns the current record, valid until the following call to Next.
func (t *Table) Record() Record { return Record{Fields: t.rec, Line: t.line, t: t} }

// ReadRecord returns the next record as Next does, but one the caller may
// keep: its Fields are not reused, so records can be parsed on other
// goroutines while the table reads on.
func (t *Table) ReadRecord() (Record, error) {
	if _, err := t.Next(); err != nil {
		return Record{}, err
	}
	r := t.Record()
	// encoding/csv gives each record fresh strings but reuses the slice.
	r.Fields = slices.Clone(r.Fields)
	return r, nil
}

// Record is one record of a Table: its cells and where it starts. Its
// methods only read the Table's settings, so records read one after another
// may be parsed on several goroutines at once.
type Record struct {
	Fields []string
	Line   int
	t      *Table
}

// Errorf returns a *RowError for the record.
func (r Record) Errorf(field, format string, args ...any) *RowError {
	return &RowError{Origin: r.t.Origin, Line: r.Line, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// Options returns the settings of the table the record came from.
func (r Record) Options() Options { return r.t.Opts }

// Stamp fills the provenance of rep from the current record; see Record.Stamp.
func (t *Table) Stamp(rep *truce.Report) { t.Record().Stamp(rep) }

// Stamp fills the provenance of rep from the record: Raw is the record
// re-encoded as one CSV line, so it does not depend on the header or on how the
// file happened to quote its cells, and Hash is that line's SHA-256: the same
// row imported twice hashes the same, and a changed cell changes the hash.
func (r Record) Stamp(rep *truce.Report) {
	e := encoders.Get().(*encoder)
	defer encoders.Put(e)
	e.buf.Reset()
	_ = e.w.Write(r.Fields) // a bytes.Buffer does not fail
	e.w.Flush()
	b := e.buf.Bytes()
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	rep.Origin = r.t.Origin
	rep.Line = r.Line
	rep.Raw = string(b)
	rep.Hash = HashRaw(b)
	rep.ReceivedAt = r.t.Opts.ReceivedAt
}

// encoder re-encodes records for Stamp. They are pooled rather than kept
// one per Table because records of one table are stamped on several
// goroutines at once during an import.
type encoder struct {
	buf bytes.Buffer
	w   *csv.Writer
}

var encoders = sync.Pool{New: func() any {
	e := &encoder{}
	e.w = csv.NewWriter(&e.buf)
	return e
}}

// HashRaw returns the hex SHA-256 of a record's raw form.
func HashRaw(raw []byte) string {
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:])
}

// Cell returns the trimmed value of column i of rec, or "" when the file has
// no such column (i < 0, as Index returns for a missing optional column).
func Cell(rec []string, i int) string {
	if i < 0 {
		return ""
	}
	return strings.TrimSpace(rec[i])
}
