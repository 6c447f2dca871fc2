-- When a source withdrew an incident (ACLED deletions); NULL while it stands.
ALTER TABLE incidents ADD COLUMN withdrawn_at timestamptz;
