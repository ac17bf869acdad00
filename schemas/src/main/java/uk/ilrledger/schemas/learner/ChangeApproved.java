package uk.ilrledger.schemas.learner;

import java.util.UUID;
import uk.ilrledger.schemas.values.LearnerId;

/** A second person approved a raised change; the typed ILR event that applies it follows. */
public record ChangeApproved(LearnerId learner, UUID changeId, String approvedBy, String comment)
        implements LearnerEvent {
}
