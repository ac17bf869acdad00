package uk.ilrledger.query.findings;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import uk.ilrledger.schemas.ilr.rules.Finding;
import uk.ilrledger.schemas.ilr.rules.Severity;

/**
 * A DfE rule a learner's record breaks, where, and what made it so.
 *
 * @param line the line of the learner or aim in the imported file, when an import brought the finding in
 * @param message names the learner, the aim and the line where known
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LedgerFinding(String learnRefNumber, String ruleId, Severity severity, String entity, String field,
        Integer aimSeqNumber, String swSupAimId, Integer line, String message, FindingCause appearedWith) {

    static LedgerFinding of(String learnRefNumber, Finding finding, Integer line, FindingCause appearedWith) {
        String where = "Learner " + learnRefNumber + (finding.aimSeqNumber() == null ? "" : " aim " + finding.aimSeqNumber())
                + (line == null ? "" : " (line " + line + ")");
        return new LedgerFinding(learnRefNumber, finding.ruleId(), finding.severity(), finding.entity(), finding.field(),
                finding.aimSeqNumber(), finding.swSupAimId(), line, where + ": " + finding.message(), appearedWith);
    }

    @JsonIgnore
    public boolean isError() {
        return severity == Severity.error;
    }
}
