package storetest

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/agreement"
	"github.com/truce-monitor/truce/agreements"
	"github.com/truce-monitor/truce/geo"
	"github.com/truce-monitor/truce/judge"
	"github.com/truce-monitor/truce/sim"
)

// SimReports returns n simulated reports over the bundled Astana zones,
// already placed, so a benchmark measures the store alone.
func SimReports(tb testing.TB, n int64) (*truce.Agreement, []*truce.Report) {
	return SimReportsWith(tb, func(c *sim.Config) { c.Days, c.BaseRate, c.OutsideRate, c.Limit = 3650, 400, 1300, n })
}

// SimReportsWith returns simulated reports over the bundled Astana zones,
// already placed by package geo; cfg adjusts the simulation.
func SimReportsWith(tb testing.TB, cfg func(*sim.Config)) (*truce.Agreement, []*truce.Report) {
	tb.Helper()
	a, err := agreements.Load(agreements.Astana2017File, agreement.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	c := sim.DefaultConfig(7, a.Zones)
	cfg(&c)
	return a, PlacedSim(tb, a, c)
}

// PlacedSim returns the reports the simulator makes with cfg, each placed
// in a's zones by package geo, as an import would store them.
func PlacedSim(tb testing.TB, a *truce.Agreement, cfg sim.Config) []*truce.Report {
	tb.Helper()
	ix, err := geo.NewIndex(a.Zones, geo.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	var out []*truce.Report
	if cfg.Limit > 0 {
		out = make([]*truce.Report, 0, cfg.Limit)
	}
	err = sim.Reports(cfg, func(r *truce.Report) error {
		rep := *r
		rep.Incident.Zones = ix.Place(rep.Incident.Location, nil)
		out = append(out, &rep)
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
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

// BenchSubmit measures one monitor's submission (stored, logged, judged and
// rolled up, in one transaction) in a store of 10 k and 100 k simulated
// incidents, judged, each day holding about 2,900 of them: what a
// submission costs should not grow with the store (issue: submissions that
// stay fast as the store grows).
func BenchSubmit(b *testing.B, open func(b *testing.B) JudgeSubmitStore) {
	for _, n := range []int64{10_000, 100_000} {
		b.Run(fmt.Sprintf("incidents=%d", n), func(b *testing.B) {
			ctx := context.Background()
			s, a, j, like := judgedStore(b, n, open)
			i := 0
			for b.Loop() {
				i++
				if _, err := s.Submit(ctx, a.ID, copySubmission(like, j, fmt.Sprintf("bench-%d", i))); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// Bench runs the stores' benchmarks on fresh stores that open returns:
// PutReports, Submit and SubmitParallel.
func Bench[S interface {
	Store
	JudgeSubmitStore
}](b *testing.B, open func(b *testing.B) S) {
	b.Run("PutReports", func(b *testing.B) { BenchPutReports(b, func(b *testing.B) Store { return open(b) }) })
	b.Run("Submit", func(b *testing.B) { BenchSubmit(b, func(b *testing.B) JudgeSubmitStore { return open(b) }) })
	b.Run("SubmitParallel", func(b *testing.B) { BenchSubmitParallel(b, func(b *testing.B) JudgeSubmitStore { return open(b) }) })
}

// BenchSubmitParallel measures submissions sent at once by many clients
// (16 per core) into a store of 10 k judged incidents: what the store
// sustains when submissions arrive together, as they do at a busy server.
func BenchSubmitParallel(b *testing.B, open func(b *testing.B) JudgeSubmitStore) {
	ctx := context.Background()
	s, a, j, like := judgedStore(b, 10_000, open)
	var seq atomic.Int64
	b.SetParallelism(16)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := s.Submit(ctx, a.ID, copySubmission(like, j, fmt.Sprintf("par-%d", seq.Add(1)))); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "submits/s")
}

// copySubmission is a monitor's submission of a copy of like under key,
// judged by j.
func copySubmission(like *truce.Report, j truce.Judger, key string) *truce.Submission {
	r := *like
	r.Source, r.SourceKey, r.Raw, r.Hash = "monitor", key, key, "h-"+key
	r.Incident.Source, r.Incident.SourceKey = "monitor", key
	sub := submission("bench", key, key, &r)
	sub.Judge, sub.Version = j, 1
	return sub
}

// judgedStore returns a store of n simulated incidents, judged, with its
// agreement, judge and an incident to submit copies of.
func judgedStore(b *testing.B, n int64, open func(b *testing.B) JudgeSubmitStore) (JudgeSubmitStore, *truce.Agreement, truce.Judger, *truce.Report) {
	ctx := context.Background()
	a, reports := SimReports(b, n)
	s := open(b)
	if _, err := s.PutAgreement(ctx, a); err != nil {
		b.Fatal(err)
	}
	if err := s.SetActiveAgreement(ctx, a.ID); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < len(reports); i += 4000 {
		if _, err := s.PutReports(ctx, a.ID, reports[i:min(i+4000, len(reports))]); err != nil {
			b.Fatal(err)
		}
	}
	j, err := judge.NewJudge(a, 1)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.JudgeAll(ctx, a.ID, 1, j); err != nil {
		b.Fatal(err)
	}
	return s, a, j, reports[len(reports)/2]
}

// JudgeSubmitStore is a store that takes submissions and judges.
type JudgeSubmitStore interface {
	SubmitStore
	truce.JudgementService
}
