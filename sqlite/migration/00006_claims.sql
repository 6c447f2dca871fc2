-- Claims about a ceasefire, each with the check made when it was stored.
-- A claim is a record, never edited: checking the same words again stores a
-- new claim, so what the evidence said then stays answerable.
CREATE TABLE claims (
	id          INTEGER PRIMARY KEY,
	speaker     TEXT NOT NULL,
	text        TEXT NOT NULL,
	source      TEXT NOT NULL,
	date        TEXT NOT NULL,
	scope       TEXT NOT NULL, -- JSON: {"all": bool, "zones": [...]}
	assertion   TEXT NOT NULL,
	accused     TEXT NOT NULL,
	notes       TEXT NOT NULL, -- JSON array of strings
	verdict     TEXT NOT NULL, -- the check's verdict, '' when unchecked, for listing without decoding
	check_json  TEXT NOT NULL, -- JSON of the check, '' when unchecked
	checked_at  TEXT NOT NULL
);
CREATE INDEX claims_date ON claims (date);
