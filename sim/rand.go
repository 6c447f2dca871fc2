package sim

import (
	"math"
	"math/bits"
	"math/rand/v2"
)

// rng wraps a PCG with samplers of our own: math/rand/v2 fixes PCG's output
// but not the algorithms of Rand's derived methods, and byte-identical output
// across Go releases is part of this package's contract.
type rng struct {
	pcg      *rand.PCG
	spare    float64
	hasSpare bool
}

func newRNG(seed uint64) *rng {
	// The second word only has to differ from the first; any constant does.
	return &rng{pcg: rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)}
}

// float returns a uniform float64 in [0, 1).
func (r *rng) float() float64 { return float64(r.pcg.Uint64()>>11) * 0x1p-53 }

// intn returns a uniform int in [0, n) by multiply-shift; its bias, under
// n/2⁶⁴, is far below anything a simulation could detect.
func (r *rng) intn(n int) int {
	hi, _ := bits.Mul64(r.pcg.Uint64(), uint64(n))
	return int(hi)
}

// pick returns the index of the first cumulative weight above a uniform draw;
// cum must end with 1.
func (r *rng) pick(cum []float64) int {
	u := r.float()
	for i, c := range cum {
		if u < c {
			return i
		}
	}
	return len(cum) - 1
}

// norm returns a standard normal variate (Marsaglia's polar method).
func (r *rng) norm() float64 {
	if r.hasSpare {
		r.hasSpare = false
		return r.spare
	}
	for {
		u := 2*r.float() - 1
		v := 2*r.float() - 1
		s := u*u + v*v
		if s > 0 && s < 1 {
			f := math.Sqrt(-2 * math.Log(s) / s)
			r.spare, r.hasSpare = v*f, true
			return u * f
		}
	}
}

// gamma returns a Gamma(k, 1) variate (Marsaglia and Tsang 2000).
func (r *rng) gamma(k float64) float64 {
	if k < 1 {
		// Boost: Gamma(k) = Gamma(k+1) · U^(1/k).
		return r.gamma(k+1) * math.Pow(1-r.float(), 1/k)
	}
	d := k - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.norm()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := 1 - r.float()
		if u < 1-0.0331*x*x*x*x || math.Log(u) < 0.5*x*x+d*(1-v+math.Log(v)) {
			return d * v
		}
	}
}

// poisson returns a Poisson(lam) variate: by inversion for small means, by
// Hörmann's PTRS transformed rejection (1993) for large ones, so that the
// cost stays flat when benchmarks push rates into the hundreds.
func (r *rng) poisson(lam float64) int {
	if lam <= 0 {
		return 0
	}
	if lam < 10 {
		p := math.Exp(-lam)
		f, u, k := p, r.float(), 0
		for u > f && k < 200 {
			k++
			p *= lam / float64(k)
			f += p
		}
		return k
	}
	slam, loglam := math.Sqrt(lam), math.Log(lam)
	b := 0.931 + 2.53*slam
	a := -0.059 + 0.02483*b
	invAlpha := 1.1239 + 1.1328/(b-3.4)
	vr := 0.9277 - 3.6224/(b-2)
	for {
		u := r.float() - 0.5
		v := r.float()
		us := 0.5 - math.Abs(u)
		k := math.Floor((2*a/us+b)*u + lam + 0.43)
		if us >= 0.07 && v <= vr {
			return int(k)
		}
		if k < 0 || (us < 0.013 && v > us) {
			continue
		}
		lg, _ := math.Lgamma(k + 1)
		if math.Log(v)+math.Log(invAlpha)-math.Log(a/(us*us)+b) <= -lam+k*loglam-lg {
			return int(k)
		}
	}
}

// negbin returns a count of mean mu with gamma mixing of shape k
// (variance mu + mu²/k); k = +Inf gives Poisson.
func (r *rng) negbin(mu, k float64) int {
	if mu <= 0 {
		return 0
	}
	if math.IsInf(k, 1) {
		return r.poisson(mu)
	}
	return r.poisson(mu * r.gamma(k) / k)
}

// splitmix64 hashes a key; place names use it so that they depend on the
// place only, never on the seed or the order of generation.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
