-- What the last import of each learner found against the DfE's rules. The file's learner is
-- recorded whole regardless; these say what in it the DfE would reject or warn about. An import
-- replaces the findings of the learners in its file, so importing a file again changes nothing.
CREATE TABLE import_finding (
    ukprn            INTEGER  NOT NULL,
    learn_ref_number TEXT     NOT NULL,
    position         INTEGER  NOT NULL,
    import_id        UUID     NOT NULL,
    rule_id          TEXT     NOT NULL,
    severity         TEXT     NOT NULL,
    entity           TEXT     NOT NULL,
    field            TEXT     NOT NULL,
    aim_seq_number   INTEGER,
    sw_sup_aim_id    TEXT,
    file_value       TEXT,
    line             INTEGER  NOT NULL,
    message          TEXT     NOT NULL,
    PRIMARY KEY (ukprn, learn_ref_number, position)
);
