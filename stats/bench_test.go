package stats

import (
	"math/rand/v2"
	"testing"
)

// A year either side of an agreement, overdispersed like real event counts.
func BenchmarkRateRatioBootstrap(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	before, after := negBin(rng, 365, 8, 2), negBin(rng, 365, 4, 2)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := RateRatio(before, after, Options{Resamples: 1000, Seed: 5}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkITS(b *testing.B) {
	rng := rand.New(rand.NewPCG(2, 2))
	mu := itsMeans(730, 365, knownB)
	y := make([]float64, len(mu))
	for i := range y {
		y[i] = poisson(rng, gammaDraw(rng, 2)*mu[i]/2)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ITS(y, 365, ITSOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkITSDayOfWeek(b *testing.B) {
	rng := rand.New(rand.NewPCG(2, 2))
	mu := itsMeans(730, 365, knownB)
	y := make([]float64, len(mu))
	for i := range y {
		y[i] = poisson(rng, gammaDraw(rng, 2)*mu[i]/2)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ITS(y, 365, ITSOptions{DayOfWeek: true}); err != nil {
			b.Fatal(err)
		}
	}
}
