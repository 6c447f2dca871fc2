-- An incident whose imprecise location may lie in several zones is listed
-- in one (its judgement's zone), but each zone's expected violations count
-- its own part (truce.ZonePart). judgement_parts keeps the parts of such
-- judgements; the rollup gains rows for the parts of incidents listed in
-- another zone (elsewhere), whose incidents column is 0 and whose parts
-- column counts them. Rollup rows already stored are kept as they are (no
-- parts) until `truce adjudicate` runs again.
CREATE TABLE judgement_parts (
	agreement_id      text             NOT NULL,
	agreement_version integer          NOT NULL,
	incident_id       bigint           NOT NULL,
	zone_id           text             NOT NULL,
	day               date             NOT NULL, -- the incident's first day, as judgements.day
	placement         text             NOT NULL,
	p_low             double precision NOT NULL,
	p                 double precision NOT NULL,
	p_high            double precision NOT NULL,
	PRIMARY KEY (agreement_id, agreement_version, incident_id, zone_id)
);
CREATE INDEX judgement_parts_zone_day ON judgement_parts (agreement_id, agreement_version, zone_id, day);
ALTER TABLE zone_days ADD COLUMN elsewhere boolean NOT NULL DEFAULT false;
ALTER TABLE zone_days ADD COLUMN parts integer NOT NULL DEFAULT 0;
ALTER TABLE zone_days DROP CONSTRAINT zone_days_pkey;
ALTER TABLE zone_days ADD PRIMARY KEY (agreement_id, agreement_version, zone_id, day, placement, event_type, sub_event_type, verdict, severity, excluded, p_key, elsewhere);
