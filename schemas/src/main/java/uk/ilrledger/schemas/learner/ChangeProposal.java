package uk.ilrledger.schemas.learner;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.values.ChangeType;

/**
 * What a raiser proposes: the ILR values of one change type, as typed in the API's {@code values}.
 * Dates left out default to the change's effective date. Fields that follow from a change
 * (Outcome 3 on a withdrawal, the RES FAM on a restart, …) are derived, never proposed.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ChangeProposal.Withdrawal.class, name = "WITHDRAWAL"),
        @JsonSubTypes.Type(value = ChangeProposal.BreakInLearning.class, name = "BREAK_IN_LEARNING"),
        @JsonSubTypes.Type(value = ChangeProposal.Restart.class, name = "RESTART"),
        @JsonSubTypes.Type(value = ChangeProposal.ChangeOfEmployer.class, name = "CHANGE_OF_EMPLOYER"),
        @JsonSubTypes.Type(value = ChangeProposal.PriorLearningReduction.class, name = "PRIOR_LEARNING_REDUCTION"),
        @JsonSubTypes.Type(value = ChangeProposal.Completion.class, name = "COMPLETION"),
        @JsonSubTypes.Type(value = ChangeProposal.EndPointAssessment.class, name = "END_POINT_ASSESSMENT"),
        @JsonSubTypes.Type(value = ChangeProposal.PriceChange.class, name = "PRICE_CHANGE"),
        @JsonSubTypes.Type(value = ChangeProposal.OutcomeChange.class, name = "OUTCOME"),
        @JsonSubTypes.Type(value = ChangeProposal.ForceInclude.class, name = "FORCE_INCLUDE"),
        @JsonSubTypes.Type(value = ChangeProposal.Correction.class, name = "CORRECTION")
})
public sealed interface ChangeProposal {

    ChangeType type();

    /** The same proposal with its omitted dates set to the effective date. */
    default ChangeProposal withDefaults(LocalDate effectiveDate) {
        return this;
    }

    /** The learner left: CompStatus 3, LearnActEndDate (last day of learning), WithdrawReason, Outcome 3. */
    record Withdrawal(LocalDate learnActEndDate, Integer withdrawReason) implements ChangeProposal {
        public ChangeType type() {
            return ChangeType.WITHDRAWAL;
        }

        public ChangeProposal withDefaults(LocalDate effectiveDate) {
            return learnActEndDate != null ? this : new Withdrawal(effectiveDate, withdrawReason);
        }
    }

    /** A break: CompStatus 6, LearnActEndDate = last day before the break, Outcome 3, no WithdrawReason. */
    record BreakInLearning(LocalDate learnActEndDate) implements ChangeProposal {
        public ChangeType type() {
            return ChangeType.BREAK_IN_LEARNING;
        }

        public ChangeProposal withDefaults(LocalDate effectiveDate) {
            return learnActEndDate != null ? this : new BreakInLearning(effectiveDate);
        }
    }

    /**
     * A return from a break: new aims from {@code learnStartDate} to {@code learnPlanEndDate}. For an
     * apprenticeship the price for the remainder is {@code tnp1} (training) and {@code tnp2}
     * (end-point assessment); for other aims {@code priorLearnFundAdj} is the percent still to deliver.
     */
    record Restart(LocalDate learnStartDate, LocalDate learnPlanEndDate, Integer tnp1, Integer tnp2,
            Integer priorLearnFundAdj) implements ChangeProposal {
        public ChangeType type() {
            return ChangeType.RESTART;
        }

        public ChangeProposal withDefaults(LocalDate effectiveDate) {
            return learnStartDate != null ? this
                    : new Restart(effectiveDate, learnPlanEndDate, tnp1, tnp2, priorLearnFundAdj);
        }
    }

    /**
     * A new employer from {@code dateEmpStatApp}: a new LearnerEmploymentStatus (EmpStat 10, EmpId)
     * and, when given, residual prices TNP3 (training) and TNP4 (assessment) dated from the change.
     */
    record ChangeOfEmployer(LocalDate dateEmpStatApp, Integer empId, Integer tnp3, Integer tnp4)
            implements ChangeProposal {
        public ChangeType type() {
            return ChangeType.CHANGE_OF_EMPLOYER;
        }

        public ChangeProposal withDefaults(LocalDate effectiveDate) {
            return dateEmpStatApp != null ? this : new ChangeOfEmployer(effectiveDate, empId, tnp3, tnp4);
        }
    }

    /**
     * Recognised prior learning: a lower agreed price (TNP1, TNP2), an earlier LearnPlanEndDate,
     * fewer planned hours (PHours), or for other aims a PriorLearnFundAdj. Omitted values stay as they are.
     */
    record PriorLearningReduction(Integer tnp1, Integer tnp2, LocalDate learnPlanEndDate, Integer pHours,
            Integer priorLearnFundAdj) implements ChangeProposal {
        public ChangeType type() {
            return ChangeType.PRIOR_LEARNING_REDUCTION;
        }
    }

    /**
     * Training finished on LearnActEndDate: CompStatus 2 with Outcome 8 (pending) until recorded; a
     * standard's programme aim stays CompStatus 1, its ACT FAM open, until its end-point assessment.
     */
    record Completion(LocalDate learnActEndDate) implements ChangeProposal {
        public ChangeType type() {
            return ChangeType.COMPLETION;
        }

        public ChangeProposal withDefaults(LocalDate effectiveDate) {
            return learnActEndDate != null ? this : new Completion(effectiveDate);
        }
    }

    /**
     * A standard's end-point assessment was completed on {@code achDate}, passed (Outcome 1) or failed
     * (Outcome 3): its programme aim becomes CompStatus 2 and its latest ACT FAM ends on AchDate.
     */
    record EndPointAssessment(LocalDate achDate, Integer outcome, String outGrade) implements ChangeProposal {
        public ChangeType type() {
            return ChangeType.END_POINT_ASSESSMENT;
        }

        public ChangeProposal withDefaults(LocalDate effectiveDate) {
            return achDate != null ? this : new EndPointAssessment(effectiveDate, outcome, outGrade);
        }
    }

    /**
     * A new agreed price from {@code aFinDate}: new TNP records (TNP1 training, TNP2 assessment, or
     * once a residual price exists TNP3 and TNP4) dated then; the earlier records are kept.
     */
    record PriceChange(LocalDate aFinDate, Integer tnp1, Integer tnp2, Integer tnp3, Integer tnp4)
            implements ChangeProposal {
        public ChangeType type() {
            return ChangeType.PRICE_CHANGE;
        }

        public ChangeProposal withDefaults(LocalDate effectiveDate) {
            return aFinDate != null ? this : new PriceChange(effectiveDate, tnp1, tnp2, tnp3, tnp4);
        }
    }

    /** The outcome of ended aims: Outcome (1 achieved, 2 partial, 3 none, 8 pending), OutGrade, and AchDate where the DfE takes one. */
    record OutcomeChange(Integer outcome, LocalDate achDate, String outGrade) implements ChangeProposal {
        public ChangeType type() {
            return ChangeType.OUTCOME;
        }
    }

    /** Keep the aims in every return of collection {@code year} (e.g. "2526") whatever the date rules say. */
    record ForceInclude(String year) implements ChangeProposal {
        public ChangeType type() {
            return ChangeType.FORCE_INCLUDE;
        }
    }

    /**
     * Any field, with a reason: {@code learner} holds Learner fields, {@code learningDelivery} fields
     * of the named aims, each by its ILR name in lowerCamelCase (null clears an optional field);
     * {@code addedAims}, aims a re-imported file holds that the ledger does not (optional, left out
     * of the JSON when empty, so a correction without added aims reads and writes as before).
     */
    record Correction(Map<String, Object> learner, Map<String, Object> learningDelivery,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<LearningDelivery> addedAims) implements ChangeProposal {

        public Correction {
            addedAims = addedAims == null ? List.of() : List.copyOf(addedAims);
        }

        public Correction(Map<String, Object> learner, Map<String, Object> learningDelivery) {
            this(learner, learningDelivery, List.of());
        }

        public ChangeType type() {
            return ChangeType.CORRECTION;
        }
    }
}
