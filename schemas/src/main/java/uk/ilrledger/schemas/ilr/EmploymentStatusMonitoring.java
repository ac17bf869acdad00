package uk.ilrledger.schemas.ilr;

import java.util.LinkedHashMap;
import java.util.Map;

/** EmploymentStatusMonitoring: a code qualifying an employment status, e.g. {@code SEI}=1 (self-employed). */
public record EmploymentStatusMonitoring(String esmType, Integer esmCode) {

    public EmploymentStatusMonitoring {
        Require.text(Require.present(esmType, "esmType"), "esmType", 3);
        Require.present(esmCode, "esmCode");
    }

    /** This monitoring's ILR fields in schema order. */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("esmType", esmType);
        fields.put("esmCode", esmCode);
        return fields;
    }
}
