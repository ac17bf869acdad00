package uk.ilrledger.projections.kafka;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import uk.ilrledger.projections.Json;
import uk.ilrledger.schemas.learner.LearnerEvent;

/**
 * Publishes every learner event to Kafka, keyed by the learner, as a tracking processor: the
 * processor's token is the outbox position, so the token only moves once the broker has
 * acknowledged the record (acks=all, idempotent producer). While Kafka is down the handler fails,
 * the processor retries, and nothing is lost. A record may be sent twice after a crash between the
 * acknowledgement and the token's commit: consumers de-duplicate by the {@code event-id} header.
 */
@Component
@ProcessingGroup(KafkaEventPublisher.PROCESSING_GROUP)
public class KafkaEventPublisher implements DisposableBean {

    public static final String PROCESSING_GROUP = "kafka-publisher";
    public static final String SCHEMA_VERSION = "1";

    private final KafkaConnection connection;
    private final Json json;
    private final KafkaProducer<String, byte[]> producer;
    private volatile boolean topicReady;

    public KafkaEventPublisher(KafkaConnection connection, Json json) {
        this.connection = connection;
        this.json = json;
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "ilr-ledger-publisher");
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    @EventHandler
    void on(LearnerEvent event, EventMessage<?> message) throws InterruptedException {
        ensureTopic();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(connection.topic(), event.learner().asString(),
                json.write(event).getBytes(StandardCharsets.UTF_8));
        header(record, "event-id", message.getIdentifier());
        header(record, "event-type", event.getClass().getSimpleName());
        header(record, "schema-version", SCHEMA_VERSION);
        header(record, "recorded-at", message.getTimestamp().toString());
        Object correlationId = message.getMetaData().get("correlationId");
        if (correlationId != null) {
            header(record, "correlation-id", correlationId.toString());
        }
        try {
            producer.send(record).get(20, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaUnavailable("could not publish " + message.getIdentifier() + " to " + connection.topic(), e);
        }
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
    public static class KafkaUnavailable extends RuntimeException {
        KafkaUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
