package uk.ilrledger.projections;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Reads and writes the projections' JSONB columns with the application's one ObjectMapper. SQL
 * passes the text with {@code CAST(? AS jsonb)}; what is written is {@link StorableText storable}.
 */
@Component
public final class Json {

    private final ObjectMapper mapper;

    public Json(ObjectMapper mapper) {
        this.mapper = mapper;
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
