-- An incident of several days (a dataset's weekly or monthly count) is
-- counted on its first day, but its deaths are shared out over its days
-- (truce.Rollup.Add): the rollup gains rows for incidents that began on an
-- earlier day and go on (continuing = 1), whose continued column counts
-- them, and each judgement keeps the number of days its incident's deaths
-- were spread over (span), so that a judgement replaced later rebuilds
-- every day it touched. Rollup rows already stored keep their deaths on
-- the first day until `truce adjudicate` runs again.
CREATE TABLE zone_days_spread (
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
	elsewhere         INTEGER NOT NULL,
	continuing        INTEGER NOT NULL,
	incidents         INTEGER NOT NULL,
	parts             INTEGER NOT NULL,
	continued         INTEGER NOT NULL,
	deaths            INTEGER NOT NULL,
	civilian_deaths   INTEGER NOT NULL,
	p_low             REAL NOT NULL,
	p                 REAL NOT NULL,
	p_high            REAL NOT NULL,
	PRIMARY KEY (agreement_id, agreement_version, zone_id, day, placement, event_type, sub_event_type, verdict, severity, excluded, p_key, elsewhere, continuing)
) WITHOUT ROWID;
INSERT INTO zone_days_spread
	SELECT agreement_id, agreement_version, zone_id, day, placement, event_type, sub_event_type, verdict, severity, excluded, p_key,
		elsewhere, 0, incidents, parts, 0, deaths, civilian_deaths, p_low, p, p_high
	FROM zone_days;
DROP TABLE zone_days;
ALTER TABLE zone_days_spread RENAME TO zone_days;
ALTER TABLE judgements ADD COLUMN span INTEGER NOT NULL DEFAULT 1;
-- A zone-day rebuilt finds the incidents that go on through it by this
-- index: only judgements of incidents of several days are in it.
CREATE INDEX judgements_spread ON judgements (agreement_id, agreement_version, zone_id, day) WHERE span > 1;
