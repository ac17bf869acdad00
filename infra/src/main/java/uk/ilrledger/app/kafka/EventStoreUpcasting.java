package uk.ilrledger.app.kafka;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import uk.ilrledger.schemas.learner.LearnerEvent;
import uk.ilrledger.schemas.upcasting.EventTypeNames;
import uk.ilrledger.schemas.upcasting.EventVersions;

/**
 * The event store keeps each learner event with its schema version as Axon's payload revision, and
 * reads older versions through the same upcasters that consumers of the topic use, so a breaking
 * change to an event does not strand the events stored before it. Events stored before versions
 * were recorded carry no revision: they are version 1.
 */
@Configuration(proxyBeanMethods = false)
public class EventStoreUpcasting {

    @Bean
    RevisionResolver revisionResolver() {
        return new SchemaVersionRevisions(EventVersions.LEARNER_EVENTS);
    }

    @Bean
    LearnerEventUpcaster learnerEventUpcaster(ObjectMapper mapper) {
        return new LearnerEventUpcaster(EventVersions.LEARNER_EVENTS, mapper);
    }

    /** A learner event's revision is its current schema version; anything else keeps Axon's default. */
    public static final class SchemaVersionRevisions implements RevisionResolver {

        private final EventVersions versions;
        private final RevisionResolver otherwise = new AnnotationRevisionResolver();

        public SchemaVersionRevisions(EventVersions versions) {
            this.versions = versions;
        }

        @Override
        public String revisionOf(Class<?> payloadType) {
            return LearnerEvent.class.isAssignableFrom(payloadType) && payloadType.isRecord()
                    ? Integer.toString(versions.current(payloadType.getSimpleName()))
                    : otherwise.revisionOf(payloadType);
        }
    }

    /** Brings a stored learner event of an earlier schema version to the current one. */
    public static final class LearnerEventUpcaster extends SingleEventUpcaster {

        private static final TypeReference<LinkedHashMap<String, Object>> JSON_OBJECT = new TypeReference<>() {
        };

        private final EventVersions versions;
        private final ObjectMapper mapper;

        public LearnerEventUpcaster(EventVersions versions, ObjectMapper mapper) {
            this.versions = versions;
            this.mapper = mapper;
        }

        @Override
        protected boolean canUpcast(IntermediateEventRepresentation stored) {
            return eventType(stored).filter(type -> version(stored) < versions.current(type)).isPresent();
        }

        @Override
        protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation stored) {
            String type = eventType(stored).orElseThrow();
            int from = version(stored);
            String current = Integer.toString(versions.current(type));
            return stored.upcastPayload(new SimpleSerializedType(stored.getType().getName(), current), JsonNode.class,
                    payload -> {
                        Map<String, Object> json = mapper.convertValue(payload, JSON_OBJECT);
                        return mapper.valueToTree(versions.upcast(type, from, json));
                    });
        }

        private static int version(IntermediateEventRepresentation stored) {
            String revision = stored.getType().getRevision();
            return revision == null ? 1 : Integer.parseInt(revision);
        }

        private static Optional<String> eventType(IntermediateEventRepresentation stored) {
            return EventTypeNames.typeOf(stored.getType().getName())
                    .filter(payload -> LearnerEvent.class.isAssignableFrom(payload) && payload.isRecord())
                    .map(Class::getSimpleName);
        }
    }
}
