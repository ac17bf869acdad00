package uk.ilrledger.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.springframework.stereotype.Component;
import uk.ilrledger.command.json.StrictJson;
import uk.ilrledger.command.learner.ChangeRules;
import uk.ilrledger.command.learner.ChangeTypeRules;
import uk.ilrledger.projections.currentilr.CurrentIlrProjection;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.learner.ChangeProposal;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.ChangeType;
import uk.ilrledger.schemas.values.LearnerId;

/**
 * The rules a change would meet if raised now, checked against the learner's current record with the
 * same {@link ChangeRules} the learner applies when it is raised, and nothing recorded.
 */
@Component
public class ChangeDryRun {

    private final ChangeRules rules;
    private final CurrentIlrProjection currentIlr;
    private final ObjectMapper json;
    private final Clock clock;

    public ChangeDryRun(ChangeRules rules, CurrentIlrProjection currentIlr, StrictJson json, Clock clock) {
        this.rules = rules;
        this.currentIlr = currentIlr;
        this.json = json.mapper();
        this.clock = clock;
    }

    /** What the checks found: passed, or the first rule broken with its field and DfE rule id. */
    public record Verdict(boolean passed, String message, String field, String ruleId, List<String> aims) {
        static Verdict broken(DomainProblem problem) {
            return new Verdict(false, problem.getMessage(), problem.field(), problem.ruleId(), List.of());
        }
    }

    public Verdict check(LearnerId learner, ChangeType type, ObjectNode values, List<String> aims, LocalDate effectiveDate) {
        try {
            rules.of(type);
            if (effectiveDate == null) {
                return new Verdict(false, "give the date the change takes effect", "effectiveDate", null, List.of());
            }
            IlrLearner record = currentIlr.find(learner)
                    .orElseThrow(() -> DomainProblem.notFound("learnRefNumber", "no learner " + learner.learnRefNumber()));
            ChangeProposal proposal = proposal(type, values).withDefaults(effectiveDate);
            ChangeTypeRules.TakesEffect takesEffect = rules.takesEffect(proposal);
            if (takesEffect != null && takesEffect.date() != null && !takesEffect.date().equals(effectiveDate)) {
                return new Verdict(false, takesEffect.field() + " " + takesEffect.date() + " differs from the effective date "
                        + effectiveDate, "values." + takesEffect.field(), null, List.of());
            }
            for (String aim : aims) {
                if (record.aim(aim).isEmpty()) {
                    return new Verdict(false, "the learner has no aim " + aim, "aims", null, List.of());
                }
            }
            List<String> concerned = aims.isEmpty() ? rules.defaultAims(record, proposal) : aims;
            rules.check(record, proposal, concerned, effectiveDate, LocalDate.now(clock));
            return new Verdict(true, "The change meets every rule against the learner's current record.", null, null,
                    concerned);
        } catch (DomainProblem problem) {
            return Verdict.broken(problem);
        }
    }

    private ChangeProposal proposal(ChangeType type, ObjectNode values) {
        ObjectNode typed = values.deepCopy();
        typed.put("type", type.name());
        try {
            return json.treeToValue(typed, ChangeProposal.class);
        } catch (JsonProcessingException e) {
            throw DomainProblem.invalid("values", e.getOriginalMessage());
        }
    }
}
