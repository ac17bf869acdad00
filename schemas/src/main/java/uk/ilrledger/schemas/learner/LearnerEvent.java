package uk.ilrledger.schemas.learner;

import uk.ilrledger.schemas.values.LearnerId;

/**
 * Every fact recorded about a learner. The hierarchy is sealed so that the fold, the JSON Schemas
 * and the tests can list every event there is.
 */
public sealed interface LearnerEvent
        permits LearnerRegistered, ChangeRaised, ChangeApproved, ChangeRejected, ApprovedChange, QaVerified,
        ErasureRequested, LearnerErased {

    LearnerId learner();
}
