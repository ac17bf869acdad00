package uk.ilrledger.schemas.learner;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnerId;

/** A command addressed to one learner's stream. */
public sealed interface LearnerCommand
        permits LearnerCommand.RegisterLearner, LearnerCommand.RaiseChange, LearnerCommand.ApproveChange,
        LearnerCommand.RejectChange, LearnerCommand.MarkQaVerified, LearnerCommand.ImportLearner,
        LearnerCommand.RegisterImportedLearner, LearnerCommand.RequestErasure, LearnerCommand.ApproveErasure {

    LearnerId learner();

    record RegisterLearner(LearnerId learner, IlrLearner record, String registeredBy)
            implements LearnerCommand {
    }

    /**
     * {@code aims} name the aims concerned by AimSeqNumber or SWSupAimId; empty means every aim the
     * change can apply to (for a withdrawal, every open aim).
     */
    record RaiseChange(
            LearnerId learner,
            UUID changeId,
            ChangeProposal proposal,
            List<String> aims,
            LocalDate effectiveDate,
            String reason,
            List<EvidenceId> evidence,
            String raisedBy) implements LearnerCommand {
    }

    record ApproveChange(LearnerId learner, UUID changeId, String approvedBy, String comment)
            implements LearnerCommand {
    }

    record MarkQaVerified(LearnerId learner, String verifiedBy, String comment) implements LearnerCommand {
    }

    /**
     * The learner as an imported ILR file holds them. A learner new to the ledger is not recorded: they
     * wait for a second person to approve the import ({@link RegisterImportedLearner}); a known learner
     * gets raised changes for what the file changes, whose ids come from the file, so importing it again
     * raises nothing twice.
     */
    record ImportLearner(LearnerId learner, IlrLearner record, UUID importId, EvidenceId file, String fileName,
            String importedBy) implements LearnerCommand {
    }

    /**
     * A learner new to the ledger, registered from an import a second person approved ({@code approvedBy}),
     * with the file as evidence. Sent only for a learner the store holds no event of, checked while the
     * approval holds the append lock: the learner is created without reading the store, and a learner
     * registered after all fails the approval on the store's unique sequence number.
     */
    record RegisterImportedLearner(LearnerId learner, IlrLearner record, EvidenceId file, String importedBy,
            String approvedBy) implements LearnerCommand {
    }

    record RejectChange(LearnerId learner, UUID changeId, String rejectedBy, String reason)
            implements LearnerCommand {
    }

    /** Ask for the learner's personal fields to be erased (decision 33), for {@code reason}. */
    record RequestErasure(LearnerId learner, String reason, String requestedBy) implements LearnerCommand {
    }

    /** A second person approves the requested erasure: the learner's personal fields are erased. */
    record ApproveErasure(LearnerId learner, String approvedBy) implements LearnerCommand {
    }
}
