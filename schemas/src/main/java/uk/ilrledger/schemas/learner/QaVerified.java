package uk.ilrledger.schemas.learner;

import uk.ilrledger.schemas.values.LearnerId;

/**
 * A compliance check found the learner's record right as it stands. Any later approved change
 * puts the learner back to QA pending.
 */
public record QaVerified(LearnerId learner, String verifiedBy, String comment) implements LearnerEvent {
}
