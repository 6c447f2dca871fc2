// Package reported reads the counts of ceasefire violations each side of a
// joint commission reports (the Russian and the Turkish side of the
// Russia-Turkey commission in Syria) from news articles and CSV files, and
// compares the reporters' daily series with each other and with the
// incidents in the store.
//
// A count is what a party says; it names no event, so it is kept as a
// series beside the incidents, never turned into them. A day without a
// report is missing, not zero: a bulletin not found says nothing about the
// day, so every comparison uses only the days both sides reported, and
// incidents only over the days the store has any incident at all.
//
// Which day a count refers to is read, not assumed silently: bulletins say
// "in the past 24 hours", so their counts belong to the day before
// publication, and each count records the rule that dated it (DayRule).
package reported
