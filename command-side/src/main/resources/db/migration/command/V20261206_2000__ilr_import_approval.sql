-- An import's place among the provider's files of a year (its header's FilePreparationDate and
-- DateTime: an older file is refused unless forced with a reason) and the second person's decision
-- on the learners it would register (decision 22). Imports recorded before carry no header dates
-- and count as approved: their learners were registered when imported.
ALTER TABLE ilr_import
    ADD COLUMN year                  TEXT,
    ADD COLUMN file_preparation_date DATE,
    ADD COLUMN file_date_time        TIMESTAMP,
    ADD COLUMN forced_reason         TEXT,
    ADD COLUMN status                TEXT NOT NULL DEFAULT 'APPROVED',
    ADD COLUMN new_learners          INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN registered            INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN decided_by            TEXT,
    ADD COLUMN decided_at            TIMESTAMPTZ,
    ADD COLUMN decision_reason       TEXT;

CREATE INDEX ilr_import_by_file_date ON ilr_import (ukprn, year, file_preparation_date, file_date_time);
