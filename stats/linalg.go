package stats

import "math"

// cholesky factors the symmetric positive-definite p×p matrix a (row-major)
// in place into its lower triangle L with a = L·Lᵀ. It reports false when a
// is not numerically positive definite, which for a GLM means a design
// column carries no information (e.g. no days after the break).
func cholesky(a []float64, p int) bool {
	for j := range p {
		s := a[j*p+j]
		for k := range j {
			s -= a[j*p+k] * a[j*p+k]
		}
		if !(s > 1e-12*math.Abs(a[j*p+j])) || s <= 0 {
			return false
		}
		d := math.Sqrt(s)
		a[j*p+j] = d
		for i := j + 1; i < p; i++ {
			s := a[i*p+j]
			for k := range j {
				s -= a[i*p+k] * a[j*p+k]
			}
			a[i*p+j] = s / d
		}
	}
	return true
}

// cholSolve solves L·Lᵀ·x = b for the factor from cholesky, into b.
func cholSolve(l []float64, p int, b []float64) {
	for i := range p {
		s := b[i]
		for k := range i {
			s -= l[i*p+k] * b[k]
		}
		b[i] = s / l[i*p+i]
	}
	for i := p - 1; i >= 0; i-- {
		s := b[i]
		for k := i + 1; k < p; k++ {
			s -= l[k*p+i] * b[k]
		}
		b[i] = s / l[i*p+i]
	}
}

// cholInverse returns the inverse of L·Lᵀ.
func cholInverse(l []float64, p int) []float64 {
	inv := make([]float64, p*p)
	col := make([]float64, p)
	for j := range p {
		clear(col)
		col[j] = 1
		cholSolve(l, p, col)
		for i := range p {
			inv[i*p+j] = col[i]
		}
	}
	return inv
}
