package uk.ilrledger.schemas.values;

/** Where a learner stands in the compliance team's QA: checked as the record stands now, or not. */
public enum QaStatus {
    PENDING,
    VERIFIED
}
