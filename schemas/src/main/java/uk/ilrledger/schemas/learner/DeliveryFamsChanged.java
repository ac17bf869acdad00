package uk.ilrledger.schemas.learner;

import java.util.List;
import java.util.UUID;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnerId;

/**
 * The aims' LearningDeliveryFAM codes of the undated type {@code learnDelFAMType} became
 * {@code learnDelFAMCodes} (none: the type left out).
 */
public record DeliveryFamsChanged(
        LearnerId learner,
        UUID changeId,
        List<String> aims,
        String learnDelFAMType,
        List<String> learnDelFAMCodes,
        String reason,
        List<EvidenceId> evidence,
        String raisedBy,
        String approvedBy) implements ApprovedChange {

    public DeliveryFamsChanged {
        aims = List.copyOf(aims);
        learnDelFAMCodes = List.copyOf(learnDelFAMCodes);
        evidence = List.copyOf(evidence);
    }
}
