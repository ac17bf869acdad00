package uk.ilrledger.schemas.learner;

import uk.ilrledger.schemas.values.LearnerId;

/**
 * The learner's personal fields were erased: the key their values were sealed with is gone, so every
 * event, projection and export shows them as erased from now on (decision 33). The event itself holds
 * no personal data: why, who asked ({@link ErasureRequested}) and who approved.
 */
public record LearnerErased(LearnerId learner, String reason, String requestedBy, String approvedBy)
        implements LearnerEvent {
}
