package stats

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
)

// ErrInput is wrapped by every error caused by the caller's arguments, so
// that a command can tell "your data is bad" from "the computation failed".
var ErrInput = errors.New("stats: invalid input")

// Method names a way of computing a rate-ratio confidence interval.
type Method string

const (
	// MethodExact is the conditional (binomial) Poisson interval: given the
	// total N = a + b, the after-window count a is Binomial(N, pi), and the
	// Clopper–Pearson limits for pi convert to rate-ratio limits. It assumes
	// Poisson days, so it is too narrow for bursty data.
	MethodExact Method = "exact"
	// MethodWald is exp(log RR ± z·sqrt(1/a + 1/b)), also Poisson-only.
	MethodWald Method = "wald"
	// MethodQuasiPoisson is the Wald interval with its variance multiplied
	// by the pooled Pearson dispersion φ (floored at 1). The default.
	MethodQuasiPoisson Method = "quasi-poisson"
	// MethodBootstrap is the percentile interval of the ratio over resamples
	// of days drawn with replacement within each window.
	MethodBootstrap Method = "bootstrap"
)

// Defaults used when the corresponding option is zero.
const (
	DefaultLevel      = 0.95
	DefaultResamples  = 1000
	DefaultMethod     = MethodQuasiPoisson
	continuityPerCell = 0.5
	// maxTotal keeps totals where the incomplete beta continued fraction
	// still converges within its iteration budget (it stops converging
	// near 1e15); no real conflict comes near it.
	maxTotal = 1e12
)

// Interval is a confidence interval. Upper may be +Inf (the exact interval
// when the before window has no events); callers that encode JSON must map
// it, since encoding/json rejects infinities.
type Interval struct {
	Lower, Upper float64
}

// Contains reports whether x lies in the closed interval.
func (iv Interval) Contains(x float64) bool { return iv.Lower <= x && x <= iv.Upper }

// Options tunes RateRatio. The zero value is the documented default.
type Options struct {
	// Level is the confidence level; zero means 0.95.
	Level float64
	// Method is the interval the verdict should use; empty means
	// quasi-Poisson.
	Method Method
	// Resamples is the number of bootstrap resamples; zero means 1000, a
	// negative number skips the bootstrap (Bootstrap is then left zero and
	// BootstrapResamples is 0).
	Resamples int
	// Seed makes the bootstrap reproducible: the same data, options and
	// seed give the same interval.
	Seed uint64
}

// RateRatioResult is the comparison of an after window with a before window.
type RateRatioResult struct {
	Level                   float64
	DaysBefore, DaysAfter   int
	TotalBefore, TotalAfter float64
	// RateBefore and RateAfter are per day.
	RateBefore, RateAfter float64
	// Ratio is RateAfter / RateBefore; when either total is below 0.5 (no
	// events, or only fractional weights of events) it is the
	// continuity-corrected ratio instead (see Notes), so it is always finite.
	Ratio float64
	// DispersionBefore and DispersionAfter are the Pearson dispersions
	// Σ(y−ȳ)²/ȳ/(n−1) of each window (1 when they cannot be estimated);
	// Dispersion is the pooled value used for quasi-Poisson, floored at 1
	// because apparent underdispersion in conflict data is noise, and an
	// interval narrower than Poisson would overstate certainty.
	DispersionBefore, DispersionAfter, Dispersion float64

	Exact, Wald, QuasiPoisson, Bootstrap Interval
	// LogSE is the quasi-Poisson standard error of log(Ratio).
	LogSE float64
	// BootstrapResamples is how many resamples produced Bootstrap (0: not
	// run), Seed the seed they were drawn with.
	BootstrapResamples int
	Seed               uint64
	// Method is the interval Verdict uses by default.
	Method Method
	// Notes explain adjustments a reader must know about (continuity
	// corrections, dispersion that could not be estimated).
	Notes []string
}

// ProbBelow is the probability that the true rate ratio is below x: the
// quasi-Poisson normal approximation of log(Ratio) read as a distribution
// for the true log ratio (a flat prior on it), the reading behind the
// quasi-Poisson interval. It turns "is there a decline?" into a number
// rather than a yes or no at one level.
func (r RateRatioResult) ProbBelow(x float64) float64 {
	if x <= 0 {
		return 0
	}
	if r.LogSE <= 0 || math.IsNaN(r.LogSE) {
		if r.Ratio < x {
			return 1
		}
		return 0
	}
	t := (math.Log(x) - math.Log(r.Ratio)) / r.LogSE
	return 0.5 * math.Erfc(-t/math.Sqrt2)
}

// Interval returns the interval computed by method m.
func (r RateRatioResult) Interval(m Method) (Interval, bool) {
	switch m {
	case MethodExact:
		return r.Exact, true
	case MethodWald:
		return r.Wald, true
	case MethodQuasiPoisson:
		return r.QuasiPoisson, true
	case MethodBootstrap:
		return r.Bootstrap, r.BootstrapResamples > 0
	}
	return Interval{}, false
}

// Float64s converts integer counts for RateRatio and ITS.
func Float64s[T ~int | ~int32 | ~int64 | ~uint | ~uint32 | ~uint64](xs []T) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = float64(x)
	}
	return out
}

func checkCounts(name string, xs []float64) (total float64, err error) {
	if len(xs) == 0 {
		return 0, fmt.Errorf("%w: %s: no days", ErrInput, name)
	}
	for i, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
			return 0, fmt.Errorf("%w: %s[%d] = %g: counts must be finite and non-negative", ErrInput, name, i, x)
		}
		total += x
	}
	if total > maxTotal {
		return 0, fmt.Errorf("%w: %s: the counts sum to %g, beyond the %g this package computes accurately", ErrInput, name, total, maxTotal)
	}
	return total, nil
}

// pearson returns Σ(y−ȳ)²/ȳ and its degrees of freedom n−1.
func pearson(xs []float64, total float64) (chi2 float64, df int) {
	n := len(xs)
	mean := total / float64(n)
	if mean == 0 {
		// A window of all zeros carries no information about spread.
		return 0, 0
	}
	for _, x := range xs {
		d := x - mean
		chi2 += d * d
	}
	return chi2 / mean, n - 1
}

// RateRatio compares the daily event rate after a date with the rate before
// it. before and after are daily counts (events or fatalities) of the two
// windows, which may differ in length.
func RateRatio(before, after []float64, opts Options) (RateRatioResult, error) {
	b, err := checkCounts("before", before)
	if err != nil {
		return RateRatioResult{}, err
	}
	a, err := checkCounts("after", after)
	if err != nil {
		return RateRatioResult{}, err
	}
	level := opts.Level
	if level == 0 {
		level = DefaultLevel
	}
	if err := checkProb("opts.Level", level); err != nil {
		return RateRatioResult{}, err
	}
	method := opts.Method
	if method == "" {
		method = DefaultMethod
	}
	resamples := opts.Resamples
	if resamples == 0 {
		resamples = DefaultResamples
	}
	switch method {
	case MethodExact, MethodWald, MethodQuasiPoisson:
	case MethodBootstrap:
		if resamples < 0 {
			return RateRatioResult{}, fmt.Errorf("%w: opts.Method is bootstrap but opts.Resamples = %d skips it", ErrInput, opts.Resamples)
		}
	default:
		return RateRatioResult{}, fmt.Errorf("%w: opts.Method = %q: unknown", ErrInput, method)
	}
	z, _ := NormalQuantile(1 - (1-level)/2)

	tb, ta := float64(len(before)), float64(len(after))
	r := RateRatioResult{
		Level:       level,
		DaysBefore:  len(before),
		DaysAfter:   len(after),
		TotalBefore: b,
		TotalAfter:  a,
		RateBefore:  b / tb,
		RateAfter:   a / ta,
		Method:      method,
		Seed:        opts.Seed,
	}

	// Wald and quasi-Poisson: log RR is undefined with a zero total, so add
	// 0.5 to both totals (Haldane–Anscombe), the usual small-count fix. The
	// same applies below half an event, which fractional (e.g.
	// precision-weighted) counts can produce: 1/a would swamp everything.
	ca, cb := a, b
	if corrects(a, b) {
		ca, cb = a+continuityPerCell, b+continuityPerCell
		r.Notes = append(r.Notes, fmt.Sprintf(
			"a window has fewer than 0.5 events: Ratio, Wald and quasi-Poisson intervals use 0.5 added to each total (%g after, %g before); the exact interval needs no correction", ca, cb))
	}
	r.Ratio = (ca / ta) / (cb / tb)
	logRR := math.Log(r.Ratio)
	se := math.Sqrt(1/ca + 1/cb)
	r.Wald = Interval{math.Exp(logRR - z*se), math.Exp(logRR + z*se)}

	chiB, dfB := pearson(before, b)
	chiA, dfA := pearson(after, a)
	r.DispersionBefore, r.DispersionAfter = 1, 1
	if dfB > 0 {
		r.DispersionBefore = chiB / float64(dfB)
	}
	if dfA > 0 {
		r.DispersionAfter = chiA / float64(dfA)
	}
	r.Dispersion = 1
	if dfA+dfB > 0 {
		r.Dispersion = math.Max(1, (chiA+chiB)/float64(dfA+dfB))
	} else {
		r.Notes = append(r.Notes, "dispersion cannot be estimated (each window has a single day or no events); quasi-Poisson equals Wald")
	}
	seQ := se * math.Sqrt(r.Dispersion)
	r.LogSE = seQ
	r.QuasiPoisson = Interval{math.Exp(logRR - z*seQ), math.Exp(logRR + z*seQ)}

	r.Exact, err = exactRateRatioCI(a, ta, b, tb, level)
	if err != nil {
		return RateRatioResult{}, err
	}

	if resamples > 0 {
		r.Bootstrap = bootstrapCI(before, after, resamples, opts.Seed, level)
		r.BootstrapResamples = resamples
	}
	return r, nil
}

// ExactRateRatioCI is the conditional exact interval for the ratio of the
// rate a/ta to the rate b/tb (counts a, b over exposures ta, tb), as in R's
// poisson.test(c(a, b), c(ta, tb)). Exposed so that callers with
// person-time other than whole days can use it.
func ExactRateRatioCI(a, ta, b, tb, level float64) (Interval, error) {
	for _, v := range []struct {
		name string
		x    float64
		pos  bool
	}{{"a", a, false}, {"ta", ta, true}, {"b", b, false}, {"tb", tb, true}} {
		if math.IsNaN(v.x) || math.IsInf(v.x, 0) || v.x < 0 || (v.pos && v.x == 0) {
			return Interval{}, fmt.Errorf("%w: %s = %g: must be finite and non-negative (exposures positive)", ErrInput, v.name, v.x)
		}
	}
	if err := checkProb("level", level); err != nil {
		return Interval{}, err
	}
	return exactRateRatioCI(a, ta, b, tb, level)
}

func exactRateRatioCI(a, ta, b, tb, level float64) (Interval, error) {
	alpha := 1 - level
	toRR := func(p float64) float64 { return p / (1 - p) * tb / ta }
	iv := Interval{Lower: 0, Upper: math.Inf(1)}
	if a > 0 {
		p, err := BetaQuantile(alpha/2, a, b+1)
		if err != nil {
			return Interval{}, err
		}
		iv.Lower = toRR(p)
	}
	if b > 0 {
		p, err := BetaQuantile(1-alpha/2, a+1, b)
		if err != nil {
			return Interval{}, err
		}
		iv.Upper = toRR(p)
	}
	return iv, nil
}

func corrects(a, b float64) bool { return a < continuityPerCell || b < continuityPerCell }

// bootstrapCI resamples days, not events, because days are the unit whose
// counts are correlated: resampling days keeps each day's burst intact and
// so carries overdispersion into the interval without a model for it.
func bootstrapCI(before, after []float64, resamples int, seed uint64, level float64) Interval {
	// The second PCG word is fixed so that Seed alone identifies the stream.
	rng := rand.New(rand.NewPCG(seed, 0x7275636573746174))
	nb, na := len(before), len(after)
	logs := make([]float64, resamples)
	for i := range logs {
		var sb, sa float64
		for range nb {
			sb += before[rng.IntN(nb)]
		}
		for range na {
			sa += after[rng.IntN(na)]
		}
		if corrects(sa, sb) {
			sa, sb = sa+continuityPerCell, sb+continuityPerCell
		}
		logs[i] = math.Log((sa / float64(na)) / (sb / float64(nb)))
	}
	sort.Float64s(logs)
	alpha := 1 - level
	return Interval{math.Exp(quantileSorted(logs, alpha/2)), math.Exp(quantileSorted(logs, 1-alpha/2))}
}

// quantileSorted interpolates linearly between order statistics (R's
// default, type 7), so small resample counts do not jump between values.
func quantileSorted(xs []float64, p float64) float64 {
	h := p * float64(len(xs)-1)
	lo := int(math.Floor(h))
	if lo >= len(xs)-1 {
		return xs[len(xs)-1]
	}
	return xs[lo] + (h-float64(lo))*(xs[lo+1]-xs[lo])
}
