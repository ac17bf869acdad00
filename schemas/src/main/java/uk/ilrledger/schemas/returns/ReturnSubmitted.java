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
 * A provider submitted an ILR file to the DfE. The file is frozen: built from the events up to store
 * {@code position} as known at {@code asOf}, with the header {@code serialNo}, {@code dateTime}
 * (UK time) and {@code filePreparationDate}, it is named {@code fileName} and its bytes hash to
 * {@code sha256}; {@code returnedAims} (SWSupAimIds) stay in every later return of the year.
 * Submissions recorded before files were named (no {@code fileName}) hashed the return's JSON instead.
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
        String submittedBy,
        String fileName,
        Integer serialNo,
        LocalDateTime dateTime,
        LocalDate filePreparationDate) implements ProviderReturnEvent {

    public ReturnSubmitted {
        returnedAims = List.copyOf(returnedAims);
    }
}
