-- Rule traces are interned: most incidents share theirs word for word (an
-- 830 k-incident run has ~100 k distinct traces), and storing each once cuts
-- the judgements table several-fold. Judgements are derived data, so the
-- table is rebuilt empty: run `truce adjudicate` again.
CREATE TABLE traces (
	id   INTEGER PRIMARY KEY,
	body TEXT NOT NULL UNIQUE -- JSON array of steps
);
DROP TABLE judgements;
CREATE TABLE judgements (
	agreement_id      TEXT NOT NULL,
	agreement_version INTEGER NOT NULL,
	incident_id       INTEGER NOT NULL REFERENCES incidents (id),
	zone_id           TEXT NOT NULL,
	verdict           TEXT NOT NULL,
	severity          TEXT NOT NULL,
	alleged_party     TEXT NOT NULL,
	trace_id          INTEGER NOT NULL REFERENCES traces (id),
	judged_at         TEXT NOT NULL,
	PRIMARY KEY (agreement_id, agreement_version, incident_id)
) WITHOUT ROWID;
CREATE INDEX judgements_incident ON judgements (incident_id);
DELETE FROM zone_days;
