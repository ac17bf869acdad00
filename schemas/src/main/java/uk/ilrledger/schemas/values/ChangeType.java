package uk.ilrledger.schemas.values;

/** The changes of circumstance a tracker approver can raise. */
public enum ChangeType {
    WITHDRAWAL,
    BREAK_IN_LEARNING,
    RESTART,
    CHANGE_OF_EMPLOYER,
    PRIOR_LEARNING_REDUCTION,
    COMPLETION,
    END_POINT_ASSESSMENT,
    PRICE_CHANGE,
    CONTRACT_TYPE_CHANGE,
    DID_NOT_RETURN,
    ADD_AIM,
    REMOVE_AIM,
    LEARNER_FAM,
    DELIVERY_FAM,
    OUTCOME,
    FORCE_INCLUDE,
    CORRECTION
}
