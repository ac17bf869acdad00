package uk.ilrledger.app.axon;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.serialization.ChainingConverter;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import uk.ilrledger.schemas.learner.LearnerEvent;
import uk.ilrledger.schemas.upcasting.EventTypeNames;

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
 */
final class EventSerializer extends JacksonSerializer {

    private EventSerializer(Builder builder) {
        super(builder);
    }

    static EventSerializer create(ObjectMapper objectMapper, RevisionResolver revisions, ClassLoader classLoader) {
        return new EventSerializer(JacksonSerializer.builder()
                .revisionResolver(revisions)
                .converter(new ChainingConverter(classLoader))
                .objectMapper(objectMapper));
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
