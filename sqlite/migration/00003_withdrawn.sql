-- When a source withdrew an incident (ACLED deletions); '' while it stands.
ALTER TABLE incidents ADD COLUMN withdrawn_at TEXT NOT NULL DEFAULT '';
