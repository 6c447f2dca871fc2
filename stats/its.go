package stats

import (
	"fmt"
	"math"
	"time"
)

// ITSOptions tunes ITS. The zero value is the documented default.
type ITSOptions struct {
	// Level is the confidence level; zero means 0.95.
	Level float64
	// DayOfWeek adds six weekday indicators (Sunday is the reference), for
	// sources whose reporting dips at weekends; StartWeekday is the weekday
	// of counts[0].
	DayOfWeek    bool
	StartWeekday time.Weekday
	// MaxIter bounds the IRLS iterations; zero means 100.
	MaxIter int
}

// Estimate is a coefficient on the multiplicative (rate) scale with its
// confidence interval.
type Estimate struct {
	Value, Lower, Upper float64
}

// ITSResult is a segmented Poisson regression
//
//	log E[y_t] = b0 + b1·t + b2·post_t + b3·(t − T0)·post_t (+ weekday terms)
//
// with t the day index from 0, T0 = BreakIndex and post_t = 1 from T0 on.
// Intervals use quasi-Poisson standard errors.
type ITSResult struct {
	Days, BreakIndex int
	Level            float64
	// Baseline is exp(b0), the modelled count on day 0 (on a Sunday when
	// DayOfWeek is on).
	Baseline Estimate
	// Trend is exp(b1), the day-on-day multiplier before the break.
	Trend Estimate
	// LevelChange is exp(b2): the modelled count on the break day divided by
	// what the pre-break trend projected for it.
	LevelChange Estimate
	// SlopeChange is exp(b3), how the day-on-day multiplier changed.
	SlopeChange Estimate
	// PostTrend is exp(b1 + b3), the day-on-day multiplier after the break.
	PostTrend Estimate
	// DayOfWeek holds, by time.Weekday, each weekday's rate relative to
	// Sunday; only set when the option is on.
	DayOfWeek []Estimate
	// Coefficients and StdErrors are on the log scale, in the order b0, b1,
	// b2, b3, then Monday..Saturday.
	Coefficients, StdErrors []float64
	// PearsonDispersion is Σ(y−μ)²/μ/(n−p); Dispersion is the value the
	// standard errors use, floored at 1 for the same reason as in RateRatio.
	PearsonDispersion, Dispersion float64
	Deviance                      float64
	Converged                     bool
	Iterations                    int
}

// ITS fits an interrupted time series to daily counts with a break (the
// agreement's first day) at breakIndex. The fit is a Poisson GLM with log
// link by iteratively reweighted least squares.
//
// A non-converged fit is returned with Converged false rather than as an
// error, so that a caller can show it with a warning.
func ITS(counts []float64, breakIndex int, opts ITSOptions) (ITSResult, error) {
	if _, err := checkCounts("counts", counts); err != nil {
		return ITSResult{}, err
	}
	n := len(counts)
	p := 4
	if opts.DayOfWeek {
		p += 6
	}
	if breakIndex < 2 || breakIndex > n-2 {
		return ITSResult{}, fmt.Errorf("%w: breakIndex = %d: need at least 2 days on each side, 2 <= breakIndex <= len(counts)-2 = %d", ErrInput, breakIndex, n-2)
	}
	if n <= p {
		return ITSResult{}, fmt.Errorf("%w: counts: %d days cannot fit %d parameters and estimate dispersion", ErrInput, n, p)
	}
	if opts.StartWeekday < time.Sunday || opts.StartWeekday > time.Saturday {
		return ITSResult{}, fmt.Errorf("%w: opts.StartWeekday = %d: not a weekday", ErrInput, opts.StartWeekday)
	}
	level := opts.Level
	if level == 0 {
		level = DefaultLevel
	}
	if err := checkProb("opts.Level", level); err != nil {
		return ITSResult{}, err
	}
	maxIter := opts.MaxIter
	if maxIter == 0 {
		maxIter = 100
	}
	if maxIter < 0 {
		return ITSResult{}, fmt.Errorf("%w: opts.MaxIter = %d: must be positive", ErrInput, opts.MaxIter)
	}
	var pre, post float64
	for i, y := range counts {
		if i < breakIndex {
			pre += y
		} else {
			post += y
		}
	}
	// With no events on one side the likelihood keeps rising as that
	// side's level goes to −∞: there is no estimate to report.
	if pre == 0 {
		return ITSResult{}, fmt.Errorf("%w: counts: no events before breakIndex %d; level change is not estimable", ErrInput, breakIndex)
	}
	if post == 0 {
		return ITSResult{}, fmt.Errorf("%w: counts: no events from breakIndex %d on; level change is not estimable", ErrInput, breakIndex)
	}

	// Time is centred on the break and scaled by the series length so that
	// the normal equations stay well conditioned for long series; the
	// coefficients are mapped back to per-day units afterwards.
	scale := float64(n)
	x := make([]float64, n*p)
	for t := range n {
		row := x[t*p : (t+1)*p]
		u := float64(t-breakIndex) / scale
		row[0], row[1] = 1, u
		if t >= breakIndex {
			row[2], row[3] = 1, u
		}
		if opts.DayOfWeek {
			if wd := (int(opts.StartWeekday) + t) % 7; wd != 0 {
				row[4+wd-1] = 1
			}
		}
	}

	fit := irls(x, counts, p, maxIter)
	if fit.err != nil {
		return ITSResult{}, fit.err
	}

	res := ITSResult{Days: n, BreakIndex: breakIndex, Level: level, Converged: fit.converged, Iterations: fit.iter, Deviance: fit.deviance}
	var chi2 float64
	for t, y := range counts {
		mu := fit.mu[t]
		chi2 += (y - mu) * (y - mu) / mu
	}
	res.PearsonDispersion = chi2 / float64(n-p)
	res.Dispersion = math.Max(1, res.PearsonDispersion)

	// β = A·β' with A the inverse of the centring and scaling above.
	a := make([]float64, p*p)
	for i := range p {
		a[i*p+i] = 1
	}
	a[0*p+1] = -float64(breakIndex) / scale
	a[1*p+1] = 1 / scale
	a[3*p+3] = 1 / scale
	beta := make([]float64, p)
	for i := range p {
		for j := range p {
			beta[i] += a[i*p+j] * fit.beta[j]
		}
	}
	cov := make([]float64, p*p)
	for i := range p {
		for j := range p {
			var s float64
			for k := range p {
				for l := range p {
					s += a[i*p+k] * fit.cov[k*p+l] * a[j*p+l]
				}
			}
			cov[i*p+j] = res.Dispersion * s
		}
	}
	res.Coefficients = beta
	res.StdErrors = make([]float64, p)
	for i := range p {
		res.StdErrors[i] = math.Sqrt(cov[i*p+i])
	}
	z, _ := NormalQuantile(1 - (1-level)/2)
	est := func(b, se float64) Estimate {
		return Estimate{math.Exp(b), math.Exp(b - z*se), math.Exp(b + z*se)}
	}
	res.Baseline = est(beta[0], res.StdErrors[0])
	res.Trend = est(beta[1], res.StdErrors[1])
	res.LevelChange = est(beta[2], res.StdErrors[2])
	res.SlopeChange = est(beta[3], res.StdErrors[3])
	res.PostTrend = est(beta[1]+beta[3], math.Sqrt(cov[1*p+1]+cov[3*p+3]+2*cov[1*p+3]))
	if opts.DayOfWeek {
		res.DayOfWeek = make([]Estimate, 7)
		res.DayOfWeek[time.Sunday] = Estimate{1, 1, 1}
		for wd := 1; wd < 7; wd++ {
			res.DayOfWeek[wd] = est(beta[4+wd-1], res.StdErrors[4+wd-1])
		}
	}
	return res, nil
}

type glmFit struct {
	beta, mu, cov []float64
	deviance      float64
	converged     bool
	iter          int
	err           error
}

func poissonDeviance(y, mu []float64) float64 {
	var d float64
	for i := range y {
		if y[i] > 0 {
			d += y[i]*math.Log(y[i]/mu[i]) - (y[i] - mu[i])
		} else {
			d += mu[i]
		}
	}
	return 2 * d
}

// irls fits a Poisson log-linear model. For the canonical link IRLS is
// Newton's method, so it converges quadratically from a sensible start; the
// step halving is only there for data near the boundary (long runs of
// zeros), where a full step can overshoot.
func irls(x, y []float64, p, maxIter int) glmFit {
	n := len(y)
	eta := make([]float64, n)
	mu := make([]float64, n)
	for i, v := range y {
		mu[i] = v + 0.1 // as R's glm: starts every day off zero
		eta[i] = math.Log(mu[i])
	}
	xtwx := make([]float64, p*p)
	rhs := make([]float64, p)
	beta := make([]float64, p)
	var oldBeta []float64
	dev := poissonDeviance(y, mu)
	f := glmFit{}
	solve := func() bool {
		clear(xtwx)
		clear(rhs)
		for i := range n {
			row := x[i*p : (i+1)*p]
			w := mu[i]
			z := eta[i] + (y[i]-mu[i])/mu[i]
			for j := range p {
				wx := w * row[j]
				rhs[j] += wx * z
				for k := 0; k <= j; k++ {
					xtwx[j*p+k] += wx * row[k]
				}
			}
		}
		for j := range p {
			for k := j + 1; k < p; k++ {
				xtwx[j*p+k] = xtwx[k*p+j]
			}
		}
		if !cholesky(xtwx, p) {
			return false
		}
		cholSolve(xtwx, p, rhs)
		return true
	}
	update := func(b []float64) float64 {
		for i := range n {
			var e float64
			row := x[i*p : (i+1)*p]
			for j := range p {
				e += row[j] * b[j]
			}
			eta[i] = e
			mu[i] = math.Exp(e)
		}
		return poissonDeviance(y, mu)
	}
	for f.iter = 1; f.iter <= maxIter; f.iter++ {
		if !solve() {
			f.err = fmt.Errorf("%w: counts: the design is singular (a segment carries no information)", ErrInput)
			return f
		}
		newBeta := append([]float64(nil), rhs...)
		newDev := update(newBeta)
		for h := 0; oldBeta != nil && !(newDev <= dev*(1+1e-12)+1e-12) && h < 40; h++ {
			for j := range p {
				newBeta[j] = (newBeta[j] + oldBeta[j]) / 2
			}
			newDev = update(newBeta)
		}
		if math.IsNaN(newDev) || math.IsInf(newDev, 0) {
			f.err = fmt.Errorf("stats: IRLS diverged (deviance %g at iteration %d)", newDev, f.iter)
			return f
		}
		beta = newBeta
		oldBeta = newBeta
		done := math.Abs(newDev-dev)/(math.Abs(newDev)+0.1) < 1e-10
		dev = newDev
		if done {
			f.converged = true
			break
		}
	}
	if f.iter > maxIter {
		f.iter = maxIter
	}
	// Covariance from the information at the final estimate, not the one
	// the last step started from.
	if !solve() {
		f.err = fmt.Errorf("%w: counts: the information matrix is singular at the estimate", ErrInput)
		return f
	}
	f.beta, f.mu, f.cov, f.deviance = beta, mu, cholInverse(xtwx, p), dev
	return f
}
