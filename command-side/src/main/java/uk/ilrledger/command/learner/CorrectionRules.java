package uk.ilrledger.command.learner;

import static uk.ilrledger.command.learner.RuleChecks.*;
import static uk.ilrledger.schemas.problems.DomainProblem.Kind.CONFLICT;
import static uk.ilrledger.schemas.problems.DomainProblem.Kind.INVALID;

import java.time.LocalDate;
import java.util.List;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.learner.ApprovedChange;
import uk.ilrledger.schemas.learner.ChangeRaised;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.ChangeType;
import uk.ilrledger.schemas.ilr.CorrectedFields;
import uk.ilrledger.schemas.learner.ChangeProposal.Correction;
import uk.ilrledger.schemas.learner.RecordCorrected;
import uk.ilrledger.schemas.problems.DomainProblem.FieldError;

/**
 * Any field, with a reason. A correction answers to the same rules as the change that would have
 * written the field: the record-level rules ({@link RecordRules}) and what an ILR file can hold
 * ({@link LearnerChecks}) are run over the corrected record, and only a problem the correction adds
 * refuses it; one the record already had is not the raiser's to answer for here.
 */
final class CorrectionRules implements ChangeTypeRules<Correction> {

    private final Corrections corrections;
    private final LearnerChecks learnerChecks;
    private final RecordRules recordRules;

    CorrectionRules(Corrections corrections, LearnerChecks learnerChecks, RecordRules recordRules) {
        this.corrections = corrections;
        this.learnerChecks = learnerChecks;
        this.recordRules = recordRules;
    }

    public ChangeType type() {
        return ChangeType.CORRECTION;
    }

    public Class<Correction> proposalType() {
        return Correction.class;
    }

    public boolean concernsByDefault(IlrLearner record, LearningDelivery aim) {
        return false;
    }

    public void check(IlrLearner record, Correction p, List<LearningDelivery> aims, LocalDate effectiveDate,
            LocalDate today) {
        IlrLearner corrected = corrections.apply(record, p, aims.stream().map(LearningDelivery::swSupAimId).toList());
        if (corrected.equals(record)) {
            throw DomainProblem.invalid("values", "the correction changes nothing");
        }
        exportable(record, corrected);
        List<String> before = recordRules.problems(record, today).stream().map(RecordRules.Problem::key).toList();
        for (RecordRules.Problem problem : recordRules.problems(corrected, today)) {
            if (!before.contains(problem.key())) {
                throw DomainProblem.rule(problem.kind(), problem.ruleId(), "values.learningDelivery." + problem.field(),
                        "the corrected aim " + problem.aim() + " would break " + problem.ruleId() + ": "
                                + problem.message());
            }
        }
    }

    /** A correction may not make the record one an ILR file cannot hold. */
    private void exportable(IlrLearner record, IlrLearner corrected) {
        List<FieldError> before = learnerChecks.enteredErrors(record);
        List<FieldError> errors = learnerChecks.enteredErrors(corrected).stream()
                .filter(error -> !before.contains(error))
                .map(error -> new FieldError(error.field().startsWith("learningDeliveries[")
                        ? "values.learningDelivery." + error.field().substring(error.field().indexOf("].") + 2)
                        : "values.learner." + error.field(), error.message()))
                .distinct()
                .toList();
        if (!errors.isEmpty()) {
            throw DomainProblem.invalidFields(errors, "the corrected record would hold values an ILR file cannot: "
                    + errors.stream().map(e -> e.field() + ": " + e.message()).toList());
        }
    }

    /** Only the fields the correction changes, so it applies over the record as it is on its own date. */
    public ApprovedChange applied(IlrLearner record, ChangeRaised r, Correction p, String approvedBy) {
        return new RecordCorrected(r.learner(), r.changeId(), r.aims(),
                CorrectedFields.between(record, corrections.apply(record, p, r.aims())), r.effectiveDate(),
                r.reason(), r.evidence(), r.raisedBy(), approvedBy);
    }
}
