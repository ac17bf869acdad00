package uk.ilrledger.schemas.ilr;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/** LearningDeliveryFAM: a funding and monitoring code on an aim, e.g. {@code ACT}=1 or {@code RES}=1. */
public record LearningDeliveryFam(
        String learnDelFAMType,
        String learnDelFAMCode,
        LocalDate learnDelFAMDateFrom,
        LocalDate learnDelFAMDateTo) {

    public LearningDeliveryFam {
        Require.text(Require.present(learnDelFAMType, "learnDelFAMType"), "learnDelFAMType", 3);
        Require.text(Require.present(learnDelFAMCode, "learnDelFAMCode"), "learnDelFAMCode", 5);
        Require.notBefore(learnDelFAMDateTo, learnDelFAMDateFrom, "learnDelFAMDateTo", "learnDelFAMDateFrom");
    }

    public LearningDeliveryFam withDateTo(LocalDate dateTo) {
        return new LearningDeliveryFam(learnDelFAMType, learnDelFAMCode, learnDelFAMDateFrom, dateTo);
    }

    /** This FAM's ILR fields in schema order. */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("learnDelFAMType", learnDelFAMType);
        fields.put("learnDelFAMCode", learnDelFAMCode);
        fields.put("learnDelFAMDateFrom", learnDelFAMDateFrom);
        fields.put("learnDelFAMDateTo", learnDelFAMDateTo);
        return fields;
    }
}
