package ingest

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/truce-monitor/truce"
)

// Mapping names, for each Truce field a generic CSV fills, the CSV column
// that holds it. id, date, lat and lon are required: without a stable id a
// re-import would duplicate every row instead of matching it.
type Mapping map[Field]string

var requiredFields = []Field{FieldID, FieldDate, FieldLat, FieldLon}

// ParseMapping reads "field=column,field=column,…", e.g.
// "id=uid,date=event_date,lat=y,lon=x,event_type=kind". Field names are
// those of FieldNames; columns are matched to the header ignoring case.
func ParseMapping(s string) (Mapping, error) {
	m := Mapping{}
	for _, pair := range strings.Split(s, ",") {
		pair = strings.TrimSpace(pair)
		if pair == "" {
			continue
		}
		name, col, ok := strings.Cut(pair, "=")
		name, col = strings.TrimSpace(name), strings.TrimSpace(col)
		if !ok || col == "" {
			return nil, truce.Errorf(truce.EINVALID, "mapping: %q: want field=column", pair)
		}
		f, ok := ParseField(name)
		if !ok {
			return nil, truce.Errorf(truce.EINVALID, "mapping: unknown field %q (fields: %s)", name, strings.Join(fieldNames[:], ", "))
		}
		if _, dup := m[f]; dup {
			return nil, truce.Errorf(truce.EINVALID, "mapping: field %q is given twice", f)
		}
		m[f] = col
	}
	return m, m.Validate()
}

// Validate reports the required fields the mapping lacks, all at once.
func (m Mapping) Validate() error {
	var missing []string
	for _, f := range requiredFields {
		if strings.TrimSpace(m[f]) == "" {
			missing = append(missing, f.String())
		}
	}
	if len(missing) > 0 {
		return truce.Errorf(truce.EINVALID, "mapping: missing fields: %s", strings.Join(missing, ", "))
	}
	for f := range m {
		if f < 0 || f >= NumFields {
			return truce.Errorf(truce.EINVALID, "mapping: unknown field %d", int(f))
		}
	}
	return nil
}

// String writes the mapping in ParseMapping's syntax, in field order.
func (m Mapping) String() string {
	fs := make([]Field, 0, len(m))
	for f := range m {
		fs = append(fs, f)
	}
	sort.Slice(fs, func(i, j int) bool { return fs[i] < fs[j] })
	var b strings.Builder
	for i, f := range fs {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%s=%s", f, m[f])
	}
	return b.String()
}

// CSVReader imports any CSV through a Mapping, with Source "csv".
type CSVReader struct {
	t    *Table
	idx  [NumFields]int    // column per field, -1 when unmapped
	cols [NumFields]string // the column names, for error messages
}

var _ RecordReader = (*CSVReader)(nil)

// NewCSVReader reads the header of r and checks that every mapped column is
// in it.
func NewCSVReader(r io.Reader, origin string, m Mapping, opts ...Option) (*CSVReader, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	var required []string
	for f := Field(0); f < NumFields; f++ {
		if c, ok := m[f]; ok {
			required = append(required, c)
		}
	}
	t, err := NewTable(r, origin, dedupe(required), nil, Apply(opts))
	if err != nil {
		return nil, err
	}
	cr := &CSVReader{t: t}
	for f := Field(0); f < NumFields; f++ {
		cr.idx[f] = -1
		if c, ok := m[f]; ok {
			cr.idx[f] = t.Index(c)
			cr.cols[f] = NormalizeColumn(c)
		}
	}
	return cr, nil
}

func dedupe(names []string) []string {
	seen := map[string]bool{}
	out := names[:0]
	for _, n := range names {
		if k := NormalizeColumn(n); !seen[k] {
			seen[k] = true
			out = append(out, n)
		}
	}
	return out
}

// Next returns the next report; see Reader.
func (r *CSVReader) Next() (*truce.Report, error) {
	if _, err := r.t.Next(); err != nil {
		return nil, err
	}
	return r.Parse(r.t.Record())
}

// ReadRecord returns the next record unparsed; see RecordReader.
func (r *CSVReader) ReadRecord() (Record, error) { return r.t.ReadRecord() }

// Parse makes the report of a record; see RecordReader.
func (r *CSVReader) Parse(rc Record) (*truce.Report, error) {
	var v Values // not kept in r: Parse runs on several goroutines at once
	for f := range v {
		if i := r.idx[f]; i >= 0 {
			v[f] = rc.Fields[i]
		}
	}
	rep := &truce.Report{Source: "csv"}
	if fe := v.Incident(&rep.Incident); fe != nil {
		return nil, rc.Errorf(r.cols[fe.Field], "%s", fe.Msg)
	}
	rep.Incident.Source = "csv"
	rep.SourceKey = rep.Incident.SourceKey
	rep.Release = rc.Options().Release
	rc.Stamp(rep)
	return rep, nil
}
