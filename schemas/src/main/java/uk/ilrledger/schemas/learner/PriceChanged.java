package uk.ilrledger.schemas.learner;

import java.util.List;
import java.util.UUID;
import uk.ilrledger.schemas.ilr.AppFinRecord;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnerId;

/**
 * The agreed price changed after the start: {@code appFinRecords} (TNP records, all dated from when the
 * new price applies) are added to each aim, the earlier records kept, so a return shows both.
 * {@code before} holds the price records each new one supersedes (the latest of its code, or of the
 * total price it turns residual), so the event alone says what the price was and what it became.
 */
public record PriceChanged(
        LearnerId learner,
        UUID changeId,
        List<String> aims,
        List<AppFinRecord> before,
        List<AppFinRecord> appFinRecords,
        String reason,
        List<EvidenceId> evidence,
        String raisedBy,
        String approvedBy) implements ApprovedChange {

    public PriceChanged {
        aims = List.copyOf(aims);
        before = List.copyOf(before);
        appFinRecords = List.copyOf(appFinRecords);
        evidence = List.copyOf(evidence);
    }
}
