package uk.ilrledger.command.chain;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Whether a learner's stored events still match their hash chain and the checkpoints, and if not,
 * the first event that does not: the one altered, inserted or deleted.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChainVerification(String learner, boolean intact, int events, BrokenEvent firstBrokenEvent) {

    /** {@code eventIdentifier}, {@code eventType} and {@code globalIndex} are absent when the event is gone. */
    public record BrokenEvent(long sequenceNumber, String eventIdentifier, String eventType, Long globalIndex,
            String problem) {
    }
}
