package stats

import (
	"errors"
	"math"
	"testing"
)

func near(got, want, rel float64) bool {
	if math.IsInf(want, 0) {
		return got == want
	}
	return math.Abs(got-want) <= rel*math.Max(1e-300, math.Abs(want))
}

// Reference quantiles. Three-decimal values are the printed chi-square
// tables every statistics textbook carries (e.g. Abramowitz & Stegun 26.8,
// NIST/SEMATECH e-Handbook 1.3.6.7.4); the full-precision digits were
// recomputed with mpmath 1.3.0 at 40 significant digits (bisection on
// mpmath.gammainc), which also supplies the rows no printed table has.
func TestChiSquareQuantile(t *testing.T) {
	for _, c := range []struct {
		p, df, want float64
	}{
		{0.975, 10, 20.4831773508074}, // table: 20.483
		{0.025, 10, 3.24697278023684}, // table: 3.247
		{0.95, 1, 3.84145882069412},   // table: 3.841
		{0.975, 1, 5.02388618731489},  // table: 5.024
		{0.5, 2, 1.38629436111989},    // closed form: 2·ln 2
		{0.025, 60, 40.4817480428418}, // table: 40.482
		{0.975, 62, 85.6537307896153},
		{0.99, 100, 135.806723171027}, // table: 135.807
		{0.001, 3, 0.0242975858156927},
		{0.975, 2000, 2125.84230244978},
	} {
		got, err := ChiSquareQuantile(c.p, c.df)
		if err != nil || !near(got, c.want, 1e-9) {
			t.Errorf("ChiSquareQuantile(%g, %g) = %.12g, %v; want %.12g", c.p, c.df, got, err, c.want)
		}
	}
}

// Exact (Garwood 1936) Poisson 95 % limits. 3.689 for a zero count is the
// value the R epitools documentation quotes for pois.exact; 4.795–18.390
// for 10 is the usual printed-table value; all rows here are at the
// precision mpmath 1.3.0 gives for chi2(0.025, 2x)/2 and chi2(0.975, 2x+2)/2.
func TestPoissonCI(t *testing.T) {
	for _, c := range []struct {
		x, lo, hi float64
	}{
		{0, 0, 3.68887945411394}, // −ln 0.025
		{1, 0.0253178079842899, 5.5716433909389},
		{5, 1.62348639011842, 11.6683320793227},
		{10, 4.79538869613243, 18.3903560420178},
		{15, 8.39538613278331, 24.7402188714858},
		{30, 20.2408740214209, 42.8268653948077},
		{100, 81.3639912509231, 121.626793792426},
	} {
		iv, err := PoissonCI(c.x, 0.95)
		if err != nil || !near(iv.Lower, c.lo, 1e-9) || !near(iv.Upper, c.hi, 1e-9) {
			t.Errorf("PoissonCI(%g) = %+v, %v; want [%.12g, %.12g]", c.x, iv, err, c.lo, c.hi)
		}
	}
	// R's poisson.test(137, 24.19893) help-page example (SMR of the Welsh
	// nickel workers): R prints 4.753125 6.692709.
	iv, err := PoissonCI(137, 0.95)
	if err != nil || !near(iv.Lower/24.19893, 4.75312480484875, 1e-9) || !near(iv.Upper/24.19893, 6.69270933417607, 1e-9) {
		t.Errorf("Welsh nickel SMR CI = %g–%g, %v; want 4.753125–6.692709", iv.Lower/24.19893, iv.Upper/24.19893, err)
	}
}

// Incomplete-function values from mpmath 1.3.0 (betainc / gammainc with
// regularized=True, 40 digits).
func TestIncompleteFunctions(t *testing.T) {
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"I_0.3(2.5,3.5)", must(regBeta(2.5, 3.5, 0.3)), 0.29675298929566638},
		{"I_0.34(1000,2000)", must(regBeta(1000, 2000, 0.34)), 0.78121509116064273},
		{"P(3.5,2)", must(regGammaP(3.5, 2)), 0.22022259152428408},
		{"P(500,520)", must(regGammaP(500, 520)), 0.8153088509012564},
	} {
		if !near(c.got, c.want, 1e-12) {
			t.Errorf("%s = %.17g, want %.17g", c.name, c.got, c.want)
		}
	}
}

func must(v float64, err error) float64 {
	if err != nil {
		return math.NaN()
	}
	return v
}

func TestQuantileErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
	}{
		{"p=0", second(ChiSquareQuantile(0, 3))},
		{"p=NaN", second(ChiSquareQuantile(math.NaN(), 3))},
		{"df=-1", second(ChiSquareQuantile(0.5, -1))},
		{"df=Inf", second(ChiSquareQuantile(0.5, math.Inf(1)))},
		{"beta a=0", second(BetaQuantile(0.5, 0, 1))},
		{"normal p=1", second(NormalQuantile(1))},
		{"poisson NaN", second(PoissonCI(math.NaN(), 0.95))},
		{"poisson -1", second(PoissonCI(-1, 0.95))},
		{"poisson level 2", second(PoissonCI(3, 2))},
	} {
		if !errors.Is(c.err, ErrInput) {
			t.Errorf("%s: error %v, want ErrInput", c.name, c.err)
		}
	}
	if z, _ := NormalQuantile(0.975); !near(z, 1.959963984540054, 1e-14) {
		t.Errorf("NormalQuantile(0.975) = %.16g", z)
	}
}

func second[T any](_ T, err error) error { return err }
