package uk.ilrledger.app.axon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.axonframework.serialization.ChainingConverter;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import uk.ilrledger.command.erasure.PersonalDataSeal;
import uk.ilrledger.schemas.learner.LearnerEvent;
import uk.ilrledger.schemas.upcasting.EventTypeNames;
import uk.ilrledger.schemas.values.LearnerId;

/**
 * Axon's Jackson serializer, with the ledger's events stored under their stable names
 * ({@link EventTypeNames}) instead of Java class names.
 *
 * <p>An event whose name claims to be one of the ledger's but that this version of the code does not
 * know is typed as a plain {@link LearnerEvent}, so every handler of learner events takes it, and
 * reading its payload fails naming the type. Axon's default would type it "unknown", which handlers
 * silently pass over, and a projection would lose rows. Failing already when the type is resolved
 * would not do either: the event store's shared reader would stop for every processor at once, with
 * no processor in error to show for it.
 *
 * <p>A learner event's personal fields are sealed with the learner's own key as they are written, and
 * opened as they are read ({@link PersonalDataSeal}, decision 33). The chain hashes the sealed bytes,
 * which never change, so it verifies before and after a learner's key is erased.
 */
final class EventSerializer extends JacksonSerializer {

    private final PersonalDataSeal seal;

    private EventSerializer(Builder builder, PersonalDataSeal seal) {
        super(builder);
        this.seal = seal;
    }

    static EventSerializer create(ObjectMapper objectMapper, RevisionResolver revisions, ClassLoader classLoader) {
        return create(objectMapper, revisions, classLoader, null);
    }

    /**
     * With {@code seal}, a learner event's personal fields are sealed with the learner's key as they are
     * written (decision 33) and opened, or read as erased, as they are read; without, events are
     * written and read as they are.
     */
    static EventSerializer create(ObjectMapper objectMapper, RevisionResolver revisions, ClassLoader classLoader,
            PersonalDataSeal seal) {
        return new EventSerializer(JacksonSerializer.builder()
                .revisionResolver(revisions)
                .converter(new ChainingConverter(classLoader))
                .objectMapper(objectMapper), seal);
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        if (seal == null || !(object instanceof LearnerEvent event)) {
            return super.serialize(object, expectedRepresentation);
        }
        Object tree = getObjectMapper().convertValue(object, Object.class);
        if (!seal.seal(event.learner(), tree)) {
            return super.serialize(object, expectedRepresentation);
        }
        try {
            byte[] bytes = getWriter().writeValueAsBytes(tree);
            return new SimpleSerializedObject<>(getConverter().convert(bytes, expectedRepresentation),
                    expectedRepresentation, typeForClass(object.getClass()));
        } catch (JsonProcessingException e) {
            throw new SerializationException("cannot write " + object.getClass().getSimpleName(), e);
        }
    }

    @Override
    public SerializedType typeForClass(Class type) {
        return EventTypeNames.nameOf(type)
                .<SerializedType>map(name -> new SimpleSerializedType(name, getRevisionResolver().revisionOf(type)))
                .orElseGet(() -> super.typeForClass(type));
    }

    @Override
    protected String resolveClassName(SerializedType serializedType) {
        String stored = serializedType.getName();
        if (SimpleSerializedType.emptyType().getName().equals(stored)) {
            return super.resolveClassName(serializedType);
        }
        return EventTypeNames.typeOf(stored).map(Class::getName).orElseGet(() ->
                EventTypeNames.claimsLedgerEvent(stored) ? LearnerEvent.class.getName()
                        : super.resolveClassName(serializedType));
    }

    @Override
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        String stored = serializedObject.getType().getName();
        if (EventTypeNames.typeOf(stored).isEmpty() && EventTypeNames.claimsLedgerEvent(stored)) {
            throw new UnknownEventType(stored);
        }
        if (seal != null && EventTypeNames.typeOf(stored).filter(LearnerEvent.class::isAssignableFrom).isPresent()) {
            Object tree = seal.read(getConverter().convert(serializedObject, byte[].class).getData());
            if (!(tree instanceof Map<?, ?> event) || event.get("learner") == null) {
                throw new SerializationException("a stored " + stored + " names no learner");
            }
            seal.open(getObjectMapper().convertValue(event.get("learner"), LearnerId.class), tree);
            JsonNode opened = getObjectMapper().valueToTree(tree);
            return super.deserialize(new SimpleSerializedObject<>(opened, JsonNode.class, serializedObject.getType()));
        }
        return super.deserialize(serializedObject);
    }

    /** A stored event of a type this version of the ledger does not know. */
    static final class UnknownEventType extends SerializationException {
        UnknownEventType(String storedName) {
            super("the event store holds an event of type '" + storedName
                    + "', which this version of the ledger does not know; it will not be skipped");
        }
    }
}
