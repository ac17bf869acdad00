-- Evidence files, content-addressed: the id is the SHA-256 of the bytes, so a file is stored once.
CREATE TABLE evidence (
    evidence_id  CHAR(64)    PRIMARY KEY,
    file_name    TEXT        NOT NULL,
    media_type   TEXT        NOT NULL,
    size         BIGINT      NOT NULL,
    content      BYTEA       NOT NULL,
    uploaded_by  TEXT        NOT NULL,
    uploaded_at  TIMESTAMPTZ NOT NULL
);
