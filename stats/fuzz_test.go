package stats

import (
	"encoding/binary"
	"math"
	"testing"
)

// floats turns fuzz bytes into counts, including NaN, infinities, negative
// and huge values, which must produce errors and never panics.
func floats(data []byte) []float64 {
	var xs []float64
	for len(data) >= 8 {
		xs = append(xs, math.Float64frombits(binary.LittleEndian.Uint64(data)))
		data = data[8:]
	}
	for _, b := range data {
		xs = append(xs, float64(b%16))
	}
	return xs
}

func FuzzRateRatio(f *testing.F) {
	f.Add([]byte{1, 2, 3, 0, 0, 9}, []byte{0, 0, 0}, uint64(1))
	f.Add([]byte{}, []byte{4}, uint64(2))
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0xf8, 0x7f}, []byte{1, 2}, uint64(3))
	f.Fuzz(func(t *testing.T, b, a []byte, seed uint64) {
		r, err := RateRatio(floats(b), floats(a), Options{Resamples: 50, Seed: seed})
		if err != nil {
			return
		}
		for _, m := range []Method{MethodExact, MethodWald, MethodQuasiPoisson, MethodBootstrap} {
			iv, _ := r.Interval(m)
			if math.IsNaN(iv.Lower) || math.IsNaN(iv.Upper) || iv.Lower > iv.Upper {
				t.Errorf("%s interval %+v", m, iv)
			}
		}
		if !(r.Wald.Lower <= r.Ratio && r.Ratio <= r.Wald.Upper) || math.IsInf(r.Ratio, 0) {
			t.Errorf("ratio %g outside Wald %+v", r.Ratio, r.Wald)
		}
		if _, err := Verdict(r, VerdictOptions{}); err != nil {
			t.Errorf("Verdict: %v", err)
		}
	})
}

func FuzzITS(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3}, 6, false)
	f.Add([]byte{0, 0, 0, 0, 0, 1, 0, 0}, 4, true)
	f.Fuzz(func(t *testing.T, data []byte, brk int, dow bool) {
		r, err := ITS(floats(data), brk, ITSOptions{DayOfWeek: dow, MaxIter: 50})
		if err != nil {
			return
		}
		if r.Converged && (math.IsNaN(r.LevelChange.Value) || math.IsNaN(r.Dispersion)) {
			t.Errorf("converged with NaN: %+v", r)
		}
	})
}
