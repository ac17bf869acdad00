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
import java.util.Objects;
import uk.ilrledger.schemas.ilr.LearnerEmploymentStatus;
import uk.ilrledger.schemas.learner.ChangeProposal.ChangeOfEmployer;
import uk.ilrledger.schemas.learner.EmployerChanged;
import uk.ilrledger.schemas.values.EmpId;

/** A new employer: a LearnerEmploymentStatus (EmpStat 10, EmpId) and optional residual prices TNP3/TNP4. */
final class ChangeOfEmployerRules implements ChangeTypeRules<ChangeOfEmployer> {

    public ChangeType type() {
        return ChangeType.CHANGE_OF_EMPLOYER;
    }

    public Class<ChangeOfEmployer> proposalType() {
        return ChangeOfEmployer.class;
    }

    public boolean concernsByDefault(IlrLearner record, LearningDelivery aim) {
        return aim.continuing() && aim.programmeAim() && aim.fundModel() == 36;
    }

    public void check(IlrLearner record, ChangeOfEmployer p, List<LearningDelivery> aims, LocalDate effectiveDate,
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

    public ApprovedChange applied(IlrLearner record, ChangeRaised r, ChangeOfEmployer p, String approvedBy) {
        return new EmployerChanged(r.learner(), r.changeId(), r.aims(), p.dateEmpStatApp(), 10, p.empId(), p.tnp3(),
                p.tnp4(), r.reason(), r.evidence(), r.raisedBy(), approvedBy);
    }

    public TakesEffect takesEffect(ChangeOfEmployer p) {
        return new TakesEffect("dateEmpStatApp", p.dateEmpStatApp());
    }
}
