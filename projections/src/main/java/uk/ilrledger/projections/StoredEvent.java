package uk.ilrledger.projections;

import java.time.Instant;
import org.axonframework.eventhandling.EventMessage;

/**
 * An event as a projection applies it: the message, and the event's own position in the store
 * ({@code global_index}) where the projection keeps it, else {@link #UNKNOWN}. A live processor
 * hands its projection one at a time; a rebuild hands it the events of a whole batch, whose
 * positions it reads with one query.
 */
public record StoredEvent(EventMessage<?> message, long globalIndex) {

    public static final long UNKNOWN = -1;

    /** An event whose position the projection does not keep. */
    public static StoredEvent of(EventMessage<?> message) {
        return new StoredEvent(message, UNKNOWN);
    }

    public Object payload() {
        return message.getPayload();
    }

    public String identifier() {
        return message.getIdentifier();
    }

    public Instant recordedAt() {
        return message.getTimestamp();
    }

    /** The position, which the projection must have been given. */
    public long position() {
        if (globalIndex == UNKNOWN) {
            throw new IllegalStateException("event " + identifier() + " was handed over without its store position");
        }
        return globalIndex;
    }
}
