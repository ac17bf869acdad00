package uk.ilrledger.app.processors;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;
import uk.ilrledger.projections.processors.ProcessorFailure;
import uk.ilrledger.projections.processors.ProcessorFailures;

/**
 * The {@code processorShares} component of the readiness group: DOWN until this instance's tracking
 * processors have each claimed their share of segments (the segments over the live instances, rounded
 * down), UP from then on, so that an instance starting beside others takes traffic only once it also
 * takes its part of the work. A processor stuck on a failed event does not hold readiness back: the
 * failure is the {@code eventProcessors} component's, and the reads it feeds answer 503 on any
 * instance. The details (for an ADMIN) give each processor's segments, those held here, and whether
 * they have caught up with the store; being behind never makes an instance unready, as a new instance
 * or a rebuilt projection may be behind for a long time while its answers wait for it.
 */
@Component("processorShares")
public class ProcessorSharesHealthIndicator implements HealthIndicator {

    private final SegmentShares shares;
    private final ProcessorFailures failures;
    private volatile boolean claimed;

    public ProcessorSharesHealthIndicator(SegmentShares shares, ProcessorFailures failures) {
        this.shares = shares;
        this.failures = failures;
    }

    @Override
    public Health health() {
        List<SegmentShares.Share> current = shares.shares();
        Set<String> failing = failures.open().stream().map(ProcessorFailure::processor).collect(Collectors.toSet());
        boolean allClaimed = !current.isEmpty()
                && current.stream().allMatch(s -> s.claimed() || failing.contains(s.processor()));
        if (allClaimed) {
            claimed = true;
        }
        Map<String, Object> processors = new LinkedHashMap<>();
        for (SegmentShares.Share share : current) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("segments", share.segments());
            detail.put("held", share.held());
            detail.put("share", share.share());
            detail.put("caughtUp", share.caughtUp());
            processors.put(share.processor(), detail);
        }
        return (claimed ? Health.up() : Health.down())
                .withDetail("instances", shares.instances())
                .withDetail("processors", processors)
                .build();
    }
}
