package uk.ilrledger.schemas.learner;

import java.util.List;
import java.util.UUID;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnerId;

/**
 * Aims recorded in error leave the learner's record: {@code aims} by SWSupAimId, {@code removed} the
 * aims as they stood when the removal was approved, so the event alone says what was taken out.
 */
public record AimRemoved(
        LearnerId learner,
        UUID changeId,
        List<String> aims,
        List<LearningDelivery> removed,
        String reason,
        List<EvidenceId> evidence,
        String raisedBy,
        String approvedBy) implements ApprovedChange {

    public AimRemoved {
        aims = List.copyOf(aims);
        removed = List.copyOf(removed);
        evidence = List.copyOf(evidence);
    }
}
