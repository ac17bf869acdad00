package uk.ilrledger.command.learner;

import java.util.List;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.learner.ChangeRaised;

/**
 * What importing one learner did: the changes raised for a known learner (new ones only: a change the
 * same file or an open one already raised is not raised twice), the differences the rules refused,
 * and the aims the ledger holds that the file lacks (kept as they are).
 */
public record ImportOutcome(Kind kind, List<LearningDelivery> missingAims, List<ChangeRaised> raised,
        List<ImportedChanges.Refused> refused) {

    public enum Kind {
        /** New to the ledger: registered once a second person approves the import; nothing recorded yet. */
        NEW,
        /** New to the ledger and the import approved: registered from the file. */
        REGISTERED,
        /** Known, and the file differs: its differences are raised (or were already) for approval. */
        DIFFERS,
        /** Known, and the file holds nothing new. */
        UNCHANGED
    }

    public ImportOutcome {
        missingAims = List.copyOf(missingAims);
        raised = List.copyOf(raised);
        refused = List.copyOf(refused);
    }

    static ImportOutcome of(Kind kind) {
        return new ImportOutcome(kind, List.of(), List.of(), List.of());
    }
}
