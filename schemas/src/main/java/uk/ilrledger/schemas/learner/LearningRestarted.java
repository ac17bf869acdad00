package uk.ilrledger.schemas.learner;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnerId;

/** The learner returned from a break on {@code learnStartDate}: each original aim gets a new aim (see {@link RestartedAim}) with OrigLearnStartDate, a RES FAM, a new AimSeqNumber and, for an apprenticeship, an ACT FAM and the price for the remainder dated on the restart. */
public record LearningRestarted(
        LearnerId learner,
        UUID changeId,
        List<String> aims,
        List<RestartedAim> restarts,
        LocalDate learnStartDate,
        LocalDate learnPlanEndDate,
        Integer tnp1,
        Integer tnp2,
        Integer priorLearnFundAdj,
        String reason,
        List<EvidenceId> evidence,
        String raisedBy,
        String approvedBy) implements ApprovedChange {

    public LearningRestarted {
        aims = List.copyOf(aims);
        evidence = List.copyOf(evidence);
    }
}
