package ingest

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
)

const testMapping = "id=uid,date=day,date_end=until,lat=y,lon=x,event_type=kind,sub_event_type=subkind," +
	"side_a=who,side_b=whom,fatalities=dead,civilians=civ,place=town,admin1=gov,admin2=dist,country=land," +
	"sources=by,notes=text,precision=prec"

func day(s string) time.Time {
	d, err := truce.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func drain(_ testing.TB, rd Reader) ([]*truce.Report, []string, error) {
	return ReadAll(rd)
}

func openCSV(t testing.TB, name string) *CSVReader {
	t.Helper()
	m, err := ParseMapping(testMapping)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	rd, err := NewCSVReader(bytes.NewReader(b), name, m, WithReceivedAt(time.Unix(0, 0).UTC()))
	if err != nil {
		t.Fatal(err)
	}
	return rd
}

func TestParseDate(t *testing.T) {
	for _, tc := range []struct{ in, want, err string }{
		{"2017-05-06", "2017-05-06", ""},
		{" 2017-05-06 ", "2017-05-06", ""},
		{"2016-01-01 00:00:00.000", "2016-01-01", ""},
		{"2016-01-01T00:00:00Z", "2016-01-01", ""},
		{"06/05/2017", "2017-05-06", ""},
		{"6/5/2017", "2017-05-06", ""},
		{"02 January 2017", "2017-01-02", ""},
		{"2 jan 2017", "2017-01-02", ""},
		{"29 February 2016", "2016-02-29", ""},
		{"", "", "empty date"},
		{"2017-02-29", "", `not a date: "2017-02-29": February has no day 29`},
		{"2017-00-10", "", `not a date: "2017-00-10" (want YYYY-MM-DD, DD/MM/YYYY or 02 January 2017)`},
		{"05/13/2017", "", `not a date: "05/13/2017": slashed dates are read DD/MM/YYYY and there is no month 13`},
		{"2017/05/06", "", `not a date: "2017/05/06" (want YYYY-MM-DD, DD/MM/YYYY or 02 January 2017)`},
		{"2017-05-06x", "", `not a date: "2017-05-06x" (want YYYY-MM-DD, DD/MM/YYYY or 02 January 2017)`},
		{"02 Janvier 2017", "", `not a date: "02 Janvier 2017" (want YYYY-MM-DD, DD/MM/YYYY or 02 January 2017)`},
		{"May 6, 2017", "", `not a date: "May 6, 2017" (want YYYY-MM-DD, DD/MM/YYYY or 02 January 2017)`},
	} {
		got, err := ParseDate(tc.in)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("%q: error %v, want %s", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || !got.Equal(day(tc.want)) || got.Location() != time.UTC {
			t.Errorf("%q: %v %v, want %s", tc.in, got, err, tc.want)
		}
	}
}

func TestParseMapping(t *testing.T) {
	for _, tc := range []struct{ in, err string }{
		{"id=a, date = b ,lat=c,lon=d", ""},
		{"ID=a,Date=b,LAT=c,lon=d,notes=e", ""},
		{"id=a,date=b", "truce: mapping: missing fields: lat, lon"},
		{"", "truce: mapping: missing fields: id, date, lat, lon"},
		{"id=a,date=b,lat=c,lon=d,colour=e", `truce: mapping: unknown field "colour" (fields: id, date, date_end, lat, lon, precision, event_type, sub_event_type, side_a, side_b, fatalities, civilians, place, admin1, admin2, country, sources, notes)`},
		{"id=a,date=b,lat=c,lon=d,date=e", `truce: mapping: field "date" is given twice`},
		{"id=a,date,lat=c,lon=d", `truce: mapping: "date": want field=column`},
		{"id=a,date=,lat=c,lon=d", `truce: mapping: "date=": want field=column`},
	} {
		m, err := ParseMapping(tc.in)
		if tc.err == "" {
			if err != nil {
				t.Errorf("%q: %v", tc.in, err)
			} else if back, err := ParseMapping(m.String()); err != nil || back.String() != m.String() {
				t.Errorf("%q: String() %q does not round-trip", tc.in, m.String())
			}
			continue
		}
		if err == nil || err.Error() != tc.err {
			t.Errorf("%q: got %v\nwant %s", tc.in, err, tc.err)
		}
	}
}

func TestCSVReader(t *testing.T) {
	reps, errs, err := drain(t, openCSV(t, "monitors.csv"))
	if err != nil || len(errs) > 0 || len(reps) != 3 {
		t.Fatalf("fatal %v, errors %q, %d reports", err, errs, len(reps))
	}
	a := reps[0]
	if a.Source != "csv" || a.Incident.Source != "csv" || a.SourceKey != "m1" || a.Line != 2 || a.Origin != "monitors.csv" ||
		a.Raw != `m1,2017-05-06,,35.5,36.25,Explosions/Remote violence,Air/drone strike,Side One,Side Two,3,1,Exampleville,North,Lake,Testland,Observer team 4,"Jets seen, then ""explosions""",1` ||
		a.Hash != HashRaw([]byte(a.Raw)) || !a.ReceivedAt.Equal(time.Unix(0, 0)) {
		t.Errorf("report 1 provenance: %+v", a)
	}
	if inc := a.Incident; inc.Location != (truce.Location{HasPoint: true, Lat: 35.5, Lon: 36.25, Precision: truce.PrecExact,
		Country: "Testland", Admin1: "North", Admin2: "Lake", Place: "Exampleville"}) ||
		inc.Fatalities != (truce.Fatalities{Low: 3, Best: 3, High: 3, Civilians: 1}) || inc.SideA != "Side One" ||
		inc.SideB != "Side Two" || inc.Sources != "Observer team 4" || inc.SourceText != `Jets seen, then "explosions"` ||
		inc.SubEventType != "Air/drone strike" || inc.DatePrecision != truce.DateExact {
		t.Errorf("incident 1: %+v", inc)
	}
	b := reps[1].Incident
	if !b.DateStart.Equal(day("2017-05-06")) || !b.DateEnd.Equal(day("2017-05-12")) || b.DatePrecision != truce.DateWeek ||
		b.EventType != truce.Battles || b.SubEventType != "Armed clash" || b.Location.Precision != truce.PrecNear {
		t.Errorf("incident 2: %+v", b)
	}
	c := reps[2].Incident
	if c.Location.HasPoint || !c.DateStart.Equal(day("2017-01-02")) || c.EventType != truce.Battles || c.SubEventType != "" {
		t.Errorf("incident 3: %+v", c)
	}
}

func TestCSVReaderRowErrors(t *testing.T) {
	reps, errs, err := drain(t, openCSV(t, "monitors_errors.csv"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`monitors_errors.csv:2: field "uid": empty; every record needs a stable id so that re-imports match`,
		`monitors_errors.csv:3: field "day": not a date: "2017-05-32": May has no day 32`,
		`monitors_errors.csv:4: field "until": 2017-05-01 is before the start date 2017-05-06`,
		`monitors_errors.csv:5: field "x": empty while the latitude is given`,
		`monitors_errors.csv:6: field "kind": unknown event type "Fighting"`,
		`monitors_errors.csv:7: field "dead": not a whole number: "many"`,
		`monitors_errors.csv:8: field "prec": not a precision: "9" (want 1–7 or exact, near, admin2, admin1, fuzzy, country, sea_air)`,
		`monitors_errors.csv:9: field "civ": 3 civilian deaths exceed the 2 fatalities`,
		`monitors_errors.csv:10: has 5 fields, want 18 as in the header`,
		`monitors_errors.csv:11: extraneous or missing " in quoted-field`,
	}
	if strings.Join(errs, "\n") != strings.Join(want, "\n") {
		t.Errorf("row errors:\n got %s\nwant %s", strings.Join(errs, "\n     "), strings.Join(want, "\n     "))
	}
	if len(reps) != 0 {
		t.Errorf("%d reports from bad rows", len(reps))
	}
}

// TestStrayQuote checks that a quote left open stops the import at the
// line where it opened, however far it runs, instead of costing one row
// and silently taking the rows it swallowed with it.
func TestStrayQuote(t *testing.T) {
	m, _ := ParseMapping("id=id,date=date,lat=lat,lon=lon,notes=notes")
	tests := []struct {
		file string
		want string
	}{
		// The quote closes at the proper one on line 151.
		{"stray_quote.csv", `truce: stray_quote.csv:4: a quoted field opened here runs to line 151, where extraneous or missing " in quoted-field: a stray quote? Nothing after line 3 was imported; fix the quote and import again`},
		// It never closes.
		{"stray_quote_eof.csv", `truce: stray_quote_eof.csv:4: a quoted field opened here runs to line 201, where extraneous or missing " in quoted-field: a stray quote? Nothing after line 3 was imported; fix the quote and import again`},
	}
	for _, tt := range tests {
		f, err := os.Open(filepath.Join("testdata", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		rd, err := NewCSVReader(f, tt.file, m)
		if err != nil {
			t.Fatal(err)
		}
		reps, errs, err := drain(t, rd)
		f.Close()
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: got %v\nwant %s", tt.file, err, tt.want)
		}
		if len(reps) != 2 || len(errs) != 0 {
			t.Errorf("%s: %d reports and row errors %q before the quote; want the 2 rows before it", tt.file, len(reps), errs)
		}
	}
	// A record over the byte limit stops the import too, in bounded memory.
	big := "id,date,lat,lon,notes\nr1,2017-01-01,35.5,36.25,\"" + strings.Repeat("x", MaxRecordBytes+1<<17) + "\"\n"
	rd, err := NewCSVReader(strings.NewReader(big), "big.csv", m)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := drain(t, rd); err == nil || !strings.Contains(err.Error(), "runs over 1048576 bytes") {
		t.Errorf("oversized record: %v", err)
	}
}

// TestBadText checks that NUL bytes, invalid UTF-8 and implausible dates
// are refused with the field named, and the good rows kept.
func TestBadText(t *testing.T) {
	now = func() time.Time { return time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC) }
	defer func() { now = time.Now }()
	m, _ := ParseMapping("id=id,date=day,lat=lat,lon=lon,notes=notes")
	in := "id,day,lat,lon,notes\n" +
		"a,2017-01-01,35.5,36.25,fine\n" +
		"b,2017-01-01,35.5,36.25,nul \x00 here\n" +
		"c,2017-01-01,35.5,36.25,latin-1 \xe9t\xe9\n" +
		"d,0001-01-01,35.5,36.25,\n" +
		"e,9999-12-31,35.5,36.25,\n" +
		"f,2026-12-08,35.5,36.25,tomorrow is allowed (time zones)\n" +
		"g,2026-12-09,35.5,36.25,\n"
	rd, err := NewCSVReader(strings.NewReader(in), "in.csv", m)
	if err != nil {
		t.Fatal(err)
	}
	reps, errs, err := drain(t, rd)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`in.csv:3: field "notes": contains a NUL byte`,
		`in.csv:4: field "notes": is not valid UTF-8 (save the file as UTF-8)`,
		`in.csv:5: field "day": 0001-01-01 is before 1900-01-01: not a plausible event date`,
		`in.csv:6: field "day": 9999-12-31 is in the future (after 2026-12-08): not a plausible event date`,
		`in.csv:8: field "day": 2026-12-09 is in the future (after 2026-12-08): not a plausible event date`,
	}
	if strings.Join(errs, "\n") != strings.Join(want, "\n") {
		t.Errorf("row errors:\n got %s\nwant %s", strings.Join(errs, "\n     "), strings.Join(want, "\n     "))
	}
	if len(reps) != 2 || reps[0].SourceKey != "a" || reps[1].SourceKey != "f" {
		t.Errorf("kept %d reports, want a and f", len(reps))
	}
}

func TestCSVReaderHeader(t *testing.T) {
	m, _ := ParseMapping("id=uid,date=day,lat=y,lon=x,notes=text")
	_, err := NewCSVReader(strings.NewReader("UID,Y\n"), "in.csv", m)
	if want := "truce: in.csv: missing columns: day, x, text"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
	_, err = NewCSVReader(strings.NewReader("uid,day,y,x,y\n"), "in.csv", m)
	if want := `truce: in.csv: column "y" appears twice (columns 3 and 5)`; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
	// Unmapped duplicates do not matter; a BOM before a quoted name does not either.
	rd, err := NewCSVReader(strings.NewReader("\ufeff\"uid\",day,y,x,text,z,z\nk,2017-01-01,1,2,,,\n"), "in.csv", m)
	if err != nil {
		t.Fatal(err)
	}
	if reps, errs, err := drain(t, rd); err != nil || len(errs) > 0 || len(reps) != 1 || reps[0].SourceKey != "k" {
		t.Errorf("%v %q %d", err, errs, len(reps))
	}
}

func TestRowError(t *testing.T) {
	err := error(&RowError{Origin: "file.csv", Line: 123, Field: "latitude", Msg: `not a number: "abc"`})
	if got, want := err.Error(), `file.csv:123: field "latitude": not a number: "abc"`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if truce.ErrorCode(err) != truce.EINVALID || truce.ErrorMessage(err) != err.Error() {
		t.Errorf("code %q message %q", truce.ErrorCode(err), truce.ErrorMessage(err))
	}
	if got := (&RowError{Origin: "f", Line: 2, Msg: "bad"}).Error(); got != "f:2: bad" {
		t.Error(got)
	}
}

func TestReceivedAtDefaultsToNow(t *testing.T) {
	before := time.Now()
	m, _ := ParseMapping("id=a,date=b,lat=c,lon=d")
	rd, err := NewCSVReader(strings.NewReader("a,b,c,d\n1,2017-01-01,,\n"), "f.csv", m)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := rd.Next()
	if err != nil || rep.ReceivedAt.Before(before) || rep.ReceivedAt.After(time.Now()) {
		t.Errorf("%v %v", rep, err)
	}
}

func FuzzCSVMapping(f *testing.F) {
	for _, name := range []string{"monitors.csv", "monitors_errors.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, testMapping)
	}
	f.Add([]byte("a,b,c,d\n1,2017-01-01,,\n"), "id=a,date=b,lat=c,lon=d")
	f.Fuzz(func(t *testing.T, data []byte, mapping string) {
		m, err := ParseMapping(mapping)
		if err != nil {
			return
		}
		rd, err := NewCSVReader(bytes.NewReader(data), "fuzz.csv", m)
		if err != nil {
			return
		}
		for i := 0; i <= len(data)+1; i++ {
			rep, err := rd.Next()
			if err == io.EOF {
				return
			}
			var re *RowError
			if errors.As(err, &re) {
				if re.Line < 1 {
					t.Fatalf("row error without a line: %v", err)
				}
				continue
			}
			if err != nil {
				return
			}
			inc := rep.Incident
			if inc.SourceKey == "" || inc.DateEnd.Before(inc.DateStart) || inc.Fatalities.Civilians > inc.Fatalities.Best {
				t.Fatalf("invalid report passed: %+v", inc)
			}
		}
		t.Fatal("reader does not reach EOF")
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2017-05-06", "06/05/2017", "02 January 2017", "2016-01-01 00:00:00.000", "31/02/2017"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if d.Hour() != 0 || d.Location() != time.UTC || d.Year() < 1 {
			t.Fatalf("%q → %v", s, d)
		}
	})
}
