package uk.ilrledger.schemas.ilr;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * LearningDeliveryHE: the HESA fields of a higher education aim. STULOAD and PCOLAB are decimals with
 * one fraction digit. FUNDCOMP is held in every year but written only where the year's schema has it.
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
