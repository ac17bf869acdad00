package uk.ilrledger.schemas.learner;

import java.time.LocalDate;

/**
 * On a restart, the aim on a break ({@code originalAim}) and the new aim that continues it, with the
 * new aim's own LearnPlanEndDate, PHours and PriorLearnFundAdj. Restarts recorded before these were
 * kept per aim leave them out: the new aim then takes the restart's LearnPlanEndDate and
 * PriorLearnFundAdj and the original's PHours, as it did then.
 */
public record RestartedAim(String originalAim, String swSupAimId, int aimSeqNumber, LocalDate learnPlanEndDate,
        Integer pHours, Integer priorLearnFundAdj) {

    public RestartedAim(String originalAim, String swSupAimId, int aimSeqNumber) {
        this(originalAim, swSupAimId, aimSeqNumber, null, null, null);
    }
}
