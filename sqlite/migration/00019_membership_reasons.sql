-- A membership's reason ("exact point (precision 1) inside zone …") is one
-- of a few hundred sentences, repeated for every incident placed alike:
-- each is stored once and memberships name it by ID (about 120 bytes a
-- membership saved).
CREATE TABLE membership_reasons (
	id     INTEGER PRIMARY KEY,
	reason TEXT NOT NULL UNIQUE
);
INSERT INTO membership_reasons (reason) SELECT DISTINCT reason FROM memberships ORDER BY reason;
CREATE TABLE memberships_interned (
	agreement_id TEXT NOT NULL,
	zone_id      TEXT NOT NULL,
	incident_id  INTEGER NOT NULL REFERENCES incidents (id),
	placement    TEXT NOT NULL,
	reason_id    INTEGER NOT NULL REFERENCES membership_reasons (id),
	share        REAL NOT NULL DEFAULT -1,
	PRIMARY KEY (agreement_id, zone_id, incident_id)
) WITHOUT ROWID;
INSERT INTO memberships_interned (agreement_id, zone_id, incident_id, placement, reason_id, share)
	SELECT m.agreement_id, m.zone_id, m.incident_id, m.placement, r.id, m.share
	FROM memberships m JOIN membership_reasons r ON r.reason = m.reason;
DROP TABLE memberships;
ALTER TABLE memberships_interned RENAME TO memberships;
CREATE INDEX memberships_incident ON memberships (incident_id);
