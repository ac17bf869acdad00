package uk.ilrledger.schemas.learner;

import java.time.LocalDate;

/** An aim's price, duration and planned hours, as recognised prior learning changes them. */
public record AimTerms(String swSupAimId, Integer tnp1, Integer tnp2, LocalDate learnPlanEndDate, Integer pHours,
        Integer priorLearnFundAdj) {
}
