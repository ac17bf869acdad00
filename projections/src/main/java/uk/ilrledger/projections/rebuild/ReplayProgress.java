package uk.ilrledger.projections.rebuild;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** How far a projection rebuild has got: events read of the total, the rate and the time left. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReplayProgress(String projection, State state, long eventsDone, long eventsTotal, double eventsPerSecond,
        Long secondsLeft, Instant startedAt, Instant finishedAt, String error) {

    public enum State {
        /** Rebuilding into new tables; the service answers from the old ones. */
        BUILDING,
        /** Catching up the last events and swapping the new tables in. */
        SWAPPING,
        DONE,
        FAILED
    }
}
