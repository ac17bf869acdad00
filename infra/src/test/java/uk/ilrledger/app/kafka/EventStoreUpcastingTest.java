package uk.ilrledger.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.junit.jupiter.api.Test;
import uk.ilrledger.app.kafka.EventStoreUpcasting.LearnerEventUpcaster;
import uk.ilrledger.app.kafka.EventStoreUpcasting.SchemaVersionRevisions;
import uk.ilrledger.schemas.learner.ChangeApproved;
import uk.ilrledger.schemas.learner.LearnerWithdrawn;
import uk.ilrledger.schemas.upcasting.EventUpcaster;
import uk.ilrledger.schemas.upcasting.EventVersions;
import uk.ilrledger.schemas.values.LearnerId;

/**
 * Reading the event store after a breaking change: supposing ChangeApproved had been published as
 * version 1 with the approver under {@code approver}, and version 2 renamed it {@code approvedBy},
 * events stored as version 1 (or before versions were recorded) are read as today's ChangeApproved.
 */
class EventStoreUpcastingTest {

    /** A classpath on which ChangeApproved has schema versions 1 and 2, and every other event version 1. */
    static final ClassLoader CHANGE_APPROVED_AT_V2 = new ClassLoader(null) {
        @Override
        protected URL findResource(String name) {
            boolean published = name.startsWith("fixture/") && (name.endsWith(".v1.schema.json")
                    || name.equals("fixture/ChangeApproved.v2.schema.json"));
            try {
                return published ? new URL("file:/" + name) : null;
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }
    };

    static final EventUpcaster APPROVER_RENAMED = new EventUpcaster() {
        public String eventType() {
            return "ChangeApproved";
        }

        public int fromVersion() {
            return 1;
        }

        public Map<String, Object> upcast(Map<String, Object> event) {
            Map<String, Object> next = new LinkedHashMap<>(event);
            next.put("approvedBy", next.remove("approver"));
            return next;
        }
    };

    final EventVersions versions = new EventVersions("fixture/", CHANGE_APPROVED_AT_V2, List.of(APPROVER_RENAMED));
    final ObjectMapper mapper = JsonMapper.builder().addModule(new JavaTimeModule()).build();
    final JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(mapper)
            .revisionResolver(new SchemaVersionRevisions(versions)).build();
    final EventUpcasterChain upcasters = new EventUpcasterChain(new LearnerEventUpcaster(versions, mapper));

    static final UUID CHANGE = UUID.fromString("3f1c2a9e-5b7d-4e8a-9c0b-1d2e3f4a5b6c");
    static final String OLD_APPROVAL = """
            {"learner": {"ukprn": 10000001, "learnRefNumber": "LRN1"}, "changeId": "%s", "approver": "approver2",
             "comment": "Email checked"}""".formatted(CHANGE);

    @Test
    void eventsAreStoredWithTheirCurrentSchemaVersion() {
        assertThat(new SchemaVersionRevisions(versions).revisionOf(ChangeApproved.class)).isEqualTo("2");
        assertThat(new SchemaVersionRevisions(versions).revisionOf(LearnerWithdrawn.class)).isEqualTo("1");
        assertThat(new SchemaVersionRevisions(versions).revisionOf(String.class)).isNull();
        assertThat(new SchemaVersionRevisions(EventVersions.LEARNER_EVENTS).revisionOf(ChangeApproved.class))
                .isEqualTo("1");
    }

    @Test
    void aStoredVersion1EventIsReadAsTheCurrentVersion() {
        assertThat(read(stored(OLD_APPROVAL, "1")))
                .isEqualTo(new ChangeApproved(LearnerId.of(10000001, "LRN1"), CHANGE, "approver2", "Email checked"));
    }

    @Test
    void anEventStoredBeforeVersionsWereRecordedIsVersion1() {
        assertThat(read(stored(OLD_APPROVAL, null)).approvedBy()).isEqualTo("approver2");
    }

    @Test
    void anEventStoredAtTheCurrentVersionIsLeftAsItIs() {
        String current = OLD_APPROVAL.replace("\"approver\"", "\"approvedBy\"");
        assertThat(read(stored(current, "2")).approvedBy()).isEqualTo("approver2");
    }

    private ChangeApproved read(DomainEventData<byte[]> stored) {
        return (ChangeApproved) EventStreamUtils.upcastAndDeserializeDomainEvents(Stream.of(stored), serializer, upcasters)
                .next().getPayload();
    }

    private static DomainEventData<byte[]> stored(String payload, String revision) {
        return new GenericDomainEventEntry<>("Learner", "10000001:LRN1", 3, UUID.randomUUID().toString(),
                Instant.parse("2026-03-01T10:00:00Z"), ChangeApproved.class.getName(), revision,
                payload.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
    }

}
