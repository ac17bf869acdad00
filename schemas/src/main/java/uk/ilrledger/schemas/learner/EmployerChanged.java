package uk.ilrledger.schemas.learner;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnerId;

/** The learner changed employer on {@code dateEmpStatApp}: a new employment status (EmpStat 10, EmpId); residual prices TNP3/TNP4 on the apprenticeship programme aims when given. */
public record EmployerChanged(
        LearnerId learner,
        UUID changeId,
        List<String> aims,
        LocalDate dateEmpStatApp,
        int empStat,
        Integer empId,
        Integer tnp3,
        Integer tnp4,
        String reason,
        List<EvidenceId> evidence,
        String raisedBy,
        String approvedBy) implements ApprovedChange {

    public EmployerChanged {
        aims = List.copyOf(aims);
        evidence = List.copyOf(evidence);
    }
}
