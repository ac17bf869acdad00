package uk.ilrledger.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import uk.ilrledger.app.IntegrationTest;
import uk.ilrledger.command.erasure.PersonalDataKeys;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.learner.LearnerRegistered;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.testsupport.SampleLearners;

/**
 * A tracking processor reads the keys of a batch's learners at once: each learner's sealed fields
 * still open with their own key, and an erased learner's read as erased, also when their key was
 * read ahead before the erasure.
 */
@IntegrationTest
class ProcessorKeysAheadTest {

    @Autowired
    @Qualifier("eventSerializer")
    Serializer serializer;
    @Autowired
    PersonalDataKeys keys;

    private static LearnerId someLearner(String learnRefNumber) {
        return LearnerId.of(ThreadLocalRandom.current().nextInt(20_000_000, 99_999_999), learnRefNumber);
    }

    private static LearnerRegistered registered(LearnerId learner, String familyName) {
        IlrLearner.Builder b = SampleLearners.apprentice(learner.learnRefNumber().value(), LocalDate.of(2025, 9, 1))
                .toBuilder();
        b.familyName = familyName;
        return new LearnerRegistered(learner, b.build(), "admin");
    }

    private String familyName(SerializedObject<byte[]> stored) {
        return ((LearnerRegistered) serializer.deserialize(stored)).record().familyName();
    }

    @Test
    void keysReadAheadOpenEachLearnersFieldsAndAnErasedLearnersAsErased() {
        LearnerId kept = someLearner("AHEAD1");
        LearnerId erased = someLearner("AHEAD2");
        SerializedObject<byte[]> keptEvent = serializer.serialize(registered(kept, "Mapleton"), byte[].class);
        SerializedObject<byte[]> erasedEvent = serializer.serialize(registered(erased, "Quenby"), byte[].class);

        keys.remember(List.of(kept, erased));
        assertThat(familyName(keptEvent)).isEqualTo("Mapleton");
        assertThat(familyName(erasedEvent)).isEqualTo("Quenby");

        keys.erase(erased, "admin");
        keys.remember(List.of(kept, erased));
        assertThat(familyName(keptEvent)).isEqualTo("Mapleton");
        assertThat(familyName(erasedEvent)).as("a key read ahead is forgotten with the erasure").isEqualTo("[erased]");
    }

    @Test
    void theBatchsLearnersAreTakenFromItsLearnerEventsAggregateIdentifiers() {
        LearnerId first = LearnerId.of(10000001, "AHEAD3");
        LearnerId second = LearnerId.of(10000001, "AHEAD4");
        List<EventMessage<?>> batch = List.of(
                new GenericDomainEventMessage<>("Learner", first.asString(), 0, "registered"),
                new GenericDomainEventMessage<>("ProviderReturns", "10000001", 0, "submitted"),
                new GenericDomainEventMessage<>("Learner", second.asString(), 0, "registered"),
                new GenericDomainEventMessage<>("Learner", first.asString(), 1, "corrected"));

        assertThat(ProcessorKeysAhead.KeysAhead.learners(new BatchingUnitOfWork<>(batch)))
                .containsExactly(first, second);
    }
}
