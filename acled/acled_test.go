package acled

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
	"github.com/truce-monitor/truce/ingest"
)

var received = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

func open(t testing.TB, name string) *Reader {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	rd, err := NewReader(bytes.NewReader(b), name, ingest.WithReceivedAt(received))
	if err != nil {
		t.Fatal(err)
	}
	return rd
}

func drain(t testing.TB, rd ingest.Reader) ([]*truce.Report, []string) {
	t.Helper()
	reps, errs, err := ingest.ReadAll(rd)
	if err != nil {
		t.Fatalf("fatal: %v", err)
	}
	return reps, errs
}

func day(s string) time.Time {
	d, err := truce.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestReaderBothSchemas(t *testing.T) {
	for _, tc := range []struct {
		file      string
		civTarget bool // the file has civilian_targeting
	}{
		{"acled_pre2023.csv", false},
		{"acled_2023.csv", true},
	} {
		t.Run(tc.file, func(t *testing.T) {
			reps, errs := drain(t, open(t, tc.file))
			if len(errs) > 0 || len(reps) != 4 {
				t.Fatalf("errors %q, %d reports", errs, len(reps))
			}
			for i, r := range reps {
				if r.Source != "acled" || r.Incident.Source != "acled" || r.Line != i+2 || r.Origin != tc.file ||
					r.SourceKey != r.Incident.SourceKey || !r.ReceivedAt.Equal(received) || len(r.Hash) != 64 {
					t.Errorf("report %d provenance: %+v", i, r)
				}
			}
			a := reps[0].Incident
			if a.SourceKey != "TST1" || !a.DateStart.Equal(day("2017-05-06")) || !a.DateEnd.Equal(a.DateStart) ||
				a.DatePrecision != truce.DateExact || a.EventType != truce.ExplosionsRemoteViolence ||
				a.SubEventType != "Air/drone strike" || a.TypeReason != "" || a.ViolenceType != 0 ||
				a.SideA != "Military Forces of Testland (2000-)" || a.SideB != "Civilians (Testland)" ||
				a.Location != (truce.Location{HasPoint: true, Lat: 35.5, Lon: 36.25, Precision: truce.PrecExact,
					Country: "Testland", Admin1: "North Province", Admin2: "Lake District", Place: "Exampleville"}) ||
				a.Fatalities != (truce.Fatalities{Low: 3, Best: 3, High: 3}) ||
				a.Sources != "Synthetic Wire; Test Observatory" || !strings.HasPrefix(a.SourceText, "On 6 May 2017") {
				t.Errorf("incident 1: %+v", a)
			}
			b := reps[1].Incident
			if !b.DateStart.Equal(day("2017-05-03")) || !b.DateEnd.Equal(day("2017-05-09")) || b.DatePrecision != truce.DateWeek ||
				b.Location.Precision != truce.PrecNear || b.AssocA != "Allied Militia of Testland" || b.EventType != truce.Battles {
				t.Errorf("incident 2: %+v", b)
			}
			c := reps[2].Incident
			if !c.DateStart.Equal(day("2016-02-01")) || !c.DateEnd.Equal(day("2016-02-29")) || c.DatePrecision != truce.DateMonth ||
				c.Location.Precision != truce.PrecAdmin1 || c.Fatalities.Civilians != 2 {
				t.Errorf("incident 3 (violence against civilians, month precision): %+v", c)
			}
			d := reps[3].Incident
			wantCiv := 0
			if tc.civTarget {
				wantCiv = 5
			}
			if d.Fatalities.Civilians != wantCiv || d.SubEventType != "Shelling/artillery/missile attack" {
				t.Errorf("incident 4 (civilian_targeting): %+v", d.Fatalities)
			}
		})
	}
}

func TestReaderRowErrors(t *testing.T) {
	reps, errs := drain(t, open(t, "acled_errors.csv"))
	want := []string{
		`acled_errors.csv:2: field "event_id_cnty": empty`,
		`acled_errors.csv:3: field "event_date": not a date: "2017-13-01" (want YYYY-MM-DD, DD/MM/YYYY or 02 January 2017)`,
		`acled_errors.csv:4: field "time_precision": not a code 1–3: 4`,
		`acled_errors.csv:5: field "event_type": unknown event type "Skirmish"`,
		`acled_errors.csv:6: field "sub_event_type": "Armed clash" is a sub-event type of "Battles", not of "Explosions/Remote violence"`,
		`acled_errors.csv:7: field "sub_event_type": unknown sub-event type "Bombardment"`,
		`acled_errors.csv:8: field "geo_precision": empty, want a code 1–3`,
		`acled_errors.csv:9: field "fatalities": negative: -2`,
		`acled_errors.csv:10: field "latitude": out of range ±90: 95`,
		`acled_errors.csv:11: field "sub_event_type": empty`,
		`acled_errors.csv:12: field "event_date": not a date: "05/13/2017": slashed dates are read DD/MM/YYYY and there is no month 13`,
	}
	if strings.Join(errs, "\n") != strings.Join(want, "\n") {
		t.Errorf("row errors:\n got %s\nwant %s", strings.Join(errs, "\n     "), strings.Join(want, "\n     "))
	}
	if len(reps) != 2 || reps[0].SourceKey != "OK1" || reps[0].Line != 13 || reps[1].Line != 15 {
		t.Fatalf("want OK1 at 13 and OK2 at 15 (after a two-line note)")
	}
	if reps[0].Incident.SourceText != "multi\nline notes" || !strings.Contains(reps[0].Raw, "\"multi\nline notes\"") {
		t.Errorf("multi-line note: %q / raw %q", reps[0].Incident.SourceText, reps[0].Raw)
	}
}

func TestMissingColumns(t *testing.T) {
	in := "event_id_cnty,event_date,event_type,sub_event_type,actor1,assoc_actor_1,actor2,assoc_actor_2,country,admin1,admin2,location,latitude,longitude,source,notes,fatalities\n"
	_, err := NewReader(strings.NewReader(in), "export.csv")
	want := "truce: export.csv: missing columns: time_precision, geo_precision"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

func TestWeekAndMonthWindows(t *testing.T) {
	// time_precision 3 at a year's end and in a leap February.
	hdr := "event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,assoc_actor_1,actor2,assoc_actor_2,country,admin1,admin2,location,latitude,longitude,geo_precision,source,notes,fatalities\n"
	in := hdr +
		"A,31 December 2019,3,Battles,Armed clash,X,,Y,,C,,,,1,2,1,,,0\n" +
		"B,2020-02-10,3,Battles,armed CLASH,X,,Y,,C,,,,1,2,1,,,0\n" +
		"C,1 Jan 2020,2,battles,Armed clash,X,,Y,,C,,,,1,2,1,,,0\n"
	rd, err := NewReader(strings.NewReader(in), "w.csv")
	if err != nil {
		t.Fatal(err)
	}
	reps, errs := drain(t, rd)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for i, w := range [][2]string{{"2019-12-01", "2019-12-31"}, {"2020-02-01", "2020-02-29"}, {"2019-12-29", "2020-01-04"}} {
		inc := reps[i].Incident
		if !inc.DateStart.Equal(day(w[0])) || !inc.DateEnd.Equal(day(w[1])) {
			t.Errorf("row %d: %s..%s, want %s..%s", i, inc.DateStart.Format(truce.DateLayout), inc.DateEnd.Format(truce.DateLayout), w[0], w[1])
		}
	}
	if reps[1].Incident.SubEventType != "Armed clash" || reps[2].Incident.EventType != truce.Battles {
		t.Error("types are not canonicalized")
	}
}

func FuzzACLED(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.csv")
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rd, err := NewReader(bytes.NewReader(data), "fuzz.csv")
		if err != nil {
			return
		}
		for i := 0; i <= len(data)+1; i++ {
			rep, err := rd.Next()
			if err == io.EOF {
				return
			}
			var re *ingest.RowError
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
			if inc.SourceKey == "" || inc.DateEnd.Before(inc.DateStart) || truce.EventTypeOf(inc.SubEventType) != inc.EventType ||
				inc.Fatalities.Civilians > inc.Fatalities.Best {
				t.Fatalf("invalid report passed: %+v", inc)
			}
		}
		t.Fatal("reader does not reach EOF")
	})
}
