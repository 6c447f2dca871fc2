// Package ucdp owns the import of UCDP GED event CSVs (the yearly GED, the
// country releases such as ged_syria, and the Candidate files) into reports.
// Columns are found by header name, because the releases order and name them
// differently (41 columns in ged_syria, 49 in GEDEvent_vXX_1). UCDP does not
// use ACLED's event taxonomy, so the importer infers event types and records
// how in Incident.TypeReason.
package ucdp

import (
	"io"
	"path/filepath"
	"regexp"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/ingest"
)

// Source is the Report.Source of UCDP reports.
const Source = "ucdp"

// SimSource is the Report.Source of rows from Truce's simulator, which
// writes UCDP-shaped files with ground-truth columns (sim_zone,
// sim_violation): simulated events must never pass for UCDP's.
const SimSource = "sim"

// Columns the importer reads. The optional ones are descriptive and absent
// from some derived files; the required ones define an event.
var (
	required = []string{"id", "type_of_violence", "side_a", "side_b", "where_prec", "latitude", "longitude",
		"date_prec", "date_start", "date_end", "low", "best", "high"}
	optional = []string{"country", "adm_1", "adm_2", "where_coordinates", "deaths_civilians", "deaths_unknown",
		"number_of_sources", "source_office", "source_headline", "source_article"}
)

type cols struct {
	id, violence, sideA, sideB, wherePrec, lat, lon, datePrec, dateStart, dateEnd, low, best, high int
	country, adm1, adm2, place, civilians, unknown, numSources, office, headline, article          int
}

// Reader reads UCDP GED reports; it implements ingest.Reader.
type Reader struct {
	t       *ingest.Table
	c       cols
	source  string
	release string
}

var _ ingest.RecordReader = (*Reader)(nil)

// NewReader reads the header of a GED CSV. Release is taken from
// ingest.WithRelease, else from origin's file name ("ged191" in
// ged_syria_2016-2019_ged191.csv, "ged231" for GEDEvent_v23_1.csv), else "".
func NewReader(r io.Reader, origin string, opts ...ingest.Option) (*Reader, error) {
	o := ingest.Apply(opts)
	t, err := ingest.NewTable(r, origin, required, optional, o)
	if err != nil {
		return nil, err
	}
	rd := &Reader{t: t, source: Source, release: o.Release}
	if t.Index("sim_violation") >= 0 {
		rd.source = SimSource
	}
	if rd.release == "" {
		rd.release = ReleaseFromName(origin)
	}
	i := t.Index
	rd.c = cols{
		id: i("id"), violence: i("type_of_violence"), sideA: i("side_a"), sideB: i("side_b"),
		wherePrec: i("where_prec"), lat: i("latitude"), lon: i("longitude"), datePrec: i("date_prec"),
		dateStart: i("date_start"), dateEnd: i("date_end"), low: i("low"), best: i("best"), high: i("high"),
		country: i("country"), adm1: i("adm_1"), adm2: i("adm_2"), place: i("where_coordinates"),
		civilians: i("deaths_civilians"), unknown: i("deaths_unknown"), numSources: i("number_of_sources"), office: i("source_office"),
		headline: i("source_headline"), article: i("source_article"),
	}
	return rd, nil
}

var (
	releaseGED   = regexp.MustCompile(`(?i)(?:^|[^a-z])ged(\d{2,4})(?:[^0-9]|$)`)
	releaseEvent = regexp.MustCompile(`(?i)gedevent_v(\d+)_(\d+)(?:_(\d+))?`)
)

// ReleaseFromName returns the GED release a file name states, "" when none.
// Candidate files (GEDEvent_v24_0_3) keep all three parts: "ged2403".
func ReleaseFromName(origin string) string {
	base := filepath.Base(origin)
	if m := releaseEvent.FindStringSubmatch(base); m != nil {
		return "ged" + m[1] + m[2] + m[3]
	}
	if m := releaseGED.FindStringSubmatch(base); m != nil {
		return "ged" + m[1]
	}
	return ""
}

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
	var err error
	c := &rd.c
	rep := &truce.Report{Source: rd.source, Release: rd.release}
	inc := &rep.Incident
	inc.Source = rd.source

	if inc.SourceKey = ingest.Cell(rec, c.id); inc.SourceKey == "" {
		return nil, r.Errorf("id", "empty")
	}
	rep.SourceKey = inc.SourceKey

	if inc.ViolenceType, err = ingest.ParseCode(rec[c.violence], 1, 3); err != nil {
		return nil, r.Errorf("type_of_violence", "%v", err)
	}
	if inc.DateStart, err = ingest.ParseDate(rec[c.dateStart]); err == nil {
		err = ingest.CheckEventDate(inc.DateStart)
	}
	if err != nil {
		return nil, r.Errorf("date_start", "%v", err)
	}
	if inc.DateEnd, err = ingest.ParseDate(rec[c.dateEnd]); err == nil {
		err = ingest.CheckEventDate(inc.DateEnd)
	}
	if err != nil {
		return nil, r.Errorf("date_end", "%v", err)
	}
	if inc.DateEnd.Before(inc.DateStart) {
		return nil, r.Errorf("date_end", "%s is before date_start %s",
			inc.DateEnd.Format(truce.DateLayout), inc.DateStart.Format(truce.DateLayout))
	}
	dp, err := ingest.ParseCode(rec[c.datePrec], 1, 5)
	if err != nil {
		return nil, r.Errorf("date_prec", "%v", err)
	}
	inc.DatePrecision = truce.DatePrecision(dp)

	loc := &inc.Location
	if f, err := ingest.ParsePoint(rec[c.lat], rec[c.lon], loc); err != nil {
		name := "latitude"
		if f == "lon" {
			name = "longitude"
		}
		return nil, r.Errorf(name, "%v", err)
	}
	wp, err := ingest.ParseCode(rec[c.wherePrec], 1, 7)
	if err != nil {
		return nil, r.Errorf("where_prec", "%v", err)
	}
	loc.Precision = truce.LocPrecision(wp)
	loc.Country = ingest.Cell(rec, c.country)
	loc.Admin1 = ingest.Cell(rec, c.adm1)
	loc.Admin2 = ingest.Cell(rec, c.adm2)
	loc.Place = ingest.Cell(rec, c.place)

	f := &inc.Fatalities
	if f.Low, err = ingest.ParseCount(rec[c.low]); err != nil {
		return nil, r.Errorf("low", "%v", err)
	}
	if f.Best, err = ingest.ParseCount(rec[c.best]); err != nil {
		return nil, r.Errorf("best", "%v", err)
	}
	if f.High, err = ingest.ParseCount(rec[c.high]); err != nil {
		return nil, r.Errorf("high", "%v", err)
	}
	// UCDP's own files break low ≤ best ≤ high: 101 of the 16,566 ged_syria
	// rows do (low 20, best 40, high 20), and 58 have low > high. best is the
	// sum of the deaths_* columns in every one of them, so it is kept and the
	// interval widened to hold it; rejecting the rows would drop real deaths,
	// and Raw still says what UCDP wrote.
	f.Low, f.High = min(f.Low, f.Best, f.High), max(f.Low, f.Best, f.High)
	if f.Civilians, err = ingest.ParseCount(ingest.Cell(rec, c.civilians)); err != nil {
		return nil, r.Errorf("deaths_civilians", "%v", err)
	}
	if f.Unknown, err = ingest.ParseCount(ingest.Cell(rec, c.unknown)); err != nil {
		return nil, r.Errorf("deaths_unknown", "%v", err)
	}
	if inc.NumSources, err = ingest.ParseCount(ingest.Cell(rec, c.numSources)); err != nil {
		return nil, r.Errorf("number_of_sources", "%v", err)
	}

	inc.SideA = ingest.Cell(rec, c.sideA)
	inc.SideB = ingest.Cell(rec, c.sideB)
	inc.Sources = ingest.Cell(rec, c.office)
	inc.SourceText = ingest.Cell(rec, c.headline)
	inferType(inc, inc.ViolenceType, inc.SourceText, ingest.Cell(rec, c.article))

	r.Stamp(rep)
	return rep, nil
}
