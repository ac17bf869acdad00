-- An event a tracking processor's handler failed on, shared by every instance on this database:
-- one row per processor and event, updated at each failed attempt. An ADMIN's resolution lets that
-- processor pass over that one event; the row stays, with when the processor skipped it.
CREATE TABLE processor_failure (
    processor_name     TEXT        NOT NULL,
    event_identifier   TEXT        NOT NULL,
    segment            INTEGER     NOT NULL,
    global_index       BIGINT      NOT NULL,
    event_type         TEXT        NOT NULL,
    learner            TEXT,
    error              TEXT        NOT NULL,
    first_seen         TIMESTAMPTZ NOT NULL,
    last_seen          TIMESTAMPTZ NOT NULL,
    attempts           INTEGER     NOT NULL,
    -- Set once a later attempt succeeded on its own (the cause went away, e.g. a broker setting raised).
    recovered_at       TIMESTAMPTZ,
    resolved_by        TEXT,
    resolved_at        TIMESTAMPTZ,
    resolution_reason  TEXT,
    skipped_at         TIMESTAMPTZ,
    PRIMARY KEY (processor_name, event_identifier)
);
CREATE INDEX processor_failure_open ON processor_failure (processor_name)
    WHERE resolved_at IS NULL AND recovered_at IS NULL;
