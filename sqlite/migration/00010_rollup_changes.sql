-- Changes to the zone-day rollup, in order, so a server caching the rollup
-- can tell which zone-days another process rebuilt. A row with zone_id ''
-- means the whole version was rebuilt. AUTOINCREMENT: a sequence number is
-- never reused, even after old rows are pruned.
CREATE TABLE rollup_changes (
	seq               INTEGER PRIMARY KEY AUTOINCREMENT,
	agreement_id      TEXT NOT NULL,
	agreement_version INTEGER NOT NULL,
	zone_id           TEXT NOT NULL,
	day               TEXT NOT NULL
);
