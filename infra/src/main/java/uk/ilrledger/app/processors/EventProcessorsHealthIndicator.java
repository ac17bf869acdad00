package uk.ilrledger.app.processors;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;
import uk.ilrledger.projections.processors.ProcessorFailure;
import uk.ilrledger.projections.processors.ProcessorFailures;

/**
 * The {@code eventProcessors} component of the health page: DOWN while any tracking processor is stuck
 * on an event, naming the processor, the event and the error. Read from the shared table, so every
 * instance tells the same. What a processor stuck on an event means for users: its read model misses
 * every later event, and returns and exports read from it answer 503.
 */
@Component("eventProcessors")
public class EventProcessorsHealthIndicator implements HealthIndicator {

    private final ProcessorFailures failures;

    public EventProcessorsHealthIndicator(ProcessorFailures failures) {
        this.failures = failures;
    }

    @Override
    public Health health() {
        List<ProcessorFailure> open = failures.open();
        if (open.isEmpty()) {
            return Health.up().build();
        }
        Map<String, Object> failing = new LinkedHashMap<>();
        for (ProcessorFailure failure : open) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("eventIdentifier", failure.eventIdentifier());
            detail.put("globalIndex", failure.globalIndex());
            detail.put("eventType", failure.eventType());
            if (failure.learner() != null) {
                detail.put("learner", failure.learner());
            }
            detail.put("segment", failure.segment());
            detail.put("error", failure.error());
            detail.put("firstSeen", failure.firstSeen().toString());
            detail.put("attempts", failure.attempts());
            failing.putIfAbsent(failure.processor(), detail);
        }
        return Health.down().withDetail("failing", failing).build();
    }
}
