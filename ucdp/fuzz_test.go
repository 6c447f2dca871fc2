package ucdp

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/truce-monitor/truce/ingest"
)

func FuzzUCDP(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.csv")
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("id,type_of_violence,side_a,side_b,where_prec,latitude,longitude,date_prec,date_start,date_end,low,best,high\n" +
		"1,1,A,B,1,35,36,1,2017-01-01,2017-01-01,1,1,1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rd, err := NewReader(bytes.NewReader(data), "fuzz.csv")
		if err != nil {
			return
		}
		// Every call consumes input, so more calls than bytes means a loop.
		for i := 0; i <= len(data)+1; i++ {
			rep, err := rd.Next()
			if err == io.EOF {
				return
			}
			var re *ingest.RowError
			if errors.As(err, &re) {
				if re.Line < 1 || re.Origin != "fuzz.csv" {
					t.Fatalf("row error without a place: %v", err)
				}
				continue
			}
			if err != nil {
				return
			}
			inc := rep.Incident
			if inc.DateEnd.Before(inc.DateStart) || inc.Fatalities.Low > inc.Fatalities.Best ||
				inc.Fatalities.Best > inc.Fatalities.High || inc.SourceKey == "" || rep.Hash == "" {
				t.Fatalf("invalid report passed: %+v", rep)
			}
			if inc.Location.HasPoint && (inc.Location.Lat < -90 || inc.Location.Lat > 90 || inc.Location.Lon < -180 || inc.Location.Lon > 180) {
				t.Fatalf("coordinates out of range: %+v", inc.Location)
			}
		}
		t.Fatal("reader does not reach EOF")
	})
}

func FuzzFindWeapon(f *testing.F) {
	for _, s := range []string{"Airstrikes hit", "air-strike", "bombed by aircraft", "Ma’la mine", "\xff\xfe jet"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, txt := findWeapon(s)
		if (w == noWeapon) != (txt == "") {
			t.Fatalf("%q: weapon %d with text %q", s, w, txt)
		}
	})
}
