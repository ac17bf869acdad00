package uk.ilrledger.command.chain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the checkpoints outside the database say: each learner's latest anchored head, the heads
 * of the first checkpoint that were still plain SHA-256 (the only plain links that may exist), and
 * anything wrong with the checkpoint files themselves.
 *
 * @param heads       learner to the latest head any checkpoint anchored
 * @param plainHeads  learner to the sequence number of a plain SHA-256 head in the first checkpoint:
 *                    plain links up to there predate the key; any other plain link was written without it
 * @param problems    checkpoints missing, altered or made with an unknown key, in file order
 */
public record Anchors(int checkpoints, Instant latest, Map<String, Head> heads, Map<String, Long> plainHeads,
        List<String> problems) {

    /** A learner's chain head as a checkpoint recorded it. */
    public record Head(long sequenceNumber, String link, int checkpoint, Instant time) {
    }

    public static final Anchors NONE = new Anchors(0, null, Map.of(), Map.of(), List.of());

    public Optional<Head> head(String learner) {
        return Optional.ofNullable(heads.get(learner));
    }

    /**
     * The highest sequence number at which {@code learner} may have a plain SHA-256 link: every
     * one when there are no checkpoints (nothing to bound them by), else what the first checkpoint
     * anchored, else none (-1).
     */
    public long plainLinksUpTo(String learner) {
        if (checkpoints == 0) {
            return Long.MAX_VALUE;
        }
        return plainHeads.getOrDefault(learner, -1L);
    }
}
