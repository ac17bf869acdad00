package uk.ilrledger.schemas.learner;

import uk.ilrledger.schemas.values.LearnerId;

/**
 * The learner's personal fields were erased: the key their values were sealed with is gone, so every
 * event, projection and export shows them as erased from now on (decision 33). The event itself holds
 * no personal data: who erased the learner, and why.
 */
public record LearnerErased(LearnerId learner, String reason, String erasedBy) implements LearnerEvent {
}
