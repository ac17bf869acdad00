package uk.ilrledger.schemas.ilr;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/** AppFinRecord: an apprenticeship price (TNP1..TNP4) or payment (PMR) on an aim. */
public record AppFinRecord(String aFinType, Integer aFinCode, LocalDate aFinDate, Integer aFinAmount) {

    public AppFinRecord {
        Require.text(Require.present(aFinType, "aFinType"), "aFinType", 3);
        Require.present(aFinCode, "aFinCode");
        Require.present(aFinDate, "aFinDate");
        Require.present(aFinAmount, "aFinAmount");
        if (aFinAmount < 0 || aFinAmount > 999_999) {
            throw uk.ilrledger.schemas.problems.DomainProblem.invalid("aFinAmount", "aFinAmount must be 0 to 999999");
        }
    }

    /** This record's ILR fields in schema order. */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("aFinType", aFinType);
        fields.put("aFinCode", aFinCode);
        fields.put("aFinDate", aFinDate);
        fields.put("aFinAmount", aFinAmount);
        return fields;
    }
}
