-- The current ILR: one row per learner, the fold of all their events so far.
CREATE TABLE current_ilr_learner (
    ukprn             INTEGER     NOT NULL,
    learn_ref_number  TEXT        NOT NULL,
    uln               BIGINT      NOT NULL,
    record            JSONB       NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (ukprn, learn_ref_number)
);
