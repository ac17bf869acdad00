-- Submitted returns, frozen: what they were built from and their SHA-256; and every aim they held,
-- which stays in the year's later returns.
CREATE TABLE return_submission (
    submission_id  UUID        PRIMARY KEY,
    ukprn          INTEGER     NOT NULL,
    year           TEXT        NOT NULL,
    period         TEXT        NOT NULL,
    position       BIGINT      NOT NULL,
    as_of          TIMESTAMPTZ NOT NULL,
    sha256         CHAR(64)    NOT NULL,
    submitted_by   TEXT        NOT NULL,
    submitted_at   TIMESTAMPTZ NOT NULL,
    global_index   BIGINT      NOT NULL
);
CREATE INDEX return_submission_provider ON return_submission (ukprn, year, period);

CREATE TABLE returned_aim (
    ukprn          INTEGER NOT NULL,
    year           TEXT    NOT NULL,
    sw_sup_aim_id  TEXT    NOT NULL,
    submission_id  UUID    NOT NULL,
    global_index   BIGINT  NOT NULL,
    PRIMARY KEY (ukprn, year, sw_sup_aim_id, submission_id)
);
