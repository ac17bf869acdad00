package uk.ilrledger.schemas.returns;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.ReturnPeriod;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * A provider submitted a return. Its content is frozen: built from the events up to store
 * {@code position} as known at {@code asOf}, its SHA-256 is {@code sha256}, and {@code returnedAims}
 * (SWSupAimIds) stay in every later return of the year.
 */
public record ReturnSubmitted(
        Ukprn ukprn,
        CollectionYear year,
        ReturnPeriod period,
        UUID submissionId,
        long position,
        Instant asOf,
        String sha256,
        List<String> returnedAims,
        String submittedBy) implements ProviderReturnEvent {

    public ReturnSubmitted {
        returnedAims = List.copyOf(returnedAims);
    }
}
