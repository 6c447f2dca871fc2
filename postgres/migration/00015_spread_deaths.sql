-- An incident of several days (a dataset's weekly or monthly count) is
-- counted on its first day, but its deaths are shared out over its days
-- (truce.Rollup.Add): the rollup gains rows for incidents that began on an
-- earlier day and go on (continuing), whose continued column counts them,
-- and each judgement keeps the number of days its incident's deaths were
-- spread over (span), so that a judgement replaced later rebuilds every
-- day it touched. Rollup rows already stored keep their deaths on the
-- first day until `truce adjudicate` runs again.
ALTER TABLE zone_days ADD COLUMN continuing boolean NOT NULL DEFAULT false;
ALTER TABLE zone_days ADD COLUMN continued integer NOT NULL DEFAULT 0;
ALTER TABLE zone_days DROP CONSTRAINT zone_days_pkey;
ALTER TABLE zone_days ADD PRIMARY KEY (agreement_id, agreement_version, zone_id, day, placement, event_type, sub_event_type, verdict, severity, excluded, p_key, elsewhere, continuing);
ALTER TABLE judgements ADD COLUMN span integer NOT NULL DEFAULT 1;
-- A zone-day rebuilt finds the incidents that go on through it by this
-- index: only judgements of incidents of several days are in it.
CREATE INDEX judgements_spread ON judgements (agreement_id, agreement_version, zone_id, day) WHERE span > 1;
