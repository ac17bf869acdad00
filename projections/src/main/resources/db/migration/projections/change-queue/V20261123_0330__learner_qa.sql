-- Each learner's QA status as trackers see it beside their change requests.
CREATE TABLE learner_qa (
    ukprn             INTEGER     NOT NULL,
    learn_ref_number  TEXT        NOT NULL,
    qa_status         TEXT        NOT NULL,
    verified_by       TEXT,
    verified_at       TIMESTAMPTZ,
    PRIMARY KEY (ukprn, learn_ref_number)
);
