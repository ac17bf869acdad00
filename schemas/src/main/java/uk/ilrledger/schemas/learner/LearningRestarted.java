package uk.ilrledger.schemas.learner;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnerId;

/**
 * The learner returned on {@code learnStartDate}: each original aim gets a new aim (see
 * {@link RestartedAim}, with its own terms) with a new AimSeqNumber and, for an apprenticeship, an ACT
 * FAM and the price for the remainder dated on the restart: TNP1/TNP2, or residual TNP3/TNP4. After a
 * break the new aim carries OrigLearnStartDate and a RES FAM; after a withdrawal it is a new start.
 */
public record LearningRestarted(
        LearnerId learner,
        UUID changeId,
        List<String> aims,
        List<RestartedAim> restarts,
        LocalDate learnStartDate,
        LocalDate learnPlanEndDate,
        Integer tnp1,
        Integer tnp2,
        Integer tnp3,
        Integer tnp4,
        Integer priorLearnFundAdj,
        String reason,
        List<EvidenceId> evidence,
        String raisedBy,
        String approvedBy) implements ApprovedChange {

    public LearningRestarted {
        aims = List.copyOf(aims);
        evidence = List.copyOf(evidence);
    }

    /** A restart priced at the total TNP1/TNP2, as every restart was before residual prices. */
    public LearningRestarted(LearnerId learner, UUID changeId, List<String> aims, List<RestartedAim> restarts,
            LocalDate learnStartDate, LocalDate learnPlanEndDate, Integer tnp1, Integer tnp2, Integer priorLearnFundAdj,
            String reason, List<EvidenceId> evidence, String raisedBy, String approvedBy) {
        this(learner, changeId, aims, restarts, learnStartDate, learnPlanEndDate, tnp1, tnp2, null, null,
                priorLearnFundAdj, reason, evidence, raisedBy, approvedBy);
    }
}
