package uk.ilrledger.schemas.ilr.rules;

/** How much a finding matters: an error the DfE would reject the learner for, or a warning it would only raise. */
public enum Severity {
    error, warning
}
