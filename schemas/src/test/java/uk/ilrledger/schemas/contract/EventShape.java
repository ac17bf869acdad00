package uk.ilrledger.schemas.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonValue;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An event's JSON shape as the code writes it today, derived from its record components: each
 * field's JSON name and type, and whether it is always present. A component is always present when
 * it is primitive, or when the record refuses null for it or replaces null with a value (found by
 * building the record again from an example with that component set to null). A component marked
 * {@code @JsonInclude(NON_EMPTY)} is left out when empty, so it is not.
 */
sealed interface EventShape {

    /** {@code integer}, {@code number}, {@code string} or {@code boolean}, with a format such as {@code date}. */
    record Scalar(String type, String format) implements EventShape {
        @Override
        public String toString() {
            return format == null ? type : type + " (" + format + ")";
        }
    }

    /** Any JSON at all ({@code Object} in Java). */
    record Anything() implements EventShape {
        @Override
        public String toString() {
            return "any JSON";
        }
    }

    record ArrayOf(EventShape items) implements EventShape {
        @Override
        public String toString() {
            return "array";
        }
    }

    /** An object with free keys ({@code Map} in Java). */
    record FreeObject() implements EventShape {
        @Override
        public String toString() {
            return "object";
        }
    }

    record Field(String name, EventShape shape, boolean alwaysPresent) {
    }

    record ObjectOf(Class<?> type, Map<String, Field> fields) implements EventShape {
        @Override
        public String toString() {
            return "object";
        }
    }

    /** One of several records told apart by a type property, as {@code @JsonTypeInfo} writes them. */
    record Variants(String property, Map<String, ObjectOf> byName) implements EventShape {
        @Override
        public String toString() {
            return "object";
        }
    }

    /**
     * The shape of {@code type}. {@code examples} must hold an instance of every record the type
     * reaches, to find out which fields can be absent.
     */
    static EventShape of(Type type, Map<Class<?>, Object> examples) {
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            if (Collection.class.isAssignableFrom(raw)) {
                return new ArrayOf(of(parameterized.getActualTypeArguments()[0], examples));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return new FreeObject();
            }
            return of(raw, examples);
        }
        Class<?> raw = (Class<?>) type;
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class
                || raw == short.class || raw == Short.class) {
            return new Scalar("integer", null);
        }
        if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class
                || raw == java.math.BigDecimal.class) {
            return new Scalar("number", null);
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return new Scalar("boolean", null);
        }
        if (raw == String.class || raw.isEnum()) {
            return new Scalar("string", null);
        }
        if (raw == LocalDate.class) {
            return new Scalar("string", "date");
        }
        if (raw == Instant.class) {
            return new Scalar("string", "date-time");
        }
        if (raw == UUID.class) {
            return new Scalar("string", "uuid");
        }
        if (raw == Object.class) {
            return new Anything();
        }
        if (raw.isArray()) {
            return new ArrayOf(of(raw.getComponentType(), examples));
        }
        if (Map.class.isAssignableFrom(raw)) {
            return new FreeObject();
        }
        Method jsonValue = jsonValue(raw);
        if (jsonValue != null) {
            return of(jsonValue.getGenericReturnType(), examples);
        }
        if (raw.isRecord()) {
            return record(raw, examples);
        }
        if (raw.isSealed() && raw.isAnnotationPresent(JsonTypeInfo.class)) {
            Map<String, ObjectOf> byName = new LinkedHashMap<>();
            for (JsonSubTypes.Type subtype : raw.getAnnotation(JsonSubTypes.class).value()) {
                byName.put(subtype.name(), record(subtype.value(), examples));
            }
            return new Variants(raw.getAnnotation(JsonTypeInfo.class).property(), byName);
        }
        throw new IllegalArgumentException("no JSON shape known for " + raw.getName());
    }

    private static ObjectOf record(Class<?> type, Map<Class<?>, Object> examples) {
        Object example = examples.get(type);
        if (example == null) {
            throw new IllegalArgumentException("no example of " + type.getSimpleName()
                    + ": add one so its optional fields can be told from its required ones");
        }
        Map<String, Field> fields = new LinkedHashMap<>();
        RecordComponent[] components = type.getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            JsonProperty renamed = component.getAnnotation(JsonProperty.class);
            String name = renamed != null && !renamed.value().isEmpty() ? renamed.value() : component.getName();
            fields.put(name, new Field(name, of(component.getGenericType(), examples),
                    alwaysPresent(type, components, i, example)));
        }
        return new ObjectOf(type, fields);
    }

    private static boolean alwaysPresent(Class<?> type, RecordComponent[] components, int index, Object example) {
        if (components[index].getType().isPrimitive()) {
            return true;
        }
        JsonInclude include = components[index].getAccessor().getAnnotation(JsonInclude.class);
        if (include != null && include.value() == JsonInclude.Include.NON_EMPTY) {
            return false; // left out of the JSON when empty
        }
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                values[i] = components[i].getAccessor().invoke(example);
                types[i] = components[i].getType();
            }
            values[index] = null;
            Constructor<?> canonical = type.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            Object rebuilt = canonical.newInstance(values);
            return components[index].getAccessor().invoke(rebuilt) != null;
        } catch (InvocationTargetException refusedNull) {
            return true;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot rebuild " + type.getSimpleName(), e);
        }
    }

    private static Method jsonValue(Class<?> type) {
        return Arrays.stream(type.getMethods()).filter(m -> m.isAnnotationPresent(JsonValue.class)).findFirst()
                .orElse(null);
    }

    /** Every record instance reachable from the values, by class: the examples {@link #of} needs. */
    static Map<Class<?>, Object> instancesIn(List<?> values) {
        Map<Class<?>, Object> found = new LinkedHashMap<>();
        values.forEach(value -> collect(value, found));
        return found;
    }

    private static void collect(Object value, Map<Class<?>, Object> found) {
        if (value instanceof Collection<?> collection) {
            collection.forEach(element -> collect(element, found));
        } else if (value != null && value.getClass().isRecord() && jsonValue(value.getClass()) == null) {
            found.putIfAbsent(value.getClass(), value);
            for (RecordComponent component : value.getClass().getRecordComponents()) {
                try {
                    collect(component.getAccessor().invoke(value), found);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }
}
