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
        LearnerCommand.RejectChange, LearnerCommand.MarkQaVerified {

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

    record RejectChange(LearnerId learner, UUID changeId, String rejectedBy, String reason)
            implements LearnerCommand {
    }
}
