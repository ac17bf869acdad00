package uk.ilrledger.projections.processors;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A read model has not read the event store up to the position a request needs, within the wait
 * allowed: answering now would leave out recorded changes. The API answers 503 with Retry-After.
 */
public class ProcessorsBehind extends RuntimeException {

    /** One processor the answer needed: where it is against the position, and the failure it is stuck on. */
    public record Lag(String processor, long position, long storePosition, ProcessorFailure failure) {
        /**
         * Names the processor and the event, not the error or the learner: those may belong to another
         * provider, and are for ADMINs (health page, {@code /api/admin/projections}).
         */
        public String describe() {
            return failure != null
                    ? processor + " is stuck on event " + failure.eventIdentifier() + " (store position "
                    + failure.globalIndex() + "); an ADMIN sees why under /api/admin/projections"
                    : processor + " has read the event store up to position " + Math.max(position, 0) + " of "
                    + storePosition;
        }
    }

    private final long storePosition;
    private final List<Lag> lags;
    private final Duration retryAfter;

    public ProcessorsBehind(long storePosition, List<Lag> lags, Duration retryAfter) {
        super(lags.stream().map(Lag::describe).collect(Collectors.joining("; ")));
        this.storePosition = storePosition;
        this.lags = List.copyOf(lags);
        this.retryAfter = retryAfter;
    }

    public long storePosition() {
        return storePosition;
    }

    public List<Lag> lags() {
        return lags;
    }

    /** Long for a failing processor (it needs an operator), the wait itself for one that is only behind. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public boolean failing() {
        return lags.stream().anyMatch(lag -> lag.failure() != null);
    }
}
