package uk.ilrledger.command.learner;

import static uk.ilrledger.command.learner.RuleChecks.notInFuture;
import static uk.ilrledger.command.learner.RuleChecks.requireSome;
import static uk.ilrledger.schemas.problems.DomainProblem.Kind.CONFLICT;
import static uk.ilrledger.schemas.problems.DomainProblem.Kind.INVALID;

import java.time.LocalDate;
import java.util.List;
import uk.ilrledger.command.reference.ReferenceData;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.ilr.Programmes;
import uk.ilrledger.schemas.learner.ApprovedChange;
import uk.ilrledger.schemas.learner.ChangeProposal.DidNotReturn;
import uk.ilrledger.schemas.learner.ChangeRaised;
import uk.ilrledger.schemas.learner.LearnerDidNotReturn;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.ChangeType;
import uk.ilrledger.schemas.values.CollectionYear;

/**
 * A learner on a break who will not return: the break aims become CompStatus 3 with a WithdrawReason
 * from the year's code list, LearnActEndDate (the last day before the break) and Outcome 3 unchanged.
 * The change is dated when it became known, after the break began.
 */
final class DidNotReturnRules implements ChangeTypeRules<DidNotReturn> {

    private final ReferenceData referenceData;

    DidNotReturnRules(ReferenceData referenceData) {
        this.referenceData = referenceData;
    }

    public ChangeType type() {
        return ChangeType.DID_NOT_RETURN;
    }

    public Class<DidNotReturn> proposalType() {
        return DidNotReturn.class;
    }

    public boolean concernsByDefault(IlrLearner record, LearningDelivery aim) {
        return onBreak(record, aim);
    }

    public void check(IlrLearner record, DidNotReturn p, List<LearningDelivery> aims, LocalDate effectiveDate,
            LocalDate today) {
        if (p.withdrawReason() == null) {
            throw DomainProblem.rule(INVALID, "WithdrawReason_03", "values.withdrawReason",
                    "an aim that ends withdrawn (CompStatus 3) needs a WithdrawReason");
        }
        notInFuture(effectiveDate, "effectiveDate", "LDG_NotInFuture", today);
        requireSome(aims, "no aim is on a break awaiting a restart");
        for (int i = 0; i < aims.size(); i++) {
            LearningDelivery aim = aims.get(i);
            if (aim.compStatus() != LearningDelivery.COMP_STATUS_BREAK) {
                throw DomainProblem.rule(CONFLICT, "LDG_NotOnBreak", "aims[" + i + "]", "aim " + aim.aimSeqNumber()
                        + " is not on a break (CompStatus " + aim.compStatus() + "): only a learner on a break can not return");
            }
            if (Programmes.restarted(record, aim)) {
                throw DomainProblem.rule(CONFLICT, "LDG_AlreadyRestarted", "aims[" + i + "]",
                        "aim " + aim.aimSeqNumber() + " has restarted: the learner did return");
            }
            if (!effectiveDate.isAfter(aim.learnActEndDate())) {
                throw DomainProblem.rule(INVALID, "LDG_DidNotReturnBeforeBreak", "effectiveDate", "the break of aim "
                        + aim.aimSeqNumber() + " began after " + aim.learnActEndDate()
                        + ": that the learner will not return is known only after it began");
            }
            // The aim is returned as withdrawn in the year its break began and in the year this is known.
            for (CollectionYear year : List.of(CollectionYear.containing(aim.learnActEndDate()),
                    CollectionYear.containing(effectiveDate))) {
                if (!referenceData.year(year).withdrawReason().contains(p.withdrawReason())) {
                    throw DomainProblem.rule(INVALID, "WithdrawReason_01", "values.withdrawReason",
                            "WithdrawReason " + p.withdrawReason() + " is not in the " + year + " code list");
                }
            }
        }
    }

    public ApprovedChange applied(IlrLearner record, ChangeRaised r, DidNotReturn p, String approvedBy) {
        return new LearnerDidNotReturn(r.learner(), r.changeId(), r.aims(), p.withdrawReason(), r.reason(),
                r.evidence(), r.raisedBy(), approvedBy);
    }

    private static boolean onBreak(IlrLearner record, LearningDelivery aim) {
        return aim.compStatus() == LearningDelivery.COMP_STATUS_BREAK && !Programmes.restarted(record, aim);
    }
}
