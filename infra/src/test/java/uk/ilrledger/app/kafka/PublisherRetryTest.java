package uk.ilrledger.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.ilrledger.app.kafka.PublishedRecords.header;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.ilrledger.projections.Json;
import uk.ilrledger.projections.kafka.KafkaConnection;
import uk.ilrledger.projections.kafka.KafkaEventPublisher;
import uk.ilrledger.schemas.learner.ChangeApproved;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.testsupport.TestKafka;

/**
 * A batch of events is published under one token commit. When an event late in the batch fails,
 * the tracking processor retries the whole batch; the events the broker already acknowledged are
 * not sent again. Once the token has committed, a replay publishes them again.
 */
class PublisherRetryTest {

    static final LearnerId LEARNER = LearnerId.of(10000001, "RETRY1");

    KafkaConnection connection;
    KafkaEventPublisher publisher;
    AnnotationEventHandlerAdapter handler;

    @BeforeEach
    void setUp() {
        connection = new KafkaConnection(TestKafka.bootstrapServers(), "publisher-retry-" + UUID.randomUUID());
        publisher = new KafkaEventPublisher(connection, new Json(JsonMapper.builder().addModule(new JavaTimeModule()).build()));
        handler = new AnnotationEventHandlerAdapter(publisher);
    }

    @AfterEach
    void closeProducer() {
        publisher.destroy();
    }

    static EventMessage<?> event(int sequence) {
        return new GenericDomainEventMessage<>("Learner", LEARNER.asString(), sequence,
                new ChangeApproved(LEARNER, UUID.randomUUID(), "approver", "batch " + sequence));
    }

    @Test
    void aRetriedBatchDoesNotResendWhatTheBrokerAcknowledgedButAReplayDoes() throws Exception {
        EventMessage<?> first = event(0);
        EventMessage<?> second = event(1);
        EventMessage<?> third = event(2);

        UnitOfWork<?> failed = DefaultUnitOfWork.startAndGet(first);
        handler.handle(first);
        handler.handle(second);
        failed.rollback(new IllegalStateException("the third event could not be published"));

        UnitOfWork<?> retried = DefaultUnitOfWork.startAndGet(first);
        handler.handle(first);
        handler.handle(second);
        handler.handle(third);
        retried.commit();

        UnitOfWork<?> replay = DefaultUnitOfWork.startAndGet(first);
        handler.handle(first);
        replay.commit();

        List<String> published = PublishedRecords.read(connection.bootstrapServers(), connection.topic(),
                        read -> read.size() >= 4, Duration.ofSeconds(20))
                .stream().map(record -> header(record, "event-id")).toList();
        assertThat(published).containsExactly(first.getIdentifier(), second.getIdentifier(), third.getIdentifier(),
                first.getIdentifier());
    }
}
