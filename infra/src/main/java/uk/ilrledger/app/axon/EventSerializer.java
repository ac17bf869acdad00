package uk.ilrledger.app.axon;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.serialization.ChainingConverter;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import uk.ilrledger.command.erasure.PersonalDataSeal;
import uk.ilrledger.schemas.ilr.PersonalFields;
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
    /** Trees of events as they are written, decimals as they are. */
    private final ObjectReader trees;
    /** Binds a learner event's JSON; floating-point numbers as exact decimals, as a tree read by the seal holds them. */
    private final ClassValue<ObjectReader> readers;
    private final ObjectReader learners;
    /** Classes of stored names that are not the ledger's events, as found: the code's classes do not change while it runs. */
    private final Map<String, Class<?>> otherClasses = new ConcurrentHashMap<>();

    private EventSerializer(Builder builder, PersonalDataSeal seal) {
        super(builder);
        this.seal = seal;
        ObjectMapper mapper = getObjectMapper();
        this.trees = mapper.reader().without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);
        this.readers = new ClassValue<>() {
            @Override
            protected ObjectReader computeValue(Class<?> type) {
                return mapper.readerFor(type).with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
            }
        };
        this.learners = readers.get(LearnerId.class);
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
        try {
            JsonNode tree = tree(object);
            seal.seal(event.learner(), tree);
            byte[] bytes = getWriter().writeValueAsBytes(tree);
            return new SimpleSerializedObject<>(getConverter().convert(bytes, expectedRepresentation),
                    expectedRepresentation, typeForClass(object.getClass()));
        } catch (IOException e) {
            throw new SerializationException("cannot write " + object.getClass().getSimpleName(), e);
        }
    }

    /**
     * {@code object} as a JSON tree, in one pass, its decimals as written (where {@code valueToTree}
     * would strip their trailing zeros): written as it is, the tree gives the object's own JSON.
     */
    private JsonNode tree(Object object) throws IOException {
        try (TokenBuffer buffer = new TokenBuffer(getObjectMapper(), false)) {
            getObjectMapper().writeValue(buffer, object);
            try (JsonParser parser = buffer.asParser()) {
                return trees.readTree(parser);
            }
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

    /**
     * The ledger's events by their stored names, without asking a class loader: Axon asks twice for every
     * event read, and Jackson's lookup by class name took a sixth of a rebuild's reading thread. Other
     * types (every event's metadata among them) go the way {@link #resolveClassName} sends them, once per name.
     */
    @Override
    public Class classForType(SerializedType type) {
        Optional<Class<?>> known = EventTypeNames.typeOf(type.getName());
        if (known.isPresent()) {
            return known.get();
        }
        return otherClasses.computeIfAbsent(type.getName(),
                name -> EventTypeNames.claimsLedgerEvent(name) ? LearnerEvent.class : super.classForType(type));
    }

    /**
     * A learner event is read in one pass: bytes that name no personal field (most events: aims,
     * prices, outcomes, workflow) are bound straight to the event, as nothing in them is sealed or
     * erased; others are read once into a tree, their sealed values opened (or erased) in place, and
     * the tree bound to the event.
     */
    @Override
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        String stored = serializedObject.getType().getName();
        Optional<Class<?>> type = EventTypeNames.typeOf(stored);
        if (type.isEmpty() && EventTypeNames.claimsLedgerEvent(stored)) {
            throw new UnknownEventType(stored);
        }
        if (seal == null || type.filter(LearnerEvent.class::isAssignableFrom).isEmpty()) {
            return super.deserialize(serializedObject);
        }
        ObjectReader reader = readers.get(type.get());
        byte[] bytes = getConverter().convert(serializedObject, byte[].class).getData();
        try {
            if (!PersonalFields.mayName(bytes)) {
                return reader.readValue(bytes);
            }
            JsonNode tree = seal.read(bytes);
            JsonNode learner = tree.get("learner");
            if (learner == null || learner.isNull()) {
                throw new SerializationException("a stored " + stored + " names no learner");
            }
            seal.open(learners.readValue(learner), tree);
            return reader.readValue(tree);
        } catch (IOException e) {
            throw new SerializationException("cannot read a stored " + stored, e);
        }
    }

    /** A stored event of a type this version of the ledger does not know. */
    static final class UnknownEventType extends SerializationException {
        UnknownEventType(String storedName) {
            super("the event store holds an event of type '" + storedName
                    + "', which this version of the ledger does not know; it will not be skipped");
        }
    }
}
