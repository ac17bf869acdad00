package uk.ilrledger.schemas.learner;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnerId;

/**
 * The learner withdrew from the aims named by SWSupAimId, their last day of learning being
 * {@code learnActEndDate}. Applied, it sets CompStatus 3, LearnActEndDate, WithdrawReason and
 * Outcome 3, and closes the open {@code ACT} FAM of a standard on LearnActEndDate.
 */
public record LearnerWithdrawn(
        LearnerId learner,
        UUID changeId,
        List<String> aims,
        LocalDate learnActEndDate,
        int withdrawReason,
        String reason,
        List<EvidenceId> evidence,
        String raisedBy,
        String approvedBy) implements ApprovedChange {

    public LearnerWithdrawn {
        aims = List.copyOf(aims);
        evidence = List.copyOf(evidence);
    }
}
