package uk.ilrledger.schemas.ilr;

import java.util.LinkedHashMap;
import java.util.Map;

/** LearnerHEFinancialSupport: support of one type (FINTYPE) an HE learner received, in pounds (FINAMOUNT). */
public record LearnerHeFinancialSupport(Integer finType, Integer finAmount) {

    public LearnerHeFinancialSupport {
        Require.present(finType, "finType");
        Require.present(finAmount, "finAmount");
    }

    /** This support's ILR fields in schema order. */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("finType", finType);
        fields.put("finAmount", finAmount);
        return fields;
    }
}
