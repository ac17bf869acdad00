package uk.ilrledger.schemas.learner;

import uk.ilrledger.schemas.values.LearnerId;

/** A command addressed to one learner's stream. */
public sealed interface LearnerCommand
        permits LearnerCommand.RegisterLearner, LearnerCommand.RaiseChange, LearnerCommand.ApproveChange,
        LearnerCommand.RejectChange, LearnerCommand.MarkQaVerified {

    LearnerId learner();

    record RegisterLearner(LearnerId learner, uk.ilrledger.schemas.ilr.IlrLearner record, String registeredBy)
            implements LearnerCommand {
    }

    /**
     * {@code aims} name the aims concerned by AimSeqNumber or SWSupAimId; empty means every aim the
     * change can apply to (for a withdrawal, every open aim).
     */
    record RaiseChange(
            LearnerId learner,
            java.util.UUID changeId,
            ChangeProposal proposal,
            java.util.List<String> aims,
            java.time.LocalDate effectiveDate,
            String reason,
            java.util.List<uk.ilrledger.schemas.values.EvidenceId> evidence,
            String raisedBy) implements LearnerCommand {
    }

    record ApproveChange(LearnerId learner, java.util.UUID changeId, String approvedBy, String comment)
            implements LearnerCommand {
    }

    record MarkQaVerified(LearnerId learner, String verifiedBy, String comment) implements LearnerCommand {
    }

    record RejectChange(LearnerId learner, java.util.UUID changeId, String rejectedBy, String reason)
            implements LearnerCommand {
    }
}
