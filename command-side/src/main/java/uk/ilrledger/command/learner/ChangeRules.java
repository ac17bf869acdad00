package uk.ilrledger.command.learner;

import static uk.ilrledger.schemas.problems.DomainProblem.Kind.CONFLICT;
import static uk.ilrledger.schemas.problems.DomainProblem.Kind.INVALID;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.Objects;
import java.util.function.Predicate;
import uk.ilrledger.command.reference.ReferenceData;
import uk.ilrledger.schemas.ilr.IlrFold;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearnerEmploymentStatus;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.ilr.Programmes;
import uk.ilrledger.schemas.learner.ChangeProposal;
import uk.ilrledger.schemas.learner.ChangeProposal.BreakInLearning;
import uk.ilrledger.schemas.learner.ChangeProposal.ChangeOfEmployer;
import uk.ilrledger.schemas.learner.ChangeProposal.Completion;
import uk.ilrledger.schemas.learner.ChangeProposal.Correction;
import uk.ilrledger.schemas.learner.ChangeProposal.ForceInclude;
import uk.ilrledger.schemas.learner.ChangeProposal.OutcomeChange;
import uk.ilrledger.schemas.learner.ChangeProposal.PriorLearningReduction;
import uk.ilrledger.schemas.learner.ChangeProposal.Restart;
import uk.ilrledger.schemas.learner.ChangeProposal.Withdrawal;
import uk.ilrledger.schemas.learner.AimCompleted;
import uk.ilrledger.schemas.learner.AimForceIncluded;
import uk.ilrledger.schemas.learner.AimTerms;
import uk.ilrledger.schemas.learner.ApprovedChange;
import uk.ilrledger.schemas.learner.BreakInLearningStarted;
import uk.ilrledger.schemas.learner.ChangeRaised;
import uk.ilrledger.schemas.learner.EmployerChanged;
import uk.ilrledger.schemas.learner.LearnerWithdrawn;
import uk.ilrledger.schemas.learner.LearningRestarted;
import uk.ilrledger.schemas.learner.OutcomeRecorded;
import uk.ilrledger.schemas.learner.PriorLearningRecognised;
import uk.ilrledger.schemas.learner.RecordCorrected;
import uk.ilrledger.schemas.ilr.CorrectedFields;
import uk.ilrledger.schemas.learner.RestartedAim;
import uk.ilrledger.schemas.ilr.xml.IlrElements;
import uk.ilrledger.schemas.ilr.xml.IlrSchema;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.problems.DomainProblem.FieldError;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.EmpId;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnerId;

/**
 * The DfE rules a change must satisfy against the learner's current record, checked when the change
 * is raised and again when it is approved. A rule about the request itself fails as INVALID (400);
 * a rule about the learner's current state fails as CONFLICT (409). Rule ids are the DfE's where
 * the DfE has one, and {@code LDG_…} for the ledger's own.
 */
public final class ChangeRules {

    /** OutGrade as the ILR schema allows it (1 to 6 characters of the DfE's set), the same in every year. */
    private static final IlrElements.Facet OUT_GRADE = IlrElements.of(IlrSchema.Y2526).learner
            .group("LearningDelivery").orElseThrow().entity().field("OutGrade").orElseThrow().facet();

    private final ReferenceData referenceData;
    private final Corrections corrections;
    private final LearnerChecks learnerChecks;

    public ChangeRules(ReferenceData referenceData, Corrections corrections) {
        this.referenceData = referenceData;
        this.corrections = corrections;
        this.learnerChecks = new LearnerChecks(referenceData);
    }

    /** The aims a change concerns when the raiser names none. */
    public List<String> defaultAims(IlrLearner record, ChangeProposal proposal) {
        Predicate<LearningDelivery> concerned;
        if (proposal instanceof Restart) {
            concerned = aim -> aim.compStatus() == LearningDelivery.COMP_STATUS_BREAK && !Programmes.restarted(record, aim);
        } else if (proposal instanceof ChangeOfEmployer) {
            concerned = aim -> aim.continuing() && aim.programmeAim() && aim.fundModel() == 36;
        } else if (proposal instanceof OutcomeChange) {
            concerned = aim -> aim.learnActEndDate() != null && !aim.continuing();
        } else if (proposal instanceof Correction) {
            concerned = aim -> false;
        } else if (proposal instanceof ForceInclude) {
            concerned = aim -> true;
        } else {
            concerned = LearningDelivery::continuing;
        }
        return record.learningDeliveries().stream().filter(concerned).map(LearningDelivery::swSupAimId).toList();
    }

    public void check(IlrLearner record, ChangeProposal proposal, List<String> aims, LocalDate today) {
        List<LearningDelivery> concerned = aims.stream().map(id -> record.aim(id).orElseThrow()).toList();
        if (proposal instanceof Withdrawal p) {
            withdrawal(p, concerned, today);
        } else if (proposal instanceof BreakInLearning p) {
            requireSome(concerned, "the learner has no continuing aim to break");
            requireContinuing(concerned);
            endDate(p.learnActEndDate(), concerned, today);
        } else if (proposal instanceof Completion p) {
            requireSome(concerned, "the learner has no continuing aim to complete");
            requireContinuing(concerned);
            endDate(p.learnActEndDate(), concerned, today);
        } else if (proposal instanceof Restart p) {
            restart(record, p, concerned, today);
        } else if (proposal instanceof ChangeOfEmployer p) {
            changeOfEmployer(record, p, concerned, today);
        } else if (proposal instanceof PriorLearningReduction p) {
            priorLearning(p, concerned);
        } else if (proposal instanceof OutcomeChange p) {
            outcome(p, concerned, today);
        } else if (proposal instanceof ForceInclude p) {
            requireSome(concerned, "name the aims to force-include");
            if (p.year() == null) {
                throw DomainProblem.invalid("values.year", "the collection year to force-include into is required");
            }
            try {
                CollectionYear.parse(p.year());
            } catch (DomainProblem bad) {
                throw DomainProblem.invalid("values.year", bad.getMessage());
            }
        } else if (proposal instanceof Correction p) {
            IlrLearner corrected = corrections.apply(record, p, aims);
            if (corrected.equals(record)) {
                throw DomainProblem.invalid("values", "the correction changes nothing");
            }
            exportable(record, corrected);
        }
    }

    /**
     * The typed ILR event that applies an approved change to {@code record}. Values that follow from
     * the change (a restart's new AimSeqNumber and SWSupAimId, the figures before an RPL reduction,
     * the fields a correction changes) are worked out here, from the record as it is at approval.
     */
    public ApprovedChange applied(IlrLearner record, ChangeRaised raised, String approvedBy) {
        LearnerId learner = raised.learner();
        UUID changeId = raised.changeId();
        List<String> aims = raised.aims();
        String reason = raised.reason();
        List<EvidenceId> evidence = raised.evidence();
        String raisedBy = raised.raisedBy();
        ChangeProposal proposal = raised.proposal();
        if (proposal instanceof Withdrawal p) {
            return new LearnerWithdrawn(learner, changeId, aims, p.learnActEndDate(), p.withdrawReason(), reason,
                    evidence, raisedBy, approvedBy);
        }
        if (proposal instanceof BreakInLearning p) {
            return new BreakInLearningStarted(learner, changeId, aims, p.learnActEndDate(), reason, evidence, raisedBy,
                    approvedBy);
        }
        if (proposal instanceof Completion p) {
            return new AimCompleted(learner, changeId, aims, p.learnActEndDate(), IlrFold.OUTCOME_PENDING, reason,
                    evidence, raisedBy, approvedBy);
        }
        if (proposal instanceof OutcomeChange p) {
            return new OutcomeRecorded(learner, changeId, aims, p.outcome(), p.achDate(), p.outGrade(), reason,
                    evidence, raisedBy, approvedBy);
        }
        if (proposal instanceof ForceInclude p) {
            return new AimForceIncluded(learner, changeId, aims, CollectionYear.parse(p.year()).code(), reason,
                    evidence, raisedBy, approvedBy);
        }
        if (proposal instanceof ChangeOfEmployer p) {
            return new EmployerChanged(learner, changeId, aims, p.dateEmpStatApp(), 10, p.empId(), p.tnp3(), p.tnp4(),
                    reason, evidence, raisedBy, approvedBy);
        }
        if (proposal instanceof Restart p) {
            int next = record.learningDeliveries().stream().mapToInt(LearningDelivery::aimSeqNumber).max().orElse(0);
            List<RestartedAim> restarts = new ArrayList<>();
            for (String aim : aims) {
                String id = UUID.nameUUIDFromBytes((changeId + "|" + aim).getBytes(StandardCharsets.UTF_8)).toString();
                restarts.add(new RestartedAim(aim, id, ++next));
            }
            return new LearningRestarted(learner, changeId, aims, restarts, p.learnStartDate(), p.learnPlanEndDate(),
                    p.tnp1(), p.tnp2(), p.priorLearnFundAdj(), reason, evidence, raisedBy, approvedBy);
        }
        if (proposal instanceof PriorLearningReduction p) {
            List<AimTerms> before = new ArrayList<>();
            List<AimTerms> after = new ArrayList<>();
            for (String id : aims) {
                AimTerms now = IlrFold.terms(record.aim(id).orElseThrow());
                before.add(now);
                after.add(new AimTerms(id, p.tnp1() != null ? p.tnp1() : now.tnp1(),
                        p.tnp2() != null ? p.tnp2() : now.tnp2(),
                        p.learnPlanEndDate() != null ? p.learnPlanEndDate() : now.learnPlanEndDate(),
                        p.pHours() != null ? p.pHours() : now.pHours(),
                        p.priorLearnFundAdj() != null ? p.priorLearnFundAdj() : now.priorLearnFundAdj()));
            }
            return new PriorLearningRecognised(learner, changeId, aims, before, after, reason, evidence, raisedBy,
                    approvedBy);
        }
        if (proposal instanceof Correction p) {
            // Only the fields the correction changes, so it applies over the record as it is on its own date.
            return new RecordCorrected(learner, changeId, aims,
                    CorrectedFields.between(record, corrections.apply(record, p, aims)), raised.effectiveDate(), reason,
                    evidence, raisedBy, approvedBy);
        }
        throw new IllegalStateException("no typed event for " + proposal.type());
    }

    private void withdrawal(Withdrawal p, List<LearningDelivery> aims, LocalDate today) {
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

    private static void endDate(LocalDate end, List<LearningDelivery> aims, LocalDate today) {
        notInFuture(end, "values.learnActEndDate", "LearnActEndDate_04", today);
        for (LearningDelivery aim : aims) {
            if (end.isBefore(aim.learnStartDate())) {
                throw DomainProblem.rule(INVALID, "LearnActEndDate_01", "values.learnActEndDate",
                        "LearnActEndDate " + end + " is before aim " + aim.aimSeqNumber() + "'s LearnStartDate "
                                + aim.learnStartDate());
            }
        }
    }

    private void restart(IlrLearner record, Restart p, List<LearningDelivery> aims, LocalDate today) {
        requireSome(aims, "no aim is on a break awaiting a restart");
        for (int i = 0; i < aims.size(); i++) {
            LearningDelivery aim = aims.get(i);
            if (aim.compStatus() != LearningDelivery.COMP_STATUS_BREAK) {
                throw DomainProblem.rule(CONFLICT, "LDG_RestartWithoutBreak", "aims[" + i + "]",
                        "aim " + aim.aimSeqNumber() + " is not on a break (CompStatus " + aim.compStatus()
                                + "): only an aim on a break can restart");
            }
            if (Programmes.restarted(record, aim)) {
                throw DomainProblem.rule(CONFLICT, "LDG_AlreadyRestarted", "aims[" + i + "]",
                        "aim " + aim.aimSeqNumber() + " has already restarted");
            }
            if (!p.learnStartDate().isAfter(aim.learnActEndDate())) {
                throw DomainProblem.rule(INVALID, "R124", "values.learnStartDate", "the restart " + p.learnStartDate()
                        + " must be after the break began (LearnActEndDate " + aim.learnActEndDate() + ")");
            }
            LocalDate original = aim.origLearnStartDate() != null ? aim.origLearnStartDate() : aim.learnStartDate();
            if (original.isBefore(p.learnStartDate().minusYears(10))) {
                throw DomainProblem.rule(INVALID, "OrigLearnStartDate_02", "values.learnStartDate",
                        "OrigLearnStartDate " + original + " would be more than 10 years before the restart");
            }
            if (p.priorLearnFundAdj() != null && !List.of(35, 36, 81).contains(aim.fundModel())) {
                throw DomainProblem.rule(INVALID, "PriorLearnFundAdj_01", "values.priorLearnFundAdj",
                        "PriorLearnFundAdj applies only to FundModel 35, 36 and 81");
            }
            if (aim.programmeAim() && aim.fundModel() == 36 && p.tnp1() == null) {
                throw DomainProblem.rule(INVALID, "AFinType_13", "values.tnp1",
                        "an apprenticeship restart needs the training price for the remainder (TNP1)");
            }
        }
        notInFuture(p.learnStartDate(), "values.learnStartDate", "LDG_NotInFuture", today);
        if (p.learnPlanEndDate() == null) {
            throw DomainProblem.invalid("values.learnPlanEndDate", "a restart needs a new LearnPlanEndDate");
        }
        if (p.learnPlanEndDate().isBefore(p.learnStartDate())) {
            throw DomainProblem.rule(INVALID, "LearnPlanEndDate_02", "values.learnPlanEndDate",
                    "LearnPlanEndDate " + p.learnPlanEndDate() + " is before the restart " + p.learnStartDate());
        }
        amount(p.tnp1(), "values.tnp1");
        amount(p.tnp2(), "values.tnp2");
        percent(p.priorLearnFundAdj());
    }


    private void changeOfEmployer(IlrLearner record, ChangeOfEmployer p, List<LearningDelivery> aims,
            LocalDate today) {
        requireSome(aims, "the learner has no continuing apprenticeship to change employer on");
        for (int i = 0; i < aims.size(); i++) {
            LearningDelivery aim = aims.get(i);
            if (aim.fundModel() != 36) {
                throw DomainProblem.rule(CONFLICT, "LDG_NotApprenticeship", "aims[" + i + "]",
                        "aim " + aim.aimSeqNumber() + " is not an apprenticeship (FundModel " + aim.fundModel()
                                + "): an employer change applies to apprenticeships");
            }
        }
        requireContinuing(aims);
        if (p.empId() == null) {
            throw DomainProblem.invalid("values.empId", "the new employer's EmpId (ERN) is required");
        }
        if (!EmpId.valid(p.empId())) {
            throw DomainProblem.rule(INVALID, "EmpId_02", "values.empId", "EmpId " + p.empId() + " fails its check digit");
        }
        LocalDate date = p.dateEmpStatApp();
        notInFuture(date, "values.dateEmpStatApp", "LDG_NotInFuture", today);
        for (LearningDelivery aim : aims) {
            if (date.isBefore(aim.learnStartDate())) {
                throw DomainProblem.rule(INVALID, "LDG_OutsideAimLife", "values.dateEmpStatApp",
                        "the change " + date + " is before aim " + aim.aimSeqNumber() + " started on " + aim.learnStartDate());
            }
            if ((p.tnp3() != null || p.tnp4() != null) && aim.appFinRecords().stream().anyMatch(price ->
                    "TNP".equals(price.aFinType()) && price.aFinCode() <= 2 && !price.aFinDate().isBefore(date))) {
                throw DomainProblem.rule(INVALID, "AFinDate_05", "values.dateEmpStatApp",
                        "residual prices (TNP3/TNP4) must be dated after the total prices (TNP1/TNP2) of aim "
                                + aim.aimSeqNumber());
            }
        }
        LearnerEmploymentStatus latest = null;
        for (LearnerEmploymentStatus status : record.learnerEmploymentStatuses()) {
            if (status.dateEmpStatApp().equals(date)) {
                throw DomainProblem.rule(INVALID, "R43", "values.dateEmpStatApp",
                        "the learner already has an employment status dated " + date);
            }
            if (status.dateEmpStatApp().isBefore(date)) {
                latest = status;
            }
        }
        if (latest != null && latest.empStat() == 10 && Objects.equals(latest.empId(), p.empId())) {
            throw DomainProblem.rule(INVALID, "R97", "values.empId",
                    "the learner is already employed by " + p.empId() + ": nothing changes");
        }
        amount(p.tnp3(), "values.tnp3");
        amount(p.tnp4(), "values.tnp4");
    }

    private static void priorLearning(PriorLearningReduction p, List<LearningDelivery> aims) {
        requireSome(aims, "the learner has no continuing aim to reduce");
        requireContinuing(aims);
        if (p.tnp1() == null && p.tnp2() == null && p.learnPlanEndDate() == null && p.pHours() == null
                && p.priorLearnFundAdj() == null) {
            throw DomainProblem.invalid("values", "give at least one of tnp1, tnp2, learnPlanEndDate, pHours, priorLearnFundAdj");
        }
        for (LearningDelivery aim : aims) {
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
            if (p.priorLearnFundAdj() != null && !List.of(35, 36, 81).contains(aim.fundModel())) {
                throw DomainProblem.rule(INVALID, "PriorLearnFundAdj_01", "values.priorLearnFundAdj",
                        "PriorLearnFundAdj applies only to FundModel 35, 36 and 81");
            }
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

    private void outcome(OutcomeChange p, List<LearningDelivery> aims, LocalDate today) {
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
            boolean standard = aim.fundModel() == 36 && Objects.equals(aim.progType(), 25);
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

    /**
     * A correction may not make the record one an ILR file cannot hold. Only what the correction
     * brings is refused: a value the record already held is not the raiser's to answer for here.
     */
    private void exportable(IlrLearner record, IlrLearner corrected) {
        List<FieldError> before = learnerChecks.errors(record, LearnerChecks.returnYears(record));
        List<FieldError> errors = learnerChecks.errors(corrected, LearnerChecks.returnYears(corrected)).stream()
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

    private static void requireSome(List<LearningDelivery> aims, String message) {
        if (aims.isEmpty()) {
            throw DomainProblem.rule(CONFLICT, "LDG_NoAim", "aims", message);
        }
    }

    private static void requireContinuing(List<LearningDelivery> aims) {
        for (int i = 0; i < aims.size(); i++) {
            LearningDelivery aim = aims.get(i);
            if (!aim.continuing()) {
                throw DomainProblem.rule(CONFLICT, "CompStatus_01", "aims[" + i + "]",
                        "aim " + aim.aimSeqNumber() + " (" + aim.learnAimRef() + ") is not continuing: CompStatus "
                                + aim.compStatus());
            }
        }
    }

    private static void notInFuture(LocalDate date, String field, String ruleId, LocalDate today) {
        if (date.isAfter(today)) {
            throw DomainProblem.rule(INVALID, ruleId, field, field.substring(field.indexOf('.') + 1) + " " + date
                    + " is in the future; it cannot be returned yet");
        }
    }

    private static void amount(Integer amount, String field) {
        if (amount != null && (amount < 0 || amount > 999_999)) {
            throw DomainProblem.invalid(field, "a price is 0 to 999999 pounds");
        }
    }

    private static void percent(Integer priorLearnFundAdj) {
        if (priorLearnFundAdj != null && (priorLearnFundAdj < 0 || priorLearnFundAdj > 99)) {
            throw DomainProblem.invalid("values.priorLearnFundAdj", "PriorLearnFundAdj is a percentage, 0 to 99");
        }
    }
}
