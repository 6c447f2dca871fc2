package stats

import (
	"fmt"
	"math"
)

// Outcome is the one-phrase conclusion a report may print.
type Outcome string

const (
	SignificantDecline  Outcome = "significant decline"
	SignificantIncrease Outcome = "significant increase"
	NoSignificantChange Outcome = "no significant change"
	InsufficientData    Outcome = "insufficient data"
)

// Defaults used when the corresponding VerdictOptions field is zero.
const (
	DefaultMinDays       = 14
	DefaultMinEvents     = 10
	DefaultMaxWidthRatio = 10
	// DefaultMeaningfulRatio: a change is called meaningful only when the
	// whole interval lies beyond a 20 % change (upper < 0.8 for a decline,
	// lower > 1/0.8 = 1.25 for an increase). 20 % is a common minimal
	// important difference for rates and is far larger than the drift
	// reporting artefacts alone produce between two months of the same
	// conflict; a 5 % "significant" decline is not evidence that a
	// ceasefire holds.
	DefaultMeaningfulRatio = 0.8
)

// VerdictOptions tunes Verdict. The zero value is the documented default.
type VerdictOptions struct {
	// MinDays is the fewest days either window may have; zero means 14.
	MinDays int
	// MinEvents is the fewest events both windows together may have; zero
	// means 10. It is a combined total on purpose: an after window with no
	// events is what a holding ceasefire looks like, not missing data.
	MinEvents float64
	// MaxWidthRatio is the largest Upper/Lower the interval may have before
	// the verdict is "insufficient data"; zero means 10.
	MaxWidthRatio float64
	// AllowWideSignificant lets an interval wider than MaxWidthRatio still
	// yield a significant verdict when it excludes 1. Off by default, as the
	// issue asks; note that with it off a window with (almost) no events
	// after the date always gives "insufficient data", because its interval
	// reaches down towards 0 and is therefore arbitrarily wide on the ratio
	// scale.
	AllowWideSignificant bool
	// MeaningfulRatio sets VerdictResult.Meaningful (see
	// DefaultMeaningfulRatio); zero means 0.8. Must be in (0, 1]; 1 makes
	// every significant change meaningful.
	MeaningfulRatio float64
	// Method overrides the interval used; empty means the result's Method.
	Method Method
}

// VerdictResult is a verdict with the evidence behind it.
type VerdictResult struct {
	Outcome Outcome
	// Reason is one sentence a report can print after the outcome.
	Reason   string
	Method   Method
	Ratio    float64
	Interval Interval
	// Meaningful is true when the change is significant and its whole
	// interval lies beyond MeaningfulRatio (or its reciprocal).
	Meaningful bool
}

// Verdict turns a rate-ratio result into the wording reports use. It refuses
// to call a change when the windows are short, the counts small or the
// interval too wide, because a confident-sounding verdict on thin evidence
// is worse than none in a ceasefire dispute.
func Verdict(res RateRatioResult, opts VerdictOptions) (VerdictResult, error) {
	minDays := opts.MinDays
	if minDays == 0 {
		minDays = DefaultMinDays
	}
	minEvents := opts.MinEvents
	if minEvents == 0 {
		minEvents = DefaultMinEvents
	}
	maxWidth := opts.MaxWidthRatio
	if maxWidth == 0 {
		maxWidth = DefaultMaxWidthRatio
	}
	meaningful := opts.MeaningfulRatio
	if meaningful == 0 {
		meaningful = DefaultMeaningfulRatio
	}
	switch {
	case minDays < 1:
		return VerdictResult{}, fmt.Errorf("%w: opts.MinDays = %d: must be positive", ErrInput, opts.MinDays)
	case !(minEvents > 0) || math.IsInf(minEvents, 0):
		return VerdictResult{}, fmt.Errorf("%w: opts.MinEvents = %g: must be positive and finite", ErrInput, opts.MinEvents)
	case !(maxWidth > 1):
		return VerdictResult{}, fmt.Errorf("%w: opts.MaxWidthRatio = %g: must be greater than 1", ErrInput, opts.MaxWidthRatio)
	case !(meaningful > 0 && meaningful <= 1):
		return VerdictResult{}, fmt.Errorf("%w: opts.MeaningfulRatio = %g: must be in (0, 1]", ErrInput, opts.MeaningfulRatio)
	}
	method := opts.Method
	if method == "" {
		method = res.Method
	}
	if method == "" {
		method = DefaultMethod
	}
	iv, ok := res.Interval(method)
	if !ok {
		return VerdictResult{}, fmt.Errorf("%w: method %q: not computed in this result", ErrInput, method)
	}
	if math.IsNaN(iv.Lower) || math.IsNaN(iv.Upper) || math.IsNaN(res.Ratio) {
		return VerdictResult{}, fmt.Errorf("%w: res: interval or ratio is NaN", ErrInput)
	}
	v := VerdictResult{Method: method, Ratio: res.Ratio, Interval: iv}
	ci := fmt.Sprintf("rate ratio %.3g, %g%% %s CI %.3g–%s", res.Ratio, 100*res.Level, method, iv.Lower, fmtBound(iv.Upper))

	insufficient := func(why string) (VerdictResult, error) {
		v.Outcome = InsufficientData
		v.Reason = why + " (" + ci + ")"
		return v, nil
	}
	if d := min(res.DaysBefore, res.DaysAfter); d < minDays {
		return insufficient(fmt.Sprintf("a window has %d days, fewer than the %d required", d, minDays))
	}
	if t := res.TotalBefore + res.TotalAfter; t < minEvents {
		return insufficient(fmt.Sprintf("%g events in both windows together, fewer than the %g required", t, minEvents))
	}
	width := math.Inf(1)
	if iv.Lower > 0 {
		width = iv.Upper / iv.Lower
	}
	excludes1 := iv.Upper < 1 || iv.Lower > 1
	if width > maxWidth && !(opts.AllowWideSignificant && excludes1) {
		return insufficient(fmt.Sprintf("the interval spans a factor of %s, more than the %g allowed", fmtBound(width), maxWidth))
	}
	switch {
	case iv.Upper < 1:
		v.Outcome = SignificantDecline
		v.Meaningful = iv.Upper < meaningful
	case iv.Lower > 1:
		v.Outcome = SignificantIncrease
		v.Meaningful = iv.Lower > 1/meaningful
	default:
		v.Outcome = NoSignificantChange
		v.Reason = "the interval includes 1 (" + ci + ")"
		return v, nil
	}
	size := "a 20 % change"
	if meaningful != DefaultMeaningfulRatio {
		size = fmt.Sprintf("a ratio of %g (%.3g for increases)", meaningful, 1/meaningful)
	}
	if v.Meaningful {
		v.Reason = "the whole interval lies beyond " + size + " (" + ci + ")"
	} else {
		v.Reason = "the interval excludes 1 but reaches changes smaller than " + size + ", so the change may be too small to matter (" + ci + ")"
	}
	return v, nil
}

func fmtBound(x float64) string {
	if math.IsInf(x, 1) {
		return "∞"
	}
	return fmt.Sprintf("%.3g", x)
}
