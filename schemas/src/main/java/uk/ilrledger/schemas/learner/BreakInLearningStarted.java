package uk.ilrledger.schemas.learner;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnerId;

/** The learner paused the aims: CompStatus 6 from the day after {@code learnActEndDate}, Outcome 3, no WithdrawReason; a standard's open ACT FAM closes on LearnActEndDate. */
public record BreakInLearningStarted(
        LearnerId learner,
        UUID changeId,
        List<String> aims,
        LocalDate learnActEndDate,
        String reason,
        List<EvidenceId> evidence,
        String raisedBy,
        String approvedBy) implements ApprovedChange {

    public BreakInLearningStarted {
        aims = List.copyOf(aims);
        evidence = List.copyOf(evidence);
    }
}
