-- Every monitor who uploaded a file, not only the first: one who uploads
-- bytes another uploaded before may read them back, and citing a file one
-- did not upload says nothing about whether it exists.
CREATE TABLE evidence_uploaders (
	sha256      text        NOT NULL REFERENCES evidence (sha256),
	uploader    text        NOT NULL,
	uploaded_at timestamptz NOT NULL,
	PRIMARY KEY (sha256, uploader)
);
INSERT INTO evidence_uploaders (sha256, uploader, uploaded_at) SELECT sha256, uploaded_by, uploaded_at FROM evidence;
