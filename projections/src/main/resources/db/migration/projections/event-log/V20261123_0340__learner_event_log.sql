-- Every learner event in store order, with when it was recorded and the date it takes effect:
-- the input of point-in-time reads and return snapshots.
CREATE TABLE learner_event_log (
    global_index      BIGINT      PRIMARY KEY,
    ukprn             INTEGER     NOT NULL,
    learn_ref_number  TEXT        NOT NULL,
    sequence_number   BIGINT      NOT NULL,
    event_identifier  TEXT        NOT NULL UNIQUE,
    event_type        TEXT        NOT NULL,
    recorded_at       TIMESTAMPTZ NOT NULL,
    change_id         UUID,
    effective_date    DATE,
    payload           JSONB       NOT NULL
);
CREATE INDEX learner_event_log_learner ON learner_event_log (ukprn, learn_ref_number, global_index);
