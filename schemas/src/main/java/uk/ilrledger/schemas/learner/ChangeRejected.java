package uk.ilrledger.schemas.learner;

import java.util.UUID;
import uk.ilrledger.schemas.values.LearnerId;

/** A second person rejected a raised change; the ILR is untouched. */
public record ChangeRejected(LearnerId learner, UUID changeId, String rejectedBy, String reason)
        implements LearnerEvent {
}
