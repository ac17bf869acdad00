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
import uk.ilrledger.schemas.ilr.xml.IlrElements;
import uk.ilrledger.schemas.ilr.xml.IlrSchema;
import uk.ilrledger.schemas.learner.ChangeProposal.OutcomeChange;
import uk.ilrledger.schemas.learner.OutcomeRecorded;
import uk.ilrledger.schemas.values.CollectionYear;

/** The outcome of ended aims: Outcome, AchDate, OutGrade. */
final class OutcomeRules implements ChangeTypeRules<OutcomeChange> {

    /** OutGrade as the ILR schema allows it (1 to 6 characters of the DfE's set), the same in every year. */
    private static final IlrElements.Facet OUT_GRADE = IlrElements.of(IlrSchema.Y2526).learner
            .group("LearningDelivery").orElseThrow().entity().field("OutGrade").orElseThrow().facet();

    private final ReferenceData referenceData;

    OutcomeRules(ReferenceData referenceData) {
        this.referenceData = referenceData;
    }

    public ChangeType type() {
        return ChangeType.OUTCOME;
    }

    public Class<OutcomeChange> proposalType() {
        return OutcomeChange.class;
    }

    public boolean concernsByDefault(IlrLearner record, LearningDelivery aim) {
        return aim.learnActEndDate() != null && !aim.continuing();
    }

    public void check(IlrLearner record, OutcomeChange p, List<LearningDelivery> aims, LocalDate today) {
        requireSome(aims, "the learner has no ended aim to record an outcome for");
        if (p.outcome() == null) {
            throw DomainProblem.invalid("values.outcome", "the Outcome is required");
        }
        for (int i = 0; i < aims.size(); i++) {
            LearningDelivery aim = aims.get(i);
            if (aim.learnActEndDate() == null) {
                throw DomainProblem.rule(CONFLICT, "Outcome_12", "aims[" + i + "]",
                        "aim " + aim.aimSeqNumber() + " has no LearnActEndDate: an Outcome needs the aim to have ended");
            }
            CollectionYear year = CollectionYear.containing(aim.learnActEndDate());
            if (!referenceData.year(year).outcome().contains(p.outcome())) {
                throw DomainProblem.rule(INVALID, "Outcome_01", "values.outcome",
                        "Outcome " + p.outcome() + " is not in the " + year + " code list");
            }
            if ((aim.compStatus() == LearningDelivery.COMP_STATUS_WITHDRAWN
                    || aim.compStatus() == LearningDelivery.COMP_STATUS_BREAK) && p.outcome() != 2 && p.outcome() != 3) {
                throw DomainProblem.rule(CONFLICT, "CompStatus_06", "values.outcome",
                        "aim " + aim.aimSeqNumber() + " is withdrawn or on a break: its Outcome must be 2 or 3");
            }
            boolean standard = standard(aim);
            if (standard && aim.programmeAim() && p.outcome() == 1) {
                if (p.achDate() == null) {
                    throw DomainProblem.rule(INVALID, "AchDate_12", "values.achDate",
                            "an achieved apprenticeship standard needs an AchDate");
                }
                boolean assessed = aim.appFinRecords().stream().anyMatch(price -> "TNP".equals(price.aFinType())
                        && (price.aFinCode() == 2 || price.aFinCode() == 4));
                if (!assessed) {
                    throw DomainProblem.rule(CONFLICT, "R100", "aims[" + i + "]",
                            "an achieved standard needs an assessment price (TNP2 or TNP4)");
                }
            }
            if (p.achDate() != null && standard && p.achDate().isBefore(aim.learnActEndDate().plusDays(7))) {
                throw DomainProblem.rule(INVALID, "AchDate_11", "values.achDate",
                        "AchDate must be at least 7 days after LearnActEndDate " + aim.learnActEndDate());
            }
        }
        if (p.achDate() != null) {
            notInFuture(p.achDate(), "values.achDate", "AchDate_09", today);
        }
        if (p.outGrade() != null) {
            IlrElements.Refusal refusal = OUT_GRADE.refusal(p.outGrade());
            if (refusal != null) {
                throw DomainProblem.invalid("values.outGrade", "OutGrade: " + refusal.reason());
            }
        }
    }

    public ApprovedChange applied(IlrLearner record, ChangeRaised r, OutcomeChange p, String approvedBy) {
        return new OutcomeRecorded(r.learner(), r.changeId(), r.aims(), p.outcome(), p.achDate(), p.outGrade(),
                r.reason(), r.evidence(), r.raisedBy(), approvedBy);
    }
}
