package uk.ilrledger.schemas.ilr;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import uk.ilrledger.schemas.problems.DomainProblem;

/**
 * ILR values as plain JSON values, so that an event can carry one field's value whatever the field:
 * text, whole numbers, dates as {@code yyyy-MM-dd} text, decimals as text, entities as objects of
 * their fields (absent and empty ones left out), groups as arrays. The names are the record
 * components' (the API's). {@link #read} turns a plain value back into the field's type; this
 * module has no JSON library, and the ILR model is records of a handful of types.
 */
public final class IlrValues {

    private IlrValues() {
    }

    /**
     * A record class's components and canonical constructor. Java's reflection builds new arrays and
     * objects on every {@code getRecordComponents()}, {@code getDeclaredConstructor} and
     * {@code getMethods()} call; the folds apply corrections field by field, so each class's are found
     * once.
     */
    private record Shape(String[] names, Type[] types, Method[] accessors, Constructor<?> constructor) {

        static Shape of(Class<?> record) {
            RecordComponent[] components = record.getRecordComponents();
            String[] names = new String[components.length];
            Type[] types = new Type[components.length];
            Method[] accessors = new Method[components.length];
            Class<?>[] raw = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                names[i] = components[i].getName();
                types[i] = components[i].getGenericType();
                accessors[i] = components[i].getAccessor();
                raw[i] = components[i].getType();
            }
            try {
                return new Shape(names, types, accessors, record.getDeclaredConstructor(raw));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return Shape.of(type);
        }
    };

    private static final ClassValue<Optional<Method>> JSON_VALUES = new ClassValue<>() {
        @Override
        protected Optional<Method> computeValue(Class<?> type) {
            return Arrays.stream(type.getMethods()).filter(method -> method.isAnnotationPresent(JsonValue.class))
                    .findFirst();
        }
    };

    private static final ClassValue<Optional<Method>> JSON_CREATORS = new ClassValue<>() {
        @Override
        protected Optional<Method> computeValue(Class<?> type) {
            return Arrays.stream(type.getMethods()).filter(method -> method.isAnnotationPresent(JsonCreator.class)
                    && Modifier.isStatic(method.getModifiers()) && method.getParameterCount() == 1).findFirst();
        }
    };

    /** The plain JSON form of an ILR value (also accepts a value already plain, e.g. as JSON read it). */
    public static Object plain(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Number number) {
            long whole = number.longValue();
            if (number.doubleValue() != whole) {
                return new BigDecimal(number.toString()).toPlainString();
            }
            return whole == (int) whole ? (Object) (int) whole : (Object) whole;
        }
        if (value instanceof LocalDate date) {
            return date.toString();
        }
        if (value instanceof List<?> list) {
            List<Object> items = new ArrayList<>();
            list.forEach(item -> items.add(plain(item)));
            return Collections.unmodifiableList(items);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> fields = new LinkedHashMap<>();
            map.forEach((k, v) -> put(fields, (String) k, plain(v)));
            return Collections.unmodifiableMap(fields);
        }
        Optional<Method> jsonValue = JSON_VALUES.get(value.getClass());
        if (jsonValue.isPresent()) {
            return plain(invoke(jsonValue.get(), value));
        }
        if (value instanceof Record record) {
            Shape shape = SHAPES.get(record.getClass());
            Map<String, Object> fields = new LinkedHashMap<>();
            for (int i = 0; i < shape.names().length; i++) {
                put(fields, shape.names()[i], plain(invoke(shape.accessors()[i], record)));
            }
            return Collections.unmodifiableMap(fields);
        }
        throw new IllegalArgumentException("not an ILR value: " + value.getClass().getName());
    }

    private static void put(Map<String, Object> fields, String name, Object value) {
        if (value != null && !(value instanceof List<?> list && list.isEmpty())) {
            fields.put(name, value);
        }
    }

    /** The plain value as {@code type}: a field's type from an ILR record. */
    public static Object read(Type type, Object plain) {
        if (plain == null) {
            return null;
        }
        if (type instanceof ParameterizedType list && list.getRawType() == List.class) {
            Type element = list.getActualTypeArguments()[0];
            List<Object> items = new ArrayList<>();
            for (Object item : (List<?>) plain) {
                items.add(read(element, item));
            }
            return items;
        }
        Class<?> target = (Class<?>) type;
        if (target == String.class) {
            return plain.toString();
        }
        if (target == Integer.class || target == int.class) {
            return plain instanceof Number n ? n.intValue() : Integer.parseInt(plain.toString());
        }
        if (target == Long.class || target == long.class) {
            return plain instanceof Number n ? n.longValue() : Long.parseLong(plain.toString());
        }
        if (target == BigDecimal.class) {
            return new BigDecimal(plain.toString());
        }
        if (target == LocalDate.class) {
            return LocalDate.parse(plain.toString());
        }
        Optional<Method> creator = JSON_CREATORS.get(target);
        if (creator.isPresent()) {
            return invoke(creator.get(), null, read(creator.get().getGenericParameterTypes()[0], plain));
        }
        if (target.isRecord()) {
            Map<?, ?> fields = (Map<?, ?>) plain;
            Shape shape = SHAPES.get(target);
            Object[] args = new Object[shape.names().length];
            for (int i = 0; i < args.length; i++) {
                args[i] = read(shape.types()[i], fields.get(shape.names()[i]));
            }
            return construct(shape, args);
        }
        throw new IllegalArgumentException("cannot read " + target.getName());
    }

    /** A copy of {@code record} with its component {@code field} set to the plain {@code value}. */
    public static <R extends Record> R with(R record, String field, Object value) {
        Shape shape = SHAPES.get(record.getClass());
        Object[] args = new Object[shape.names().length];
        boolean found = false;
        for (int i = 0; i < args.length; i++) {
            if (shape.names()[i].equals(field)) {
                args[i] = read(shape.types()[i], value);
                found = true;
            } else {
                args[i] = invoke(shape.accessors()[i], record);
            }
        }
        if (!found) {
            throw DomainProblem.invalid(field, "unknown field " + field);
        }
        @SuppressWarnings("unchecked")
        R copy = (R) construct(shape, args);
        return copy;
    }

    /** The record's component values by name, plain. */
    public static Map<String, Object> fields(Record record) {
        Shape shape = SHAPES.get(record.getClass());
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < shape.names().length; i++) {
            fields.put(shape.names()[i], plain(invoke(shape.accessors()[i], record)));
        }
        return fields;
    }

    private static Object construct(Shape shape, Object[] args) {
        try {
            return shape.constructor().newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime; // a DomainProblem names the field the value broke
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object invoke(Method method, Object target, Object... args) {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
