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

// Defaults used when the corresponding VerdictOptions field is zero. The
// data decide: a window of a day and a single event are enough when the
// interval they give excludes 1, since the interval already carries how
// little they say.
const (
	DefaultMinDays       = 1
	DefaultMinEvents     = 1
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
	// MinDays is the fewest days either window may have; zero means 1.
	MinDays int
	// MinEvents is the fewest events both windows together may have; zero
	// means 1. It is a combined total on purpose: an after window with no
	// events is what a holding ceasefire looks like, not missing data.
	MinEvents float64
	// MaxWidthRatio is the largest Upper/Lower an interval that includes 1
	// may have before the verdict is "insufficient data" rather than "no
	// significant change": the data then cannot tell a large change from
	// none. An interval that excludes 1 is a significant change however
	// wide it is. Zero means 10.
	MaxWidthRatio float64
	// RefuseWideSignificant restores the old caution of calling even an
	// interval that excludes 1 "insufficient data" when it is wider than
	// MaxWidthRatio. Off by default: an interval entirely on one side of 1
	// is evidence of a change, and its width says how large.
	RefuseWideSignificant bool
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

// Verdict turns a rate-ratio result into the wording reports use. A change
// is significant when the whole interval lies on one side of 1, however
// short the windows or wide the interval; an interval that includes 1 and
// spans more than MaxWidthRatio is "insufficient data", since calling it
// "no change" would claim more than the data show.
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
	if width > maxWidth && (!excludes1 || opts.RefuseWideSignificant) {
		return insufficient(fmt.Sprintf("the interval spans a factor of %s, more than the %g allowed: the data cannot tell a large change from none", fmtBound(width), maxWidth))
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
