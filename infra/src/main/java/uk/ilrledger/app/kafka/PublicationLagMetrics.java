package uk.ilrledger.app.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/**
 * Publication lag as Micrometer gauges, read at each scrape: {@value #LAG} (events stored but not
 * yet on Kafka) and {@value #DELAY} (seconds the oldest of them has waited).
 */
@Component
public class PublicationLagMetrics implements MeterBinder {

    public static final String LAG = "ilr_ledger.kafka.publication.lag";
    public static final String DELAY = "ilr_ledger.kafka.publication.delay";

    private final PublicationLag lag;

    public PublicationLagMetrics(PublicationLag lag) {
        this.lag = lag;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(LAG, lag, l -> l.measure().events())
                .description("Events in the event store not yet published to Kafka: head global index minus the publisher's token position")
                .baseUnit("events")
                .register(registry);
        Gauge.builder(DELAY, lag, l -> l.measure().delay().toMillis() / 1000.0)
                .description("How long the oldest event not yet published to Kafka has waited")
                .baseUnit("seconds")
                .register(registry);
    }
}
