-- Traces are stored without their numbers (truce.SplitTrace): the words
-- are interned, found by their SHA-256, and each judgement keeps its own
-- numbers and dates in trace_args. Graded verdicts carry per-incident
-- numbers (shares, probabilities), which made nearly every whole trace
-- distinct. Judgements are derived data: they and the rollup are rebuilt
-- empty (run `truce adjudicate` again).
DELETE FROM judgements;
DELETE FROM zone_days;
DROP TABLE traces;
CREATE TABLE traces (
	id   INTEGER PRIMARY KEY,
	hash BLOB NOT NULL UNIQUE, -- SHA-256 of body
	body TEXT NOT NULL         -- JSON array of steps, numbers marked (truce.SplitTrace)
);
ALTER TABLE judgements ADD COLUMN trace_args TEXT NOT NULL DEFAULT '';
INSERT INTO rollup_changes (agreement_id, agreement_version, zone_id, day) VALUES ('', 0, '', '');
