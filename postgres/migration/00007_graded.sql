-- Graded verdicts: the embedded store's migration 00011 with native types.
-- Memberships placed before shares existed get -1, which `truce adjudicate`
-- reads as "place again"; judgements and the rollup are derived data,
-- rebuilt empty.
ALTER TABLE memberships ADD COLUMN share double precision NOT NULL DEFAULT -1;
DELETE FROM judgements;
ALTER TABLE judgements ADD COLUMN p_low double precision NOT NULL DEFAULT 0;
ALTER TABLE judgements ADD COLUMN p double precision NOT NULL DEFAULT 0;
ALTER TABLE judgements ADD COLUMN p_high double precision NOT NULL DEFAULT 0;
ALTER TABLE judgements ADD COLUMN excluded boolean NOT NULL DEFAULT false;
DROP TABLE zone_days;
CREATE TABLE zone_days (
	agreement_id      text             NOT NULL,
	agreement_version integer          NOT NULL,
	zone_id           text             NOT NULL,
	day               date             NOT NULL,
	placement         text             NOT NULL,
	event_type        text             NOT NULL,
	sub_event_type    text             NOT NULL,
	verdict           text             NOT NULL,
	severity          text             NOT NULL,
	excluded          boolean          NOT NULL,
	p_key             integer          NOT NULL,
	incidents         integer          NOT NULL,
	deaths            integer          NOT NULL,
	civilian_deaths   integer          NOT NULL,
	p_low             double precision NOT NULL,
	p                 double precision NOT NULL,
	p_high            double precision NOT NULL,
	PRIMARY KEY (agreement_id, agreement_version, zone_id, day, placement, event_type, sub_event_type, verdict, severity, excluded, p_key)
);
INSERT INTO rollup_changes (agreement_id, agreement_version, zone_id, day) VALUES ('', 0, '', NULL);
