package uk.ilrledger.command.learner;

import java.time.LocalDate;
import java.util.List;
import uk.ilrledger.command.reference.ReferenceData;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.learner.ChangeProposal;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.problems.DomainProblem.Kind;
import uk.ilrledger.schemas.values.CollectionYear;

/**
 * The DfE rules a change must satisfy against the learner's current record, checked when the change
 * is raised and again when it is approved. A rule about the request itself fails as INVALID (400);
 * a rule about the learner's current state fails as CONFLICT (409).
 */
public final class ChangeRules {

    private final ReferenceData referenceData;

    public ChangeRules(ReferenceData referenceData) {
        this.referenceData = referenceData;
    }

    public void check(IlrLearner record, ChangeProposal proposal, List<String> aims, LocalDate today) {
        if (proposal instanceof ChangeProposal.Withdrawal withdrawal) {
            checkWithdrawal(record, withdrawal, aims, today);
        } else {
            throw DomainProblem.invalid("type", "unsupported change type " + proposal.type());
        }
    }

    private void checkWithdrawal(IlrLearner record, ChangeProposal.Withdrawal withdrawal, List<String> aims,
            LocalDate today) {
        LocalDate end = withdrawal.learnActEndDate();
        if (withdrawal.withdrawReason() == null) {
            throw DomainProblem.rule(Kind.INVALID, "WithdrawReason_03", "values.withdrawReason",
                    "a withdrawal (CompStatus 3) needs a WithdrawReason");
        }
        if (end.isAfter(today)) {
            throw DomainProblem.rule(Kind.INVALID, "LearnActEndDate_04", "values.learnActEndDate",
                    "LearnActEndDate " + end + " is in the future; a future-dated end cannot be returned");
        }
        CollectionYear year = CollectionYear.containing(end);
        if (!referenceData.year(year).withdrawReason().contains(withdrawal.withdrawReason())) {
            throw DomainProblem.rule(Kind.INVALID, "WithdrawReason_01", "values.withdrawReason",
                    "WithdrawReason " + withdrawal.withdrawReason() + " is not in the " + year + " code list");
        }
        if (aims.isEmpty()) {
            throw DomainProblem.rule(Kind.CONFLICT, "CompStatus_01", "aims", "the learner has no open aim to withdraw");
        }
        for (int i = 0; i < aims.size(); i++) {
            LearningDelivery aim = record.aim(aims.get(i)).orElseThrow();
            if (!aim.continuing()) {
                throw DomainProblem.rule(Kind.CONFLICT, "CompStatus_01", "aims[" + i + "]",
                        "aim " + aim.aimSeqNumber() + " (" + aim.learnAimRef() + ") is not continuing: CompStatus "
                                + aim.compStatus());
            }
            if (end.isBefore(aim.learnStartDate())) {
                throw DomainProblem.rule(Kind.INVALID, "LearnActEndDate_01", "values.learnActEndDate",
                        "LearnActEndDate " + end + " is before aim " + aim.aimSeqNumber() + "'s LearnStartDate "
                                + aim.learnStartDate());
            }
        }
    }
}
