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
import java.util.ArrayList;
import uk.ilrledger.schemas.ilr.IlrFold;
import uk.ilrledger.schemas.learner.AimTerms;
import uk.ilrledger.schemas.learner.ChangeProposal.PriorLearningReduction;
import uk.ilrledger.schemas.learner.PriorLearningRecognised;

/**
 * Recognised prior learning lowers the agreed price, duration or hours. The event keeps each aim's
 * figures before and after, which the ILR alone cannot show.
 */
final class PriorLearningReductionRules implements ChangeTypeRules<PriorLearningReduction> {

    public ChangeType type() {
        return ChangeType.PRIOR_LEARNING_REDUCTION;
    }

    public Class<PriorLearningReduction> proposalType() {
        return PriorLearningReduction.class;
    }

    public void check(IlrLearner record, PriorLearningReduction p, List<LearningDelivery> aims, LocalDate effectiveDate,
            LocalDate today) {
        requireSome(aims, "the learner has no continuing aim to reduce");
        requireContinuing(aims);
        if (p.tnp1() == null && p.tnp2() == null && p.learnPlanEndDate() == null && p.pHours() == null
                && p.priorLearnFundAdj() == null) {
            throw DomainProblem.invalid("values", "give at least one of tnp1, tnp2, learnPlanEndDate, pHours, priorLearnFundAdj");
        }
        for (LearningDelivery aim : aims) {
            if (effectiveDate.isAfter(aim.learnStartDate())) {
                // RPL is assessed before the start; a reduction found later is a dated price change.
                throw DomainProblem.rule(INVALID, "LDG_PriorLearningAfterStart", "effectiveDate",
                        "recognised prior learning is assessed before the start: aim " + aim.aimSeqNumber()
                                + " started on " + aim.learnStartDate() + ", so a price agreed from " + effectiveDate
                                + " is a PRICE_CHANGE, which keeps the start price");
            }
            reduction(p.tnp1(), IlrFold.latestPrice(aim, 1), "values.tnp1");
            reduction(p.tnp2(), IlrFold.latestPrice(aim, 2), "values.tnp2");
            reduction(p.pHours(), aim.pHours(), "values.pHours");
            if (p.learnPlanEndDate() != null) {
                if (p.learnPlanEndDate().isAfter(aim.learnPlanEndDate())) {
                    throw DomainProblem.rule(INVALID, "LDG_NotAReduction", "values.learnPlanEndDate",
                            "recognised prior learning shortens an aim: " + p.learnPlanEndDate() + " is after "
                                    + aim.learnPlanEndDate());
                }
                if (p.learnPlanEndDate().isBefore(aim.learnStartDate())) {
                    throw DomainProblem.rule(INVALID, "LearnPlanEndDate_02", "values.learnPlanEndDate",
                            "LearnPlanEndDate is before aim " + aim.aimSeqNumber() + "'s LearnStartDate");
                }
            }
            priorLearnFundAdjAllowed(p.priorLearnFundAdj(), aim);
        }
        percent(p.priorLearnFundAdj());
    }

    private static void reduction(Integer proposed, Integer current, String field) {
        if (proposed == null) {
            return;
        }
        if (proposed < 0) {
            throw DomainProblem.invalid(field, field + " cannot be negative");
        }
        if (current != null && proposed > current) {
            throw DomainProblem.rule(INVALID, "LDG_NotAReduction", field,
                    "recognised prior learning reduces: " + proposed + " is more than the current " + current);
        }
    }

    public ApprovedChange applied(IlrLearner record, ChangeRaised r, PriorLearningReduction p, String approvedBy) {
        List<AimTerms> before = new ArrayList<>();
        List<AimTerms> after = new ArrayList<>();
        for (String id : r.aims()) {
            AimTerms now = IlrFold.terms(record.aim(id).orElseThrow());
            before.add(now);
            after.add(new AimTerms(id, p.tnp1() != null ? p.tnp1() : now.tnp1(),
                    p.tnp2() != null ? p.tnp2() : now.tnp2(),
                    p.learnPlanEndDate() != null ? p.learnPlanEndDate() : now.learnPlanEndDate(),
                    p.pHours() != null ? p.pHours() : now.pHours(),
                    p.priorLearnFundAdj() != null ? p.priorLearnFundAdj() : now.priorLearnFundAdj()));
        }
        return new PriorLearningRecognised(r.learner(), r.changeId(), r.aims(), before, after, r.reason(),
                r.evidence(), r.raisedBy(), approvedBy);
    }
}
