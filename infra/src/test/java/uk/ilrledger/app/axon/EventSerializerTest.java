package uk.ilrledger.app.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;
import org.junit.jupiter.api.Test;
import uk.ilrledger.app.kafka.EventStoreUpcasting.SchemaVersionRevisions;
import uk.ilrledger.schemas.learner.ChangeApproved;
import uk.ilrledger.schemas.learner.LearnerEvent;
import uk.ilrledger.schemas.upcasting.EventVersions;
import uk.ilrledger.schemas.values.LearnerId;

/** Events are stored under their stable names; old class names still read; unknown names stop the reader. */
class EventSerializerTest {

    final EventSerializer serializer = EventSerializer.create(
            JsonMapper.builder().addModule(new JavaTimeModule()).build(),
            new SchemaVersionRevisions(EventVersions.LEARNER_EVENTS), getClass().getClassLoader());

    static final ChangeApproved APPROVAL = new ChangeApproved(LearnerId.of(10000001, "LRN1"),
            UUID.fromString("3f1c2a9e-5b7d-4e8a-9c0b-1d2e3f4a5b6c"), "approver2", "Email checked");

    @Test
    void aLearnerEventIsStoredUnderItsStableNameWithItsSchemaVersion() {
        SerializedObject<byte[]> stored = serializer.serialize(APPROVAL, byte[].class);
        assertThat(stored.getType().getName()).isEqualTo("ChangeApproved");
        assertThat(stored.getType().getRevision()).isEqualTo("1");
        assertThat(read(stored.getType().getName(), stored.getData()).getPayload()).isEqualTo(APPROVAL);
    }

    @Test
    void anEventStoredUnderItsJavaClassNameIsReadAsBefore() {
        byte[] payload = serializer.serialize(APPROVAL, byte[].class).getData();
        assertThat(read(ChangeApproved.class.getName(), payload).getPayload()).isEqualTo(APPROVAL);
    }

    @Test
    void anEventOfATypeThisVersionDoesNotKnowIsAnErrorNotAnEventToPassOver() {
        DomainEventMessage<?> unknown = read("LearnerTeleported", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(unknown.getPayloadType()).as("every handler of learner events takes it").isEqualTo(LearnerEvent.class);
        assertThatThrownBy(unknown::getPayload)
                .hasRootCauseInstanceOf(EventSerializer.UnknownEventType.class)
                .rootCause()
                .hasMessageContaining("'LearnerTeleported'");
    }

    @Test
    void axonsOwnTypesAreUnaffected() {
        assertThat(serializer.typeForClass(String.class).getName()).isEqualTo("java.lang.String");
        assertThat(serializer.classForType(serializer.typeForClass(String.class))).isEqualTo(String.class);
    }

    private DomainEventMessage<?> read(String payloadType, byte[] payload) {
        DomainEventData<byte[]> stored = new GenericDomainEventEntry<>("Learner", "10000001:LRN1", 0,
                UUID.randomUUID().toString(), Instant.parse("2026-03-01T10:00:00Z"), payloadType, null, payload,
                "{}".getBytes(StandardCharsets.UTF_8));
        DomainEventStream stream = EventStreamUtils.upcastAndDeserializeDomainEvents(Stream.of(stored), serializer,
                NoOpEventUpcaster.INSTANCE);
        return stream.next();
    }
}
