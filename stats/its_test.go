package stats

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// itsMeans is the ITS model's expected count for known log-scale
// coefficients b0, b1, b2, b3.
func itsMeans(n, t0 int, b [4]float64) []float64 {
	mu := make([]float64, n)
	for t := range n {
		eta := b[0] + b[1]*float64(t)
		if t >= t0 {
			eta += b[2] + b[3]*float64(t-t0)
		}
		mu[t] = math.Exp(eta)
	}
	return mu
}

// Known parameters: a 2-year series, slowly rising violence, a 60 % drop at
// the agreement and a slow decline afterwards.
var knownB = [4]float64{math.Log(20), 0.002, math.Log(0.4), -0.003}

func TestITSRecoversKnownCoefficients(t *testing.T) {
	t.Run("exact means", func(t *testing.T) {
		// Data equal to their own expectation are a perfect fit: the MLE is
		// the generating coefficients, up to rounding.
		r, err := ITS(itsMeans(730, 365, knownB), 365, ITSOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for i, want := range knownB {
			if math.Abs(r.Coefficients[i]-want) > 1e-9 {
				t.Errorf("b%d = %.12g, want %.12g", i, r.Coefficients[i], want)
			}
		}
		if !r.Converged || r.Deviance > 1e-8 || r.Dispersion != 1 {
			t.Errorf("converged %v in %d, deviance %g, φ %g (raw %g)", r.Converged, r.Iterations, r.Deviance, r.Dispersion, r.PearsonDispersion)
		}
		if !near(r.LevelChange.Value, 0.4, 1e-9) || !near(r.Trend.Value, math.Exp(0.002), 1e-12) ||
			!near(r.SlopeChange.Value, math.Exp(-0.003), 1e-12) || !near(r.PostTrend.Value, math.Exp(-0.001), 1e-12) ||
			!near(r.Baseline.Value, 20, 1e-9) {
			t.Errorf("estimates %+v %+v %+v %+v %+v", r.Baseline, r.Trend, r.LevelChange, r.SlopeChange, r.PostTrend)
		}
	})
	t.Run("rounded counts", func(t *testing.T) {
		// Integer counts lose up to 0.5 per day; with means in the hundreds
		// that moves no coefficient by more than 1e-3.
		b := knownB
		b[0] = math.Log(1000)
		y := itsMeans(730, 365, b)
		for i := range y {
			y[i] = math.Round(y[i])
		}
		r, err := ITS(y, 365, ITSOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for i, want := range b {
			if math.Abs(r.Coefficients[i]-want) > 1e-3 {
				t.Errorf("b%d = %.6g, want %.6g", i, r.Coefficients[i], want)
			}
		}
	})
}

// TestITSAgainstReference checks a noisy fit against an independent
// maximiser written here: plain Newton on the Poisson log-likelihood in raw
// day units, with the Hessian taken by central finite differences of the
// score and solved by Gaussian elimination with partial pivoting. It shares
// no code with ITS (no centring, no Cholesky, no IRLS working response).
func TestITSAgainstReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	const n, t0 = 200, 120
	mu := itsMeans(n, t0, [4]float64{math.Log(6), 0.003, math.Log(0.5), -0.004})
	y := make([]float64, n)
	for i := range y {
		y[i] = poisson(rng, gammaDraw(rng, 3)*mu[i]/3)
	}
	r, err := ITS(y, t0, ITSOptions{})
	if err != nil {
		t.Fatal(err)
	}
	design := func(t int) [4]float64 {
		if t < t0 {
			return [4]float64{1, float64(t), 0, 0}
		}
		return [4]float64{1, float64(t), 1, float64(t - t0)}
	}
	score := func(b [4]float64) (g [4]float64, ll float64) {
		for t := range n {
			x := design(t)
			eta := b[0]*x[0] + b[1]*x[1] + b[2]*x[2] + b[3]*x[3]
			m := math.Exp(eta)
			ll += y[t]*eta - m
			for j := range 4 {
				g[j] += x[j] * (y[t] - m)
			}
		}
		return g, ll
	}
	hessian := func(b [4]float64) (h [4][4]float64) {
		for j := range 4 {
			step := 1e-6 * math.Max(1, math.Abs(b[j]))
			bp, bm := b, b
			bp[j] += step
			bm[j] -= step
			gp, _ := score(bp)
			gm, _ := score(bm)
			for i := range 4 {
				h[i][j] = (gp[i] - gm[i]) / (2 * step)
			}
		}
		return h
	}
	b := [4]float64{math.Log(mean(y)), 0, 0, 0}
	for range 200 {
		g, ll := score(b)
		d := gaussSolve(hessian(b), g)
		nb := b
		for s := 1.0; s > 1e-6; s /= 2 {
			for j := range 4 {
				nb[j] = b[j] - s*d[j]
			}
			if _, nll := score(nb); nll >= ll {
				break
			}
		}
		b = nb
	}
	g, _ := score(b)
	for j := range 4 {
		if math.Abs(g[j]) > 1e-6*float64(n) {
			t.Fatalf("reference did not converge: score %v", g)
		}
	}
	h := hessian(b)
	for j := range 4 {
		if math.Abs(r.Coefficients[j]-b[j]) > 1e-7*math.Max(1, math.Abs(b[j])) {
			t.Errorf("b%d = %.10g, reference %.10g", j, r.Coefficients[j], b[j])
		}
		// Var(b_j) = φ·[(−H)⁻¹]_jj: invert one column at a time.
		var e [4]float64
		e[j] = -1
		col := gaussSolve(h, e)
		se := math.Sqrt(r.Dispersion * col[j])
		if !near(r.StdErrors[j], se, 1e-4) {
			t.Errorf("SE(b%d) = %.8g, reference %.8g", j, r.StdErrors[j], se)
		}
	}
	if !(r.PearsonDispersion > 1.5) {
		t.Errorf("negative-binomial data, Pearson φ = %g", r.PearsonDispersion)
	}
	if !(r.LevelChange.Lower < 0.5 && 0.5 < r.LevelChange.Upper) {
		t.Errorf("level change %+v does not cover the true 0.5", r.LevelChange)
	}
}

func mean(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func gaussSolve(a [4][4]float64, b [4]float64) [4]float64 {
	for c := range 4 {
		p := c
		for r := c + 1; r < 4; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		a[c], a[p] = a[p], a[c]
		b[c], b[p] = b[p], b[c]
		for r := c + 1; r < 4; r++ {
			f := a[r][c] / a[c][c]
			for k := c; k < 4; k++ {
				a[r][k] -= f * a[c][k]
			}
			b[r] -= f * b[c]
		}
	}
	var x [4]float64
	for r := 3; r >= 0; r-- {
		s := b[r]
		for k := r + 1; k < 4; k++ {
			s -= a[r][k] * x[k]
		}
		x[r] = s / a[r][r]
	}
	return x
}

func TestITSDayOfWeek(t *testing.T) {
	// Reporting halves on Fridays and is 20 % up on Mondays; the series
	// starts on a Wednesday.
	mu := itsMeans(140, 70, knownB)
	for i := range mu {
		switch (int(time.Wednesday) + i) % 7 {
		case int(time.Friday):
			mu[i] *= 0.5
		case int(time.Monday):
			mu[i] *= 1.2
		}
	}
	r, err := ITS(mu, 70, ITSOptions{DayOfWeek: true, StartWeekday: time.Wednesday})
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{1, 1.2, 1, 1, 1, 0.5, 1}
	for wd, w := range want {
		if !near(r.DayOfWeek[wd].Value, w, 1e-8) {
			t.Errorf("%s: %g, want %g", time.Weekday(wd), r.DayOfWeek[wd].Value, w)
		}
	}
	if !near(r.LevelChange.Value, 0.4, 1e-8) || len(r.Coefficients) != 10 {
		t.Errorf("level change %g, %d coefficients", r.LevelChange.Value, len(r.Coefficients))
	}
}

func TestITSErrorsNameTheArgument(t *testing.T) {
	good := itsMeans(60, 30, knownB)
	zerosBefore := append(make([]float64, 30), good[30:]...)
	for _, c := range []struct {
		name   string
		counts []float64
		brk    int
		opts   ITSOptions
		want   string
	}{
		{"break at 0", good, 0, ITSOptions{}, "breakIndex = 0"},
		{"break at n", good, 60, ITSOptions{}, "breakIndex = 60"},
		{"break at n-1", good, 59, ITSOptions{}, "breakIndex = 59"},
		{"negative break", good, -3, ITSOptions{}, "breakIndex = -3"},
		{"all zeros", make([]float64, 60), 30, ITSOptions{}, "no events"},
		{"zeros before", zerosBefore, 30, ITSOptions{}, "no events before"},
		{"NaN", append([]float64{math.NaN()}, good...), 30, ITSOptions{}, "counts[0]"},
		{"negative", append(append([]float64{}, good...), -2), 30, ITSOptions{}, "counts[60]"},
		{"empty", nil, 0, ITSOptions{}, "counts"},
		{"too short", []float64{1, 2, 3, 4}, 2, ITSOptions{}, "4 days"},
		{"level", good, 30, ITSOptions{Level: -1}, "opts.Level"},
		{"weekday", good, 30, ITSOptions{StartWeekday: 9}, "opts.StartWeekday"},
		{"max iter", good, 30, ITSOptions{MaxIter: -1}, "opts.MaxIter"},
	} {
		_, err := ITS(c.counts, c.brk, c.opts)
		if !errors.Is(err, ErrInput) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want ErrInput naming %q", c.name, err, c.want)
		}
	}
}

// Near-separation (events only on the first post-break day): the slope
// after the break runs off towards −∞. The fit must not panic, and whatever
// it returns must show that the slope change is not estimated.
func TestITSNearBoundary(t *testing.T) {
	y := make([]float64, 60)
	for i := range 30 {
		y[i] = 5
	}
	y[30] = 1
	r, err := ITS(y, 30, ITSOptions{})
	if err != nil {
		return
	}
	if sc := r.SlopeChange; !(sc.Lower < 0.01 && sc.Upper > 100) {
		t.Errorf("slope change %+v looks informative (converged %v after %d)", sc, r.Converged, r.Iterations)
	}
}
