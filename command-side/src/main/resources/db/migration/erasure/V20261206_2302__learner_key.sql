-- Each learner's own key for their personal fields in the event store (decision 33), wrapped with the
-- master key. Erasing a learner drops the wrapped key and keeps the row, so that a sealed value whose
-- key is gone reads as erased, while one whose key id is unknown here stops its reader.
CREATE TABLE learner_key (
    key_id           uuid PRIMARY KEY,
    ukprn            integer NOT NULL,
    learn_ref_number text NOT NULL,
    master_key_id    text,
    wrapped_key      bytea,
    created_at       timestamptz NOT NULL DEFAULT now(),
    erased_at        timestamptz,
    erased_by        text,
    CONSTRAINT learner_key_learner UNIQUE (ukprn, learn_ref_number),
    CONSTRAINT learner_key_erased CHECK ((wrapped_key IS NULL) = (erased_at IS NOT NULL)),
    CONSTRAINT learner_key_wrapped CHECK (wrapped_key IS NULL OR master_key_id IS NOT NULL)
);
