package uk.ilrledger.schemas.ilr;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/** LearningDeliveryWorkPlacement: a work placement on an aim, its dates, hours, mode and employer. */
public record LearningDeliveryWorkPlacement(
        LocalDate workPlaceStartDate,
        LocalDate workPlaceEndDate,
        Integer workPlaceHours,
        Integer workPlaceMode,
        Integer workPlaceEmpId) {

    public LearningDeliveryWorkPlacement {
        Require.present(workPlaceStartDate, "workPlaceStartDate");
        Require.notBefore(workPlaceEndDate, workPlaceStartDate, "workPlaceEndDate", "workPlaceStartDate");
        Require.present(workPlaceHours, "workPlaceHours");
        Require.present(workPlaceMode, "workPlaceMode");
    }

    /** This placement's ILR fields in schema order. */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("workPlaceStartDate", workPlaceStartDate);
        fields.put("workPlaceEndDate", workPlaceEndDate);
        fields.put("workPlaceHours", workPlaceHours);
        fields.put("workPlaceMode", workPlaceMode);
        fields.put("workPlaceEmpId", workPlaceEmpId);
        return fields;
    }
}
