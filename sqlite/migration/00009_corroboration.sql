-- Corroboration: groups of incidents of different sources that describe one
-- event, derived by 'truce corroborate' (each run replaces them), and the
-- analysts' overrides every run honours. Incidents themselves are unchanged.
CREATE TABLE corroboration_runs (
	id         INTEGER PRIMARY KEY,
	options    TEXT NOT NULL, -- the windows, as JSON
	incidents  INTEGER NOT NULL,
	groups_n   INTEGER NOT NULL,
	ran_at     TEXT NOT NULL -- RFC 3339
);

CREATE TABLE corroboration_groups (
	id                  INTEGER PRIMARY KEY, -- the smallest member incident id
	independent_sources INTEGER NOT NULL,
	sources             TEXT NOT NULL, -- JSON array
	datasets            TEXT NOT NULL, -- JSON array
	conflicts           TEXT NOT NULL, -- JSON array
	confidence          TEXT NOT NULL
);
CREATE INDEX corroboration_groups_sources ON corroboration_groups (independent_sources);

CREATE TABLE corroboration (
	incident_id INTEGER PRIMARY KEY REFERENCES incidents (id),
	group_id    INTEGER NOT NULL REFERENCES corroboration_groups (id) ON DELETE CASCADE,
	position    INTEGER NOT NULL,
	reason      TEXT NOT NULL
);
CREATE INDEX corroboration_group ON corroboration (group_id);

-- Analysts' decisions about pairs of incidents, by SOURCE:KEY (a < b).
CREATE TABLE corroboration_overrides (
	a    TEXT NOT NULL,
	b    TEXT NOT NULL,
	kind TEXT NOT NULL, -- merge or split
	at   TEXT NOT NULL, -- RFC 3339
	PRIMARY KEY (a, b)
);
