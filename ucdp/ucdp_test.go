package ucdp

import (
	"bytes"
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

// drain reads to the end, returning the reports and the row errors' texts.
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

func TestReaderBothLayouts(t *testing.T) {
	for _, tc := range []struct {
		file, release string
		firstLine     []int
	}{
		{"GEDEvent_v23_1_sample.csv", "ged231", []int{2, 3, 4, 5}},
		{"ged_syria_sample_ged191.csv", "ged191", []int{2, 3, 4, 5}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			reps, errs := drain(t, open(t, tc.file))
			if len(errs) > 0 {
				t.Fatalf("row errors: %q", errs)
			}
			if len(reps) != 4 {
				t.Fatalf("%d reports, want 4", len(reps))
			}
			for i, r := range reps {
				if r.Line != tc.firstLine[i] || r.Release != tc.release || r.Origin != tc.file ||
					r.Source != "ucdp" || r.Incident.Source != "ucdp" || !r.ReceivedAt.Equal(received) {
					t.Errorf("report %d provenance: line %d release %q origin %q source %q received %v",
						i, r.Line, r.Release, r.Origin, r.Source, r.ReceivedAt)
				}
				if want := ingest.HashRaw([]byte(r.Raw)); r.Hash != want {
					t.Errorf("report %d: hash %s is not the SHA-256 of Raw", i, r.Hash)
				}
			}
			a := reps[0].Incident
			want := truce.Incident{
				Source: "ucdp", SourceKey: "900001",
				DateStart: day("2017-03-01"), DateEnd: day("2017-03-01"), DatePrecision: truce.DateExact,
				Location: truce.Location{HasPoint: true, Lon: 36.5, Lat: 35.7, Precision: truce.PrecExact,
					Country: "Syria", Admin1: "Idlib Governorate", Admin2: "Ariha district", Place: "Exampleville town"},
				EventType: truce.ExplosionsRemoteViolence, SubEventType: "Air/drone strike",
				TypeReason:   `UCDP type_of_violence 1; headline mentions "Warplanes"`,
				ViolenceType: 1, SideA: "Government of Syria", SideB: "Syrian insurgents",
				Fatalities: truce.Fatalities{Low: 5, Best: 6, High: 8, Civilians: 3, Unknown: 1},
				Sources:    "Synthetic Wire;Test Observatory", NumSources: 2,
				SourceText: "Warplanes strike the town of Exampleville",
			}
			if !equalIncident(a, want) {
				t.Errorf("incident 1:\n got %+v\nwant %+v", a, want)
			}
			b := reps[1].Incident
			if !b.DateStart.Equal(day("2017-03-02")) || !b.DateEnd.Equal(day("2017-03-05")) ||
				b.DatePrecision != truce.DateDays || b.Location.Precision != truce.PrecNear ||
				b.SubEventType != "Shelling/artillery/missile attack" ||
				b.TypeReason != `UCDP type_of_violence 2; headline mentions "mortar"` {
				t.Errorf("incident 2: %+v", b)
			}
			c := reps[2].Incident
			if c.Location.HasPoint || c.EventType != truce.ViolenceAgainstCivilians || c.SubEventType != "Attack" ||
				c.TypeReason != "UCDP type_of_violence 3 (one-sided violence against civilians)" ||
				c.Fatalities != (truce.Fatalities{Low: 7, Best: 7, High: 9, Civilians: 7}) {
				t.Errorf("incident 3: %+v", c)
			}
			d := reps[3].Incident
			if d.SubEventType != "Suicide bomb" || d.TypeReason != `UCDP type_of_violence 1; source_article mentions "suicide"` {
				t.Errorf("incident 4: %+v", d)
			}
		})
	}
}

func equalIncident(a, b truce.Incident) bool {
	return a.Source == b.Source && a.SourceKey == b.SourceKey && a.DateStart.Equal(b.DateStart) &&
		a.DateEnd.Equal(b.DateEnd) && a.DatePrecision == b.DatePrecision && a.Location == b.Location &&
		a.EventType == b.EventType && a.SubEventType == b.SubEventType && a.TypeReason == b.TypeReason &&
		a.ViolenceType == b.ViolenceType && a.SideA == b.SideA && a.SideB == b.SideB &&
		a.Fatalities == b.Fatalities && a.Sources == b.Sources && a.NumSources == b.NumSources &&
		a.SourceText == b.SourceText
}

func TestReaderRowErrors(t *testing.T) {
	reps, errs := drain(t, open(t, "errors_ged191.csv"))
	want := []string{
		`errors_ged191.csv:2: field "id": empty`,
		`errors_ged191.csv:3: field "type_of_violence": not a code 1–3: 4`,
		`errors_ged191.csv:4: field "date_start": not a date: "2017-02-30": February has no day 30`,
		`errors_ged191.csv:5: field "date_end": 2017-02-28 is before date_start 2017-03-01`,
		`errors_ged191.csv:6: field "latitude": not a number: "abc"`,
		`errors_ged191.csv:7: field "longitude": out of range ±180: 200`,
		`errors_ged191.csv:8: field "latitude": empty while the longitude is given`,
		`errors_ged191.csv:9: field "where_prec": not a code 1–7: 8`,
		`errors_ged191.csv:10: field "best": negative: -1`,
		`errors_ged191.csv:11: field "date_prec": not a code 1–5: 0`,
		`errors_ged191.csv:12: field "deaths_civilians": not a whole number: "x"`,
		`errors_ged191.csv:13: field "low": not a whole number: "2.5"`,
		`errors_ged191.csv:14: field "deaths_unknown": not a whole number: "z"`,
		`errors_ged191.csv:15: has 3 fields, want 41 as in the header`,
	}
	if strings.Join(errs, "\n") != strings.Join(want, "\n") {
		t.Errorf("row errors:\n got %s\nwant %s", strings.Join(errs, "\n     "), strings.Join(want, "\n     "))
	}
	if len(reps) != 1 || reps[0].SourceKey != "ok1" || reps[0].Line != 16 {
		t.Errorf("want only ok1 at line 16 after the bad rows, got %d reports", len(reps))
	}
}

func TestWidensInconsistentEstimates(t *testing.T) {
	// ged_syria has rows like these: best is the deaths_* sum, low/high are not around it.
	hdr := "id,type_of_violence,side_a,side_b,where_prec,latitude,longitude,date_prec,date_start,date_end,low,best,high\n"
	in := hdr + "1,1,A,B,1,35,36,1,2017-01-01,2017-01-01,20,40,20\n" +
		"2,1,A,B,1,35,36,1,2017-01-01,2017-01-01,177,142,177\n"
	reps, errs := drain(t, mustReader(t, in, "x.csv"))
	if len(errs) != 0 || len(reps) != 2 {
		t.Fatalf("errs %q, %d reports", errs, len(reps))
	}
	for i, want := range []truce.Fatalities{{Low: 20, Best: 40, High: 40}, {Low: 142, Best: 142, High: 177}} {
		if got := reps[i].Incident.Fatalities; got != want {
			t.Errorf("row %d: %+v, want %+v", i+1, got, want)
		}
	}
}

func mustReader(t testing.TB, in, origin string, opts ...ingest.Option) *Reader {
	t.Helper()
	rd, err := NewReader(strings.NewReader(in), origin, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return rd
}

func TestHeaderErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"missing", "id,type_of_violence,side_a,side_b,where_prec,longitude,date_prec,date_end,low,best,high\n",
			"truce: f.csv: missing columns: latitude, date_start"},
		{"empty", "", "truce: f.csv: empty file, want a header line"},
		{"duplicate", "id,type_of_violence,side_a,side_b,where_prec,latitude,longitude,date_prec,date_start,date_end,low,best,high,Best\n",
			`truce: f.csv: column "best" appears twice (columns 12 and 14)`},
		{"bad quote", "id,\"type\"x\n", `truce: f.csv:1: header: extraneous or missing " in quoted-field`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewReader(strings.NewReader(tc.in), "f.csv")
			if err == nil || err.Error() != tc.want {
				t.Errorf("got %v\nwant %s", err, tc.want)
			}
			if truce.ErrorCode(err) != truce.EINVALID {
				t.Errorf("code %q", truce.ErrorCode(err))
			}
		})
	}
}

func TestHeaderTolerance(t *testing.T) {
	// A BOM, upper case, padding and extra columns must not matter.
	in := "\ufeff\"ID\", Type_Of_Violence ,side_a,side_b,where_prec,latitude,longitude,date_prec,date_start,date_end,low,best,high,extra\n" +
		"7,1,A,B,1,35,36,1,2017-01-01,2017-01-01,1,1,1,x\n"
	reps, errs := drain(t, mustReader(t, in, "f.csv", ingest.WithRelease("cand24")))
	if len(errs) != 0 || len(reps) != 1 || reps[0].SourceKey != "7" || reps[0].Release != "cand24" {
		t.Fatalf("errs %q reps %d", errs, len(reps))
	}
}

func TestHashes(t *testing.T) {
	hashes := func(in string) []string {
		reps, _ := drain(t, mustReader(t, in, "f.csv"))
		var hs []string
		for _, r := range reps {
			hs = append(hs, r.Hash)
		}
		return hs
	}
	hdr := "id,type_of_violence,side_a,side_b,where_prec,latitude,longitude,date_prec,date_start,date_end,low,best,high\n"
	a := hdr + "1,1,A,B,1,35,36,1,2017-01-01,2017-01-01,1,1,1\n2,1,A,B,1,35,36,1,2017-01-01,2017-01-01,1,1,1\n"
	quoted := hdr + "\"1\",1,\"A\",B,1,35,36,1,2017-01-01,2017-01-01,1,1,1\r\n2,1,A,B,1,35,36,1,2017-01-01,2017-01-01,1,1,1\n"
	changed := hdr + "1,1,A,B,1,35,36,1,2017-01-01,2017-01-01,1,2,2\n2,1,A,B,1,35,36,1,2017-01-01,2017-01-01,1,1,1\n"
	h1, h2, hq, hc := hashes(a), hashes(a), hashes(quoted), hashes(changed)
	if h1[0] != h2[0] || h1[1] != h2[1] {
		t.Error("re-import changed the hashes")
	}
	if hq[0] != h1[0] {
		t.Error("quoting style changed the hash")
	}
	if hc[0] == h1[0] || hc[1] != h1[1] {
		t.Error("a changed row must change its hash, and only its hash")
	}
}

func TestInferType(t *testing.T) {
	for _, tc := range []struct {
		violence          int
		headline, article string
		sub, reason       string
	}{
		{1, "Airstrikes hit Idlib", "", "Air/drone strike", `UCDP type_of_violence 1; headline mentions "Airstrikes"`},
		{1, "Russian air-strikes on Hama", "", "Air/drone strike", `UCDP type_of_violence 1; headline mentions "air-strikes"`},
		{2, "Regime helicopters drop barrel bombs", "", "Air/drone strike", `UCDP type_of_violence 2; headline mentions "helicopters"`},
		{1, "Town bombed by aircraft", "", "Air/drone strike", `UCDP type_of_violence 1; headline mentions "bombed by aircraft"`},
		{1, "A drone kills two", "", "Air/drone strike", `UCDP type_of_violence 1; headline mentions "drone"`},
		{1, "14 shells hit Dahya al-Assad", "", "Shelling/artillery/missile attack", `UCDP type_of_violence 1; headline mentions "shells"`},
		{1, "Warplanes and artillery pound the town", "", "Air/drone strike", `UCDP type_of_violence 1; headline mentions "Warplanes"`},
		{1, "Mine explosion and shelling", "", "Remote explosive/landmine/IED", `UCDP type_of_violence 1; headline mentions "Mine"`},
		{1, "An explosive device detonates", "", "Remote explosive/landmine/IED", `UCDP type_of_violence 1; headline mentions "explosive device"`},
		{2, "Suicide car bomb at checkpoint", "", "Suicide bomb", `UCDP type_of_violence 2; headline mentions "Suicide"`},
		{1, "Chlorine barrel bombs on Saraqib", "", "Chemical weapon", `UCDP type_of_violence 1; headline mentions "Chlorine"`},
		{1, "Activists accuse the regime of a chemical attack in Aleppo", "", "Chemical weapon", `UCDP type_of_violence 1; headline mentions "chemical attack"`},
		// "chemical" that names no attack on this day is no evidence of one
		{1, "More than 2 years after the chemical massacre, regime shelling kills 7", "", "Shelling/artillery/missile attack", `UCDP type_of_violence 1; headline mentions "shelling"`},
		{1, "Families flee under the pretext of the chemical strike", "", "Armed clash", "UCDP type_of_violence 1 (state-based); headline gives no weapon"},
		{1, "Clashes continue", "Airstrike reported", "Air/drone strike", `UCDP type_of_violence 1; source_article mentions "Airstrike"`},
		// word boundaries: none of these names a weapon
		{1, "Determined fighters take the minefield-free Jetty; shellfish market, Rocketeers, sarinah", "",
			"Armed clash", "UCDP type_of_violence 1 (state-based); headline gives no weapon"},
		{2, "Clashes near Ma’la", "", "Armed clash", "UCDP type_of_violence 2 (non-state); headline gives no weapon"},
		{3, "Airstrikes kill civilians", "", "Attack", "UCDP type_of_violence 3 (one-sided violence against civilians)"},
	} {
		var inc truce.Incident
		inferType(&inc, tc.violence, tc.headline, tc.article)
		if inc.SubEventType != tc.sub || inc.TypeReason != tc.reason || inc.EventType != truce.EventTypeOf(tc.sub) {
			t.Errorf("%q: got %s / %s (%s), want %s (%s)", tc.headline, inc.EventType, inc.SubEventType, inc.TypeReason, tc.sub, tc.reason)
		}
	}
}

func TestReleaseFromName(t *testing.T) {
	for in, want := range map[string]string{
		"/data/ged_syria_2016-2019_ged191.csv": "ged191",
		"GEDEvent_v23_1.csv":                   "ged231",
		"GEDEvent_v24_0_3.csv":                 "ged2403",
		"ged201-csv.zip":                       "ged201",
		"events.csv":                           "",
		"hedged191.csv":                        "",
	} {
		if got := ReleaseFromName(in); got != want {
			t.Errorf("%s: %q, want %q", in, got, want)
		}
	}
}

func TestSimulatedFileIsNotUCDP(t *testing.T) {
	header := "id,type_of_violence,side_a,side_b,where_prec,latitude,longitude,date_prec,date_start,date_end,low,best,high"
	row := "7,1,Government of Syria,Syrian insurgents,1,35.9,36.6,1,2017-06-01,2017-06-01,1,1,1"
	for _, tc := range []struct{ header, row, source string }{
		{header, row, Source},
		{header + ",sim_zone,sim_violation", row + ",idlib,1", SimSource},
	} {
		rd, err := NewReader(strings.NewReader(tc.header+"\n"+tc.row+"\n"), "x.csv")
		if err != nil {
			t.Fatal(err)
		}
		r, err := rd.Next()
		if err != nil {
			t.Fatal(err)
		}
		if r.Source != tc.source || r.Incident.Source != tc.source {
			t.Errorf("header %q: source %q/%q, want %q", tc.header, r.Source, r.Incident.Source, tc.source)
		}
	}
}
