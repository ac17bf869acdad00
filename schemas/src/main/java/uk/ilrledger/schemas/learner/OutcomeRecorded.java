package uk.ilrledger.schemas.learner;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnerId;

/** The outcome of ended aims: Outcome, AchDate, OutGrade; a standard's ACT FAM ends on AchDate. */
public record OutcomeRecorded(
        LearnerId learner,
        UUID changeId,
        List<String> aims,
        int outcome,
        LocalDate achDate,
        String outGrade,
        String reason,
        List<EvidenceId> evidence,
        String raisedBy,
        String approvedBy) implements ApprovedChange {

    public OutcomeRecorded {
        aims = List.copyOf(aims);
        evidence = List.copyOf(evidence);
    }
}
