package uk.ilrledger.schemas.ilr;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import uk.ilrledger.schemas.learner.CorrectedField;

/**
 * The Learner fields that identify a person or are special category data, and so are sealed with the
 * learner's own key in the event store and erased with it (decision 33): names, date of birth, NI
 * number, ethnicity, health (LLDDHealthProb and the LLDD and health problems), postcodes, address,
 * telephone and e-mail. The rest of the record (ULN, LearnRefNumber, the aims, their funding and
 * outcomes) is the provider's funding evidence and stays.
 *
 * <p>An erased field holds a value that still fits the record: text {@value #ERASED}, no date of
 * birth, Ethnicity 99 and LLDDHealthProb 9 (the ILR's "not provided"), no LLDD and health problems.
 * A file written for the DfE carries them as the ILR allows for a learner it may not identify
 * ({@link #asReturned}).
 */
public final class PersonalFields {

    /** What an erased text field reads as, wherever the ledger shows it. */
    public static final String ERASED = "[erased]";

    /** Ethnicity 99: not provided. */
    public static final int ETHNICITY_NOT_PROVIDED = 99;

    /** LLDDHealthProb 9: no information provided by the learner. */
    public static final int LLDD_NOT_PROVIDED = 9;

    /** The postcode the ILR takes when it is not known. */
    public static final String POSTCODE_NOT_KNOWN = "ZZ99 9ZZ";

    private static final Set<String> TEXT = Set.of("familyName", "givenNames", "niNumber", "postcodePrior", "postcode",
            "addLine1", "addLine2", "addLine3", "addLine4", "telNo", "email");

    /** Every personal field, by its JSON (lowerCamelCase ILR) name. */
    public static final Set<String> NAMES = Set.of("familyName", "givenNames", "dateOfBirth", "ethnicity",
            "llddHealthProb", "niNumber", "postcodePrior", "postcode", "addLine1", "addLine2", "addLine3", "addLine4",
            "telNo", "email", "llddAndHealthProblems");

    /** {@link #NAMES} as UTF-8, by length, for {@link #mayName}. */
    private static final byte[][][] NAMES_BY_LENGTH = namesByLength();

    private PersonalFields() {
    }

    public static boolean isPersonal(String field) {
        return NAMES.contains(field);
    }

    /** The value an erased {@code field} reads as (plain JSON: text, a number, an empty list, or null). */
    public static Object erasedValue(String field) {
        if (TEXT.contains(field)) {
            return ERASED;
        }
        return switch (field) {
            case "ethnicity" -> ETHNICITY_NOT_PROVIDED;
            case "llddHealthProb" -> LLDD_NOT_PROVIDED;
            case "llddAndHealthProblems" -> List.of();
            case "dateOfBirth" -> null;
            default -> throw new IllegalArgumentException(field + " is not a personal field");
        };
    }

    /** {@code learner} with every personal field erased; null stays null (nothing registered yet). */
    public static IlrLearner erase(IlrLearner learner) {
        if (learner == null) {
            return null;
        }
        IlrLearner.Builder b = learner.toBuilder();
        b.familyName = ERASED;
        b.givenNames = ERASED;
        b.dateOfBirth = null;
        b.ethnicity = ETHNICITY_NOT_PROVIDED;
        b.llddHealthProb = LLDD_NOT_PROVIDED;
        b.llddAndHealthProblems = List.of();
        b.niNumber = learner.niNumber() == null ? null : ERASED;
        b.postcodePrior = ERASED;
        b.postcode = ERASED;
        b.addLine1 = learner.addLine1() == null ? null : ERASED;
        b.addLine2 = learner.addLine2() == null ? null : ERASED;
        b.addLine3 = learner.addLine3() == null ? null : ERASED;
        b.addLine4 = learner.addLine4() == null ? null : ERASED;
        b.telNo = learner.telNo() == null ? null : ERASED;
        b.email = learner.email() == null ? null : ERASED;
        return b.build();
    }

    /**
     * {@code learner} as a file for the DfE carries them: erased text is left out where the ILR
     * schema lets it be (names, NI number, address, telephone, e-mail) and the postcodes are
     * {@value #POSTCODE_NOT_KNOWN}, the ILR's value for a postcode not known. A learner without erased
     * fields is returned as it is.
     */
    public static IlrLearner asReturned(IlrLearner learner) {
        Map<String, Object> fields = learner.fields();
        if (fields.values().stream().noneMatch(ERASED::equals)) {
            return learner;
        }
        IlrLearner.Builder b = learner.toBuilder();
        b.familyName = returned(learner.familyName());
        b.givenNames = returned(learner.givenNames());
        b.niNumber = returned(learner.niNumber());
        b.addLine1 = returned(learner.addLine1());
        b.addLine2 = returned(learner.addLine2());
        b.addLine3 = returned(learner.addLine3());
        b.addLine4 = returned(learner.addLine4());
        b.telNo = returned(learner.telNo());
        b.email = returned(learner.email());
        b.postcode = ERASED.equals(learner.postcode()) ? POSTCODE_NOT_KNOWN : learner.postcode();
        b.postcodePrior = ERASED.equals(learner.postcodePrior()) ? POSTCODE_NOT_KNOWN : learner.postcodePrior();
        return b.build();
    }

    private static String returned(String value) {
        return ERASED.equals(value) ? null : value;
    }

    /**
     * Replaces, anywhere in an event's plain JSON ({@code Map}, {@code List} and values, as the
     * upcasters take it), the value of each personal field by what {@code replace} answers for the
     * field's name and value: the fields of a Learner record (a registration's record, a correction
     * stored whole), of a correction's proposed Learner values, and the old and new values of a
     * corrected Learner field. Null and absent values are left as they are.
     */
    @SuppressWarnings("unchecked")
    public static void replace(Object json, BiFunction<String, Object, Object> replace) {
        if (json instanceof List<?> list) {
            list.forEach(element -> replace(element, replace));
            return;
        }
        if (!(json instanceof Map<?, ?> map)) {
            return;
        }
        Map<String, Object> object = (Map<String, Object>) map;
        if (CorrectedField.LEARNER.equals(object.get("entity")) && object.get("field") instanceof String field
                && isPersonal(field)) {
            for (String value : List.of("oldValue", "newValue")) {
                if (object.get(value) != null) {
                    object.put(value, replace.apply(field, object.get(value)));
                }
            }
            return;
        }
        for (Map.Entry<String, Object> entry : object.entrySet()) {
            if (isPersonal(entry.getKey())) {
                if (entry.getValue() != null) {
                    entry.setValue(replace.apply(entry.getKey(), entry.getValue()));
                }
            } else {
                replace(entry.getValue(), replace);
            }
        }
    }

    /** {@link #replace} with each personal value erased. */
    public static void erase(Object json) {
        replace(json, (field, value) -> erasedValue(field));
    }

    /**
     * Whether the JSON text {@code json} (UTF-8) may hold a personal value: whether a string in it, a
     * key or a value, is the name of a personal field. A personal value is held under its name, or in
     * a corrected field naming it; a sealed value names its field too. A string written with escapes
     * is counted as a name, so the answer errs only towards yes. The event store binds an event that
     * names none straight from its bytes; the check costs far less than the tree it spares (decision 33).
     */
    public static boolean mayName(byte[] json) {
        int i = 0;
        int n = json.length;
        while (i < n) {
            if (json[i++] != '"') {
                continue;
            }
            int start = i;
            boolean escaped = false;
            while (i < n && json[i] != '"') {
                if (json[i] == '\\') {
                    escaped = true;
                    i++;
                }
                i++;
            }
            if (escaped || isName(json, start, i - start)) {
                return true;
            }
            i++;
        }
        return false;
    }

    private static boolean isName(byte[] json, int start, int length) {
        if (length >= NAMES_BY_LENGTH.length) {
            return false;
        }
        for (byte[] name : NAMES_BY_LENGTH[length]) {
            if (Arrays.equals(json, start, start + length, name, 0, length)) {
                return true;
            }
        }
        return false;
    }

    private static byte[][][] namesByLength() {
        int longest = NAMES.stream().mapToInt(String::length).max().orElse(0);
        byte[][][] byLength = new byte[longest + 1][][];
        for (int length = 0; length <= longest; length++) {
            int l = length;
            byLength[length] = NAMES.stream().filter(name -> name.length() == l)
                    .map(name -> name.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        }
        return byLength;
    }
}
