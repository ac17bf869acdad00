package uk.ilrledger.command.chain;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A secret that keys the hash chain and the checkpoints, and the id stored beside every link it
 * made so a rotated-out key can still check old links. The secret never goes into the database.
 */
public record ChainKey(String id, byte[] secret) {

    /** Shorter keys would make the HMAC weaker than the SHA-256 it is built on. */
    public static final int MINIMUM_BYTES = 32;

    public ChainKey {
        if (id == null || id.isBlank() || id.length() > 64 || !id.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("a chain key id is 1 to 64 letters, digits, '.', '_' or '-': '" + id + "'");
        }
        if (secret == null || secret.length < MINIMUM_BYTES) {
            throw new IllegalArgumentException("chain key '" + id + "' must be at least " + MINIMUM_BYTES
                    + " random bytes (base64), e.g. from `openssl rand -base64 32`");
        }
        secret = secret.clone();
    }

    /** A key from its base64 text; the id defaults to the key's fingerprint, so a new key gets a new id. */
    public static ChainKey fromBase64(String id, String base64) {
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("chain key '" + (id == null ? "" : id) + "' is not base64");
        }
        return new ChainKey(id == null || id.isBlank() ? fingerprint(secret) : id, secret);
    }

    /** {@code k-} and the first 8 hex digits of the secret's SHA-256: names a key without revealing it. */
    public static String fingerprint(byte[] secret) {
        try {
            return "k-" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret)).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** A fresh HMAC-SHA256 keyed with this key (a Mac is not thread-safe: one per use or per thread). */
    public Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public String toString() {
        return "ChainKey[" + id + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChainKey k && k.id.equals(id) && MessageDigest.isEqual(k.secret, secret);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }
}
