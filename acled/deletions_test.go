package acled

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/truce-monitor/truce/ingest"
)

func TestDeletionsReader(t *testing.T) {
	f, err := os.Open("testdata/deletions.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd, err := NewDeletionsReader(f, "deletions.csv")
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		key string
		at  time.Time
		err string
	}
	var got []result
	for {
		r, err := rd.Next()
		if err == io.EOF {
			break
		}
		var re *ingest.RowError
		if errors.As(err, &re) {
			got = append(got, result{err: re.Error()})
			continue
		} else if err != nil {
			t.Fatal(err)
		}
		if !r.Withdraws || r.Source != Source || r.Hash == "" || r.Raw == "" {
			t.Fatalf("report %+v: want a stamped withdrawal", r)
		}
		got = append(got, result{key: r.SourceKey, at: r.ReceivedAt})
	}
	want := []result{
		{key: "TST1", at: time.Date(2017, 6, 1, 0, 0, 0, 0, time.UTC)},
		{key: "TST2", at: time.Date(2017, 6, 2, 0, 0, 0, 0, time.UTC)},
		{err: `deletions.csv:4: field "deleted_timestamp": not a Unix timestamp between 1997 and 2100 or a date: "12"`},
		{err: `deletions.csv:5: field "event_id_cnty": empty`},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i].key != want[i].key || !got[i].at.Equal(want[i].at) || got[i].err != want[i].err {
			t.Errorf("row %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestDeletionsMissingColumn(t *testing.T) {
	_, err := NewDeletionsReader(strings.NewReader("event_id_cnty\nX\n"), "d.csv")
	if err == nil || !strings.Contains(err.Error(), "deleted_timestamp") {
		t.Fatalf("err = %v, want one naming deleted_timestamp", err)
	}
}

func FuzzDeletions(f *testing.F) {
	seed, _ := os.ReadFile("testdata/deletions.csv")
	f.Add(string(seed))
	f.Fuzz(func(t *testing.T, s string) {
		rd, err := NewDeletionsReader(strings.NewReader(s), "f.csv")
		if err != nil {
			return
		}
		for range 10000 {
			r, err := rd.Next()
			if err == io.EOF {
				return
			}
			var re *ingest.RowError
			if errors.As(err, &re) {
				continue
			}
			if err != nil {
				return
			}
			if r.SourceKey == "" || !r.Withdraws {
				t.Fatalf("accepted %+v", r)
			}
		}
	})
}
