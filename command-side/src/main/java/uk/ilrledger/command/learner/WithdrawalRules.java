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
import uk.ilrledger.command.reference.ReferenceData;
import uk.ilrledger.schemas.learner.ChangeProposal.Withdrawal;
import uk.ilrledger.schemas.learner.LearnerWithdrawn;
import uk.ilrledger.schemas.values.CollectionYear;

/** A withdrawal: CompStatus 3 on LearnActEndDate with a WithdrawReason from the year's code list, Outcome 3. */
final class WithdrawalRules implements ChangeTypeRules<Withdrawal> {

    private final ReferenceData referenceData;

    WithdrawalRules(ReferenceData referenceData) {
        this.referenceData = referenceData;
    }

    public ChangeType type() {
        return ChangeType.WITHDRAWAL;
    }

    public Class<Withdrawal> proposalType() {
        return Withdrawal.class;
    }

    public void check(IlrLearner record, Withdrawal p, List<LearningDelivery> aims, LocalDate effectiveDate,
            LocalDate today) {
        if (p.withdrawReason() == null) {
            throw DomainProblem.rule(INVALID, "WithdrawReason_03", "values.withdrawReason",
                    "a withdrawal (CompStatus 3) needs a WithdrawReason");
        }
        CollectionYear year = CollectionYear.containing(p.learnActEndDate());
        if (!referenceData.year(year).withdrawReason().contains(p.withdrawReason())) {
            throw DomainProblem.rule(INVALID, "WithdrawReason_01", "values.withdrawReason",
                    "WithdrawReason " + p.withdrawReason() + " is not in the " + year + " code list");
        }
        requireSome(aims, "the learner has no continuing aim to withdraw");
        requireContinuing(aims);
        endDate(p.learnActEndDate(), aims, today);
    }

    public ApprovedChange applied(IlrLearner record, ChangeRaised r, Withdrawal p, String approvedBy) {
        return new LearnerWithdrawn(r.learner(), r.changeId(), r.aims(), p.learnActEndDate(), p.withdrawReason(),
                r.reason(), r.evidence(), r.raisedBy(), approvedBy);
    }

    public TakesEffect takesEffect(Withdrawal p) {
        return new TakesEffect("learnActEndDate", p.learnActEndDate());
    }
}
