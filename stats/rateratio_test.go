package stats

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// days spreads total events over n days, one per day from the first, so the
// totals are exact and the days nearly Poisson-like.
func days(n, total int) []float64 {
	xs := make([]float64, n)
	for i := range total {
		xs[i%n]++
	}
	return xs
}

func TestRateRatioReferenceValues(t *testing.T) {
	for _, c := range []struct {
		name          string
		before, after []float64
		ratio         float64
		exact, wald   Interval
		qp            Interval // zero: same as wald (φ floored to 1)
		note          bool
	}{{
		// The standard teaching example: 15 events in 1000 person-days
		// against 30 in 1000, RR 0.5. Wald limits by hand:
		// 0.5·exp(±1.959964·sqrt(1/15 + 1/30)) = 0.26903, 0.92927.
		// Exact conditional limits: Clopper–Pearson for 15 of 45 turned into
		// odds, from mpmath 1.3.0 (betainc inverted at 40 digits); R's
		// poisson.test(c(15, 30), c(1000, 1000)) uses the same construction.
		name:   "15/1000 vs 30/1000",
		before: days(1000, 30), after: days(1000, 15),
		ratio: 0.5,
		exact: Interval{0.250008887579902, 0.958877818060821},
		wald:  Interval{0.2690273550635448, 0.9292735303476835},
	}, {
		// Hand-computed quasi-Poisson case: before [0 2 4 2] has
		// Σ(y−ȳ)²/ȳ = 8/2 = 4, after [0 0 3 1] has 6/1 = 6, pooled over
		// 3 + 3 df φ = 10/6; RR = 1/2; SE² = (1/4 + 1/8)·φ = 0.625.
		name:   "hand quasi-Poisson",
		before: []float64{0, 2, 4, 2}, after: []float64{0, 0, 3, 1},
		ratio: 0.5,
		wald:  Interval{0.15056278591217662, 1.6604368635010855},
		qp:    Interval{0.10617838082099462, 2.3545282765375113},
	}, {
		// No events after: exact upper limit from mpmath (Clopper–Pearson
		// upper for 0 of 60, 1 − 0.025^(1/60), as odds); Wald uses 0.5
		// added to each total: 0.5/60.5 · exp(±1.959964·sqrt(1/0.5 + 1/60.5)).
		name:   "zero after",
		before: days(30, 60), after: make([]float64, 30),
		ratio: 0.5 / 60.5,
		exact: Interval{0, 0.0634106363364523},
		wald:  Interval{0.0005110575369016497, 0.133647076121003},
		note:  true,
	}} {
		t.Run(c.name, func(t *testing.T) {
			r, err := RateRatio(c.before, c.after, Options{Resamples: -1})
			if err != nil {
				t.Fatal(err)
			}
			if !near(r.Ratio, c.ratio, 1e-12) {
				t.Errorf("Ratio = %.15g, want %.15g", r.Ratio, c.ratio)
			}
			if c.exact != (Interval{}) && (!near(r.Exact.Lower, c.exact.Lower, 1e-8) || !near(r.Exact.Upper, c.exact.Upper, 1e-8)) {
				t.Errorf("Exact = %+v, want %+v", r.Exact, c.exact)
			}
			if !near(r.Wald.Lower, c.wald.Lower, 1e-12) || !near(r.Wald.Upper, c.wald.Upper, 1e-12) {
				t.Errorf("Wald = %+v, want %+v", r.Wald, c.wald)
			}
			qp := c.qp
			if qp == (Interval{}) {
				qp = c.wald
			}
			if !near(r.QuasiPoisson.Lower, qp.Lower, 1e-12) || !near(r.QuasiPoisson.Upper, qp.Upper, 1e-12) {
				t.Errorf("QuasiPoisson = %+v, want %+v (φ = %g)", r.QuasiPoisson, qp, r.Dispersion)
			}
			if got := len(r.Notes) > 0; got != c.note {
				t.Errorf("Notes = %q, want notes: %v", r.Notes, c.note)
			}
		})
	}
}

func TestExactRateRatioCI(t *testing.T) {
	for _, c := range []struct {
		name           string
		a, ta, b, tb   float64
		lower, upper   float64
		sourceComments string
	}{
		// R's poisson.test help-page example (eba1977, Fredericia against the
		// other three cities, ages 55–59): poisson.test(c(11, 6+8+7),
		// c(800, 1083+1050+878)) prints 0.8584264 4.2772659, rate ratio
		// 1.971488; the digits below are mpmath 1.3.0's for the same formula.
		{"R eba1977", 11, 800, 21, 3011, 0.85842640339164, 4.27726594365407, ""},
		{"zero before", 5, 14, 0, 14, 0.91635585731546, math.Inf(1), "mpmath"},
		{"both zero", 0, 10, 0, 10, 0, math.Inf(1), "no information"},
	} {
		iv, err := ExactRateRatioCI(c.a, c.ta, c.b, c.tb, 0.95)
		if err != nil || !near(iv.Lower, c.lower, 1e-8) || !near(iv.Upper, c.upper, 1e-8) {
			t.Errorf("%s: %+v, %v; want [%.12g, %.12g]", c.name, iv, err, c.lower, c.upper)
		}
	}
	// The largest totals RateRatio accepts still get an exact interval
	// (normal approximation: 1 ± 1.96·sqrt(2e-12)).
	if iv, err := ExactRateRatioCI(1e12, 1, 1e12, 1, 0.95); err != nil || !near(iv.Lower, 1-2.77e-6, 1e-8) || !near(iv.Upper, 1+2.77e-6, 1e-8) {
		t.Errorf("1e12 vs 1e12: %+v, %v", iv, err)
	}
	if _, err := ExactRateRatioCI(1, 0, 1, 1, 0.95); !errors.Is(err, ErrInput) || !strings.Contains(err.Error(), "ta") {
		t.Errorf("zero exposure: %v", err)
	}
}

func TestRateRatioErrorsNameTheArgument(t *testing.T) {
	ok := days(20, 20)
	for _, c := range []struct {
		name          string
		before, after []float64
		opts          Options
		want          string
	}{
		{"empty before", nil, ok, Options{}, "before"},
		{"empty after", ok, []float64{}, Options{}, "after"},
		{"NaN", ok, []float64{1, math.NaN()}, Options{}, "after[1]"},
		{"negative", []float64{1, 2, -1}, ok, Options{}, "before[2]"},
		{"Inf", []float64{math.Inf(1)}, ok, Options{}, "before[0]"},
		{"absurd total", ok, []float64{1e12, 1}, Options{}, "after: the counts sum"},
		{"level", ok, ok, Options{Level: 1.5}, "opts.Level"},
		{"level NaN", ok, ok, Options{Level: math.NaN()}, "opts.Level"},
		{"method", ok, ok, Options{Method: "bayes"}, "opts.Method"},
		{"bootstrap skipped", ok, ok, Options{Method: MethodBootstrap, Resamples: -1}, "opts.Resamples"},
	} {
		_, err := RateRatio(c.before, c.after, c.opts)
		if !errors.Is(err, ErrInput) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want ErrInput naming %q", c.name, err, c.want)
		}
	}
}

func TestRateRatioProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	base := negBin(rng, 90, 6, 3)

	t.Run("identical windows", func(t *testing.T) {
		r, err := RateRatio(base, base, Options{Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		if r.Ratio != 1 {
			t.Errorf("Ratio = %g", r.Ratio)
		}
		for _, m := range []Method{MethodExact, MethodWald, MethodQuasiPoisson, MethodBootstrap} {
			if iv, _ := r.Interval(m); !iv.Contains(1) {
				t.Errorf("%s interval %+v excludes 1", m, iv)
			}
		}
	})

	t.Run("scaling days keeps the ratio", func(t *testing.T) {
		before, after := base[:40], base[40:]
		r1, _ := RateRatio(before, after, Options{Resamples: -1})
		// Repeating every day three times keeps the rates, triples the totals.
		rep := func(xs []float64) []float64 { return slices.Concat(xs, xs, xs) }
		r3, _ := RateRatio(rep(before), rep(after), Options{Resamples: -1})
		if !near(r3.Ratio, r1.Ratio, 1e-12) {
			t.Errorf("Ratio %g after repeating days, %g before", r3.Ratio, r1.Ratio)
		}
		if !(r3.Wald.Upper/r3.Wald.Lower < r1.Wald.Upper/r1.Wald.Lower) {
			t.Errorf("more days did not narrow the interval: %+v vs %+v", r3.Wald, r1.Wald)
		}
		// Scaling every count (e.g. fatalities instead of events) keeps it too.
		scale := func(xs []float64) []float64 {
			out := slices.Clone(xs)
			for i := range out {
				out[i] *= 2.5
			}
			return out
		}
		r2, _ := RateRatio(scale(before), scale(after), Options{Resamples: -1})
		if !near(r2.Ratio, r1.Ratio, 1e-12) {
			t.Errorf("Ratio %g after scaling counts, %g before", r2.Ratio, r1.Ratio)
		}
	})

	t.Run("overdispersion widens quasi-Poisson", func(t *testing.T) {
		// Same totals, same days: spread evenly versus in bursts.
		even, err := RateRatio(days(60, 120), days(60, 60), Options{Resamples: -1})
		if err != nil {
			t.Fatal(err)
		}
		burst := func(n, total, every int) []float64 {
			xs := make([]float64, n)
			for i := 0; total > 0; i = (i + every) % n {
				xs[i]++
				total--
			}
			return xs
		}
		bursty, _ := RateRatio(burst(60, 120, 10), burst(60, 60, 10), Options{Seed: 1})
		if even.Dispersion != 1 {
			t.Errorf("even days: φ = %g, want the floor 1", even.Dispersion)
		}
		if !(bursty.Dispersion > 3) {
			t.Errorf("bursty days: φ = %g, want > 3", bursty.Dispersion)
		}
		if bursty.Wald != even.Wald {
			t.Errorf("Wald should see only totals: %+v vs %+v", bursty.Wald, even.Wald)
		}
		wq := bursty.QuasiPoisson.Upper / bursty.QuasiPoisson.Lower
		ww := bursty.Wald.Upper / bursty.Wald.Lower
		if !(wq > ww) {
			t.Errorf("quasi-Poisson width %g not above Wald %g", wq, ww)
		}
		if !(bursty.Bootstrap.Upper/bursty.Bootstrap.Lower > ww) {
			t.Errorf("bootstrap %+v not wider than Wald %+v on bursty days", bursty.Bootstrap, bursty.Wald)
		}
	})

	t.Run("bootstrap is deterministic for a seed", func(t *testing.T) {
		a, _ := RateRatio(base[:45], base[45:], Options{Seed: 42})
		b, _ := RateRatio(base[:45], base[45:], Options{Seed: 42})
		c, _ := RateRatio(base[:45], base[45:], Options{Seed: 43})
		if a.Bootstrap != b.Bootstrap {
			t.Errorf("same seed, different intervals: %+v vs %+v", a.Bootstrap, b.Bootstrap)
		}
		if a.Bootstrap == c.Bootstrap {
			t.Errorf("different seeds gave identical intervals %+v", a.Bootstrap)
		}
		if a.BootstrapResamples != DefaultResamples {
			t.Errorf("BootstrapResamples = %d", a.BootstrapResamples)
		}
	})
}

// The point of quasi-Poisson and the bootstrap: on overdispersed days
// (negative binomial, variance = μ + μ²/k) their 95 % intervals should cover
// the true ratio about 95 % of the time, where Poisson intervals do not.
func TestCoverageUnderOverdispersion(t *testing.T) {
	if testing.Short() {
		t.Skip("simulation")
	}
	const trials, trueRR = 400, 0.5
	rng := rand.New(rand.NewPCG(7, 7))
	cover := map[Method]int{}
	for i := range trials {
		before := negBin(rng, 60, 8, 2)
		after := negBin(rng, 60, 8*trueRR, 2)
		r, err := RateRatio(before, after, Options{Resamples: 400, Seed: uint64(i)})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range []Method{MethodWald, MethodExact, MethodQuasiPoisson, MethodBootstrap} {
			if iv, _ := r.Interval(m); iv.Contains(trueRR) {
				cover[m]++
			}
		}
	}
	rate := func(m Method) float64 { return float64(cover[m]) / trials }
	t.Logf("coverage: wald %.3f exact %.3f quasi-poisson %.3f bootstrap %.3f",
		rate(MethodWald), rate(MethodExact), rate(MethodQuasiPoisson), rate(MethodBootstrap))
	if r := rate(MethodQuasiPoisson); r < 0.91 || r > 0.99 {
		t.Errorf("quasi-Poisson coverage %.3f, want about 0.95", r)
	}
	if r := rate(MethodBootstrap); r < 0.88 || r > 0.99 {
		t.Errorf("bootstrap coverage %.3f, want about 0.95 (percentile intervals run a little short)", r)
	}
	if r := rate(MethodWald); r > 0.8 {
		t.Errorf("Wald coverage %.3f: the data are not overdispersed enough to test anything", r)
	}
}

// negBin draws n days of negative-binomial counts with mean mu and shape k
// (gamma–Poisson mixture), the usual model for bursty conflict counts.
func negBin(rng *rand.Rand, n int, mu, k float64) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = poisson(rng, gammaDraw(rng, k)*mu/k)
	}
	return xs
}

// gammaDraw is Marsaglia–Tsang for shape >= 1.
func gammaDraw(rng *rand.Rand, shape float64) float64 {
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := rng.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		if u := rng.Float64(); math.Log(u) < 0.5*x*x+d-d*v+d*math.Log(v) {
			return d * v
		}
	}
}

// poisson is Knuth's multiplication method, fine for the means used here.
func poisson(rng *rand.Rand, lambda float64) float64 {
	l, k, p := math.Exp(-lambda), 0.0, 1.0
	for {
		p *= rng.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// ProbBelow reads the quasi-Poisson approximation as a distribution: its
// interval bounds sit at the tails, the estimate at the median.
func TestProbBelow(t *testing.T) {
	flat := func(n int, v float64) []float64 {
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = v
		}
		return xs
	}
	r, err := RateRatio(flat(10, 10), flat(10, 5), Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		x    float64
		want float64
	}{
		// Ratio 0.5, dispersion 1, se sqrt(1/50 + 1/100): Φ((ln 0.8 − ln 0.5)/se).
		{"below 0.8", 0.8, 0.9966718468735228},
		{"at the estimate", 0.5, 0.5},
		{"upper bound", r.QuasiPoisson.Upper, 0.975},
		{"lower bound", r.QuasiPoisson.Lower, 0.025},
		{"zero", 0, 0},
	}
	for _, tt := range tests {
		if got := r.ProbBelow(tt.x); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("%s: ProbBelow(%g) = %.12f, want %.12f", tt.name, tt.x, got, tt.want)
		}
	}
	prev := -1.0
	for x := 0.05; x < 3; x += 0.05 {
		p := r.ProbBelow(x)
		if p < prev || p < 0 || p > 1 {
			t.Fatalf("ProbBelow not a distribution function at %g: %g after %g", x, p, prev)
		}
		prev = p
	}
}
