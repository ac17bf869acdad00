package uk.ilrledger.web;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import uk.ilrledger.schemas.learner.ChangeProposal;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.ChangeType;

/**
 * The fields of each change type's form, read from the proposal records themselves so that a form
 * can never ask for a field its type does not have, and the form's values as the API's {@code values}.
 */
public final class ChangeFields {

    /** One input of a change form: the ILR field's name and the kind of input it takes. */
    public record Field(String name, Kind kind, Class<?> javaType) {
        public String label() {
            String spaced = name.replaceAll("([a-z0-9])([A-Z])", "$1 $2");
            return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
        }

        public String inputType() {
            return switch (kind) {
                case DATE -> "date";
                case NUMBER -> "number";
                case TEXT, JSON -> "text";
            };
        }
    }

    public enum Kind { DATE, NUMBER, TEXT, JSON }

    private static final Map<ChangeType, List<Field>> BY_TYPE = byType();

    private ChangeFields() {
    }

    public static List<Field> of(ChangeType type) {
        return BY_TYPE.getOrDefault(type, List.of());
    }

    /** The form's values for {@code type} as the JSON the API takes; a value that is not of its field's kind fails naming it. */
    public static ObjectNode values(ChangeType type, Map<String, String> form, ObjectMapper json) {
        ObjectNode values = json.createObjectNode();
        for (Field field : of(type)) {
            String text = form.get(field.name());
            if (text == null || text.isBlank()) {
                continue;
            }
            String value = text.strip();
            String path = "values." + field.name();
            switch (field.kind()) {
                case DATE -> {
                    try {
                        values.put(field.name(), LocalDate.parse(value).toString());
                    } catch (DateTimeParseException e) {
                        throw DomainProblem.invalid(path, field.label() + " must be a date (YYYY-MM-DD)");
                    }
                }
                case NUMBER -> {
                    try {
                        values.put(field.name(), Integer.parseInt(value));
                    } catch (NumberFormatException e) {
                        throw DomainProblem.invalid(path, field.label() + " must be a whole number");
                    }
                }
                case TEXT -> values.put(field.name(), value);
                case JSON -> values.set(field.name(), object(path, field, value, json));
            }
        }
        return values;
    }

    private static JsonNode object(String path, Field field, String value, ObjectMapper json) {
        try {
            JsonNode node = json.readTree(value);
            if (node.isObject() || node.isArray() && List.class.isAssignableFrom(field.javaType())) {
                return node;
            }
        } catch (JsonProcessingException e) {
            // answered below, naming the field
        }
        throw DomainProblem.invalid(path, field.label() + (List.class.isAssignableFrom(field.javaType())
                ? " must be a JSON list, e.g. [{\"learnDelFAMType\": \"SOF\", \"learnDelFAMCode\": \"105\"}]"
                : " must be a JSON object of ILR fields, e.g. {\"postcode\": \"AB1 2CD\"}"));
    }

    private static Map<ChangeType, List<Field>> byType() {
        Map<ChangeType, List<Field>> byType = new EnumMap<>(ChangeType.class);
        for (JsonSubTypes.Type subtype : ChangeProposal.class.getAnnotation(JsonSubTypes.class).value()) {
            List<Field> fields = Arrays.stream(subtype.value().getRecordComponents()).map(ChangeFields::field).toList();
            byType.put(ChangeType.valueOf(subtype.name()), fields);
        }
        return byType;
    }

    private static Field field(RecordComponent component) {
        Class<?> type = component.getType();
        Kind kind = type == LocalDate.class ? Kind.DATE
                : type == Integer.class || type == int.class ? Kind.NUMBER
                : type == String.class ? Kind.TEXT
                : Kind.JSON; // a map, a list or a nested record: typed as JSON
        return new Field(component.getName(), kind, type);
    }
}
