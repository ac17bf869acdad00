package uk.ilrledger.projections.processors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The one way to read your writes: take the event store's head at request time and wait until the
 * processors an answer is read from have handled every event up to it. Positions come from
 * {@code token_entry}, so it works whichever instance runs the processors. A processor stuck on a
 * failure ends the wait at once; one only behind gets {@code ilr-ledger.projections.max-wait}.
 */
@Component
public class ProcessorsCaughtUp {

    /** The response header that says which store position an answer reflects. */
    public static final String STORE_POSITION_HEADER = "ILR-Ledger-Store-Position";

    /** A processor stuck on an event needs an operator: clients should not come back too soon. */
    static final Duration RETRY_FAILING = Duration.ofSeconds(60);
    private static final long POLL_MILLIS = 20;

    private final JdbcClient jdbc;
    private final ProcessorPositions positions;
    private final ProcessorFailures failures;
    private final Duration maxWait;

    public ProcessorsCaughtUp(JdbcClient jdbc, ProcessorPositions positions, ProcessorFailures failures,
            @Value("${ilr-ledger.projections.max-wait:5s}") Duration maxWait) {
        this.jdbc = jdbc;
        this.positions = positions;
        this.failures = failures;
        this.maxWait = maxWait;
    }

    /** Waits up to the configured time; answers the store position the processors have reached. */
    public long await(Collection<String> processors) {
        return await(processors, maxWait, lags -> { });
    }

    /**
     * Waits up to {@code wait} for every processor to reach the store's head as it is now, telling
     * {@code progress} who is behind at each look; answers that position.
     *
     * @throws ProcessorsBehind naming the failing or lagging processors
     */
    public long await(Collection<String> processors, Duration wait, Consumer<List<ProcessorsBehind.Lag>> progress) {
        long head = jdbc.sql("SELECT coalesce(max(global_index), 0) FROM domain_event_entry").query(Long.class).single();
        if (head == 0) {
            return 0; // an empty store: nothing to wait for, and processors hold no token yet
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            List<ProcessorsBehind.Lag> behind = new ArrayList<>();
            for (String processor : processors) {
                long position = positions.position(processor, head);
                if (position < head) {
                    behind.add(new ProcessorsBehind.Lag(processor, position, head, null));
                }
            }
            if (behind.isEmpty()) {
                return head;
            }
            List<ProcessorFailure> open = failures.open();
            List<ProcessorsBehind.Lag> failing = behind.stream()
                    .flatMap(lag -> open.stream().filter(f -> f.processor().equals(lag.processor()))
                            .filter(f -> f.globalIndex() <= head).findFirst()
                            .map(f -> new ProcessorsBehind.Lag(lag.processor(), lag.position(), head, f)).stream())
                    .toList();
            if (!failing.isEmpty()) {
                throw new ProcessorsBehind(head, failing, RETRY_FAILING);
            }
            if (System.nanoTime() >= deadline) {
                throw new ProcessorsBehind(head, behind, Duration.ofSeconds(Math.max(1, wait.toSeconds())));
            }
            progress.accept(behind);
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProcessorsBehind(head, behind, Duration.ofSeconds(1));
            }
        }
    }

}
