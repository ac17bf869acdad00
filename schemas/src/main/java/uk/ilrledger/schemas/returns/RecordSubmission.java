package uk.ilrledger.schemas.returns;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.ReturnPeriod;
import uk.ilrledger.schemas.values.Ukprn;

/** Record that a return was submitted, frozen as built. */
public record RecordSubmission(
        Ukprn ukprn,
        CollectionYear year,
        ReturnPeriod period,
        UUID submissionId,
        long position,
        Instant asOf,
        String sha256,
        List<String> returnedAims,
        String submittedBy) {

    public String streamId() {
        return ukprn + ":" + year.code();
    }
}
