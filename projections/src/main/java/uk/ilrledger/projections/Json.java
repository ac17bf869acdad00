package uk.ilrledger.projections;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Reads and writes the projections' JSONB columns with the application's one ObjectMapper. SQL
 * passes the text with {@code CAST(? AS jsonb)}; what is written is {@link StorableText storable}.
 */
@Component
public final class Json {

    private final ObjectMapper mapper;
    private final ClassValue<ObjectReader> readers;

    public Json(ObjectMapper mapper) {
        this.mapper = mapper;
        this.readers = new ClassValue<>() {
            @Override
            protected ObjectReader computeValue(Class<?> type) {
                return mapper.readerFor(type);
            }
        };
    }

    public String write(Object value) {
        try {
            return StorableText.json(mapper.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public <T> T read(String text, Class<T> type) {
        return read(text, mapper.constructType(type));
    }

    /**
     * Reads UTF-8 JSON, such as a JSONB column's text as the driver hands it over ({@code getBytes}),
     * without making a String of it first.
     */
    public <T> T read(byte[] utf8, Class<T> type) {
        try {
            return readers.get(type).readValue(utf8);
        } catch (IOException e) {
            throw new IllegalStateException("stored JSON is not a " + type.getSimpleName(), e);
        }
    }

    public <T> List<T> readList(String text, Class<T> element) {
        return read(text, mapper.getTypeFactory().constructCollectionType(List.class, element));
    }

    private <T> T read(String text, JavaType type) {
        try {
            return mapper.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not a " + type, e);
        }
    }
}
