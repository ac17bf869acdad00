package uk.ilrledger.command.learner;

import static uk.ilrledger.schemas.problems.DomainProblem.Kind.CONFLICT;
import static uk.ilrledger.schemas.problems.DomainProblem.Kind.INVALID;

import java.time.LocalDate;
import java.util.List;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.rules.IlrRules;
import uk.ilrledger.schemas.problems.DomainProblem.Kind;

/**
 * The DfE rules that hold between an aim's own fields whatever change wrote them: the ones each
 * change type checks on its request, stated over the record ({@link IlrRules#recordFindings}), so a
 * correction can be held to them.
 * A problem is keyed by the aim's SWSupAimId, not its place, so the same fault before and after a
 * correction compares equal.
 */
final class RecordRules {

    record Problem(Kind kind, String ruleId, String aim, String field, String message) {
        /** The same rule broken by the same aim's field: the same problem, whatever the values now. */
        String key() {
            return ruleId + "|" + aim + "|" + field;
        }
    }

    private final IlrRules rules;

    RecordRules(IlrRules rules) {
        this.rules = rules;
    }

    /** The record's problems as of {@code today}; CompStatus_06 is a conflict with the aim's status, the rest invalid values. */
    List<Problem> problems(IlrLearner record, LocalDate today) {
        return rules.recordFindings(record, today).stream()
                .map(f -> new Problem("CompStatus_06".equals(f.ruleId()) ? CONFLICT : INVALID, f.ruleId(),
                        f.swSupAimId(), f.path().substring(f.path().indexOf("].") + 2), f.message()))
                .toList();
    }
}
