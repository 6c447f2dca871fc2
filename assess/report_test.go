package assess

import (
	"context"
	"strings"
	"testing"

	"github.com/truce-monitor/truce"
)

// rowsReader answers ZoneDays from a list, filtering by zone and days.
type rowsReader []truce.ZoneDay

func (r rowsReader) ZoneDays(_ context.Context, f truce.ZoneDayFilter) ([]truce.ZoneDay, error) {
	var out []truce.ZoneDay
	for _, zd := range r {
		if (f.ZoneID == "" || zd.ZoneID == f.ZoneID) && !zd.Day.Before(f.From) && !zd.Day.After(f.To) {
			out = append(out, zd)
		}
	}
	return out, nil
}

// TestTrendMissingDays: the before window reaches back past the first
// report from the zone; those days are missing, not calm, so the rate before
// is that of the days with coverage, and the fighting of excluded groups is
// not counted at all.
func TestTrendMissingDays(t *testing.T) {
	a := statusAgreement()
	var rows rowsReader
	brk := mustDay("2017-05-06")
	for i := -10; i < 20; i++ { // reports from 10 days before the break only
		d := brk.AddDate(0, 0, i)
		n := 4
		if i >= 0 {
			n = 1
		}
		rows = append(rows, row(d.Format(truce.DateLayout), 1, truce.SeverityMinor, n, 0))
		excluded := row(d.Format(truce.DateLayout), 0, "", 50, 0)
		excluded.Excluded = true
		rows = append(rows, excluded)
	}
	tr, err := BuildTrend(context.Background(), rows, a, TrendOptions{Zone: "z", Before: 20, After: 20,
		Placements: map[truce.Placement]bool{truce.Inside: true}})
	if err != nil {
		t.Fatal(err)
	}
	if tr.MissingDays != 10 || tr.Rate.TotalBefore != 40 || tr.Rate.TotalAfter != 20 || tr.Rate.RateBefore != 4 || tr.Rate.RateAfter != 1 {
		t.Fatalf("missing %d, before %g (%g a day), after %g (%g a day)", tr.MissingDays, tr.Rate.TotalBefore, tr.Rate.RateBefore, tr.Rate.TotalAfter, tr.Rate.RateAfter)
	}
	if !strings.Contains(strings.Join(tr.Rate.Notes, " "), "missing, not zero") {
		t.Fatalf("notes %q", tr.Rate.Notes)
	}
}
