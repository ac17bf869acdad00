package uk.ilrledger.schemas.learner;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnerId;

/**
 * A standard's end-point assessment was completed on {@code achDate}, passed (Outcome 1) or failed
 * (Outcome 3): the programme aim becomes CompStatus 2 with that Outcome and AchDate, and its latest
 * ACT FAM ends on AchDate (R121).
 */
public record EndPointAssessmentRecorded(
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

    public EndPointAssessmentRecorded {
        aims = List.copyOf(aims);
        evidence = List.copyOf(evidence);
    }
}
