package uk.ilrledger.schemas.learner;

import java.util.List;
import java.util.UUID;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnerId;

/**
 * The learner's LearnerFAM codes of type {@code learnFAMType} became {@code learnFAMCodes} (none: the
 * type left out); {@code aims} is empty, a LearnerFAM being the learner's.
 */
public record LearnerFamsChanged(
        LearnerId learner,
        UUID changeId,
        List<String> aims,
        String learnFAMType,
        List<Integer> learnFAMCodes,
        String reason,
        List<EvidenceId> evidence,
        String raisedBy,
        String approvedBy) implements ApprovedChange {

    public LearnerFamsChanged {
        aims = List.copyOf(aims);
        learnFAMCodes = List.copyOf(learnFAMCodes);
        evidence = List.copyOf(evidence);
    }
}
