-- One row per ILR file import. An import that stopped part way (finished_at null) is carried on by
-- importing the same file with the same import_id; a finished one answers its result again.
CREATE TABLE ilr_import (
    import_id    UUID        PRIMARY KEY,
    ukprn        INTEGER     NOT NULL,
    file_sha256  CHAR(64)    NOT NULL,
    file_name    TEXT        NOT NULL,
    file_size    BIGINT      NOT NULL,
    imported_by  TEXT        NOT NULL,
    started_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ,
    result       JSONB
);

CREATE INDEX ilr_import_by_provider ON ilr_import (ukprn, started_at);
