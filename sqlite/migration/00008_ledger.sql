-- API tokens: only the SHA-256 of each secret is kept.
CREATE TABLE tokens (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	role       TEXT NOT NULL,
	hash       TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	expires_at TEXT NOT NULL, -- '' when it never expires
	revoked_at TEXT NOT NULL  -- '' while it stands
);

-- The tamper-evident log. Times are Unix microseconds: the leaf hash covers
-- them to the microsecond, so they must come back exactly.
CREATE TABLE log_entries (
	idx       INTEGER PRIMARY KEY, -- dense from 0
	kind      TEXT NOT NULL,
	at        INTEGER NOT NULL,
	actor     TEXT NOT NULL,
	body      BLOB NOT NULL,
	leaf_hash BLOB NOT NULL
);
CREATE INDEX log_entries_leaf_hash ON log_entries (leaf_hash);

CREATE TABLE signed_heads (
	tree_size INTEGER PRIMARY KEY,
	root_hash BLOB NOT NULL,
	timestamp INTEGER NOT NULL, -- Unix microseconds
	signature BLOB NOT NULL,
	key_id    TEXT NOT NULL
);

-- Idempotency keys of monitors' submissions, with what the first one stored.
CREATE TABLE submissions (
	owner        TEXT NOT NULL,
	key          TEXT NOT NULL,
	request_hash TEXT NOT NULL,
	report_id    INTEGER NOT NULL REFERENCES reports (id),
	incident_id  INTEGER NOT NULL, -- 0 when the report made no incident
	log_index    INTEGER,          -- NULL when no log entry was appended
	created_at   TEXT NOT NULL,
	PRIMARY KEY (owner, key)
) WITHOUT ROWID;
CREATE INDEX submissions_report ON submissions (report_id);

-- Evidence files, content-addressed.
CREATE TABLE evidence (
	sha256      TEXT PRIMARY KEY,
	size        INTEGER NOT NULL,
	media_type  TEXT NOT NULL,
	name        TEXT NOT NULL,
	uploaded_by TEXT NOT NULL,
	uploaded_at TEXT NOT NULL,
	data        BLOB NOT NULL
);

CREATE TABLE webhooks (
	id         INTEGER PRIMARY KEY,
	url        TEXT NOT NULL,
	secret     TEXT NOT NULL,
	events     TEXT NOT NULL, -- comma-joined alert kinds, '' for all
	created_at TEXT NOT NULL,
	created_by TEXT NOT NULL
);

CREATE TABLE alerts (
	id         INTEGER PRIMARY KEY,
	kind       TEXT NOT NULL,
	key        TEXT NOT NULL UNIQUE,
	body       BLOB NOT NULL,
	created_at TEXT NOT NULL
);

-- Deliveries outlive their webhook once attempted (the record of what was
-- sent), so webhook_id is not a foreign key. Times are Unix microseconds so
-- that due times compare as numbers.
CREATE TABLE deliveries (
	id           INTEGER PRIMARY KEY,
	alert_id     INTEGER NOT NULL REFERENCES alerts (id),
	webhook_id   INTEGER NOT NULL,
	state        TEXT NOT NULL,
	attempts     INTEGER NOT NULL,
	next_attempt INTEGER NOT NULL,
	last_status  INTEGER NOT NULL,
	last_error   TEXT NOT NULL,
	updated_at   INTEGER NOT NULL
);
CREATE INDEX deliveries_due ON deliveries (state, next_attempt);
CREATE INDEX deliveries_alert ON deliveries (alert_id);
CREATE INDEX deliveries_webhook ON deliveries (webhook_id);

-- Withdrawal reports are told apart from event reports, so an incident's
-- reports can be listed back as they were stored.
ALTER TABLE reports ADD COLUMN withdraws INTEGER NOT NULL DEFAULT 0;

-- The day each judgement was rolled up under: an incident revised to another
-- date must leave the old day's rollup when it is judged again alone.
ALTER TABLE judgements ADD COLUMN day TEXT NOT NULL DEFAULT '';
UPDATE judgements SET day = (SELECT date_start FROM incidents WHERE id = judgements.incident_id);
