-- Graded verdicts. A membership carries the probability that the incident
-- lies in the zone (its share of the area of uncertainty); memberships
-- placed before shares existed get -1, which `truce adjudicate` reads as
-- "place again". A judgement carries the probability of violation with its
-- range and whether an excluded group was named; the verdict becomes the
-- probability's tier. Judgements and the rollup are derived data, so they
-- are rebuilt empty: run `truce adjudicate` again.
ALTER TABLE memberships ADD COLUMN share REAL NOT NULL DEFAULT -1;
DELETE FROM judgements;
ALTER TABLE judgements ADD COLUMN p_low REAL NOT NULL DEFAULT 0;
ALTER TABLE judgements ADD COLUMN p REAL NOT NULL DEFAULT 0;
ALTER TABLE judgements ADD COLUMN p_high REAL NOT NULL DEFAULT 0;
ALTER TABLE judgements ADD COLUMN excluded INTEGER NOT NULL DEFAULT 0;
DROP TABLE zone_days;
-- The rollup groups incidents of one zone and day by placement, type and
-- sub-type, verdict, severity, exclusion and probability to the hundredth
-- (p_key), so a status can treat each row's incidents as equally likely
-- violations; p_low, p and p_high sum the exact probabilities.
CREATE TABLE zone_days (
	agreement_id      TEXT NOT NULL,
	agreement_version INTEGER NOT NULL,
	zone_id           TEXT NOT NULL,
	day               TEXT NOT NULL,
	placement         TEXT NOT NULL,
	event_type        TEXT NOT NULL,
	sub_event_type    TEXT NOT NULL,
	verdict           TEXT NOT NULL,
	severity          TEXT NOT NULL,
	excluded          INTEGER NOT NULL,
	p_key             INTEGER NOT NULL,
	incidents         INTEGER NOT NULL,
	deaths            INTEGER NOT NULL,
	civilian_deaths   INTEGER NOT NULL,
	p_low             REAL NOT NULL,
	p                 REAL NOT NULL,
	p_high            REAL NOT NULL,
	PRIMARY KEY (agreement_id, agreement_version, zone_id, day, placement, event_type, sub_event_type, verdict, severity, excluded, p_key)
) WITHOUT ROWID;
INSERT INTO rollup_changes (agreement_id, agreement_version, zone_id, day) VALUES ('', 0, '', '');
