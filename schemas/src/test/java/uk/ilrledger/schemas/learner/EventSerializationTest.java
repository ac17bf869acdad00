package uk.ilrledger.schemas.learner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import uk.ilrledger.schemas.ilr.IlrFoldTest;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnerId;

/** Every event survives the JSON the event store and Kafka hold, with the ILR's field names. */
class EventSerializationTest {

    static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    static final LearnerId LEARNER = LearnerId.of(10000001, "LRN1");
    static final UUID CHANGE = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    static final List<EvidenceId> EVIDENCE = List.of(new EvidenceId("c".repeat(64)));
    static final LocalDate END = LocalDate.of(2026, 2, 27);

    /** One example of every event; the test below fails when a new event has none. */
    static final Map<Class<?>, LearnerEvent> EXAMPLES = Map.of(
            LearnerRegistered.class, new LearnerRegistered(LEARNER,
                    IlrFoldTest.learnerForTests(), "admin"),
            ChangeRaised.class, new ChangeRaised(LEARNER, CHANGE, new ChangeProposal.Withdrawal(END, 97),
                    List.of("p"), END, "left", EVIDENCE, "raiser"),
            ChangeApproved.class, new ChangeApproved(LEARNER, CHANGE, "approver", "ok"),
            ChangeRejected.class, new ChangeRejected(LEARNER, CHANGE, "approver", "wrong learner"),
            LearnerWithdrawn.class, new LearnerWithdrawn(LEARNER, CHANGE, List.of("p"), END, 97, "left", EVIDENCE,
                    "raiser", "approver"));

    @Test
    void everyEventTypeHasAnExample() {
        assertThat(EXAMPLES.keySet()).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(LearnerEvent.class.getPermittedSubclasses()).collect(Collectors.toSet()));
    }

    @Test
    void everyEventRoundTripsThroughJson() throws Exception {
        for (LearnerEvent event : EXAMPLES.values()) {
            String text = JSON.writeValueAsString(event);
            assertThat(JSON.readValue(text, event.getClass())).as(text).isEqualTo(event);
        }
    }

    @Test
    void theJsonUsesTheIlrElementNames() throws Exception {
        String withdrawn = JSON.writeValueAsString(EXAMPLES.get(LearnerWithdrawn.class));
        assertThat(JSON.readTree(withdrawn).get("learnActEndDate").asText()).isEqualTo("2026-02-27");
        assertThat(JSON.readTree(withdrawn).at("/learner/learnRefNumber").asText()).isEqualTo("LRN1");
        String raised = JSON.writeValueAsString(EXAMPLES.get(ChangeRaised.class));
        assertThat(JSON.readTree(raised).at("/proposal/type").asText()).isEqualTo("WITHDRAWAL");
        String registered = JSON.writeValueAsString(EXAMPLES.get(LearnerRegistered.class));
        assertThat(JSON.readTree(registered).at("/record/learningDeliveries/0/pHours").isMissingNode()).isFalse();
    }
}
