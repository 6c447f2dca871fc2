-- Agreements: every version of every agreement file loaded, verbatim and parsed.
CREATE TABLE agreement_versions (
	agreement_id TEXT NOT NULL,
	version      INTEGER NOT NULL,
	title        TEXT NOT NULL,
	raw          BLOB NOT NULL,
	parsed       TEXT NOT NULL, -- the parsed agreement as JSON
	loaded_at    TEXT NOT NULL,
	PRIMARY KEY (agreement_id, version)
);

-- Zones of the latest version of each agreement, for queries that need no parse.
CREATE TABLE zones (
	agreement_id TEXT NOT NULL,
	zone_id      TEXT NOT NULL,
	name         TEXT NOT NULL,
	geometry     TEXT NOT NULL, -- GeoJSON geometry
	buffer_km    REAL NOT NULL,
	effective_from TEXT,
	effective_to   TEXT,
	PRIMARY KEY (agreement_id, zone_id)
);

CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

-- Reports are never edited: a revised source row is a new report.
CREATE TABLE reports (
	id          INTEGER PRIMARY KEY,
	source      TEXT NOT NULL,
	source_key  TEXT NOT NULL,
	hash        TEXT NOT NULL,
	release     TEXT NOT NULL,
	origin      TEXT NOT NULL,
	line        INTEGER NOT NULL,
	raw         TEXT NOT NULL,
	received_at TEXT NOT NULL,
	UNIQUE (source, source_key, hash)
);

CREATE TABLE incidents (
	id             INTEGER PRIMARY KEY,
	source         TEXT NOT NULL,
	source_key     TEXT NOT NULL,
	report_id      INTEGER NOT NULL REFERENCES reports (id),
	date_start     TEXT NOT NULL,
	date_end       TEXT NOT NULL,
	date_prec      INTEGER NOT NULL,
	has_point      INTEGER NOT NULL,
	lon            REAL NOT NULL,
	lat            REAL NOT NULL,
	loc_prec       INTEGER NOT NULL,
	country        TEXT NOT NULL,
	admin1         TEXT NOT NULL,
	admin2         TEXT NOT NULL,
	place          TEXT NOT NULL,
	event_type     TEXT NOT NULL,
	sub_event_type TEXT NOT NULL,
	type_reason    TEXT NOT NULL,
	violence_type  INTEGER NOT NULL,
	side_a         TEXT NOT NULL,
	side_b         TEXT NOT NULL,
	assoc_a        TEXT NOT NULL,
	assoc_b        TEXT NOT NULL,
	deaths_low     INTEGER NOT NULL,
	deaths_best    INTEGER NOT NULL,
	deaths_high    INTEGER NOT NULL,
	deaths_civ     INTEGER NOT NULL,
	sources        TEXT NOT NULL,
	num_sources    INTEGER NOT NULL,
	source_text    TEXT NOT NULL,
	UNIQUE (source, source_key)
);
CREATE INDEX incidents_date ON incidents (date_start);

-- Memberships of incidents in the zones of an agreement; "outside" is not stored.
CREATE TABLE memberships (
	agreement_id TEXT NOT NULL,
	zone_id      TEXT NOT NULL,
	incident_id  INTEGER NOT NULL REFERENCES incidents (id),
	placement    TEXT NOT NULL,
	reason       TEXT NOT NULL,
	PRIMARY KEY (agreement_id, zone_id, incident_id)
) WITHOUT ROWID;
CREATE INDEX memberships_incident ON memberships (incident_id);
