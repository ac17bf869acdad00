package uk.ilrledger.command.chain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;

/**
 * The link of one stored event in its learner's chain. Public so that tools writing stored events
 * in bulk link them exactly as the append does.
 */
public final class EventHash {

    /** The "previous hash" of a learner's first event. */
    public static final String GENESIS = "0".repeat(64);

    /** Names what the MAC is over, so a link can never be mistaken for another use of the key (a checkpoint). */
    private static final byte[] LINK_DOMAIN = "ilr-ledger learner event link v2".getBytes(StandardCharsets.UTF_8);

    private EventHash() {
    }

    /**
     * {@link LinkScheme#HMAC_SHA256}: HMAC-SHA256 with the chain key over the previous link and every
     * column stored for the event, each length-prefixed so no two different rows give the same input.
     */
    public static String keyed(Mac mac, String previousLink, StoredEvent event) {
        mac.reset();
        field(mac, LINK_DOMAIN);
        field(mac, previousLink);
        field(mac, event.eventIdentifier());
        field(mac, event.aggregateIdentifier());
        field(mac, event.aggregateType());
        field(mac, Long.toString(event.sequenceNumber()));
        field(mac, event.payloadType());
        field(mac, event.payloadRevision());
        field(mac, event.timestamp());
        field(mac, event.payload());
        field(mac, event.metaData());
        return HexFormat.of().formatHex(mac.doFinal());
    }

    public static String keyed(ChainKey key, String previousLink, StoredEvent event) {
        return keyed(key.newMac(), previousLink, event);
    }

    /**
     * {@link LinkScheme#SHA256}, the first scheme: SHA-256 over the previous link, the id, sequence number,
     * payload type, recording time and payload. Kept to check links stored before the chain was keyed.
     */
    public static String of(String previousHash, String eventIdentifier, String aggregateIdentifier, long sequenceNumber,
            String payloadType, String timestamp, byte[] payload) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String header = String.join("\n", previousHash, eventIdentifier, aggregateIdentifier,
                    Long.toString(sequenceNumber), payloadType, timestamp, "");
            sha.update(header.getBytes(StandardCharsets.UTF_8));
            sha.update(payload);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static void field(Mac mac, String value) {
        field(mac, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** Length, then bytes; -1 for an absent (SQL NULL) value, which is not the same as an empty one. */
    private static void field(Mac mac, byte[] value) {
        mac.update(ByteBuffer.allocate(4).putInt(value == null ? -1 : value.length).array());
        if (value != null) {
            mac.update(value);
        }
    }
}
