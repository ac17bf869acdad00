package uk.ilrledger.command.erasure;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;
import uk.ilrledger.command.learner.LearnerCache;
import uk.ilrledger.schemas.learner.LearnerErased;

/**
 * Drops an erased learner's key. The processing group is subscribing, so the key goes in the
 * transaction that records the erasure: the event is never stored with the key still there. The
 * learner's aggregate is not kept in the {@link LearnerCache} either: the next command reads it back
 * from the store, with the sealed fields no longer readable.
 */
@Component
@ProcessingGroup(KeyShredding.PROCESSING_GROUP)
public class KeyShredding {

    public static final String PROCESSING_GROUP = "learner-keys";

    private final PersonalDataKeys keys;
    private final LearnerCache learners;

    public KeyShredding(PersonalDataKeys keys, LearnerCache learners) {
        this.keys = keys;
        this.learners = learners;
    }

    @EventHandler
    void on(LearnerErased event) {
        keys.erase(event.learner(), event.approvedBy());
        learners.forget(event.learner().asString());
    }
}
