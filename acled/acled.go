// Package acled owns the import of ACLED event exports (CSV, both the column
// set before March 2023, with data_id, iso3 and event_id_no_cnty, and the one
// after, with disorder_type, civilian_targeting and tags) into reports.
// Columns are found by header name and extra columns are ignored, because
// ACLED changes its export schema without notice. ACLED's licence forbids
// redistributing its rows, so the project ships no ACLED data: tests use
// synthetic files.
package acled

import (
	"io"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/ingest"
)

// Source is the Report.Source of ACLED reports.
const Source = "acled"

var (
	required = []string{"event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type",
		"actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "country", "admin1", "admin2", "location",
		"latitude", "longitude", "geo_precision", "source", "notes", "fatalities"}
	// civilian_targeting exists only in exports since March 2023.
	optional = []string{"civilian_targeting"}
)

type cols struct {
	id, date, timePrec, eventType, subEventType, actor1, assoc1, actor2, assoc2, country, admin1, admin2,
	location, lat, lon, geoPrec, source, notes, fatalities, civTarget int
}

// Reader reads ACLED reports; it implements ingest.Reader.
type Reader struct {
	t *ingest.Table
	c cols
}

var _ ingest.RecordReader = (*Reader)(nil)

// NewReader reads the header of an ACLED CSV export.
func NewReader(r io.Reader, origin string, opts ...ingest.Option) (*Reader, error) {
	t, err := ingest.NewTable(r, origin, required, optional, ingest.Apply(opts))
	if err != nil {
		return nil, err
	}
	i := t.Index
	return &Reader{t: t, c: cols{
		id: i("event_id_cnty"), date: i("event_date"), timePrec: i("time_precision"),
		eventType: i("event_type"), subEventType: i("sub_event_type"),
		actor1: i("actor1"), assoc1: i("assoc_actor_1"), actor2: i("actor2"), assoc2: i("assoc_actor_2"),
		country: i("country"), admin1: i("admin1"), admin2: i("admin2"), location: i("location"),
		lat: i("latitude"), lon: i("longitude"), geoPrec: i("geo_precision"),
		source: i("source"), notes: i("notes"), fatalities: i("fatalities"), civTarget: i("civilian_targeting"),
	}}, nil
}

// geoPrecision maps ACLED geo_precision onto UCDP's where_prec scale:
//
//	1 a named town with coordinates               → PrecExact
//	2 part of a region, or "near" a town, coded
//	  to the nearest town                          → PrecNear (UCDP's "near", within 25 km)
//	3 a larger region, coded to its provincial
//	  capital or a natural feature                 → PrecAdmin1: the point is a stand-in
//	  for the province, so only the first-order unit is known
var geoPrecision = [...]truce.LocPrecision{1: truce.PrecExact, 2: truce.PrecNear, 3: truce.PrecAdmin1}

// Next returns the next report; see ingest.Reader.
func (rd *Reader) Next() (*truce.Report, error) {
	if _, err := rd.t.Next(); err != nil {
		return nil, err
	}
	return rd.Parse(rd.t.Record())
}

// ReadRecord returns the next record unparsed; see ingest.RecordReader.
func (rd *Reader) ReadRecord() (ingest.Record, error) { return rd.t.ReadRecord() }

// Parse makes the report of a record; see ingest.RecordReader.
func (rd *Reader) Parse(r ingest.Record) (*truce.Report, error) {
	rec := r.Fields
	c := &rd.c
	rep := &truce.Report{Source: Source, Release: rd.t.Opts.Release}
	inc := &rep.Incident
	inc.Source = Source

	if inc.SourceKey = ingest.Cell(rec, c.id); inc.SourceKey == "" {
		return nil, r.Errorf("event_id_cnty", "empty")
	}
	rep.SourceKey = inc.SourceKey

	day, err := ingest.ParseDate(rec[c.date])
	if err == nil {
		err = ingest.CheckEventDate(day)
	}
	if err != nil {
		return nil, r.Errorf("event_date", "%v", err)
	}
	tp, err := ingest.ParseCode(rec[c.timePrec], 1, 3)
	if err != nil {
		return nil, r.Errorf("time_precision", "%v", err)
	}
	switch tp {
	case 1:
		inc.DateStart, inc.DateEnd, inc.DatePrecision = day, day, truce.DateExact
	case 2:
		// ACLED codes a week-precise event to a day inside the week, so
		// the event lies within three days either side of it.
		inc.DateStart, inc.DateEnd, inc.DatePrecision = day.AddDate(0, 0, -3), day.AddDate(0, 0, 3), truce.DateWeek
	case 3:
		first := time.Date(day.Year(), day.Month(), 1, 0, 0, 0, 0, time.UTC)
		inc.DateStart, inc.DateEnd, inc.DatePrecision = first, first.AddDate(0, 1, -1), truce.DateMonth
	}

	loc := &inc.Location
	if f, err := ingest.ParsePoint(rec[c.lat], rec[c.lon], loc); err != nil {
		name := "latitude"
		if f == "lon" {
			name = "longitude"
		}
		return nil, r.Errorf(name, "%v", err)
	}
	gp, err := ingest.ParseCode(rec[c.geoPrec], 1, 3)
	if err != nil {
		return nil, r.Errorf("geo_precision", "%v", err)
	}
	loc.Precision = geoPrecision[gp]
	loc.Country = ingest.Cell(rec, c.country)
	loc.Admin1 = ingest.Cell(rec, c.admin1)
	loc.Admin2 = ingest.Cell(rec, c.admin2)
	loc.Place = ingest.Cell(rec, c.location)

	et, st, field, err := ingest.CanonicalType(rec[c.eventType], rec[c.subEventType])
	if err != nil {
		return nil, r.Errorf(field, "%v", err)
	}
	if et == "" {
		return nil, r.Errorf("event_type", "empty")
	}
	if st == "" {
		return nil, r.Errorf("sub_event_type", "empty")
	}
	inc.EventType, inc.SubEventType = et, st

	n, err := ingest.ParseCount(rec[c.fatalities])
	if err != nil {
		return nil, r.Errorf("fatalities", "%v", err)
	}
	inc.Fatalities = truce.Fatalities{Low: n, Best: n, High: n}
	// ACLED counts no civilian deaths separately; when the event targets
	// civilians its fatalities are taken to be civilians.
	if ingest.Cell(rec, c.civTarget) != "" || et == truce.ViolenceAgainstCivilians {
		inc.Fatalities.Civilians = n
	}

	inc.SideA, inc.AssocA = ingest.Cell(rec, c.actor1), ingest.Cell(rec, c.assoc1)
	inc.SideB, inc.AssocB = ingest.Cell(rec, c.actor2), ingest.Cell(rec, c.assoc2)
	inc.Sources = ingest.Cell(rec, c.source)
	inc.SourceText = ingest.Cell(rec, c.notes)

	r.Stamp(rep)
	return rep, nil
}
