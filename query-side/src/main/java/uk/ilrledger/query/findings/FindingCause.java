package uk.ilrledger.query.findings;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * The event after which a finding holds (or no longer holds): the import that brought the value in
 * or the approved change that wrote it, who raised and who approved it, and when.
 *
 * @param importId the import whose file is the event's evidence, when an import recorded it
 * @param fileName that import's file
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FindingCause(String eventIdentifier, long globalIndex, String eventType, UUID changeId,
        Instant recordedAt, LocalDate effectiveDate, String raisedBy, String approvedBy, UUID importId,
        String fileName) {
}
