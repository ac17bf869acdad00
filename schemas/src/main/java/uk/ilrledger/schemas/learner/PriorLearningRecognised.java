package uk.ilrledger.schemas.learner;

import java.util.List;
import java.util.UUID;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnerId;

/** Recognised prior learning reduced the aims' price and duration. {@code before} and {@code after} keep each aim's figures, which the ILR alone cannot show. */
public record PriorLearningRecognised(
        LearnerId learner,
        UUID changeId,
        List<String> aims,
        List<AimTerms> before,
        List<AimTerms> after,
        String reason,
        List<EvidenceId> evidence,
        String raisedBy,
        String approvedBy) implements ApprovedChange {

    public PriorLearningRecognised {
        aims = List.copyOf(aims);
        evidence = List.copyOf(evidence);
    }
}
