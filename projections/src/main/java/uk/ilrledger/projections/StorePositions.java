package uk.ilrledger.projections;

import org.axonframework.eventhandling.EventMessage;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * An event's own position in the store (its {@code global_index}). A tracking token's position is
 * not that: when events commit out of order, the token of an event that fills a gap carries the
 * highest position seen so far, which belongs to another event.
 */
@Component
public class StorePositions {

    private final JdbcClient jdbc;

    public StorePositions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long of(EventMessage<?> event) {
        return jdbc.sql("SELECT global_index FROM domain_event_entry WHERE event_identifier = ?")
                .param(event.getIdentifier())
                .query(Long.class)
                .single();
    }
}
