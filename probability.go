package truce

import (
	"fmt"
	"math"
)

// Range is an uncertain quantity: a best estimate (Mid) and the interval
// (Low, High) that the uncertain inputs behind it allow. A certain quantity
// has Low = Mid = High. For a probability all three lie in [0, 1].
type Range struct {
	Low  float64 `json:"low"`
	Mid  float64 `json:"mid"`
	High float64 `json:"high"`
}

// Exactly returns the certain range x–x.
func Exactly(x float64) Range { return Range{x, x, x} }

// Times returns the product of two ranges of non-negative quantities, end by
// end: the range of a product of independent factors.
func (r Range) Times(s Range) Range {
	return Range{r.Low * s.Low, r.Mid * s.Mid, r.High * s.High}
}

// Complement returns 1 − r for a probability: the ends swap.
func (r Range) Complement() Range { return Range{1 - r.High, 1 - r.Mid, 1 - r.Low} }

// Plus returns the end-by-end sum, as of expected counts.
func (r Range) Plus(s Range) Range { return Range{r.Low + s.Low, r.Mid + s.Mid, r.High + s.High} }

// Clamp01 returns r with each end in [0, 1] and Low ≤ Mid ≤ High.
func (r Range) Clamp01() Range {
	c := func(x float64) float64 {
		if math.IsNaN(x) || x < 0 {
			return 0
		}
		return math.Min(x, 1)
	}
	out := Range{c(r.Low), c(r.Mid), c(r.High)}
	out.Mid = math.Max(out.Low, math.Min(out.Mid, out.High))
	return out
}

// Certain reports whether the range has no width.
func (r Range) Certain() bool { return r.Low == r.High }

// Percent writes a probability as "94 %" or, with width, "94 % (90–97 %)".
func (r Range) Percent() string {
	if math.Abs(r.High-r.Low) < 0.005 {
		return pct(r.Mid)
	}
	return fmt.Sprintf("%s (%s–%s)", pct(r.Mid), pctNum(r.Low), pct(r.High))
}

// Decimals writes a probability as "0.95" or "0.95–0.98 (best 0.97)".
func (r Range) Decimals() string {
	if math.Abs(r.High-r.Low) < 0.005 {
		return fmt.Sprintf("%.2f", r.Mid)
	}
	return fmt.Sprintf("%.2f–%.2f (best %.2f)", r.Low, r.High, r.Mid)
}

func pct(x float64) string    { return pctNum(x) + " %" }
func pctNum(x float64) string { return fmt.Sprintf("%.0f", math.Round(x*100)) }

// TierRules map a probability of violation to a verdict: each field is the
// lowest best estimate of its tier. The zero value means DefaultTierRules.
type TierRules struct {
	Violation   float64 // at least this: "violation"
	Probable    float64 // at least this: "probable violation"
	Possible    float64 // at least this: "possible violation"
	ProbablyNot float64 // above this: "probably not"; at most this: "not a violation"
}

// DefaultTierRules follow the bands of the US Intelligence Community's
// analytic standards (ICD 203, 2015) for words of estimative probability:
// "almost certain" from 95 %, "likely" and "very likely" from 55 %, "roughly
// even chance" 45–55 %, "unlikely" and "very unlikely" down to 5 %, "remote"
// below. They were chosen before looking at any verdict, as a standard
// reading of probabilities into words, and are not tuned to the data.
func DefaultTierRules() TierRules {
	return TierRules{Violation: 0.95, Probable: 0.55, Possible: 0.45, ProbablyNot: 0.05}
}

// WithDefaults returns t, or the defaults when t is zero.
func (t TierRules) WithDefaults() TierRules {
	if t == (TierRules{}) {
		return DefaultTierRules()
	}
	return t
}

// UndeterminedWidth is the width of a probability range beyond which the
// evidence says nothing: a range from ≤ 5 % to ≥ 95 % is "undetermined",
// whatever its best estimate.
const UndeterminedWidth = 0.9

// Tier returns p's verdict: Undetermined when its range is at least
// UndeterminedWidth wide, else the tier of its best estimate.
func (t TierRules) Tier(p Range) Verdict {
	t = t.WithDefaults()
	switch {
	case p.High-p.Low >= UndeterminedWidth-1e-9:
		return Undetermined
	case p.Mid >= t.Violation:
		return Violation
	case p.Mid >= t.Probable:
		return ProbableViolation
	case p.Mid >= t.Possible:
		return PossibleViolation
	case p.Mid > t.ProbablyNot:
		return ProbablyNot
	}
	return NotViolation
}
