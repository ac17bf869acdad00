package uk.ilrledger.command.imports;

import uk.ilrledger.schemas.ilr.rules.Severity;

/**
 * What an import found in one learner of its file against the DfE's rules. The learner is recorded
 * whole regardless; this says what the DfE would reject ({@code error}) or question ({@code warning}).
 *
 * @param entity the ILR entity holding the value (Learner, LearningDelivery, ...)
 * @param field the ILR element at fault
 * @param aimSeqNumber the aim's AimSeqNumber in the ledger, for a finding on an aim
 * @param swSupAimId the aim's key in the ledger (its SWSupAimId), for a finding on an aim; null when
 *        the file gave none and the ledger derives it
 * @param fileValue what the file gave, where the ledger holds something else (a repeated AimSeqNumber
 *        or SWSupAimId)
 * @param line the line in the file of the aim, else of the learner
 */
public record ImportFinding(String learnRefNumber, String ruleId, Severity severity, String entity, String field,
        Integer aimSeqNumber, String swSupAimId, String fileValue, int line, String message) {
}
