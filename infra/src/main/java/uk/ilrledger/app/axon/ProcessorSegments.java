package uk.ilrledger.app.axon;

import java.time.Duration;
import org.springframework.core.env.Environment;

/**
 * How the tracking processors are shared between instances on one event store.
 *
 * @param count how many segments each tracking processor is split into when its tokens are first made
 *        ({@code ilr-ledger.processors.segments}, 1)
 * @param claimTimeout how long a segment's claim holds without its owner renewing it: an instance killed
 *        outright has its segments taken by the others this long after its last renewal
 *        ({@code ilr-ledger.processors.claim-timeout}, 10s)
 * @param claimInterval how often an instance with a free thread looks for a segment to claim, and
 *        checks whether it holds more than its share ({@code ilr-ledger.processors.claim-interval}, 2s)
 */
public record ProcessorSegments(int count, Duration claimTimeout, Duration claimInterval) {

    public ProcessorSegments {
        if (count < 1) {
            throw new IllegalArgumentException("ilr-ledger.processors.segments must be at least 1, not " + count);
        }
        if (claimTimeout.compareTo(claimInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("ilr-ledger.processors.claim-timeout (" + claimTimeout
                    + ") must be at least twice ilr-ledger.processors.claim-interval (" + claimInterval
                    + "), or a live owner's claims could lapse between its renewals");
        }
    }

    public static ProcessorSegments from(Environment environment) {
        return new ProcessorSegments(
                environment.getProperty("ilr-ledger.processors.segments", Integer.class, 1),
                environment.getProperty("ilr-ledger.processors.claim-timeout", Duration.class, Duration.ofSeconds(10)),
                environment.getProperty("ilr-ledger.processors.claim-interval", Duration.class, Duration.ofSeconds(2)));
    }
}
