package uk.ilrledger.schemas.learner;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnerId;

/**
 * A change of circumstance was requested and awaits a second person's decision. {@code aims} are
 * the SWSupAimIds of the aims concerned.
 */
public record ChangeRaised(
        LearnerId learner,
        UUID changeId,
        ChangeProposal proposal,
        List<String> aims,
        LocalDate effectiveDate,
        String reason,
        List<EvidenceId> evidence,
        String raisedBy) implements LearnerEvent {

    public ChangeRaised {
        aims = List.copyOf(aims);
        evidence = List.copyOf(evidence);
    }
}
