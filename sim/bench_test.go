package sim_test

import (
	"io"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/sim"
)

// benchConfig yields b.N events through Limit. Its rates are high so that
// days, not events, are what run out last; per-event cost does not depend
// on the rates. For the 10 M-row run: go test -bench . -benchtime 10000000x
func benchConfig(b *testing.B) sim.Config {
	cfg := sim.DefaultConfig(7, testZones())
	cfg.BaseRate, cfg.OutsideRate = 100, 200
	cfg.Days = 2_500_000
	cfg.Limit = int64(b.N)
	return cfg
}

func reportRows(b *testing.B, n int) {
	if n != b.N {
		b.Fatalf("%d rows, want %d", n, b.N)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkGenerate(b *testing.B) {
	b.ReportAllocs()
	n := 0
	err := sim.Generate(benchConfig(b), func(*sim.Event) error {
		n++
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	reportRows(b, n)
}

// countingWriter measures bytes without keeping them.
type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

func BenchmarkWriteUCDP(b *testing.B) {
	b.ReportAllocs()
	var w countingWriter
	n, err := sim.WriteUCDP(&w, benchConfig(b))
	if err != nil {
		b.Fatal(err)
	}
	reportRows(b, n)
	b.ReportMetric(float64(w.n)/b.Elapsed().Seconds()/1e6, "MB/s")
}

func BenchmarkReports(b *testing.B) {
	b.ReportAllocs()
	n := 0
	err := sim.Reports(benchConfig(b), func(*truce.Report) error {
		n++
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	reportRows(b, n)
}

var _ io.Writer = (*countingWriter)(nil)
