-- The rollup gains the placement that put the incident in the zone, so trends
-- can count what is certainly inside apart from what may be. It is derived
-- data: `truce adjudicate` rebuilds it.
DROP TABLE zone_days;
CREATE TABLE zone_days (
	agreement_id      TEXT NOT NULL,
	agreement_version INTEGER NOT NULL,
	zone_id           TEXT NOT NULL,
	day               TEXT NOT NULL,
	placement         TEXT NOT NULL,
	event_type        TEXT NOT NULL,
	verdict           TEXT NOT NULL,
	severity          TEXT NOT NULL,
	incidents         INTEGER NOT NULL,
	deaths            INTEGER NOT NULL,
	civilian_deaths   INTEGER NOT NULL,
	PRIMARY KEY (agreement_id, agreement_version, zone_id, day, placement, event_type, verdict, severity)
) WITHOUT ROWID;
