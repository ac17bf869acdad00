package uk.ilrledger.projections.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import uk.ilrledger.projections.Json;
import uk.ilrledger.projections.processors.ProcessorFailures;
import uk.ilrledger.schemas.learner.LearnerEvent;
import uk.ilrledger.schemas.upcasting.EventVersions;

/**
 * Publishes every learner event to Kafka, keyed by the learner, as a tracking processor: the
 * processor's token is the outbox position, so the token only moves once the broker has
 * acknowledged the record (acks=all, idempotent producer). While Kafka is down the handler fails,
 * the processor retries, and nothing is lost. The {@code schema-version} header is the event type's
 * current published JSON Schema version. A record may be sent twice after a crash between the
 * acknowledgement and the token's commit: consumers de-duplicate by the {@code event-id} header.
 * A record Kafka refuses for good (too large for the broker or the producer, or another error that
 * retrying cannot fix) is not an outage: it is a failure of this event, shown as such on the health
 * page and the admin listing, and retried until the setting is raised or an ADMIN resolves it.
 */
@Component
@ProcessingGroup(KafkaEventPublisher.PROCESSING_GROUP)
public class KafkaEventPublisher implements DisposableBean {

    public static final String PROCESSING_GROUP = "kafka-publisher";

    private final KafkaConnection connection;
    private final Json json;
    private final EventVersions versions = EventVersions.LEARNER_EVENTS;
    private final KafkaProducer<String, byte[]> producer;
    /**
     * Events the broker acknowledged whose batch has not committed its token yet. When a later event
     * of the batch fails, the whole batch is retried; these are not sent a second time.
     */
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private volatile boolean topicReady;

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
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    @EventHandler
    void on(LearnerEvent event, EventMessage<?> message) throws InterruptedException {
        String eventId = message.getIdentifier();
        if (acknowledged.contains(eventId)) {
            forgetOnceCommitted(eventId);
            return;
        }
        ensureTopic();
        String type = event.getClass().getSimpleName();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(connection.topic(), event.learner().asString(),
                json.write(event).getBytes(StandardCharsets.UTF_8));
        header(record, "event-id", eventId);
        header(record, "event-type", type);
        header(record, "schema-version", Integer.toString(versions.current(type)));
        header(record, "recorded-at", message.getTimestamp().toString());
        Object correlationId = message.getMetaData().get("correlationId");
        if (correlationId != null) {
            header(record, "correlation-id", correlationId.toString());
        }
        try {
            producer.send(record).get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RecordTooLargeException tooLarge) {
                throw new KafkaRefused("record too large for the broker: event " + eventId + " is "
                        + record.value().length + " bytes; raise the topic's max.message.bytes (and "
                        + "ilr-ledger.kafka.max-request-size, now " + connection.maxRequestSize() + ") or resolve the failure",
                        tooLarge);
            }
            if (e.getCause() instanceof ApiException refused && !(refused instanceof RetriableException)) {
                throw new KafkaRefused("Kafka refused event " + eventId + " for good: " + refused, refused);
            }
            throw new KafkaUnavailable("could not publish " + eventId + " to " + connection.topic(), e);
        } catch (TimeoutException e) {
            throw new KafkaUnavailable("could not publish " + eventId + " to " + connection.topic(), e);
        }
        acknowledged.add(eventId);
        forgetOnceCommitted(eventId);
    }

    /** Once the token is past the event, a replay from an earlier token must publish it again. */
    private void forgetOnceCommitted(String eventId) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> acknowledged.remove(eventId));
        } else {
            acknowledged.remove(eventId);
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
     * the event, not an outage.
     */
    public static class KafkaRefused extends RuntimeException {
        KafkaRefused(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
