-- Judgements are derived data: one per incident and agreement version, so an
-- amendment adds a version and keeps the verdicts made under the old one.
CREATE TABLE judgements (
	agreement_id      TEXT NOT NULL,
	agreement_version INTEGER NOT NULL,
	incident_id       INTEGER NOT NULL REFERENCES incidents (id),
	zone_id           TEXT NOT NULL,
	verdict           TEXT NOT NULL,
	severity          TEXT NOT NULL,
	alleged_party     TEXT NOT NULL,
	trace             TEXT NOT NULL, -- JSON array of steps
	judged_at         TEXT NOT NULL,
	PRIMARY KEY (agreement_id, agreement_version, incident_id)
) WITHOUT ROWID;
CREATE INDEX judgements_incident ON judgements (incident_id);

-- The rollup every status, trend and chart reads instead of scanning incidents.
CREATE TABLE zone_days (
	agreement_id      TEXT NOT NULL,
	agreement_version INTEGER NOT NULL,
	zone_id           TEXT NOT NULL,
	day               TEXT NOT NULL,
	event_type        TEXT NOT NULL,
	verdict           TEXT NOT NULL,
	severity          TEXT NOT NULL,
	incidents         INTEGER NOT NULL,
	deaths            INTEGER NOT NULL,
	civilian_deaths   INTEGER NOT NULL,
	PRIMARY KEY (agreement_id, agreement_version, zone_id, day, event_type, verdict, severity)
) WITHOUT ROWID;
