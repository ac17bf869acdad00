package uk.ilrledger.projections.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import uk.ilrledger.schemas.ilr.FieldChange;

/**
 * One entry of a learner's audit history: a registration, or a change with who raised it and who
 * decided it, when, why, on what evidence, and each ILR field's old and new value.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HistoryEntry(
        UUID changeId,
        String type,
        String status,
        LocalDate effectiveDate,
        String reason,
        List<String> evidence,
        String raisedBy,
        Instant raisedAt,
        String decidedBy,
        Instant decidedAt,
        String decisionComment,
        List<FieldChange> fieldChanges) {
}
