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
import uk.ilrledger.schemas.learner.BreakInLearningStarted;
import uk.ilrledger.schemas.learner.ChangeProposal.BreakInLearning;

/** A break in learning: CompStatus 6, LearnActEndDate the last day before it, Outcome 3, no WithdrawReason. */
final class BreakInLearningRules implements ChangeTypeRules<BreakInLearning> {

    public ChangeType type() {
        return ChangeType.BREAK_IN_LEARNING;
    }

    public Class<BreakInLearning> proposalType() {
        return BreakInLearning.class;
    }

    public void check(IlrLearner record, BreakInLearning p, List<LearningDelivery> aims, LocalDate effectiveDate,
            LocalDate today) {
        requireSome(aims, "the learner has no continuing aim to break");
        requireContinuing(aims);
        endDate(p.learnActEndDate(), aims, today);
    }

    public ApprovedChange applied(IlrLearner record, ChangeRaised r, BreakInLearning p, String approvedBy) {
        return new BreakInLearningStarted(r.learner(), r.changeId(), r.aims(), p.learnActEndDate(), r.reason(),
                r.evidence(), r.raisedBy(), approvedBy);
    }

    public TakesEffect takesEffect(BreakInLearning p) {
        return new TakesEffect("learnActEndDate", p.learnActEndDate());
    }
}
