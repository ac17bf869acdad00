package uk.ilrledger.app.chain;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code ilr-ledger.chain.*}: the key the hash chain and its checkpoints are made with, and where
 * and how often the checkpoints are written.
 *
 * @param key            the current key, base64 of at least 32 random bytes; from a secret, never the database
 *                       (else {@code ILR_LEDGER_CHAIN_KEY}, else the embedded default's key file)
 * @param keyId          its name, stored beside every link and checkpoint (else {@code ILR_LEDGER_CHAIN_KEY_ID},
 *                       else the key's fingerprint)
 * @param retiredKeys    earlier keys by id, kept so links and checkpoints made with them still verify
 * @param anchorDir      the checkpoint directory, outside the database (append-only storage in production);
 *                       by default {@code anchors} in the data directory
 * @param anchorInterval how often a checkpoint is written when something was appended; 0 writes none on a schedule
 * @param heldHeads      how many learners' latest committed links are kept in memory, so their next event's link
 *                       needs no read of the chain table (about 300 bytes each; 100,000 unless set)
 */
@ConfigurationProperties("ilr-ledger.chain")
public record ChainProperties(String key, String keyId, Map<String, String> retiredKeys, String anchorDir,
        Duration anchorInterval, Integer heldHeads) {

    public ChainProperties {
        retiredKeys = retiredKeys == null ? Map.of() : Map.copyOf(retiredKeys);
        anchorInterval = anchorInterval == null ? Duration.ofMinutes(1) : anchorInterval;
        heldHeads = heldHeads == null ? 100_000 : heldHeads;
        if (heldHeads < 0) {
            throw new IllegalArgumentException("ilr-ledger.chain.held-heads must not be negative");
        }
    }
}
