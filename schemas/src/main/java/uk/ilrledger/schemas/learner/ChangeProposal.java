package uk.ilrledger.schemas.learner;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import uk.ilrledger.schemas.ilr.EmploymentStatusMonitoring;
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
        @JsonSubTypes.Type(value = ChangeProposal.ContractTypeChange.class, name = "CONTRACT_TYPE_CHANGE"),
        @JsonSubTypes.Type(value = ChangeProposal.DidNotReturn.class, name = "DID_NOT_RETURN"),
        @JsonSubTypes.Type(value = ChangeProposal.AddAim.class, name = "ADD_AIM"),
        @JsonSubTypes.Type(value = ChangeProposal.RemoveAim.class, name = "REMOVE_AIM"),
        @JsonSubTypes.Type(value = ChangeProposal.LearnerFamChange.class, name = "LEARNER_FAM"),
        @JsonSubTypes.Type(value = ChangeProposal.DeliveryFamChange.class, name = "DELIVERY_FAM"),
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
     * A return from a break (or after a withdrawal): new aims from {@code learnStartDate}. Each
     * restarted aim takes its own terms from {@code learningDeliveries} (keyed by the original aim's
     * SWSupAimId: LearnPlanEndDate, PHours, PriorLearnFundAdj), else the single
     * {@code learnPlanEndDate}, {@code priorLearnFundAdj} and {@code pHours} (the last for each aim that
     * carries planned hours). An apprenticeship's programme aim is priced for the remainder: TNP1
     * (training) and TNP2 (end-point assessment), or residual TNP3 and TNP4 where the programme was
     * already residual or the employer changed since the break began.
     */
    record Restart(LocalDate learnStartDate, LocalDate learnPlanEndDate, Integer tnp1, Integer tnp2,
            Integer priorLearnFundAdj, Integer tnp3, Integer tnp4, Integer pHours,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<RestartTerms> learningDeliveries)
            implements ChangeProposal {

        public Restart {
            learningDeliveries = learningDeliveries == null ? List.of() : List.copyOf(learningDeliveries);
        }

        public Restart(LocalDate learnStartDate, LocalDate learnPlanEndDate, Integer tnp1, Integer tnp2,
                Integer priorLearnFundAdj) {
            this(learnStartDate, learnPlanEndDate, tnp1, tnp2, priorLearnFundAdj, null, null, null, List.of());
        }

        public ChangeType type() {
            return ChangeType.RESTART;
        }

        public ChangeProposal withDefaults(LocalDate effectiveDate) {
            return learnStartDate != null ? this : new Restart(effectiveDate, learnPlanEndDate, tnp1, tnp2,
                    priorLearnFundAdj, tnp3, tnp4, pHours, learningDeliveries);
        }

        /** The terms proposed for the restart of {@code swSupAimId}, or none. */
        public Optional<RestartTerms> termsOf(String swSupAimId) {
            return learningDeliveries.stream().filter(t -> swSupAimId.equals(t.swSupAimId())).findFirst();
        }
    }

    /**
     * A new employment status from {@code dateEmpStatApp}: EmpStat (10 employed, the default; 11, 12
     * not employed; 98 not known), EmpId only for EmpStat 10, and its employment status monitorings
     * (ESMType and ESMCode). With a new employer, residual prices TNP3 (training) and TNP4
     * (assessment) dated from the change. It may be raised while the programme is on a break.
     */
    record ChangeOfEmployer(LocalDate dateEmpStatApp, Integer empId, Integer tnp3, Integer tnp4, Integer empStat,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<EmploymentStatusMonitoring> employmentStatusMonitorings)
            implements ChangeProposal {

        public static final int EMPLOYED = 10;

        public ChangeOfEmployer {
            employmentStatusMonitorings = employmentStatusMonitorings == null ? List.of()
                    : List.copyOf(employmentStatusMonitorings);
        }

        public ChangeOfEmployer(LocalDate dateEmpStatApp, Integer empId, Integer tnp3, Integer tnp4) {
            this(dateEmpStatApp, empId, tnp3, tnp4, null, List.of());
        }

        public ChangeType type() {
            return ChangeType.CHANGE_OF_EMPLOYER;
        }

        /** EmpStat as proposed, 10 (employed) when left out. */
        public int status() {
            return empStat != null ? empStat : EMPLOYED;
        }

        public ChangeProposal withDefaults(LocalDate effectiveDate) {
            return dateEmpStatApp != null ? this : new ChangeOfEmployer(effectiveDate, empId, tnp3, tnp4, empStat,
                    employmentStatusMonitorings);
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

    /**
     * The contract type (LearningDeliveryFAM {@code ACT}: 1 levy-paying employer, 2 not) changes on
     * {@code learnDelFAMDateFrom}: the open ACT period ends the day before and a new one opens then.
     */
    record ContractTypeChange(LocalDate learnDelFAMDateFrom, Integer act) implements ChangeProposal {
        public ChangeType type() {
            return ChangeType.CONTRACT_TYPE_CHANGE;
        }

        public ChangeProposal withDefaults(LocalDate effectiveDate) {
            return learnDelFAMDateFrom != null ? this : new ContractTypeChange(effectiveDate, act);
        }
    }

    /**
     * A learner on a break will not return: the aims become CompStatus 3 with {@code withdrawReason},
     * keeping the LearnActEndDate (the last day before the break) and Outcome 3. The change's effective
     * date is when that became known.
     */
    record DidNotReturn(Integer withdrawReason) implements ChangeProposal {
        public ChangeType type() {
            return ChangeType.DID_NOT_RETURN;
        }
    }

    /**
     * A new aim for a learner already recorded (progression, a missing component, a new programme
     * after a withdrawal), whole as at registration. AimSeqNumber and SWSupAimId are given on approval
     * when left out; the change takes effect on its LearnStartDate.
     */
    record AddAim(LearningDelivery learningDelivery) implements ChangeProposal {
        public ChangeType type() {
            return ChangeType.ADD_AIM;
        }
    }

    /**
     * The named aims were recorded in error: they leave the record from their LearnStartDate, so no
     * return built from now on holds them; files already submitted keep them as they were sent.
     */
    record RemoveAim() implements ChangeProposal {
        public ChangeType type() {
            return ChangeType.REMOVE_AIM;
        }
    }

    /**
     * The learner's LearnerFAM codes of one type (LSR, SEN, EHC, …) from the effective date:
     * {@code learnFAMCodes} replace the type's codes; an empty list leaves the type out.
     */
    record LearnerFamChange(String learnFAMType, List<Integer> learnFAMCodes) implements ChangeProposal {
        public ChangeType type() {
            return ChangeType.LEARNER_FAM;
        }
    }

    /**
     * The named aims' LearningDeliveryFAM codes of one undated type (SOF, LDM, EEF, FFI, HHS) from the
     * effective date: {@code learnDelFAMCodes} replace the type's codes; an empty list leaves it out.
     */
    record DeliveryFamChange(String learnDelFAMType, List<String> learnDelFAMCodes) implements ChangeProposal {
        public ChangeType type() {
            return ChangeType.DELIVERY_FAM;
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
