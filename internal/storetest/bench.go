package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/agreement"
	"github.com/truce-monitor/truce/agreements"
	"github.com/truce-monitor/truce/geo"
	"github.com/truce-monitor/truce/sim"
)

// SimReports returns n simulated reports over the bundled Astana zones,
// already placed, so a benchmark measures the store alone.
func SimReports(tb testing.TB, n int64) (*truce.Agreement, []*truce.Report) {
	tb.Helper()
	a, err := agreements.Load(agreements.Astana2017File, agreement.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	ix, err := geo.NewIndex(a.Zones, geo.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	cfg := sim.DefaultConfig(7, a.Zones)
	cfg.Days, cfg.BaseRate, cfg.OutsideRate, cfg.Limit = 3650, 400, 1300, n
	out := make([]*truce.Report, 0, n)
	err = sim.Reports(cfg, func(r *truce.Report) error {
		c := *r
		c.Incident.Zones = ix.Place(c.Incident.Location, nil)
		out = append(out, &c)
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return a, out
}

// BenchPutReports stores simulated incidents in a fresh store from open in
// batches of 4,000, as `truce import` does, for 100 k and 1 M rows (run the
// 1 M case with -benchtime 1x), reporting rows/s: one benchmark for every
// store, so their figures compare.
func BenchPutReports(b *testing.B, open func(b *testing.B) Store) {
	for _, n := range []int64{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			a, reports := SimReports(b, n)
			ctx := context.Background()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				db := open(b)
				if _, err := db.PutAgreement(ctx, a); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				for j := 0; j < len(reports); j += 4000 {
					if _, err := db.PutReports(ctx, a.ID, reports[j:min(j+4000, len(reports))]); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(int64(b.N)*n)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
