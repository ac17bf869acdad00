package uk.ilrledger.schemas.ilr;

import java.util.LinkedHashMap;
import java.util.Map;

/** LearnerFAM: a learner funding and monitoring code, e.g. {@code EHC}=1 or {@code LSR}=36. */
public record LearnerFam(String learnFAMType, Integer learnFAMCode) {

    public LearnerFam {
        Require.text(Require.present(learnFAMType, "learnFAMType"), "learnFAMType", 3);
        Require.present(learnFAMCode, "learnFAMCode");
    }

    /** This FAM's ILR fields in schema order. */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("learnFAMType", learnFAMType);
        fields.put("learnFAMCode", learnFAMCode);
        return fields;
    }
}
