-- Counts of ceasefire violations as each side of a joint commission
-- reported them, one row per source, reporter and day: the same bulletin
-- read twice stores one row (the unique key), and a row is never edited, so
-- `truce log verify` can hold each to the import entry that logged it.
CREATE TABLE reported_counts (
	id             INTEGER PRIMARY KEY,
	reporter       TEXT    NOT NULL, -- normalised: russia, turkey, or the words folded
	reporter_words TEXT    NOT NULL,
	day            TEXT    NOT NULL, -- YYYY-MM-DD
	count          INTEGER NOT NULL,
	what           TEXT    NOT NULL,
	provinces      TEXT    NOT NULL, -- JSON object province → count, '' when none given
	source         TEXT    NOT NULL,
	line           INTEGER NOT NULL,
	lang           TEXT    NOT NULL,
	day_rule       TEXT    NOT NULL,
	text           TEXT    NOT NULL,
	UNIQUE (source, reporter, day)
);
CREATE INDEX reported_counts_day ON reported_counts (day, reporter);
