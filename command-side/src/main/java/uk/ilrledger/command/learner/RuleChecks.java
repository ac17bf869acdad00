package uk.ilrledger.command.learner;

import static uk.ilrledger.schemas.problems.DomainProblem.Kind.CONFLICT;
import static uk.ilrledger.schemas.problems.DomainProblem.Kind.INVALID;

import java.time.LocalDate;
import java.util.List;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.ilr.rules.Apprenticeships;
import uk.ilrledger.schemas.ilr.xml.IlrElements;
import uk.ilrledger.schemas.ilr.xml.IlrSchema;
import uk.ilrledger.schemas.problems.DomainProblem;

/** Checks several change types share, each raising the rule's own problem. */
final class RuleChecks {

    /** OutGrade as the ILR schema allows it (1 to 6 characters of the DfE's set), the same in every year. */
    private static final IlrElements.Facet OUT_GRADE = IlrElements.of(IlrSchema.Y2526).learner
            .group("LearningDelivery").orElseThrow().entity().field("OutGrade").orElseThrow().facet();

    private RuleChecks() {
    }

    static void outGrade(String outGrade) {
        if (outGrade != null) {
            IlrElements.Refusal refusal = OUT_GRADE.refusal(outGrade);
            if (refusal != null) {
                throw DomainProblem.invalid("values.outGrade", "OutGrade: " + refusal.reason());
            }
        }
    }

    /** An apprenticeship standard: FundModel 36, ProgType 25. */
    static boolean standard(LearningDelivery aim) {
        return Apprenticeships.standard(aim);
    }

    /** The only aims that may hold an AchDate (AchDate_09): a programme aim of a traineeship or a standard. */
    static boolean mayHoldAchDate(LearningDelivery aim) {
        return Apprenticeships.mayHoldAchDate(aim);
    }

    /**
     * Still in training: continuing with no LearnActEndDate. A standard's programme aim awaiting its
     * end-point assessment is continuing (CompStatus 1) but has finished training.
     */
    static boolean inTraining(LearningDelivery aim) {
        return aim.continuing() && aim.learnActEndDate() == null;
    }

    static void requireSome(List<LearningDelivery> aims, String message) {
        if (aims.isEmpty()) {
            throw DomainProblem.rule(CONFLICT, "LDG_NoAim", "aims", message);
        }
    }

    static void requireContinuing(List<LearningDelivery> aims) {
        for (int i = 0; i < aims.size(); i++) {
            LearningDelivery aim = aims.get(i);
            if (!aim.continuing()) {
                throw DomainProblem.rule(CONFLICT, "CompStatus_01", "aims[" + i + "]",
                        "aim " + aim.aimSeqNumber() + " (" + aim.learnAimRef() + ") is not continuing: CompStatus "
                                + aim.compStatus());
            }
        }
    }

    /** LearnActEndDate_04 (not in the future) and LearnActEndDate_01 (not before any aim's start). */
    static void endDate(LocalDate end, List<LearningDelivery> aims, LocalDate today) {
        notInFuture(end, "values.learnActEndDate", "LearnActEndDate_04", today);
        for (LearningDelivery aim : aims) {
            if (end.isBefore(aim.learnStartDate())) {
                throw DomainProblem.rule(INVALID, "LearnActEndDate_01", "values.learnActEndDate",
                        "LearnActEndDate " + end + " is before aim " + aim.aimSeqNumber() + "'s LearnStartDate "
                                + aim.learnStartDate());
            }
        }
    }

    static void notInFuture(LocalDate date, String field, String ruleId, LocalDate today) {
        if (date.isAfter(today)) {
            throw DomainProblem.rule(INVALID, ruleId, field, field.substring(field.indexOf('.') + 1) + " " + date
                    + " is in the future; it cannot be returned yet");
        }
    }

    static void amount(Integer amount, String field) {
        if (amount != null && (amount < 0 || amount > 999_999)) {
            throw DomainProblem.invalid(field, "a price is 0 to 999999 pounds");
        }
    }

    static void percent(Integer priorLearnFundAdj) {
        if (priorLearnFundAdj != null && (priorLearnFundAdj < 0 || priorLearnFundAdj > 99)) {
            throw DomainProblem.invalid("values.priorLearnFundAdj", "PriorLearnFundAdj is a percentage, 0 to 99");
        }
    }

    static void priorLearnFundAdjAllowed(Integer priorLearnFundAdj, LearningDelivery aim) {
        if (priorLearnFundAdj != null && !List.of(35, 36, 81).contains(aim.fundModel())) {
            throw DomainProblem.rule(INVALID, "PriorLearnFundAdj_01", "values.priorLearnFundAdj",
                    "PriorLearnFundAdj applies only to FundModel 35, 36 and 81");
        }
    }
}
