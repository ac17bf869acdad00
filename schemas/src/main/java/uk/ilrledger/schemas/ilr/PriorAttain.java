package uk.ilrledger.schemas.ilr;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/** PriorAttain: the learner's prior attainment level (PriorLevel) and the date it applies from (DateLevelApp). */
public record PriorAttain(Integer priorLevel, LocalDate dateLevelApp) {

    public PriorAttain {
        Require.present(priorLevel, "priorLevel");
        Require.present(dateLevelApp, "dateLevelApp");
    }

    /** This record's ILR fields in schema order. */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("priorLevel", priorLevel);
        fields.put("dateLevelApp", dateLevelApp);
        return fields;
    }
}
