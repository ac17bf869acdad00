package uk.ilrledger.projections.processors;

import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How far a tracking processor has handled the event store, read from {@code token_entry}: the same on
 * every instance, whichever runs the processor, and while it backs off after a failure.
 */
@Component
public class ProcessorPositions {

    private final JdbcClient jdbc;
    private final Serializer tokens;

    public ProcessorPositions(JdbcClient jdbc, @Qualifier("serializer") Serializer tokens) {
        this.jdbc = jdbc;
        this.tokens = tokens;
    }

    /**
     * How far every segment of the processor has handled the store, up to {@code head}: the lowest
     * segment's index, or just below the first event it skipped over while it was not yet committed
     * (a gap) and that is in the store now. -1 when the processor has not started.
     */
    public long position(String processor, long head) {
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
            String listed = gaps.stream().map(String::valueOf).collect(Collectors.joining(","));
            // A gap no event fills (a rolled-back transaction's, as a failed import leaves) has no row: -1.
            long firstMissed = jdbc.sql("SELECT coalesce(min(global_index), -1) FROM domain_event_entry"
                            + " WHERE global_index IN (" + listed + ")")
                    .query(Long.class).single();
            if (firstMissed >= 0) {
                position = Math.min(position, firstMissed - 1);
            }
        }
        return position;
    }

    private TrackingToken token(byte[] token, String type) {
        return token == null ? null : tokens.deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null));
    }
}
