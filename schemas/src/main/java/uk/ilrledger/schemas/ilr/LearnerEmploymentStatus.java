package uk.ilrledger.schemas.ilr;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/** LearnerEmploymentStatus: the learner's employment from DateEmpStatApp on (EmpStat 10 = employed). */
public record LearnerEmploymentStatus(Integer empStat, LocalDate dateEmpStatApp, Integer empId) {

    public LearnerEmploymentStatus {
        Require.present(empStat, "empStat");
        Require.present(dateEmpStatApp, "dateEmpStatApp");
    }

    /** This status's ILR fields in schema order. */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("empStat", empStat);
        fields.put("dateEmpStatApp", dateEmpStatApp);
        fields.put("empId", empId);
        return fields;
    }
}
