package uk.ilrledger.schemas.learner;

import java.time.LocalDate;

/**
 * What a restart proposes for one restarted aim, keyed by the original aim's SWSupAimId: its own
 * LearnPlanEndDate, planned hours (PHours) and PriorLearnFundAdj (the percent still to deliver).
 * Each left out falls back to the restart's single value.
 */
public record RestartTerms(String swSupAimId, LocalDate learnPlanEndDate, Integer pHours, Integer priorLearnFundAdj) {
}
