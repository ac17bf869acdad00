package uk.ilrledger.schemas.values;

/** Where a change request stands in the four-eyes workflow. */
public enum ChangeStatus {
    RAISED,
    APPROVED,
    REJECTED
}
