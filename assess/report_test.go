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
// is that of the days with coverage. The fighting of excluded groups counts
// as violence, unless only the violence the agreement covers is asked for.
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
	tests := []struct {
		covered                   bool
		before, after, rateBefore float64
		rateAfter                 float64
	}{
		{covered: true, before: 40, after: 20, rateBefore: 4, rateAfter: 1},
		{covered: false, before: 540, after: 1020, rateBefore: 54, rateAfter: 51},
	}
	for _, tt := range tests {
		tr, err := BuildTrend(context.Background(), rows, a, TrendOptions{Zone: "z", Before: 20, After: 20,
			Placements: map[truce.Placement]bool{truce.Inside: true}, Covered: tt.covered})
		if err != nil {
			t.Fatal(err)
		}
		if tr.MissingDays != 10 || tr.Rate.TotalBefore != tt.before || tr.Rate.TotalAfter != tt.after || tr.Rate.RateBefore != tt.rateBefore || tr.Rate.RateAfter != tt.rateAfter {
			t.Errorf("covered %v: missing %d, before %g (%g a day), after %g (%g a day)", tt.covered, tr.MissingDays, tr.Rate.TotalBefore, tr.Rate.RateBefore, tr.Rate.TotalAfter, tr.Rate.RateAfter)
		}
		if !strings.Contains(strings.Join(tr.Rate.Notes, " "), "missing, not zero") {
			t.Errorf("notes %q", tr.Rate.Notes)
		}
	}
}
