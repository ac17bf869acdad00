package uk.ilrledger.app.erasure;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The master key that wraps every learner's key (decision 33): {@code master-key}, base64 of 32 random
 * bytes (environment {@code ILR_LEDGER_MASTER_KEY}), its {@code master-key-id} (by default its
 * fingerprint), and {@code retired-master-keys} by id, still used to open keys wrapped before a rotation.
 */
@ConfigurationProperties("ilr-ledger.erasure")
public record ErasureProperties(String masterKey, String masterKeyId, Map<String, String> retiredMasterKeys) {

    public ErasureProperties {
        retiredMasterKeys = retiredMasterKeys == null ? Map.of() : Map.copyOf(retiredMasterKeys);
    }
}
