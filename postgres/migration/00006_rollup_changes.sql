-- Changes to the zone-day rollup, in order, so a server caching the rollup
-- can tell which zone-days another process rebuilt. A row with zone_id ''
-- means the whole version was rebuilt.
CREATE TABLE rollup_changes (
	seq               bigserial PRIMARY KEY,
	agreement_id      text NOT NULL,
	agreement_version integer NOT NULL,
	zone_id           text NOT NULL,
	day               date
);
