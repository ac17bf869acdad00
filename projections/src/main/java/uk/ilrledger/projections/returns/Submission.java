package uk.ilrledger.projections.returns;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.UUID;

/**
 * A submitted return as recorded: enough to build it again byte for byte. A submitted file has its
 * name, SerialNo, DateTime (UK time) and FilePreparationDate; submissions recorded before files were
 * named have none of them.
 */
public record Submission(UUID submissionId, int ukprn, String year, String period, long position, Instant asOf,
        String sha256, String submittedBy, Instant submittedAt, String fileName, Integer serialNo,
        LocalDateTime dateTime, LocalDate filePreparationDate) {
}
