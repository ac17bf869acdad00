package uk.ilrledger.app.kafka;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code kafkaPublication} component of the health page: DOWN once an event has waited longer
 * than {@code ilr-ledger.kafka.publication.max-delay} to be published, which is what a Kafka
 * outage (or a stuck publisher) looks like. Commands keep working meanwhile; nothing is lost.
 */
@Component
public class KafkaPublicationHealthIndicator implements HealthIndicator {

    private final PublicationLag lag;
    private final Duration maxDelay;

    public KafkaPublicationHealthIndicator(PublicationLag lag,
            @Value("${ilr-ledger.kafka.publication.max-delay:5m}") Duration maxDelay) {
        this.lag = lag;
        this.maxDelay = maxDelay;
    }

    @Override
    public Health health() {
        PublicationLag.Measurement now = lag.measure();
        Health.Builder health = now.delay().compareTo(maxDelay) > 0 ? Health.down() : Health.up();
        return health
                .withDetail("lagEvents", now.events())
                .withDetail("oldestUnpublishedWaitedSeconds", now.delay().toSeconds())
                .withDetail("maxDelaySeconds", maxDelay.toSeconds())
                .withDetail("eventStoreHead", now.head())
                .withDetail("publishedUpTo", now.position())
                .build();
    }
}
