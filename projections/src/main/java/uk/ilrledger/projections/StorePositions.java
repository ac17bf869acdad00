package uk.ilrledger.projections;

import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * An event's own position in the store (its {@code global_index}). A tracking token's position is
 * not that: when events commit out of order, the token of an event that fills a gap carries the
 * highest position seen so far, which belongs to another event.
 *
 * <p>The event store's reader notes each event's position as it reads the event's row for the
 * tracking processors ({@link #noted}), so a processor asking for it soon after reads nothing more;
 * an event read longer ago, or by another reader, is looked up by its identifier.
 */
@Component
public class StorePositions {

    /** Positions noted, oldest first; the processors handle an event within a few batches of its read. */
    static final int NOTED = 50_000;

    private final JdbcClient jdbc;
    private final Map<String, Long> noted = new LinkedHashMap<>(1 << 16) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > NOTED;
        }
    };

    public StorePositions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The store's reader read the event {@code eventIdentifier} at {@code globalIndex}. */
    public void noted(String eventIdentifier, long globalIndex) {
        synchronized (noted) {
            noted.put(eventIdentifier, globalIndex);
        }
    }

    public long of(EventMessage<?> event) {
        Long position;
        synchronized (noted) {
            position = noted.get(event.getIdentifier());
        }
        if (position != null) {
            return position;
        }
        return jdbc.sql("SELECT global_index FROM domain_event_entry WHERE event_identifier = ?")
                .param(event.getIdentifier())
                .query(Long.class)
                .single();
    }
}
