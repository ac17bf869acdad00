package uk.ilrledger.schemas.ilr;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * LearningDeliveryHE: the HESA fields of a higher education aim. FUNDCOMP is held in every year but
 * written only where the year's schema has it. STULOAD and PCOLAB are decimals held in one form
 * (trailing zeros dropped, at least one decimal place: 100.0, 12.5), so the same value read from
 * JSON or XML in another form ({@code 1E+2}, {@code 12.50}) makes an equal record.
 */
public record LearningDeliveryHe(
        String ssn,
        String qualEnt3,
        Integer soc,
        Integer sec,
        String ucasSchemeCode,
        Integer typeYr,
        Integer modeStud,
        Integer fundLev,
        Integer fundComp,
        BigDecimal stuLoad,
        Integer yearStu,
        Integer mStuFee,
        BigDecimal pcolab,
        Integer specFee,
        Integer netFee,
        Integer grossFee,
        String permAddCountry,
        Integer elq,
        String hePostCode) {

    public LearningDeliveryHe {
        Require.present(typeYr, "typeYr");
        Require.present(modeStud, "modeStud");
        Require.present(yearStu, "yearStu");
        Require.present(mStuFee, "mStuFee");
        Require.present(specFee, "specFee");
        stuLoad = canonical(stuLoad);
        pcolab = canonical(pcolab);
    }

    private static BigDecimal canonical(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 1 ? stripped.setScale(1) : stripped;
    }

    /** This entity's ILR fields in schema order. */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("ssn", ssn);
        fields.put("qualEnt3", qualEnt3);
        fields.put("soc", soc);
        fields.put("sec", sec);
        fields.put("ucasSchemeCode", ucasSchemeCode);
        fields.put("typeYr", typeYr);
        fields.put("modeStud", modeStud);
        fields.put("fundLev", fundLev);
        fields.put("fundComp", fundComp);
        fields.put("stuLoad", stuLoad);
        fields.put("yearStu", yearStu);
        fields.put("mStuFee", mStuFee);
        fields.put("pcolab", pcolab);
        fields.put("specFee", specFee);
        fields.put("netFee", netFee);
        fields.put("grossFee", grossFee);
        fields.put("permAddCountry", permAddCountry);
        fields.put("elq", elq);
        fields.put("hePostCode", hePostCode);
        return fields;
    }
}
