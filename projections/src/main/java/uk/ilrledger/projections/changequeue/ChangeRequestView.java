package uk.ilrledger.projections.changequeue;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A change request as trackers see it in the queue, with its whole workflow so far and the learner's QA status. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChangeRequestView(
        UUID changeId,
        int ukprn,
        String learnRefNumber,
        String type,
        String status,
        List<String> aims,
        LocalDate effectiveDate,
        JsonNode values,
        String reason,
        List<String> evidence,
        String raisedBy,
        Instant raisedAt,
        String decidedBy,
        Instant decidedAt,
        String decisionComment,
        String qaStatus) {
}
