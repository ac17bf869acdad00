package uk.ilrledger.query.returns;

/** Why an aim is in a year's return: the first of these that applies (see ilr-domain.md, "Which aims belong"). */
public enum InclusionReason {
    STARTED_IN_YEAR,
    CONTINUING,
    ENDED_IN_YEAR,
    ALREADY_RETURNED,
    OUTCOME_PENDING,
    BREAK_AWAITING_RESTART,
    LINKED_TO_PROGRAMME,
    FORCE_INCLUDED
}
