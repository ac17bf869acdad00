package uk.ilrledger.app.erasure;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.stereotype.Component;
import uk.ilrledger.command.erasure.PersonalDataKeys;
import uk.ilrledger.projections.rebuild.BeforeDecoding;
import uk.ilrledger.schemas.values.LearnerId;

/** A rebuild's batch opens with the keys of all its learners read in one query (decision 28). */
@Component
class PersonalDataKeysBeforeDecoding implements BeforeDecoding {

    /** The aggregate type the event store records for learner events, whose identifier is the learner's. */
    private static final String LEARNER = "Learner";

    private final PersonalDataKeys keys;

    PersonalDataKeysBeforeDecoding(PersonalDataKeys keys) {
        this.keys = keys;
    }

    @Override
    public void batch(List<? extends EventMessage<?>> events) {
        Set<LearnerId> learners = new LinkedHashSet<>();
        for (EventMessage<?> event : events) {
            if (event instanceof DomainEventMessage<?> domain && LEARNER.equals(domain.getType())
                    && domain.getAggregateIdentifier() != null && domain.getAggregateIdentifier().indexOf(':') > 0) {
                try {
                    learners.add(LearnerId.parse(domain.getAggregateIdentifier()));
                } catch (RuntimeException notALearner) {
                    // decoding looks its key up itself, and reports the event if it cannot be read
                }
            }
        }
        keys.remember(learners);
    }
}
