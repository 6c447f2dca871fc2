package ucdp

import (
	"errors"
	"io"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/truce-monitor/truce/ingest"

	"github.com/truce-monitor/truce/internal/shared"
)

// TestRealSyria imports the whole ged_syria release and checks it against the
// counts SOURCE.txt states for the file.
func TestRealSyria(t *testing.T) {
	p := shared.Path(t, "ucdp/ged_syria_2016-2019_ged191.csv")
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd, err := NewReader(f, p)
	if err != nil {
		t.Fatal(err)
	}
	var (
		n, best    int
		years      = map[int]int{}
		violence   = map[int]int{}
		types      = map[string]int{}
		rowErrs    int
		noPoint    int
		hashes     = map[string]bool{}
		emptyAdmin int
		words      = map[string]int{}
	)
	for {
		rep, err := rd.Next()
		if err == io.EOF {
			break
		}
		var re *ingest.RowError
		if errors.As(err, &re) {
			if rowErrs < 10 {
				t.Errorf("row error: %v", err)
			}
			rowErrs++
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
		inc := &rep.Incident
		years[inc.DateStart.Year()]++
		violence[inc.ViolenceType]++
		best += inc.Fatalities.Best
		types[inc.EventType+" / "+inc.SubEventType]++
		if !inc.Location.HasPoint {
			noPoint++
		}
		if inc.Location.Admin1 == "" {
			emptyAdmin++
		}
		if rep.Release != "ged191" {
			t.Fatalf("release %q, want ged191", rep.Release)
		}
		hashes[rep.Hash] = true
		if _, w, ok := strings.Cut(inc.TypeReason, " mentions "); ok {
			words[strings.ToLower(w)]++
		}
	}
	if rowErrs != 0 {
		t.Errorf("%d row errors, want 0", rowErrs)
	}
	check := func(what string, got, want int) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %d, want %d", what, got, want)
		}
	}
	check("rows", n, 16566)
	check("2016", years[2016], 6170)
	check("2017", years[2017], 5587)
	check("2018", years[2018], 2765)
	check("2019", years[2019], 2044)
	check("type_of_violence 1", violence[1], 11507)
	check("type_of_violence 2", violence[2], 4577)
	check("type_of_violence 3", violence[3], 482)
	check("sum of best", best, 112337)
	check("empty adm_1", emptyAdmin, 339)
	check("distinct hashes", len(hashes), 16566)
	keys := make([]string, 0, len(types))
	for k := range types {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return types[keys[i]] > types[keys[j]] })
	for _, k := range keys {
		t.Logf("%6d  %5.1f%%  %s", types[k], 100*float64(types[k])/float64(n), k)
	}
	t.Logf("rows without a point: %d", noPoint)
	ws := make([]string, 0, len(words))
	for w := range words {
		ws = append(ws, w)
	}
	sort.Slice(ws, func(i, j int) bool { return words[ws[i]] > words[ws[j]] })
	for i, w := range ws {
		if i == 25 {
			break
		}
		t.Logf("keyword %6d %s", words[w], w)
	}
}
