package uk.ilrledger.schemas.learner;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnerId;

/**
 * The aims were completed on {@code learnActEndDate}: CompStatus 2, Outcome {@code outcome} (8,
 * pending, until recorded). The aims in {@code awaitingEndPointAssessment} (a standard's programme
 * aim) keep CompStatus 1 and an open ACT FAM until the assessment is recorded; null when none.
 */
public record AimCompleted(
        LearnerId learner,
        UUID changeId,
        List<String> aims,
        LocalDate learnActEndDate,
        int outcome,
        List<String> awaitingEndPointAssessment,
        String reason,
        List<EvidenceId> evidence,
        String raisedBy,
        String approvedBy) implements ApprovedChange {

    public AimCompleted {
        aims = List.copyOf(aims);
        evidence = List.copyOf(evidence);
        awaitingEndPointAssessment = awaitingEndPointAssessment == null ? null : List.copyOf(awaitingEndPointAssessment);
    }
}
