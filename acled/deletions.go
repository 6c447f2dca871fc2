package acled

import (
	"errors"
	"io"
	"strconv"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/ingest"
)

// DeletionsReader reads ACLED's list of deleted events (the deletions
// endpoint's CSV: event_id_cnty, deleted_timestamp) into withdrawal reports,
// because ACLED removes events between exports and an import of the newer
// export alone cannot tell a deleted event from an unchanged one.
type DeletionsReader struct {
	t      *ingest.Table
	id, at int
}

var _ ingest.RecordReader = (*DeletionsReader)(nil)

// NewDeletionsReader reads the header of an ACLED deletions CSV.
func NewDeletionsReader(r io.Reader, origin string, opts ...ingest.Option) (*DeletionsReader, error) {
	t, err := ingest.NewTable(r, origin, []string{"event_id_cnty", "deleted_timestamp"}, nil, ingest.Apply(opts))
	if err != nil {
		return nil, err
	}
	return &DeletionsReader{t: t, id: t.Index("event_id_cnty"), at: t.Index("deleted_timestamp")}, nil
}

// Next returns the next withdrawal report; see ingest.Reader.
func (rd *DeletionsReader) Next() (*truce.Report, error) {
	if _, err := rd.t.Next(); err != nil {
		return nil, err
	}
	return rd.Parse(rd.t.Record())
}

// ReadRecord returns the next record unparsed; see ingest.RecordReader.
func (rd *DeletionsReader) ReadRecord() (ingest.Record, error) { return rd.t.ReadRecord() }

// Parse makes the report of a record; see ingest.RecordReader.
func (rd *DeletionsReader) Parse(r ingest.Record) (*truce.Report, error) {
	rec := r.Fields
	key := ingest.Cell(rec, rd.id)
	if key == "" {
		return nil, r.Errorf("event_id_cnty", "empty")
	}
	at, err := parseTimestamp(ingest.Cell(rec, rd.at))
	if err != nil {
		return nil, r.Errorf("deleted_timestamp", "%v", err)
	}
	rep := &truce.Report{Source: Source, SourceKey: key, Release: rd.t.Opts.Release, Withdraws: true}
	r.Stamp(rep)
	// The deletion's own time is when the event stopped being part of the
	// record, which as-of queries need; the import time is not.
	rep.ReceivedAt = at
	return rep, nil
}

// parseTimestamp reads ACLED's Unix seconds, or a date for hand-made lists.
func parseTimestamp(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, errors.New("empty")
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		// 1997 (ACLED's first data) to 2100: anything else is a wrong column.
		if n < 852076800 || n > 4102444800 {
			return time.Time{}, errTimestamp(s)
		}
		return time.Unix(n, 0).UTC(), nil
	}
	t, err := ingest.ParseDate(s)
	if err != nil {
		return time.Time{}, errTimestamp(s)
	}
	return t, nil
}

type errTimestamp string

func (e errTimestamp) Error() string {
	return "not a Unix timestamp between 1997 and 2100 or a date: " + strconv.Quote(string(e))
}
