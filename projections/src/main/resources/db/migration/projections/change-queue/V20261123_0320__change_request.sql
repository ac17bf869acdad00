-- The tracker queue: every change request and where it stands.
CREATE TABLE change_request (
    change_id         UUID        PRIMARY KEY,
    ukprn             INTEGER     NOT NULL,
    learn_ref_number  TEXT        NOT NULL,
    change_type       TEXT        NOT NULL,
    status            TEXT        NOT NULL,
    aims              JSONB       NOT NULL,
    effective_date    DATE        NOT NULL,
    proposal          JSONB       NOT NULL,
    reason            TEXT        NOT NULL,
    evidence          JSONB       NOT NULL,
    raised_by         TEXT        NOT NULL,
    raised_at         TIMESTAMPTZ NOT NULL,
    decided_by        TEXT,
    decided_at        TIMESTAMPTZ,
    decision_comment  TEXT
);
CREATE INDEX change_request_queue ON change_request (status, ukprn, raised_at);
