package uk.ilrledger.command.chain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash of one stored event: SHA-256 over the previous event's hash and every stored column
 * that says what happened, when and to whom. Changing any of them, or the order of events, breaks
 * the chain from that event on. Public so that tools writing stored events in bulk link them
 * exactly as the append does.
 */
public final class EventHash {

    /** The "previous hash" of a learner's first event. */
    public static final String GENESIS = "0".repeat(64);

    private EventHash() {
    }

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
}
