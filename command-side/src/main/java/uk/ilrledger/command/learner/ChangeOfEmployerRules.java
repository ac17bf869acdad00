package uk.ilrledger.command.learner;

import static uk.ilrledger.command.learner.RuleChecks.*;
import static uk.ilrledger.schemas.problems.DomainProblem.Kind.CONFLICT;
import static uk.ilrledger.schemas.problems.DomainProblem.Kind.INVALID;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import uk.ilrledger.command.reference.ReferenceData;
import uk.ilrledger.schemas.ilr.EmploymentStatusMonitoring;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearnerEmploymentStatus;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.ilr.Programmes;
import uk.ilrledger.schemas.learner.ApprovedChange;
import uk.ilrledger.schemas.learner.ChangeProposal.ChangeOfEmployer;
import uk.ilrledger.schemas.learner.ChangeRaised;
import uk.ilrledger.schemas.learner.EmployerChanged;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.ChangeType;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.EmpId;

/**
 * A new employment status of an apprentice, in training or on a break: EmpStat with EmpId only for
 * EmpStat 10, its monitorings from the year's code lists, and with a new employer in training
 * optional residual prices TNP3/TNP4. A redundancy is EmpStat 11 or 12; the new employer follows,
 * during the break or with the restart.
 */
final class ChangeOfEmployerRules implements ChangeTypeRules<ChangeOfEmployer> {

    private final ReferenceData referenceData;

    ChangeOfEmployerRules(ReferenceData referenceData) {
        this.referenceData = referenceData;
    }

    public ChangeType type() {
        return ChangeType.CHANGE_OF_EMPLOYER;
    }

    public Class<ChangeOfEmployer> proposalType() {
        return ChangeOfEmployer.class;
    }

    public boolean concernsByDefault(IlrLearner record, LearningDelivery aim) {
        return aim.programmeAim() && aim.fundModel() == 36 && (aim.continuing() || awaitingRestart(record, aim));
    }

    public void check(IlrLearner record, ChangeOfEmployer p, List<LearningDelivery> aims, LocalDate effectiveDate,
            LocalDate today) {
        requireSome(aims, "the learner has no apprenticeship in training or on a break to change employment on");
        LocalDate date = p.dateEmpStatApp();
        notInFuture(date, "values.dateEmpStatApp", "LDG_NotInFuture", today);
        for (int i = 0; i < aims.size(); i++) {
            LearningDelivery aim = aims.get(i);
            if (aim.fundModel() != 36) {
                throw DomainProblem.rule(CONFLICT, "LDG_NotApprenticeship", "aims[" + i + "]",
                        "aim " + aim.aimSeqNumber() + " is not an apprenticeship (FundModel " + aim.fundModel()
                                + "): an employer change applies to apprenticeships");
            }
            if (!aim.continuing() && !awaitingRestart(record, aim)) {
                throw DomainProblem.rule(CONFLICT, "CompStatus_01", "aims[" + i + "]", "aim " + aim.aimSeqNumber()
                        + " is neither in training nor on a break awaiting its restart: CompStatus " + aim.compStatus());
            }
            if (date.isBefore(aim.learnStartDate())) {
                throw DomainProblem.rule(INVALID, "LDG_OutsideAimLife", "values.dateEmpStatApp",
                        "the change " + date + " is before aim " + aim.aimSeqNumber() + " started on " + aim.learnStartDate());
            }
        }
        CollectionYear year = CollectionYear.containing(date);
        ReferenceData.CodeLists lists = referenceData.latestUpTo(year);
        status(p, lists, year);
        monitorings(p, lists, year);
        prices(p, aims, date);
        dated(record, p, date);
        Set<LocalDate> breachedBefore = Employment.r110Breaches(record.learningDeliveries(),
                record.learnerEmploymentStatuses());
        List<LearnerEmploymentStatus> after = new ArrayList<>(record.learnerEmploymentStatuses());
        after.add(new LearnerEmploymentStatus(p.status(), date, p.empId(), p.employmentStatusMonitorings()));
        for (LocalDate from : Employment.r110Breaches(record.learningDeliveries(), after)) {
            if (!breachedBefore.contains(from)) {
                throw DomainProblem.rule(INVALID, "R110", "values.empStat", "an ACT=1 period starts on " + from
                        + ", when the learner would not be employed (EmpStat " + p.status() + " from " + date
                        + "); a change of contract type comes first");
            }
        }
    }

    public ApprovedChange applied(IlrLearner record, ChangeRaised r, ChangeOfEmployer p, String approvedBy) {
        return new EmployerChanged(r.learner(), r.changeId(), r.aims(), p.dateEmpStatApp(), p.status(), p.empId(),
                p.employmentStatusMonitorings(), p.tnp3(), p.tnp4(), r.reason(), r.evidence(), r.raisedBy(),
                approvedBy);
    }

    public TakesEffect takesEffect(ChangeOfEmployer p) {
        return new TakesEffect("dateEmpStatApp", p.dateEmpStatApp());
    }

    private static boolean awaitingRestart(IlrLearner record, LearningDelivery aim) {
        return aim.compStatus() == LearningDelivery.COMP_STATUS_BREAK && !Programmes.restarted(record, aim);
    }

    /** EmpStat from the year's list; EmpId, with a valid check digit, for EmpStat 10 and only then. */
    private static void status(ChangeOfEmployer p, ReferenceData.CodeLists lists, CollectionYear year) {
        if (lists.empStat() != null && !lists.empStat().contains(p.status())) {
            throw DomainProblem.rule(INVALID, "EmpStat_01", "values.empStat",
                    "EmpStat " + p.status() + " is not in the " + year + " code list " + lists.empStat());
        }
        if (p.status() == Employment.EMPLOYED) {
            if (p.empId() == null) {
                throw DomainProblem.rule(INVALID, "EmpId_10", "values.empId",
                        "an apprentice in paid employment (EmpStat 10) needs the employer's EmpId (ERN)");
            }
            if (!EmpId.valid(p.empId())) {
                throw DomainProblem.rule(INVALID, "EmpId_02", "values.empId", "EmpId " + p.empId() + " fails its check digit");
            }
        } else if (p.empId() != null) {
            throw DomainProblem.rule(INVALID, "EmpId_14", "values.empId",
                    "EmpId is recorded only with EmpStat 10 (employed), not with EmpStat " + p.status());
        }
    }

    /** Each ESMType once, with a code the year allows, and none that contradicts EmpStat. */
    private static void monitorings(ChangeOfEmployer p, ReferenceData.CodeLists lists, CollectionYear year) {
        List<EmploymentStatusMonitoring> esms = p.employmentStatusMonitorings();
        Set<String> types = new HashSet<>();
        for (int i = 0; i < esms.size(); i++) {
            EmploymentStatusMonitoring esm = esms.get(i);
            String field = "values.employmentStatusMonitorings[" + i + "]";
            if (!lists.esm(esm.esmType(), esm.esmCode())) {
                throw DomainProblem.rule(INVALID, "ESMType_01", field + ".esmCode", "ESMType " + esm.esmType()
                        + " with ESMCode " + esm.esmCode() + " is not in the " + year + " code list");
            }
            if (!types.add(esm.esmType())) {
                throw DomainProblem.invalid(field + ".esmType", "ESMType " + esm.esmType() + " is given twice");
            }
            boolean employed = p.status() == Employment.EMPLOYED;
            if (employed && "LOU".equals(esm.esmType())) {
                throw DomainProblem.rule(INVALID, "ESMType_05", field + ".esmType",
                        "length of unemployment (LOU) does not go with EmpStat 10");
            }
            if (!employed && "SEI".equals(esm.esmType())) {
                throw DomainProblem.rule(INVALID, "ESMType_07", field + ".esmType",
                        "self-employment (SEI) goes only with EmpStat 10");
            }
            if ((p.status() == 11 || p.status() == 12) && "LOE".equals(esm.esmType())) {
                throw DomainProblem.rule(INVALID, "ESMType_10", field + ".esmType",
                        "length of employment (LOE) does not go with EmpStat " + p.status());
            }
        }
    }

    /** Residual prices only with a new employer, on aims in training, dated after their total prices. */
    private static void prices(ChangeOfEmployer p, List<LearningDelivery> aims, LocalDate date) {
        amount(p.tnp3(), "values.tnp3");
        amount(p.tnp4(), "values.tnp4");
        if (p.tnp3() == null && p.tnp4() == null) {
            return;
        }
        String field = p.tnp3() != null ? "values.tnp3" : "values.tnp4";
        if (p.status() != Employment.EMPLOYED) {
            throw DomainProblem.invalid(field, "residual prices come with a new employer (EmpStat 10)");
        }
        for (LearningDelivery aim : aims) {
            if (!aim.continuing()) {
                throw DomainProblem.rule(INVALID, "AFinDate_13", field, "aim " + aim.aimSeqNumber()
                        + " is on a break since " + aim.learnActEndDate()
                        + ": its residual price goes on the restart (tnp3, tnp4)");
            }
            if (aim.appFinRecords().stream().anyMatch(price -> "TNP".equals(price.aFinType()) && price.aFinCode() <= 2
                    && !price.aFinDate().isBefore(date))) {
                throw DomainProblem.rule(INVALID, "AFinDate_05", "values.dateEmpStatApp",
                        "residual prices (TNP3/TNP4) must be dated after the total prices (TNP1/TNP2) of aim "
                                + aim.aimSeqNumber());
            }
        }
    }

    /** One status per DateEmpStatApp (R43), and one that differs from the statuses either side of it (R97). */
    private static void dated(IlrLearner record, ChangeOfEmployer p, LocalDate date) {
        LearnerEmploymentStatus before = null;
        LearnerEmploymentStatus after = null;
        for (LearnerEmploymentStatus status : record.learnerEmploymentStatuses().stream()
                .sorted(Comparator.comparing(LearnerEmploymentStatus::dateEmpStatApp)).toList()) {
            if (status.dateEmpStatApp().equals(date)) {
                throw DomainProblem.rule(INVALID, "R43", "values.dateEmpStatApp",
                        "the learner already has an employment status dated " + date);
            }
            if (status.dateEmpStatApp().isBefore(date)) {
                before = status;
            } else if (after == null) {
                after = status;
            }
        }
        for (LearnerEmploymentStatus neighbour : new LearnerEmploymentStatus[] {before, after}) {
            if (neighbour != null && neighbour.empStat() == p.status() && Objects.equals(neighbour.empId(), p.empId())
                    && Set.copyOf(neighbour.employmentStatusMonitorings())
                            .equals(Set.copyOf(p.employmentStatusMonitorings()))) {
                throw DomainProblem.rule(INVALID, "R97", p.empId() != null ? "values.empId" : "values.empStat",
                        "the status from " + neighbour.dateEmpStatApp() + " is already EmpStat " + p.status()
                                + (p.empId() != null ? " with EmpId " + p.empId() : "")
                                + " and the same monitoring: nothing changes");
            }
        }
    }
}
