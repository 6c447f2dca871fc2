// Package stats owns the before/after statistics Truce uses to judge whether
// violence changed after a ceasefire: rate ratios with confidence intervals
// that survive overdispersed conflict data, the verdict wording that goes
// with them, and an interrupted-time-series fit.
//
// It works on daily counts only (events or fatalities per day) that the
// caller has already sliced into windows. It must not touch storage, dates
// or zones: keeping it a pure function of numbers is what lets it be tested
// against published reference values and reused by the CLI, the dashboard
// and reports alike.
//
// Conflict counts are bursty (one offensive produces dozens of events in a
// day), so plain Poisson intervals are far too narrow. The default interval
// is quasi-Poisson: the Poisson (Wald) variance scaled by the Pearson
// dispersion of the daily counts. The exact conditional Poisson interval and
// a seeded bootstrap over days are reported beside it so that a reader can
// see how much the conclusion depends on the method.
//
// Nothing here panics on bad input: NaN, infinite or negative counts and
// out-of-range arguments are errors (wrapping ErrInput) naming the argument.
package stats
