package uk.ilrledger.projections.processors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.annotation.Qualifier;
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
    private final Serializer tokens;
    private final ProcessorFailures failures;
    private final Duration maxWait;

    public ProcessorsCaughtUp(JdbcClient jdbc, @Qualifier("serializer") Serializer tokens, ProcessorFailures failures,
            @Value("${ilr-ledger.projections.max-wait:5s}") Duration maxWait) {
        this.jdbc = jdbc;
        this.tokens = tokens;
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
                long position = position(processor, head);
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

    /**
     * How far every segment of the processor has handled the store, up to {@code head}: the lowest
     * segment's index, or just below the first event it skipped over while it was not yet committed
     * (a gap) and that is in the store now. -1 when the processor has not started.
     */
    long position(String processor, long head) {
        List<TrackingToken> segments = jdbc.sql("SELECT token, token_type FROM token_entry WHERE processor_name = ?")
                .param(processor)
                .query((row, i) -> token(row.getBytes("token"), row.getString("token_type")))
                .list();
        if (segments.isEmpty() || segments.contains(null)) {
            return -1;
        }
        long position = Long.MAX_VALUE;
        SortedSet<Long> gaps = new TreeSet<>();
        for (TrackingToken token : segments) {
            Optional<GapAwareTrackingToken> gapAware = Optional.ofNullable(
                    WrappedToken.unwrapLowerBound(token) instanceof GapAwareTrackingToken g ? g : null);
            position = Math.min(position, token.position().orElse(-1));
            gapAware.ifPresent(g -> gaps.addAll(g.getGaps().headSet(head + 1)));
        }
        if (!gaps.isEmpty()) {
            String listed = gaps.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
            Long firstMissed = jdbc.sql("SELECT min(global_index) FROM domain_event_entry WHERE global_index IN ("
                            + listed + ")")
                    .query(Long.class).single();
            if (firstMissed != null) {
                position = Math.min(position, firstMissed - 1);
            }
        }
        return position;
    }

    private TrackingToken token(byte[] token, String type) {
        return token == null ? null : tokens.deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null));
    }
}
