package uk.ilrledger.schemas.learner;

import uk.ilrledger.schemas.values.LearnerId;

/**
 * An ADMIN asked for the learner's personal fields to be erased (decision 33); a second person's
 * approval erases them ({@link LearnerErased}). Nothing personal: who asked, and why.
 */
public record ErasureRequested(LearnerId learner, String reason, String requestedBy) implements LearnerEvent {
}
