-- Why an incident has its type ("UCDP type_of_violence 1; headline
-- mentions \"shelling\"") is one of a few hundred sentences: each is stored
-- once and incidents name it by ID (about 55 bytes an incident saved).
CREATE TABLE type_reasons (
	id     INTEGER PRIMARY KEY,
	reason TEXT NOT NULL UNIQUE
);
INSERT INTO type_reasons (reason) SELECT DISTINCT type_reason FROM incidents ORDER BY type_reason;
ALTER TABLE incidents ADD COLUMN type_reason_id INTEGER NOT NULL DEFAULT 0;
UPDATE incidents SET type_reason_id = (SELECT id FROM type_reasons WHERE reason = incidents.type_reason);
ALTER TABLE incidents DROP COLUMN type_reason;
