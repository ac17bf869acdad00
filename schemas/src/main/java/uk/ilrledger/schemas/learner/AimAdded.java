package uk.ilrledger.schemas.learner;

import java.util.List;
import java.util.UUID;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnerId;

/**
 * A new aim for a recorded learner: {@code learningDelivery} whole, with its AimSeqNumber and
 * SWSupAimId; {@code aims} holds that SWSupAimId alone.
 */
public record AimAdded(
        LearnerId learner,
        UUID changeId,
        List<String> aims,
        LearningDelivery learningDelivery,
        String reason,
        List<EvidenceId> evidence,
        String raisedBy,
        String approvedBy) implements ApprovedChange {

    public AimAdded {
        aims = List.copyOf(aims);
        evidence = List.copyOf(evidence);
    }
}
