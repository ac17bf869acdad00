package uk.ilrledger.command.learner;

import java.util.List;
import uk.ilrledger.schemas.ilr.LearningDelivery;

/** What importing one learner did, and the aims the ledger holds that the file lacks (kept as they are). */
public record ImportOutcome(Kind kind, List<LearningDelivery> missingAims) {

    public enum Kind {
        /** New to the ledger: registered from the file. */
        REGISTERED,
        /** Known, and the file differs: one correction records the difference. */
        CORRECTED,
        /** Known, and the file holds nothing new. */
        UNCHANGED
    }

    public ImportOutcome {
        missingAims = List.copyOf(missingAims);
    }
}
