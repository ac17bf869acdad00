package uk.ilrledger.schemas.ilr;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** LearnerEmploymentStatus: the learner's employment from DateEmpStatApp on (EmpStat 10 = employed). */
public record LearnerEmploymentStatus(
        Integer empStat,
        LocalDate dateEmpStatApp,
        Integer empId,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<EmploymentStatusMonitoring> employmentStatusMonitorings) {

    public LearnerEmploymentStatus {
        Require.present(empStat, "empStat");
        Require.present(dateEmpStatApp, "dateEmpStatApp");
        employmentStatusMonitorings = Require.list(employmentStatusMonitorings);
    }

    /** This status's simple ILR fields in schema order (its monitorings are compared separately). */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("empStat", empStat);
        fields.put("dateEmpStatApp", dateEmpStatApp);
        fields.put("empId", empId);
        return fields;
    }
}
