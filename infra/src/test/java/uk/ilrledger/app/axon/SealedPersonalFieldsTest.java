package uk.ilrledger.app.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.ilrledger.app.IntegrationTest;
import uk.ilrledger.command.erasure.PersonalDataKeys;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.learner.CorrectedField;
import uk.ilrledger.schemas.learner.LearnerRegistered;
import uk.ilrledger.schemas.learner.RecordCorrected;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.testsupport.SampleLearners;

/**
 * The event store's serializer with the service's own keys: personal fields sealed per learner, events
 * stored before sealing still read (and erased with their learner), a sealed value moved elsewhere or
 * named by a key the store never held refused rather than shown as erased.
 */
@IntegrationTest
class SealedPersonalFieldsTest {

    @Autowired
    @Qualifier("eventSerializer")
    Serializer serializer;
    @Autowired
    ObjectMapper objectMapper;
    @Autowired
    RevisionResolver revisions;
    @Autowired
    PersonalDataKeys keys;
    @Autowired
    JdbcClient jdbc;

    private static LearnerId someLearner() {
        return LearnerId.of(ThreadLocalRandom.current().nextInt(20_000_000, 99_999_999), "SEAL1");
    }

    private static LearnerRegistered registered(LearnerId learner, String familyName) {
        IlrLearner.Builder b = SampleLearners.apprentice("SEAL1", LocalDate.of(2025, 9, 1)).toBuilder();
        b.familyName = familyName;
        b.email = "kestrel.mapleton@example.org";
        b.dateOfBirth = LocalDate.of(1999, 12, 31);
        return new LearnerRegistered(learner, b.build(), "admin");
    }

    private Object read(SerializedObject<byte[]> stored) {
        return serializer.deserialize(stored);
    }

    private static String text(SerializedObject<byte[]> stored) {
        return new String(stored.getData(), StandardCharsets.UTF_8);
    }

    @Test
    void aLearnersPersonalFieldsAreSealedWithTheirOwnKeyAndReadBackUntilTheKeyIsErased() {
        LearnerId learner = someLearner();
        LearnerRegistered event = registered(learner, "Mapleton");
        SerializedObject<byte[]> stored = serializer.serialize(event, byte[].class);

        assertThat(text(stored)).contains("\"$sealed\"", "\"uln\":" + SampleLearners.ULN, "ZPROG001")
                .doesNotContain("Mapleton", "kestrel.mapleton", "1999-12-31");
        assertThat(read(stored)).isEqualTo(event);

        keys.erase(learner, "admin");

        LearnerRegistered erased = (LearnerRegistered) read(stored);
        assertThat(erased.record().familyName()).isEqualTo("[erased]");
        assertThat(erased.record().email()).isEqualTo("[erased]");
        assertThat(erased.record().dateOfBirth()).isNull();
        assertThat(erased.record().ethnicity()).isEqualTo(99);
        assertThat(erased.record().learningDeliveries()).isEqualTo(event.record().learningDeliveries());
        assertThat(text(serializer.serialize(event, byte[].class))).as("written after the erasure: erased in the clear")
                .doesNotContain("Mapleton", "$sealed").contains("[erased]");
    }

    @Test
    void anEventStoredBeforeSealingIsReadAsItWasAndAsErasedOnceItsLearnerIs() {
        LearnerId learner = someLearner();
        LearnerRegistered event = registered(learner, "Pennywhistle");
        RecordCorrected corrected = new RecordCorrected(learner, UUID.randomUUID(), List.of(),
                List.of(CorrectedField.learner("familyName", "Pennywhistle", "Penny-Whistle")), null, "spelling",
                List.of(), "raiser", "approver");
        Serializer before = EventSerializer.create(objectMapper, revisions, getClass().getClassLoader());
        SerializedObject<byte[]> plainRegistration = before.serialize(event, byte[].class);
        SerializedObject<byte[]> plainCorrection = before.serialize(corrected, byte[].class);
        assertThat(text(plainRegistration)).contains("Pennywhistle").doesNotContain("$sealed");

        assertThat(read(plainRegistration)).isEqualTo(event);
        assertThat(read(plainCorrection)).isEqualTo(corrected);

        keys.erase(learner, "admin");

        assertThat(((LearnerRegistered) read(plainRegistration)).record().familyName()).isEqualTo("[erased]");
        RecordCorrected erasedCorrection = (RecordCorrected) read(plainCorrection);
        assertThat(erasedCorrection.changes().get(0).oldValue()).isEqualTo("[erased]");
        assertThat(erasedCorrection.changes().get(0).newValue()).isEqualTo("[erased]");
        assertThat(erasedCorrection.reason()).isEqualTo("spelling");
    }

    @Test
    void aSealedValueMovedToAnotherFieldOrNamingAnUnknownKeyIsRefusedNotShownAsErased() {
        LearnerId learner = someLearner();
        SerializedObject<byte[]> stored = serializer.serialize(registered(learner, "Quenby"), byte[].class);
        String json = text(stored);
        String moved = json.replace("\"field\":\"familyName\"", "\"field\":\"givenNames\"");
        assertThat(moved).isNotEqualTo(json);
        assertThatThrownBy(() -> read(bytes(stored, moved))).hasStackTraceContaining("does not open");

        UUID keyId = jdbc.sql("SELECT key_id FROM learner_key WHERE ukprn = ? AND learn_ref_number = ?")
                .params(learner.ukprn().value(), learner.learnRefNumber().value()).query(UUID.class).single();
        String unknownKey = json.replace(keyId.toString(), UUID.randomUUID().toString());
        assertThatThrownBy(() -> read(bytes(stored, unknownKey))).hasStackTraceContaining("is not in learner_key");
    }

    private static SerializedObject<byte[]> bytes(SerializedObject<byte[]> like, String json) {
        return new SimpleSerializedObject<>(json.getBytes(StandardCharsets.UTF_8), byte[].class, like.getType());
    }
}
