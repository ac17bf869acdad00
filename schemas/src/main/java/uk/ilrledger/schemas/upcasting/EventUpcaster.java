package uk.ilrledger.schemas.upcasting;

import java.util.Map;

/**
 * Turns one event type's JSON from a published schema version into the next. The JSON is held as
 * plain Java values (objects as {@code Map<String, Object>}, arrays as {@code List<Object>},
 * strings, numbers, booleans) so that the ledger and its consumers can run the same upcaster
 * whatever JSON library they use.
 */
public interface EventUpcaster {

    /** The event type, as named in the {@code event-type} header, e.g. {@code LearnerWithdrawn}. */
    String eventType();

    /** The version this upcaster reads; it writes {@code fromVersion() + 1}. */
    int fromVersion();

    Map<String, Object> upcast(Map<String, Object> event);
}
