package uk.ilrledger.schemas.learner;

import java.util.List;
import java.util.UUID;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnerId;

/** Fields corrected by hand, with a reason: {@code corrected} is the learner's whole record after the correction. */
public record RecordCorrected(
        LearnerId learner,
        UUID changeId,
        List<String> aims,
        IlrLearner corrected,
        String reason,
        List<EvidenceId> evidence,
        String raisedBy,
        String approvedBy) implements ApprovedChange {

    public RecordCorrected {
        aims = List.copyOf(aims);
        evidence = List.copyOf(evidence);
    }
}
