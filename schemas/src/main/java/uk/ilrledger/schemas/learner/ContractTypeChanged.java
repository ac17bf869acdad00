package uk.ilrledger.schemas.learner;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnerId;

/**
 * The aims' contract type changed on {@code learnDelFAMDateFrom}: each aim's open {@code ACT}
 * LearningDeliveryFAM ends the day before and a new {@code ACT} period with code {@code act} opens on
 * it, so the periods stay contiguous (R104) and never overlap (R105).
 */
public record ContractTypeChanged(
        LearnerId learner,
        UUID changeId,
        List<String> aims,
        int act,
        LocalDate learnDelFAMDateFrom,
        String reason,
        List<EvidenceId> evidence,
        String raisedBy,
        String approvedBy) implements ApprovedChange {

    public ContractTypeChanged {
        aims = List.copyOf(aims);
        evidence = List.copyOf(evidence);
    }
}
