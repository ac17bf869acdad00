-- The per-learner hash chain: each event's SHA-256 over the previous event's hash and the event
-- as stored. Written in the transaction that appends the event; rows are never updated.
CREATE TABLE learner_event_chain (
    event_identifier      VARCHAR(255) PRIMARY KEY,
    aggregate_identifier  VARCHAR(255) NOT NULL,
    sequence_number       BIGINT       NOT NULL,
    previous_hash         CHAR(64)     NOT NULL,
    hash                  CHAR(64)     NOT NULL,
    UNIQUE (aggregate_identifier, sequence_number)
);
