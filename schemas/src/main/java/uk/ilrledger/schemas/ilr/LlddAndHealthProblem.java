package uk.ilrledger.schemas.ilr;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * LLDDandHealthProblem: a category of learning difficulty, disability or health problem (LLDDCat);
 * PrimaryLLDD 1 marks the primary one.
 */
public record LlddAndHealthProblem(Integer llddCat, Integer primaryLldd) {

    public LlddAndHealthProblem {
        Require.present(llddCat, "llddCat");
    }

    /** This record's ILR fields in schema order. */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("llddCat", llddCat);
        fields.put("primaryLldd", primaryLldd);
        return fields;
    }
}
