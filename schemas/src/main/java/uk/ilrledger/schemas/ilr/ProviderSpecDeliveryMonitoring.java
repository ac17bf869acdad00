package uk.ilrledger.schemas.ilr;

import java.util.LinkedHashMap;
import java.util.Map;

/** ProviderSpecDeliveryMonitoring: the provider's own monitoring value for an aim, occurrence A to D. */
public record ProviderSpecDeliveryMonitoring(String provSpecDelMonOccur, String provSpecDelMon) {

    public ProviderSpecDeliveryMonitoring {
        Require.text(Require.present(provSpecDelMonOccur, "provSpecDelMonOccur"), "provSpecDelMonOccur", 1);
        Require.text(Require.present(provSpecDelMon, "provSpecDelMon"), "provSpecDelMon", 20);
    }

    /** This monitoring's ILR fields in schema order. */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("provSpecDelMonOccur", provSpecDelMonOccur);
        fields.put("provSpecDelMon", provSpecDelMon);
        return fields;
    }
}
