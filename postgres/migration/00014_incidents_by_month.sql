-- Incidents partitioned by the month of their first day, so that a query
-- for a period reads only its months' tables and indexes however large the
-- store grows. A partitioned table cannot keep a key unique unless the key
-- holds the partition column, so the event keys an import and a submission
-- look up, (source, source_key), move to incident_keys, one row per
-- incident with its ID and first day, written in the same transaction as
-- the incident. Judgements and corroboration, which named incidents(id) in
-- a foreign key, name incident_keys(id) instead. Incidents and memberships,
-- written by every import row after row, keep no foreign key: checking one
-- costs a lookup per row, a fifth of the server's work in an import
-- (measured), and the write path writes an incident with its report and
-- its memberships with their incident in one transaction. `truce log
-- verify` checks both: it reports an incident without its report, and
-- memberships other than those the incident's location gives. Existing
-- incidents are moved over.
ALTER TABLE memberships DROP CONSTRAINT memberships_incident_id_fkey;
ALTER TABLE judgements DROP CONSTRAINT judgements_incident_id_fkey;
ALTER TABLE corroboration DROP CONSTRAINT corroboration_incident_id_fkey;

ALTER TABLE incidents RENAME TO incidents_unpartitioned;
ALTER INDEX incidents_pkey RENAME TO incidents_unpartitioned_pkey;
ALTER INDEX incidents_date RENAME TO incidents_unpartitioned_date;
ALTER INDEX incidents_geom RENAME TO incidents_unpartitioned_geom;
ALTER INDEX incidents_source_source_key_key RENAME TO incidents_unpartitioned_source_source_key_key;
ALTER TABLE incidents_unpartitioned RENAME CONSTRAINT incidents_report_id_fkey TO incidents_unpartitioned_report_id_fkey;
ALTER SEQUENCE incidents_id_seq RENAME TO incidents_unpartitioned_id_seq;

-- The IDs go on from where the old table's left off.
CREATE SEQUENCE incidents_id_seq AS bigint;
SELECT setval('incidents_id_seq', last_value, is_called) FROM incidents_unpartitioned_id_seq;

CREATE TABLE incident_keys (
	id         bigint NOT NULL DEFAULT nextval('incidents_id_seq') PRIMARY KEY,
	source     text   NOT NULL,
	source_key text   NOT NULL,
	date_start date   NOT NULL, -- the incident's, to find its partition
	UNIQUE (source, source_key)
);
ALTER SEQUENCE incidents_id_seq OWNED BY incident_keys.id;
INSERT INTO incident_keys (id, source, source_key, date_start)
SELECT id, source, source_key, date_start FROM incidents_unpartitioned;

CREATE TABLE incidents (
	id             bigint  NOT NULL DEFAULT nextval('incidents_id_seq'),
	source         text    NOT NULL,
	source_key     text    NOT NULL,
	report_id      bigint  NOT NULL,
	date_start     date    NOT NULL,
	date_end       date    NOT NULL,
	date_prec      integer NOT NULL,
	has_point      boolean NOT NULL,
	lon            double precision NOT NULL,
	lat            double precision NOT NULL,
	geom           geometry(Point, 4326),
	loc_prec       integer NOT NULL,
	country        text    NOT NULL,
	admin1         text    NOT NULL,
	admin2         text    NOT NULL,
	place          text    NOT NULL,
	event_type     text    NOT NULL,
	sub_event_type text    NOT NULL,
	type_reason    text    NOT NULL,
	violence_type  integer NOT NULL,
	side_a         text    NOT NULL,
	side_b         text    NOT NULL,
	assoc_a        text    NOT NULL,
	assoc_b        text    NOT NULL,
	deaths_low     integer NOT NULL,
	deaths_best    integer NOT NULL,
	deaths_high    integer NOT NULL,
	deaths_civ     integer NOT NULL,
	sources        text    NOT NULL,
	num_sources    integer NOT NULL,
	source_text    text    NOT NULL,
	withdrawn_at   timestamptz,
	PRIMARY KEY (id, date_start)
) PARTITION BY RANGE (date_start);
CREATE INDEX incidents_date ON incidents (date_start, id);
CREATE INDEX incidents_geom ON incidents USING gist (geom);
-- Rows no month's partition takes (none, while incidents_month makes each
-- month's before its rows are written).
CREATE TABLE incidents_default PARTITION OF incidents DEFAULT;

-- incidents_month makes the partition of the month holding day d unless it
-- exists, moving into it any rows of that month the default partition
-- holds. It attaches a table made apart rather than creating a partition
-- in place: ATTACH PARTITION takes a weaker lock on incidents, so that
-- until the transaction that made the month ends, only the readers that
-- must scan the default partition (which it locks) wait for it.
-- The partition is named in the store's schema (the first of the
-- search_path): another schema's of the same name is not this store's.
CREATE FUNCTION incidents_month(d date) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	lo   date := date_trunc('month', d)::date;
	hi   date := (date_trunc('month', d) + interval '1 month')::date;
	name text := format('%I.%I', current_schema(), 'incidents_' || to_char(d, 'YYYY_MM'));
BEGIN
	IF to_regclass(name) IS NOT NULL THEN
		RETURN;
	END IF;
	EXECUTE format('CREATE TABLE %s (LIKE incidents INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name);
	EXECUTE format('WITH moved AS (DELETE FROM incidents_default WHERE date_start >= %L AND date_start < %L RETURNING *) INSERT INTO %s SELECT * FROM moved', lo, hi, name);
	EXECUTE format('ALTER TABLE incidents ATTACH PARTITION %s FOR VALUES FROM (%L) TO (%L)', name, lo, hi);
END
$$;
SELECT incidents_month(m) FROM (SELECT DISTINCT date_trunc('month', date_start)::date AS m FROM incidents_unpartitioned) months;

INSERT INTO incidents (id, source, source_key, report_id, date_start, date_end, date_prec, has_point, lon, lat, geom, loc_prec,
	country, admin1, admin2, place, event_type, sub_event_type, type_reason, violence_type, side_a, side_b, assoc_a, assoc_b,
	deaths_low, deaths_best, deaths_high, deaths_civ, sources, num_sources, source_text, withdrawn_at)
SELECT id, source, source_key, report_id, date_start, date_end, date_prec, has_point, lon, lat, geom, loc_prec,
	country, admin1, admin2, place, event_type, sub_event_type, type_reason, violence_type, side_a, side_b, assoc_a, assoc_b,
	deaths_low, deaths_best, deaths_high, deaths_civ, sources, num_sources, source_text, withdrawn_at
FROM incidents_unpartitioned;
DROP TABLE incidents_unpartitioned;

ALTER TABLE judgements ADD FOREIGN KEY (incident_id) REFERENCES incident_keys (id);
ALTER TABLE corroboration ADD FOREIGN KEY (incident_id) REFERENCES incident_keys (id);
ANALYZE incident_keys, incidents;
