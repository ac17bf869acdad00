package uk.ilrledger.schemas.ilr;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** LearnerHE: a higher education learner's UCAS personal id, term-time accommodation and financial support. */
public record LearnerHe(
        String ucasPerId,
        Integer ttAccom,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<LearnerHeFinancialSupport> learnerHeFinancialSupports) {

    public LearnerHe {
        learnerHeFinancialSupports = Require.list(learnerHeFinancialSupports);
    }

    /** This entity's simple ILR fields in schema order (the financial supports are compared separately). */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("ucasPerId", ucasPerId);
        fields.put("ttAccom", ttAccom);
        return fields;
    }
}
