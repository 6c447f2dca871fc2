// Package assess owns what is said about a zone over time, from the
// verdicts of package judge as the zone-day rollup holds them: its status on
// a day (the chance of each grade, the most likely with its probability, and
// the outer range with the presence ranges at their ends; no-coverage where
// no source watched; ended after the zone's end), expected violations with
// their 90 % interval, what happened regardless of attribution (events,
// deaths, civilian deaths, air strikes), status transitions, and trends
// before and after a date (package stats' rate ratios, counting only the
// dyads the agreement covers and leaving days before any source covered
// the zone out as missing). It also streams incidents with their
// judgements for lists and exports.
//
// It reads through small interfaces every store implements and stores
// nothing: every number can be reproduced from the rollup.
package assess
