package uk.ilrledger.schemas.learner;

import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.values.LearnerId;

/** A learner and their aims entered the ledger. Every aim carries its AimSeqNumber and SWSupAimId. */
public record LearnerRegistered(LearnerId learner, IlrLearner record, String registeredBy) implements LearnerEvent {
}
