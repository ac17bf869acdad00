package uk.ilrledger.schemas.learner;

import java.util.List;
import java.util.UUID;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnerId;

/** The aims are kept in every return of collection {@code year} whatever the date rules say. */
public record AimForceIncluded(
        LearnerId learner,
        UUID changeId,
        List<String> aims,
        String year,
        String reason,
        List<EvidenceId> evidence,
        String raisedBy,
        String approvedBy) implements ApprovedChange {

    public AimForceIncluded {
        aims = List.copyOf(aims);
        evidence = List.copyOf(evidence);
    }
}
