package sim

import (
	"math"
	"strconv"
	"testing"
)

// appendMicro must agree with strconv wherever coordinates can be.
func TestAppendMicro(t *testing.T) {
	r := newRNG(1)
	check := func(x float64) {
		x = round6(x)
		want := strconv.FormatFloat(x, 'f', -1, 64)
		if got := string(appendMicro(nil, x)); got != want {
			t.Fatalf("appendMicro(%v) = %q, want %q", x, got, want)
		}
	}
	for _, x := range []float64{0, 38, 35.2, -0.5, -179.999999, 180, 36.000001, 0.000001, -0.000001} {
		check(x)
	}
	for range 1_000_000 {
		check(360*r.float() - 180)
		check(math.Round(r.float()*1e4) / 1e4) // few decimals: trailing zeros
	}
}

// The samplers are our own, so their moments are checked here.
func TestSamplers(t *testing.T) {
	r := newRNG(99)
	tests := []struct {
		name     string
		draw     func() float64
		mean, sd float64 // the draw's true mean and standard deviation
	}{
		{"poisson 3", func() float64 { return float64(r.poisson(3)) }, 3, math.Sqrt(3)},
		{"poisson 250", func() float64 { return float64(r.poisson(250)) }, 250, math.Sqrt(250)},
		{"gamma 2", func() float64 { return r.gamma(2) }, 2, math.Sqrt(2)},
		{"gamma 0.5", func() float64 { return r.gamma(0.5) }, 0.5, math.Sqrt(0.5)},
		{"negbin 6 k2", func() float64 { return float64(r.negbin(6, 2)) }, 6, math.Sqrt(6 + 36.0/2)},
		{"norm", r.norm, 0, 1},
	}
	const n = 200_000
	for _, tt := range tests {
		var sum, sum2 float64
		for range n {
			x := tt.draw()
			sum += x
			sum2 += x * x
		}
		mean := sum / n
		sd := math.Sqrt(sum2/n - mean*mean)
		if math.Abs(mean-tt.mean) > 5*tt.sd/math.Sqrt(n) {
			t.Errorf("%s: mean %.4f, want %.4f", tt.name, mean, tt.mean)
		}
		if math.Abs(sd/tt.sd-1) > 0.03 {
			t.Errorf("%s: sd %.4f, want %.4f", tt.name, sd, tt.sd)
		}
	}
}
