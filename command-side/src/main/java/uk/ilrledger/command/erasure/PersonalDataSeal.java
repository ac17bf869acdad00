package uk.ilrledger.command.erasure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import uk.ilrledger.schemas.ilr.PersonalFields;
import uk.ilrledger.schemas.values.LearnerId;

/**
 * Seals the personal fields ({@link PersonalFields}) of a learner event's JSON with the learner's key,
 * as the event store writes it, and opens them as it reads. Each value becomes
 * {@code {"$sealed": <key id>, "field": <name>, "value": <base64 of IV, AES-256-GCM ciphertext and tag>}},
 * the field name and key id bound in as associated data, so a sealed value cannot be moved to another
 * field or learner. Once the learner's key is erased a sealed value opens as the field's erased value,
 * and a new event is written with the erased values in the clear.
 *
 * <p>Events stored before values were sealed hold them in the clear; they are read as they are, and as
 * erased once their learner was.
 */
public final class PersonalDataSeal {

    static final String SEALED = "$sealed";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * One AES-GCM cipher per thread, initialised afresh (key and IV) for every value: looking the
     * transformation up among the providers cost as much as sealing the value.
     */
    private static final ThreadLocal<Cipher> GCM = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no AES/GCM/NoPadding", e);
        }
    });

    private final PersonalDataKeys keys;
    private final ObjectMapper mapper;
    private final ObjectReader reader;

    public PersonalDataSeal(PersonalDataKeys keys, ObjectMapper mapper) {
        this.keys = keys;
        this.mapper = mapper;
        this.reader = mapper.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).forType(Object.class);
    }

    /**
     * Seals every personal value in {@code event}, an event of {@code learner} as plain JSON, in
     * place, and answers whether it held any (the learner's key is made or read only then).
     */
    public boolean seal(LearnerId learner, Object event) {
        List<Optional<PersonalDataKeys.LearnerKey>> key = new ArrayList<>(1);
        PersonalFields.replace(event, (field, value) -> {
            if (key.isEmpty()) {
                key.add(keys.forSealing(learner));
            }
            return key.get(0).<Object>map(k -> sealed(k, field, value))
                    .orElseGet(() -> PersonalFields.erasedValue(field));
        });
        return !key.isEmpty();
    }

    /** Reads stored JSON as plain JSON, decimals kept exact. */
    public Object read(byte[] json) {
        try {
            return reader.readValue(json);
        } catch (IOException e) {
            throw new IllegalStateException("a stored event is not JSON", e);
        }
    }

    /**
     * Opens every sealed value in {@code event}, an event of {@code learner} as plain JSON, in place:
     * the value, or the field's erased value once the learner's key is gone. Values stored in the
     * clear are erased too if the learner was.
     */
    public void open(LearnerId learner, Object event) {
        boolean[] sealed = {false};
        openAll(event, sealed);
        if (!sealed[0] && hasPersonalValues(event) && keys.erased(learner)) {
            PersonalFields.erase(event);
        }
    }


    private static boolean hasPersonalValues(Object event) {
        boolean[] found = {false};
        PersonalFields.replace(event, (field, value) -> {
            found[0] = true;
            return value;
        });
        return found[0];
    }

    @SuppressWarnings("unchecked")
    private void openAll(Object json, boolean[] sealed) {
        if (json instanceof List<?> list) {
            ListIterator<Object> elements = ((List<Object>) list).listIterator();
            while (elements.hasNext()) {
                Object element = elements.next();
                if (isSealed(element)) {
                    sealed[0] = true;
                    elements.set(opened((Map<String, Object>) element));
                } else {
                    openAll(element, sealed);
                }
            }
        } else if (json instanceof Map<?, ?> map) {
            for (Map.Entry<String, Object> entry : ((Map<String, Object>) map).entrySet()) {
                if (isSealed(entry.getValue())) {
                    sealed[0] = true;
                    Map<String, Object> value = (Map<String, Object>) entry.getValue();
                    Object expected = PersonalFields.isPersonal(entry.getKey()) ? entry.getKey() : map.get("field");
                    if (!Objects.equals(expected, value.get("field"))) {
                        throw new IllegalStateException("a sealed " + value.get("field") + " does not open as "
                                + entry.getKey() + ": it was moved from another field");
                    }
                    entry.setValue(opened(value));
                } else {
                    openAll(entry.getValue(), sealed);
                }
            }
        }
    }

    private static boolean isSealed(Object json) {
        return json instanceof Map<?, ?> map && map.containsKey(SEALED);
    }

    private Map<String, Object> sealed(PersonalDataKeys.LearnerKey key, String field, Object value) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = GCM.get();
            cipher.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData(key.id(), field));
            byte[] text = cipher.doFinal(mapper.writeValueAsBytes(value));
            Map<String, Object> sealed = new LinkedHashMap<>();
            sealed.put(SEALED, key.id().toString());
            sealed.put("field", field);
            sealed.put("value", Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(iv.length + text.length).put(iv).put(text).array()));
            return sealed;
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException("cannot seal " + field, e);
        }
    }

    private Object opened(Map<String, Object> sealed) {
        UUID keyId = UUID.fromString(String.valueOf(sealed.get(SEALED)));
        String field = String.valueOf(sealed.get("field"));
        Optional<SecretKey> key = keys.forOpening(keyId);
        if (key.isEmpty()) {
            return PersonalFields.erasedValue(field);
        }
        byte[] stored = Base64.getDecoder().decode(String.valueOf(sealed.get("value")));
        try {
            Cipher cipher = GCM.get();
            cipher.init(Cipher.DECRYPT_MODE, key.get(), new GCMParameterSpec(TAG_BITS, stored, 0, IV_BYTES));
            cipher.updateAAD(associatedData(keyId, field));
            return reader.readValue(cipher.doFinal(stored, IV_BYTES, stored.length - IV_BYTES));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the sealed " + field + " under learner key " + keyId
                    + " does not open: it was altered, or moved from another field or learner", e);
        }
    }

    private static byte[] associatedData(UUID keyId, String field) {
        return (keyId + "/" + field).getBytes(StandardCharsets.UTF_8);
    }
}
