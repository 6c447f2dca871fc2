-- The Arabic name of an administrative unit, when its boundary file gives
-- one (OCHA's NAME_ARA, ADM1_AR, ADM2_AR): the dashboard shows both names.
-- Units loaded before keep '' until `truce boundaries load` is run again.
ALTER TABLE admin_units ADD COLUMN name_ar TEXT NOT NULL DEFAULT '';
