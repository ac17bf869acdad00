package uk.ilrledger.query.returns;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What differs between two returns, field by field, each difference pointing at the events that
 * made it: those in one return's view of the ledger and not in the other's.
 */
public record ReturnDiff(String from, String to, String fromSha256, String toSha256, List<Difference> differences) {

    /**
     * One page of a diff: the differences of {@code diff}'s learners only, page {@code number} of
     * {@code pages}, out of {@code learners} learners the two returns hold differently.
     */
    public record Page(ReturnDiff diff, int number, int pages, int learners) {

        public boolean hasPrevious() {
            return number > 1;
        }

        public boolean hasNext() {
            return number < pages;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Difference(String learnRefNumber, String entity, String swSupAimId, Integer aimSeqNumber,
            String field, String before, String after, List<Cause> causedBy) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cause(long globalIndex, String eventIdentifier, String eventType, UUID changeId,
            Instant recordedAt, java.time.LocalDate effectiveDate) {
    }
}
