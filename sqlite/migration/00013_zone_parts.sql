-- An incident whose imprecise location may lie in several zones is listed
-- in one (its judgement's zone), but each zone's expected violations count
-- its own part (truce.ZonePart). judgement_parts keeps the parts of such
-- judgements; the rollup gains rows for the parts of incidents listed in
-- another zone (elsewhere = 1), whose incidents column is 0 and whose
-- parts column counts them. Rollup rows already stored are kept as they
-- are (no parts) until `truce adjudicate` runs again.
CREATE TABLE judgement_parts (
	agreement_id      TEXT NOT NULL,
	agreement_version INTEGER NOT NULL,
	incident_id       INTEGER NOT NULL,
	zone_id           TEXT NOT NULL,
	day               TEXT NOT NULL, -- the incident's first day, as judgements.day
	placement         TEXT NOT NULL,
	p_low             REAL NOT NULL,
	p                 REAL NOT NULL,
	p_high            REAL NOT NULL,
	PRIMARY KEY (agreement_id, agreement_version, incident_id, zone_id)
) WITHOUT ROWID;
CREATE INDEX judgement_parts_zone_day ON judgement_parts (agreement_id, agreement_version, zone_id, day);
CREATE TABLE zone_days_parts (
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
	incidents         INTEGER NOT NULL,
	parts             INTEGER NOT NULL,
	deaths            INTEGER NOT NULL,
	civilian_deaths   INTEGER NOT NULL,
	p_low             REAL NOT NULL,
	p                 REAL NOT NULL,
	p_high            REAL NOT NULL,
	PRIMARY KEY (agreement_id, agreement_version, zone_id, day, placement, event_type, sub_event_type, verdict, severity, excluded, p_key, elsewhere)
) WITHOUT ROWID;
INSERT INTO zone_days_parts
	SELECT agreement_id, agreement_version, zone_id, day, placement, event_type, sub_event_type, verdict, severity, excluded, p_key,
		0, incidents, 0, deaths, civilian_deaths, p_low, p, p_high
	FROM zone_days;
DROP TABLE zone_days;
ALTER TABLE zone_days_parts RENAME TO zone_days;
