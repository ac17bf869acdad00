package uk.ilrledger.projections.eventlog;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import uk.ilrledger.schemas.ilr.DatedEvent;
import uk.ilrledger.schemas.learner.LearnerEvent;

/**
 * A learner event with its position in the store, when it was recorded, and the date it takes
 * effect (that of the change it belongs to; null for facts that hold from the start, such as a
 * registration).
 */
public record LoggedEvent(long globalIndex, String eventIdentifier, Instant recordedAt, UUID changeId,
        LocalDate effectiveDate, LearnerEvent event) {

    public DatedEvent dated() {
        return new DatedEvent(effectiveDate, event);
    }
}
