package uk.ilrledger.schemas.returns;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.ReturnPeriod;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * Record that an exported ILR file was submitted to the DfE: the file named {@code fileName}, with
 * its header's SerialNo, DateTime and FilePreparationDate, built from the events up to store
 * {@code position} as known at {@code asOf}; {@code sha256} is the SHA-256 of its bytes and
 * {@code returnedAims} the SWSupAimIds it holds.
 */
public record RecordSubmission(
        Ukprn ukprn,
        CollectionYear year,
        ReturnPeriod period,
        UUID submissionId,
        long position,
        Instant asOf,
        String sha256,
        List<String> returnedAims,
        String submittedBy,
        String fileName,
        int serialNo,
        LocalDateTime dateTime,
        LocalDate filePreparationDate) {

    public String streamId() {
        return ukprn + ":" + year.code();
    }
}
