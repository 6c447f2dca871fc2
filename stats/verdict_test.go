package stats

import (
	"errors"
	"strings"
	"testing"
)

func TestVerdict(t *testing.T) {
	rr := func(before, after []float64, opts Options) RateRatioResult {
		t.Helper()
		r, err := RateRatio(before, after, opts)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	noBoot := Options{Resamples: -1}
	for _, c := range []struct {
		name       string
		res        RateRatioResult
		opts       VerdictOptions
		want       Outcome
		meaningful bool
		reason     string
	}{
		// A week against a week: short windows are allowed, and the data
		// decide: 70 events then 14 is a decline, with an honestly wide
		// interval (0.04–0.91) that reaches changes too small to matter.
		{"a week each", rr(days(7, 10), days(7, 2), noBoot), VerdictOptions{}, SignificantDecline, false, "excludes 1 but reaches changes smaller"},
		// A minimum can still be asked for.
		{"short window, minimum asked", rr(days(10, 50), days(30, 10), noBoot), VerdictOptions{MinDays: 14}, InsufficientData, false, "10 days"},
		{"few events, minimum asked", rr(days(30, 4), days(30, 3), noBoot), VerdictOptions{MinEvents: 10}, InsufficientData, false, "7 events"},
		{"nothing at all", rr(make([]float64, 30), make([]float64, 30), noBoot), VerdictOptions{}, InsufficientData, false, "0 events"},
		// Wald SE sqrt(1/8 + 1/3) = 0.677: the interval spans e^(2·1.96·0.677) ≈ 14.2
		// and includes 1, so the data cannot tell a large change from none.
		{"wide interval", rr(days(14, 8), days(14, 3), noBoot), VerdictOptions{}, InsufficientData, false, "cannot tell a large change from none"},
		// Nothing after the date: the interval reaches towards 0 but lies
		// wholly below 1, a significant decline however wide...
		{"zero after", rr(days(30, 60), make([]float64, 30), noBoot), VerdictOptions{}, SignificantDecline, true, "beyond a 20 % change"},
		{"zero after, exact", rr(days(30, 60), make([]float64, 30), Options{Method: MethodExact, Resamples: -1}), VerdictOptions{}, SignificantDecline, true, "exact CI 0–"},
		// ...unless the old caution is asked for.
		{"zero after, wide refused", rr(days(30, 60), make([]float64, 30), noBoot), VerdictOptions{RefuseWideSignificant: true}, InsufficientData, false, "factor of 262"},
		// The teaching example, Wald 0.269–0.929 (φ floors to 1, so
		// quasi-Poisson is the same): significant, but a 7 % decline is
		// inside the interval.
		{"15 vs 30 per 1000 days", rr(days(1000, 30), days(1000, 15), noBoot), VerdictOptions{}, SignificantDecline, false, "smaller than a 20 % change"},
		{"15 vs 30, threshold off", rr(days(1000, 30), days(1000, 15), noBoot), VerdictOptions{MeaningfulRatio: 1}, SignificantDecline, true, "ratio of 1"},
		{"15 vs 30, exact", rr(days(1000, 30), days(1000, 15), noBoot), VerdictOptions{Method: MethodExact}, SignificantDecline, false, "exact CI 0.25–0.959"},
		{"increase", rr(days(1000, 15), days(1000, 30), noBoot), VerdictOptions{}, SignificantIncrease, false, "rate ratio 2,"},
		{"large decline", rr(days(30, 300), days(30, 60), noBoot), VerdictOptions{}, SignificantDecline, true, "beyond"},
		{"no change", rr(days(60, 100), days(60, 95), noBoot), VerdictOptions{}, NoSignificantChange, false, "includes 1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			v, err := Verdict(c.res, c.opts)
			if err != nil {
				t.Fatal(err)
			}
			if v.Outcome != c.want || v.Meaningful != c.meaningful || !strings.Contains(v.Reason, c.reason) {
				t.Errorf("got %q meaningful=%v reason %q; want %q meaningful=%v reason containing %q",
					v.Outcome, v.Meaningful, v.Reason, c.want, c.meaningful, c.reason)
			}
		})
	}
}

func TestVerdictErrors(t *testing.T) {
	res, err := RateRatio(days(30, 60), days(30, 30), Options{Resamples: -1})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		opts VerdictOptions
		want string
	}{
		{VerdictOptions{Method: MethodBootstrap}, "not computed"},
		{VerdictOptions{Method: "magic"}, "magic"},
		{VerdictOptions{MinDays: -1}, "opts.MinDays"},
		{VerdictOptions{MinEvents: -3}, "opts.MinEvents"},
		{VerdictOptions{MaxWidthRatio: 0.5}, "opts.MaxWidthRatio"},
		{VerdictOptions{MeaningfulRatio: 1.2}, "opts.MeaningfulRatio"},
	} {
		if _, err := Verdict(res, c.opts); !errors.Is(err, ErrInput) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want ErrInput naming %q", c.opts, err, c.want)
		}
	}
	// A zero result (never computed) must not panic or claim anything.
	if v, err := Verdict(RateRatioResult{}, VerdictOptions{}); err == nil && v.Outcome != InsufficientData {
		t.Errorf("zero result: %+v", v)
	}
}
