-- The audit history: one entry per registration or change, with its whole workflow and the
-- ILR fields it changed (old -> new). The state table holds each learner's record as this
-- projection last folded it, to compute those field changes.
CREATE TABLE learner_history_entry (
    entry_id          BIGSERIAL   PRIMARY KEY,
    ukprn             INTEGER     NOT NULL,
    learn_ref_number  TEXT        NOT NULL,
    change_id         UUID        UNIQUE,
    entry_type        TEXT        NOT NULL,
    status            TEXT        NOT NULL,
    effective_date    DATE,
    reason            TEXT,
    proposal          JSONB,
    evidence          JSONB       NOT NULL DEFAULT '[]',
    raised_by         TEXT        NOT NULL,
    raised_at         TIMESTAMPTZ NOT NULL,
    decided_by        TEXT,
    decided_at        TIMESTAMPTZ,
    decision_comment  TEXT,
    field_changes     JSONB       NOT NULL DEFAULT '[]'
);
CREATE INDEX learner_history_entry_learner ON learner_history_entry (ukprn, learn_ref_number, entry_id);

CREATE TABLE learner_history_state (
    ukprn             INTEGER NOT NULL,
    learn_ref_number  TEXT    NOT NULL,
    record            JSONB   NOT NULL,
    PRIMARY KEY (ukprn, learn_ref_number)
);
