-- Imported reports' verbatim rows, compressed together: a run of reports
-- stored by one import batch, with consecutive IDs first_report.., keeps
-- its rows and incident digests in one pack (each as its length in a
-- uvarint, then its bytes, all DEFLATE-compressed), with the single byte
-- 0x00 in reports.raw and '' in reports.incident_digest (input never holds
-- NUL bytes: importers refuse them). Rows compress well together, not
-- alone: this keeps the store near the size of its input.
CREATE TABLE report_packs (
	first_report INTEGER PRIMARY KEY,
	reports      INTEGER NOT NULL, -- how many consecutive reports it holds
	data         BLOB    NOT NULL
);
