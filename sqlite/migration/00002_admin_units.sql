-- Administrative boundaries: for placing incidents known only to a district
-- or governorate, and for zones defined as sets of units.
CREATE TABLE admin_units (
	code      TEXT PRIMARY KEY,
	level     INTEGER NOT NULL,
	name      TEXT NOT NULL,
	parent    TEXT NOT NULL,
	geometry  TEXT NOT NULL, -- MultiPolygon coordinates as JSON
	source    TEXT NOT NULL,
	loaded_at TEXT NOT NULL
);
