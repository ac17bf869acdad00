package uk.ilrledger.schemas.ilr;

import java.time.LocalDate;
import uk.ilrledger.schemas.learner.LearnerEvent;

/**
 * A learner event with the date it takes effect: that of the change it belongs to, or its own for
 * an import's correction; null for what holds from the start, such as the registration.
 */
public record DatedEvent(LocalDate effectiveDate, LearnerEvent event) {

    public boolean inEffectOn(LocalDate date) {
        return effectiveDate == null || !effectiveDate.isAfter(date);
    }
}
