package uk.ilrledger.projections.processors;

import java.time.Instant;

/**
 * An event a tracking processor's handler failed on: where it stands in the store, whose it is, the
 * error (its message, no stack trace), since when and how often. Open until a later attempt succeeds
 * ({@code recoveredAt}) or an ADMIN resolves it; a resolved failure is passed over by that processor
 * ({@code skippedAt} once it has).
 */
public record ProcessorFailure(String processor, int segment, String eventIdentifier, long globalIndex,
        String eventType, String learner, String error, Instant firstSeen, Instant lastSeen, int attempts,
        Instant recoveredAt, Resolution resolution, Instant skippedAt) {

    /** Who decided the processor passes over the event, when and why. */
    public record Resolution(String resolvedBy, Instant resolvedAt, String reason) {
    }

    /** The processor is stuck on it: neither recovered nor resolved. */
    public boolean open() {
        return recoveredAt == null && resolution == null;
    }
}
