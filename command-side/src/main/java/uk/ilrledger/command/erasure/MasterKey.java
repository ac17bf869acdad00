package uk.ilrledger.command.erasure;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key that wraps every learner's key (AES-256-GCM from the JDK), held outside the database: from
 * configuration, or with the embedded default a key file beside the data. Its id is the fingerprint of
 * the key unless one is configured, and is kept with each wrapped key.
 */
public final class MasterKey {

    static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * One AES-GCM cipher per thread for wrapping and unwrapping, initialised afresh each time: an export
     * or a rebuild opens thousands of learners' keys, and looking the transformation up among the
     * providers cost as much as the unwrapping. Not shared with the sealing of values, so that opening a
     * key in the middle of opening a value cannot disturb the value's cipher.
     */
    private static final ThreadLocal<Cipher> GCM = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no AES/GCM/NoPadding", e);
        }
    });

    private final String id;
    private final SecretKey key;

    private MasterKey(String id, SecretKey key) {
        this.id = id;
        this.key = key;
    }

    /** The key from its base64 text; {@code id} null or blank: its fingerprint. */
    public static MasterKey fromBase64(String id, String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the learner master key is not base64", e);
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalStateException("the learner master key must be 32 bytes (base64 of 32 random bytes), not "
                    + bytes.length);
        }
        String keyId = id == null || id.isBlank() ? fingerprint(bytes) : id;
        return new MasterKey(keyId, new SecretKeySpec(bytes, "AES"));
    }

    public String id() {
        return id;
    }

    /** A new learner key, wrapped: IV then ciphertext and tag, bound to the learner key's id. */
    byte[] wrap(byte[] learnerKey, String keyId) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = GCM.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(learnerKey);
            return ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot wrap a learner key", e);
        }
    }

    SecretKey unwrap(byte[] wrapped, String keyId) {
        try {
            Cipher cipher = GCM.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, wrapped, 0, IV_BYTES));
            cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            return new SecretKeySpec(cipher.doFinal(wrapped, IV_BYTES, wrapped.length - IV_BYTES), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("learner key " + keyId + " does not open with master key " + id
                    + ": the master key is not the one it was wrapped with, or the stored key was altered", e);
        }
    }

    private static String fingerprint(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return "m-" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no SHA-256 in this JDK", e);
        }
    }

    @Override
    public String toString() {
        return "MasterKey[" + id + "]";
    }
}
