package uk.ilrledger.app.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import uk.ilrledger.projections.kafka.KafkaEventPublisher;

/**
 * How far Kafka publication is behind the event store. The publisher's token is the outbox
 * position, so the lag is the event store's head (its highest global index) minus the token's
 * position, and the delay is how long the oldest event past the token has waited. The token is
 * read from {@code token_entry} rather than from the processor, so it is known on every instance
 * and also while the processor is backing off after a failure.
 */
@Component
public class PublicationLag {

    /** One reading. {@code position} is -1 before anything has been published. */
    public record Measurement(long head, long position, long events, Duration delay) {
    }

    private final JdbcClient jdbc;
    private final Serializer tokenSerializer;
    private final Clock clock;

    public PublicationLag(JdbcClient jdbc, @Qualifier("serializer") Serializer tokenSerializer, Clock clock) {
        this.jdbc = jdbc;
        this.tokenSerializer = tokenSerializer;
        this.clock = clock;
    }

    public Measurement measure() {
        long head = jdbc.sql("SELECT coalesce(max(global_index), -1) FROM domain_event_entry").query(Long.class).single();
        long position = position();
        if (head <= position) {
            return new Measurement(head, position, 0, Duration.ZERO);
        }
        Duration delay = jdbc.sql("""
                        SELECT time_stamp FROM domain_event_entry WHERE global_index > ?
                        ORDER BY global_index LIMIT 1""")
                .param(position)
                .query(String.class)
                .optional()
                .map(recorded -> Duration.between(Instant.parse(recorded), clock.instant()))
                .filter(waited -> !waited.isNegative())
                .orElse(Duration.ZERO);
        return new Measurement(head, position, head - position, delay);
    }

    /**
     * The lowest position among the publisher's segments: with several segments the others may be
     * further on, so the lag is an upper bound.
     */
    private long position() {
        return jdbc.sql("SELECT token, token_type FROM token_entry WHERE processor_name = ?")
                .param(KafkaEventPublisher.PROCESSING_GROUP)
                .query((row, i) -> position(row.getBytes("token"), row.getString("token_type")))
                .list()
                .stream()
                .mapToLong(Long::longValue)
                .min()
                .orElse(-1);
    }

    private long position(byte[] token, String type) {
        if (token == null) {
            return -1;
        }
        TrackingToken tracking = tokenSerializer.deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null));
        return Optional.ofNullable(tracking).flatMap(t -> t.position().isPresent()
                ? Optional.of(t.position().getAsLong()) : Optional.empty()).orElse(-1L);
    }
}
