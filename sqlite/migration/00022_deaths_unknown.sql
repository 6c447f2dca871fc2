-- Deaths whose status the source could not tell (GED's deaths_unknown).
-- GED counts them apart from civilians and combatants; a monitor that
-- counts civilians may count them too, so a civilian toll is weighed
-- against civilians plus these. Incidents stored before keep 0 until their
-- source is imported into a fresh store: a re-import finds their rows
-- unchanged and stores nothing.
ALTER TABLE incidents ADD COLUMN deaths_unknown INTEGER NOT NULL DEFAULT 0;
