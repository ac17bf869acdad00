package uk.ilrledger.projections.returns;

import java.time.Instant;
import java.util.UUID;

/** A submitted return as recorded: enough to build it again byte for byte. */
public record Submission(UUID submissionId, int ukprn, String year, String period, long position, Instant asOf,
        String sha256, String submittedBy, Instant submittedAt) {
}
