package uk.ilrledger.projections.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.Test;

/**
 * The store positions a rebuild takes from the JDBC store's gap-aware tokens, as two instances appending
 * at once produce them: events 10 and 12 committed first, 11 (a slower transaction) later. The stream
 * hands over 10, 12, then 11, whose token still says 12: 11 must be looked up, never written as 12.
 */
class TokenPositionsTest {

    @Test
    void anEventFillingAGapIsLeftToBeLookedUpWhileTheOthersTakeTheirTokensPosition() {
        GapAwareTrackingToken before = GapAwareTrackingToken.newInstance(9, new TreeSet<>());
        GapAwareTrackingToken ten = before.advanceTo(10, 1000);
        GapAwareTrackingToken twelve = ten.advanceTo(12, 1000);
        GapAwareTrackingToken eleven = twelve.advanceTo(11, 1000);
        GapAwareTrackingToken thirteen = eleven.advanceTo(13, 1000);
        assertThat(twelve.getGaps()).containsExactly(11L);
        assertThat(eleven.position()).as("the gap filled, the token's position stays").hasValue(12);

        Map<String, Long> positions = ProjectionRebuilder.tokenPositions(List.of(event("e10", ten),
                event("e12", twelve), event("e11", eleven), event("e13", thirteen)), before);

        assertThat(positions).containsOnly(Map.entry("e10", 10L), Map.entry("e12", 12L), Map.entry("e13", 13L));
    }

    @Test
    void theFirstEventOfABatchFillingAGapLeftByTheBatchBeforeIsLookedUpToo() {
        GapAwareTrackingToken before = GapAwareTrackingToken.newInstance(9, new TreeSet<>()).advanceTo(12, 1000);

        Map<String, Long> positions = ProjectionRebuilder.tokenPositions(
                List.of(event("e11", before.advanceTo(11, 1000))), before);

        assertThat(positions).isEmpty();
    }

    private static TrackedEventMessage<?> event(String id, TrackingToken token) {
        return new GenericTrackedEventMessage<>(token, new GenericEventMessage<>(id, "payload", Map.of(), java.time.Instant.EPOCH));
    }
}
