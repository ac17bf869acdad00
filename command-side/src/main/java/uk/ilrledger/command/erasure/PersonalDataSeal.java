package uk.ilrledger.command.erasure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import uk.ilrledger.schemas.ilr.PersonalFields;
import uk.ilrledger.schemas.learner.CorrectedField;
import uk.ilrledger.schemas.values.LearnerId;

/**
 * Seals the personal fields ({@link PersonalFields}) of a learner event's JSON tree with the learner's key,
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
        this.reader = exactTrees(mapper);
    }

    /**
     * Reads JSON into trees with decimals kept exactly as written (no rounding through double, no
     * trailing zeros stripped), so that sealing, opening and binding leave a value as it was.
     */
    public static ObjectReader exactTrees(ObjectMapper mapper) {
        return mapper.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);
    }

    /**
     * Seals every personal value in {@code event}, an event of {@code learner} as a JSON tree, in
     * place, and answers whether it held any (the learner's key is made or read only then).
     */
    public boolean seal(LearnerId learner, JsonNode event) {
        List<Optional<PersonalDataKeys.LearnerKey>> key = new ArrayList<>(1);
        replace(event, (field, value) -> {
            if (key.isEmpty()) {
                key.add(keys.forSealing(learner));
            }
            return key.get(0).<JsonNode>map(k -> sealed(k, field, value))
                    .orElseGet(() -> erasedNode(field));
        });
        return !key.isEmpty();
    }

    /** Reads stored JSON as a tree, decimals kept exact. */
    public JsonNode read(byte[] json) {
        try {
            return reader.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("a stored event is not JSON", e);
        }
    }

    /**
     * Opens every sealed value in {@code event}, an event of {@code learner} as a JSON tree, in place:
     * the value, or the field's erased value once the learner's key is gone. Values stored in the
     * clear are erased too if the learner was.
     */
    public void open(LearnerId learner, JsonNode event) {
        boolean[] sealed = {false};
        openAll(event, sealed);
        if (!sealed[0] && hasPersonalValues(event) && keys.erased(learner)) {
            replace(event, (field, value) -> erasedNode(field));
        }
    }

    private static boolean hasPersonalValues(JsonNode event) {
        boolean[] found = {false};
        replace(event, (field, value) -> {
            found[0] = true;
            return value;
        });
        return found[0];
    }

    private void openAll(JsonNode json, boolean[] sealed) {
        if (json instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode element = array.get(i);
                if (isSealed(element)) {
                    sealed[0] = true;
                    array.set(i, opened(element));
                } else {
                    openAll(element, sealed);
                }
            }
        } else if (json instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> entry : object.properties()) {
                JsonNode value = entry.getValue();
                if (isSealed(value)) {
                    sealed[0] = true;
                    String expected = PersonalFields.isPersonal(entry.getKey()) ? entry.getKey() : text(object.get("field"));
                    if (!Objects.equals(expected, text(value.get("field")))) {
                        throw new IllegalStateException("a sealed " + text(value.get("field")) + " does not open as "
                                + entry.getKey() + ": it was moved from another field");
                    }
                    entry.setValue(opened(value));
                } else {
                    openAll(value, sealed);
                }
            }
        }
    }

    private static boolean isSealed(JsonNode json) {
        return json instanceof ObjectNode object && object.has(SEALED);
    }

    /** A text node's text; null for anything else, absent included. */
    private static String text(JsonNode json) {
        return json != null && json.isTextual() ? json.textValue() : null;
    }

    private ObjectNode sealed(PersonalDataKeys.LearnerKey key, String field, JsonNode value) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = GCM.get();
            cipher.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData(key.id(), field));
            byte[] text = cipher.doFinal(mapper.writeValueAsBytes(value));
            ObjectNode sealed = JsonNodeFactory.instance.objectNode();
            sealed.put(SEALED, key.id().toString());
            sealed.put("field", field);
            sealed.put("value", Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(iv.length + text.length).put(iv).put(text).array()));
            return sealed;
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException("cannot seal " + field, e);
        }
    }

    private JsonNode opened(JsonNode sealed) {
        UUID keyId = UUID.fromString(String.valueOf(text(sealed.get(SEALED))));
        String field = String.valueOf(text(sealed.get("field")));
        Optional<SecretKey> key = keys.forOpening(keyId);
        if (key.isEmpty()) {
            return erasedNode(field);
        }
        byte[] stored = Base64.getDecoder().decode(String.valueOf(text(sealed.get("value"))));
        try {
            Cipher cipher = GCM.get();
            cipher.init(Cipher.DECRYPT_MODE, key.get(), new GCMParameterSpec(TAG_BITS, stored, 0, IV_BYTES));
            cipher.updateAAD(associatedData(keyId, field));
            return value(cipher.doFinal(stored, IV_BYTES, stored.length - IV_BYTES));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the sealed " + field + " under learner key " + keyId
                    + " does not open: it was altered, or moved from another field or learner", e);
        }
    }

    /** {@link PersonalFields#erasedValue} as a JSON node of its own. */
    static JsonNode erasedNode(String field) {
        Object erased = PersonalFields.erasedValue(field);
        if (erased instanceof String text) {
            return TextNode.valueOf(text);
        }
        if (erased instanceof Integer number) {
            return IntNode.valueOf(number);
        }
        if (erased instanceof List<?> list && list.isEmpty()) {
            return JsonNodeFactory.instance.arrayNode();
        }
        if (erased == null) {
            return NullNode.getInstance();
        }
        throw new IllegalStateException("no JSON for the erased value of " + field);
    }

    /**
     * {@link PersonalFields#replace} on a JSON tree, in place: the same personal values, found by the
     * same rules, replaced by what {@code replace} answers. JSON null and absent values stay as they are.
     */
    static void replace(JsonNode json, BiFunction<String, JsonNode, JsonNode> replace) {
        if (json instanceof ArrayNode array) {
            for (JsonNode element : array) {
                replace(element, replace);
            }
            return;
        }
        if (!(json instanceof ObjectNode object)) {
            return;
        }
        String field = text(object.get("field"));
        if (field != null && PersonalFields.isPersonal(field) && CorrectedField.LEARNER.equals(text(object.get("entity")))) {
            for (String value : List.of("oldValue", "newValue")) {
                JsonNode old = object.get(value);
                if (old != null && !old.isNull()) {
                    object.set(value, replace.apply(field, old));
                }
            }
            return;
        }
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            if (PersonalFields.isPersonal(entry.getKey())) {
                if (!entry.getValue().isNull()) {
                    entry.setValue(replace.apply(entry.getKey(), entry.getValue()));
                }
            } else {
                replace(entry.getValue(), replace);
            }
        }
    }

    /**
     * An opened value's JSON as a node. Most are plain text (names, postcodes, dates), read here without
     * starting a parser for each; anything else is parsed.
     */
    private JsonNode value(byte[] json) throws IOException {
        int last = json.length - 1;
        if (last >= 1 && json[0] == '"' && json[last] == '"') {
            boolean plain = true;
            for (int i = 1; i < last && plain; i++) {
                plain = json[i] != '\\' && json[i] != '"' && (json[i] & 0xFF) >= 0x20;
            }
            if (plain) {
                return TextNode.valueOf(new String(json, 1, last - 1, StandardCharsets.UTF_8));
            }
        }
        return reader.readTree(json);
    }

    private static byte[] associatedData(UUID keyId, String field) {
        return (keyId + "/" + field).getBytes(StandardCharsets.UTF_8);
    }
}
