-- Every read of a learner's ILR or history by a user whose reads are audited (auditors, by default):
-- who read which learner, what they asked for (the ILR now, as known at an instant, as in effect on a
-- date, or the history), when, and up to which event store position the answer reflected. Not a
-- projection: it records reads, which the event store knows nothing of, so it is never dropped or
-- rebuilt, and rows are only ever added.
CREATE TABLE learner_read (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ukprn            INTEGER     NOT NULL,
    learn_ref_number TEXT        NOT NULL,
    read_by          TEXT        NOT NULL,
    read_at          TIMESTAMPTZ NOT NULL,
    what             TEXT        NOT NULL CHECK (what IN ('ILR', 'HISTORY')),
    as_of            TIMESTAMPTZ,
    effective_on     DATE,
    store_position   BIGINT      NOT NULL
);
CREATE INDEX learner_read_learner ON learner_read (ukprn, learn_ref_number, id);
CREATE INDEX learner_read_provider ON learner_read (ukprn, id);

CREATE FUNCTION learner_read_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'learner_read is append-only: % refused', TG_OP;
END;
$$;
CREATE TRIGGER learner_read_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON learner_read
    FOR EACH STATEMENT EXECUTE FUNCTION learner_read_append_only();
