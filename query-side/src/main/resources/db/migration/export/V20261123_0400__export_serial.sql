-- Every ILR file exported, one row per (UKPRN, year, SerialNo). The DfE wants each file of a UKPRN
-- and year to carry the next SerialNo (01..99) and a DateTime later than the last one, so the next
-- file's header is taken from here; the rest records who exported which return, when, from what.
CREATE TABLE ilr_export (
    ukprn        INTEGER     NOT NULL,
    year         TEXT        NOT NULL,
    serial_no    SMALLINT    NOT NULL CHECK (serial_no BETWEEN 1 AND 99),
    -- The header's DateTime and the file name's date and time: UK local time, whole seconds.
    date_time    TIMESTAMP   NOT NULL,
    period       TEXT        NOT NULL,
    position     BIGINT      NOT NULL,
    learners     INTEGER     NOT NULL,
    file_name    TEXT        NOT NULL,
    exported_by  TEXT        NOT NULL,
    exported_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (ukprn, year, serial_no),
    UNIQUE (ukprn, year, date_time)
);
