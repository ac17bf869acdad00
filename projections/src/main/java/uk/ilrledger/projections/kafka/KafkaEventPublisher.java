package uk.ilrledger.projections.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import uk.ilrledger.projections.Json;
import uk.ilrledger.projections.processors.ProcessorFailures;
import uk.ilrledger.schemas.learner.LearnerEvent;
import uk.ilrledger.schemas.upcasting.EventVersions;

/**
 * Publishes every learner event to Kafka, keyed by the learner, as a tracking processor: the
 * processor's token is the outbox position, so the token only moves once the broker has
 * acknowledged the records it passes over (acks=all, idempotent producer). Each event of the
 * processor's batch is sent without waiting, so the batch's records are in flight together; the
 * handler of the batch's last event, and before that the unit of work's commit, waits for every
 * acknowledgement in store order, and the first record the broker did not take fails the batch:
 * nothing of it is committed and the token stays before it. While Kafka is down the batch fails,
 * the processor retries, and nothing is lost; on the retry, records the broker acknowledged or
 * still has in flight are not sent again. The {@code schema-version} header is the event type's
 * current published JSON Schema version. A record may be sent twice after a crash between the
 * acknowledgements and the token's commit (at most one batch): consumers de-duplicate by the
 * {@code event-id} header. A record Kafka refuses for good (too large for the broker or the
 * producer, or another error that retrying cannot fix) is not an outage: it is a failure of that
 * event, shown as such on the health page and the admin listing, and retried until the setting is
 * raised or an ADMIN resolves it.
 */
@Component
@ProcessingGroup(KafkaEventPublisher.PROCESSING_GROUP)
public class KafkaEventPublisher implements DisposableBean {

    public static final String PROCESSING_GROUP = "kafka-publisher";

    /** The unit of work's resource holding the sends of its batch, in store order. */
    private static final String BATCH = KafkaEventPublisher.class.getName() + ".batch";
    /** Longer than the producer's delivery timeout: an acknowledgement or an error comes before it. */
    private static final long ACK_WAIT_SECONDS = 20;

    private final KafkaConnection connection;
    private final Json json;
    private final EventVersions versions = EventVersions.LEARNER_EVENTS;
    private final KafkaProducer<String, byte[]> producer;
    /**
     * Records sent whose batch has not committed its token yet, by event id. When the batch fails,
     * the processor retries it; a record still in flight or acknowledged is not sent a second time.
     */
    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private volatile boolean topicReady;

    /** One record sent: its event, its size and the broker's answer to come. */
    private record Sent(EventMessage<?> event, int bytes, Future<RecordMetadata> ack) {

        /** The broker refused it, or the producer gave up: it must be sent again. */
        boolean failed() {
            if (!ack.isDone()) {
                return false;
            }
            try {
                ack.get(); // done: does not block
                return false;
            } catch (ExecutionException | CancellationException e) {
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    public KafkaEventPublisher(KafkaConnection connection, Json json) {
        this.connection = connection;
        this.json = json;
        // Refuse to start rather than publish an event no consumer has a schema for.
        eventTypes(LearnerEvent.class).forEach(type -> versions.current(type.getSimpleName()));
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "ilr-ledger-publisher");
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, connection.maxRequestSize());
        // A processor batch's records go out together: fuller requests, fewer of them (decision 28).
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    @EventHandler
    void on(LearnerEvent event, EventMessage<?> message) throws InterruptedException {
        String eventId = message.getIdentifier();
        Sent record = sent.get(eventId);
        if (record == null || record.failed()) {
            record = send(event, message);
            sent.put(eventId, record);
        }
        if (!CurrentUnitOfWork.isStarted()) {
            try {
                awaitAcknowledged(List.of(record));
            } finally {
                sent.remove(eventId);
            }
            return;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        List<Sent> batch = unitOfWork.getOrComputeResource(BATCH, key -> {
            List<Sent> sends = new ArrayList<>();
            // Also when the batch's last event was passed over (an ADMIN's resolution): no token moves unacknowledged.
            unitOfWork.onPrepareCommit(u -> awaitAcknowledgedUnchecked(sends));
            // Once the token is past them, a replay from an earlier token must publish them again.
            unitOfWork.afterCommit(u -> sends.forEach(s -> sent.remove(s.event().getIdentifier(), s)));
            return sends;
        });
        batch.add(record);
        if (unitOfWork instanceof BatchingUnitOfWork<?> batching && batching.isLastMessage()) {
            // Waiting here, in the last event's handler, lets a refusal name the event it belongs to.
            awaitAcknowledged(batch);
        }
    }

    private Sent send(LearnerEvent event, EventMessage<?> message) throws InterruptedException {
        ensureTopic();
        String type = event.getClass().getSimpleName();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(connection.topic(), event.learner().asString(),
                json.write(event).getBytes(StandardCharsets.UTF_8));
        header(record, "event-id", message.getIdentifier());
        header(record, "event-type", type);
        header(record, "schema-version", Integer.toString(versions.current(type)));
        header(record, "recorded-at", message.getTimestamp().toString());
        Object correlationId = message.getMetaData().get("correlationId");
        if (correlationId != null) {
            header(record, "correlation-id", correlationId.toString());
        }
        Sent sending = new Sent(message, record.value().length, producer.send(record));
        if (sending.failed()) {
            // Refused before it left (larger than max.request.size): fail on this event, before later ones go out.
            awaitAcknowledged(List.of(sending));
        }
        return sending;
    }

    /**
     * Waits for each record's acknowledgement in store order; the first that did not come fails the
     * batch, naming its event.
     */
    private void awaitAcknowledged(List<Sent> records) throws InterruptedException {
        for (Sent record : records) {
            String eventId = record.event().getIdentifier();
            try {
                record.ack().get(ACK_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RecordTooLargeException tooLarge) {
                    throw new KafkaRefused(record.event(), "record too large for the broker: event " + eventId + " is "
                            + record.bytes() + " bytes; raise the topic's max.message.bytes (and "
                            + "ilr-ledger.kafka.max-request-size, now " + connection.maxRequestSize()
                            + ") or resolve the failure", tooLarge);
                }
                if (e.getCause() instanceof ApiException refused && !(refused instanceof RetriableException)) {
                    throw new KafkaRefused(record.event(), "Kafka refused event " + eventId + " for good: " + refused,
                            refused);
                }
                throw new KafkaUnavailable("could not publish " + eventId + " to " + connection.topic(), e);
            } catch (TimeoutException e) {
                throw new KafkaUnavailable("could not publish " + eventId + " to " + connection.topic(), e);
            }
        }
    }

    private void awaitAcknowledgedUnchecked(List<Sent> records) {
        try {
            awaitAcknowledged(records);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailable("interrupted while waiting for Kafka's acknowledgements", e);
        }
    }

    private static List<Class<?>> eventTypes(Class<?> type) {
        if (!type.isSealed()) {
            return List.of(type);
        }
        return Arrays.stream(type.getPermittedSubclasses()).flatMap(t -> eventTypes(t).stream()).toList();
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private void ensureTopic() throws InterruptedException {
        if (topicReady) {
            return;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000))) {
            admin.createTopics(List.of(new NewTopic(connection.topic(), java.util.Optional.empty(),
                    java.util.Optional.empty()))).all().get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new KafkaUnavailable("could not create topic " + connection.topic(), e);
            }
        } catch (TimeoutException e) {
            throw new KafkaUnavailable("could not create topic " + connection.topic(), e);
        }
        topicReady = true;
    }

    @Override
    public void destroy() {
        producer.close(java.time.Duration.ofSeconds(5));
    }

    /** The broker did not acknowledge: the processor retries from the same position. */
    public static class KafkaUnavailable extends RuntimeException implements ProcessorFailures.Outage {
        KafkaUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Kafka refused this record in a way retrying will not change until a setting does: a failure of
     * the event, not an outage. It names its event, which may be an earlier one of the batch than the
     * event whose handler waited for it.
     */
    public static class KafkaRefused extends RuntimeException implements ProcessorFailures.OfEvent {
        private final transient EventMessage<?> event;

        KafkaRefused(EventMessage<?> event, String message, Throwable cause) {
            super(message, cause);
            this.event = event;
        }

        @Override
        public EventMessage<?> event() {
            return event;
        }
    }
}
