package uk.ilrledger.schemas.learner;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import uk.ilrledger.schemas.ilr.EmploymentStatusMonitoring;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnerId;

/**
 * The learner's employment changed on {@code dateEmpStatApp}: a new employment status (EmpStat, EmpId
 * for EmpStat 10, and its monitorings, e.g. a redundancy as EmpStat 11 with LOU 1); residual prices
 * TNP3/TNP4 on the apprenticeship programme aims when given.
 */
public record EmployerChanged(
        LearnerId learner,
        UUID changeId,
        List<String> aims,
        LocalDate dateEmpStatApp,
        int empStat,
        Integer empId,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<EmploymentStatusMonitoring> employmentStatusMonitorings,
        Integer tnp3,
        Integer tnp4,
        String reason,
        List<EvidenceId> evidence,
        String raisedBy,
        String approvedBy) implements ApprovedChange {

    public EmployerChanged {
        aims = List.copyOf(aims);
        employmentStatusMonitorings = employmentStatusMonitorings == null ? List.of()
                : List.copyOf(employmentStatusMonitorings);
        evidence = List.copyOf(evidence);
    }

    /** An employment status without monitorings. */
    public EmployerChanged(LearnerId learner, UUID changeId, List<String> aims, LocalDate dateEmpStatApp, int empStat,
            Integer empId, Integer tnp3, Integer tnp4, String reason, List<EvidenceId> evidence, String raisedBy,
            String approvedBy) {
        this(learner, changeId, aims, dateEmpStatApp, empStat, empId, List.of(), tnp3, tnp4, reason, evidence,
                raisedBy, approvedBy);
    }
}
