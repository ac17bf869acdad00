package uk.ilrledger.schemas.ilr;

import java.util.LinkedHashMap;
import java.util.Map;

/** ProviderSpecLearnerMonitoring: the provider's own monitoring value for the learner, occurrence A or B. */
public record ProviderSpecLearnerMonitoring(String provSpecLearnMonOccur, String provSpecLearnMon) {

    public ProviderSpecLearnerMonitoring {
        Require.text(Require.present(provSpecLearnMonOccur, "provSpecLearnMonOccur"), "provSpecLearnMonOccur", 1);
        Require.text(Require.present(provSpecLearnMon, "provSpecLearnMon"), "provSpecLearnMon", 20);
    }

    /** This monitoring's ILR fields in schema order. */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("provSpecLearnMonOccur", provSpecLearnMonOccur);
        fields.put("provSpecLearnMon", provSpecLearnMon);
        return fields;
    }
}
