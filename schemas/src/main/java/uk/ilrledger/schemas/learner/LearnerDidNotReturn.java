package uk.ilrledger.schemas.learner;

import java.util.List;
import java.util.UUID;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnerId;

/**
 * The learner will not return to the aims they were on a break from: CompStatus 6 becomes 3 with
 * {@code withdrawReason}; LearnActEndDate (the last day before the break) and Outcome 3 stay.
 */
public record LearnerDidNotReturn(
        LearnerId learner,
        UUID changeId,
        List<String> aims,
        int withdrawReason,
        String reason,
        List<EvidenceId> evidence,
        String raisedBy,
        String approvedBy) implements ApprovedChange {

    public LearnerDidNotReturn {
        aims = List.copyOf(aims);
        evidence = List.copyOf(evidence);
    }
}
