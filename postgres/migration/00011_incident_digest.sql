-- The digest of the incident each report was parsed into (ledger.IncidentDigest),
-- covered by the report's log entry, so that `truce log verify` can tell an
-- incident edited in the database from the one its report brought.
ALTER TABLE reports ADD COLUMN incident_digest text NOT NULL DEFAULT '';
