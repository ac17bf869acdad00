package uk.ilrledger.command.erasure;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;
import uk.ilrledger.schemas.learner.LearnerErased;

/**
 * Drops an erased learner's key. The processing group is subscribing, so the key goes in the
 * transaction that records the erasure: the event is never stored with the key still there.
 */
@Component
@ProcessingGroup(KeyShredding.PROCESSING_GROUP)
public class KeyShredding {

    public static final String PROCESSING_GROUP = "learner-keys";

    private final PersonalDataKeys keys;

    public KeyShredding(PersonalDataKeys keys) {
        this.keys = keys;
    }

    @EventHandler
    void on(LearnerErased event) {
        keys.erase(event.learner(), event.approvedBy());
    }
}
