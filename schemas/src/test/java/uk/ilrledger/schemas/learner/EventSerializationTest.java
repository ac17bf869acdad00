package uk.ilrledger.schemas.learner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
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
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.ilr.xml.Learners;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnerId;

/** Every event survives the JSON the event store and Kafka hold, with the ILR's field names. */
class EventSerializationTest {

    /** As the service configures it: ISO dates, null fields left out, unknown fields refused. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    static final LearnerId LEARNER = LearnerId.of(10000001, "LRN1");
    static final UUID CHANGE = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    static final List<EvidenceId> EVIDENCE = List.of(new EvidenceId("c".repeat(64)));
    static final LocalDate END = LocalDate.of(2026, 2, 27);

    /** One example of every event; the test below fails when a new event has none. */
    static final Map<Class<?>, LearnerEvent> EXAMPLES = Map.ofEntries(
            Map.entry(LearnerRegistered.class, new LearnerRegistered(LEARNER, IlrFoldTest.learnerForTests(), "admin")),
            Map.entry(ChangeRaised.class, new ChangeRaised(LEARNER, CHANGE, new ChangeProposal.Correction(
                    Map.of("familyName", "Exampel"), Map.of("pHours", 350)), List.of("p"), END, "typo", EVIDENCE,
                    "raiser")),
            Map.entry(ChangeApproved.class, new ChangeApproved(LEARNER, CHANGE, "approver", "ok")),
            Map.entry(ChangeRejected.class, new ChangeRejected(LEARNER, CHANGE, "approver", "wrong learner")),
            Map.entry(LearnerWithdrawn.class, new LearnerWithdrawn(LEARNER, CHANGE, List.of("p"), END, 97, "left",
                    EVIDENCE, "raiser", "approver")),
            Map.entry(BreakInLearningStarted.class, new BreakInLearningStarted(LEARNER, CHANGE, List.of("p"), END,
                    "illness", EVIDENCE, "raiser", "approver")),
            Map.entry(LearningRestarted.class, new LearningRestarted(LEARNER, CHANGE, List.of("p"),
                    List.of(new RestartedAim("p", "p2", 3)), END.plusMonths(3), END.plusMonths(15), 6000, 1000, null,
                    "back", EVIDENCE, "raiser", "approver")),
            Map.entry(EmployerChanged.class, new EmployerChanged(LEARNER, CHANGE, List.of("p"), END, 10, 123456789,
                    5000, 800, "new job", EVIDENCE, "raiser", "approver")),
            Map.entry(PriorLearningRecognised.class, new PriorLearningRecognised(LEARNER, CHANGE, List.of("p"),
                    List.of(new AimTerms("p", 9000, 1000, END.plusMonths(12), 400, null)),
                    List.of(new AimTerms("p", 7000, 1000, END.plusMonths(9), 300, null)), "RPL assessment",
                    EVIDENCE, "raiser", "approver")),
            Map.entry(AimCompleted.class, new AimCompleted(LEARNER, CHANGE, List.of("p"), END, 8, null, "finished",
                    EVIDENCE, "raiser", "approver")),
            Map.entry(EndPointAssessmentRecorded.class, new EndPointAssessmentRecorded(LEARNER, CHANGE, List.of("p"), 1,
                    END.plusDays(20), "PASS", "EPA result", EVIDENCE, "raiser", "approver")),
            Map.entry(PriceChanged.class, new PriceChanged(LEARNER, CHANGE, List.of("p"),
                    List.of(new uk.ilrledger.schemas.ilr.AppFinRecord("TNP", 1, END.minusMonths(6), 9000)),
                    List.of(new uk.ilrledger.schemas.ilr.AppFinRecord("TNP", 1, END, 8000)), "new price", EVIDENCE,
                    "raiser", "approver")),
            Map.entry(ContractTypeChanged.class, new ContractTypeChanged(LEARNER, CHANGE, List.of("p"), 2, END,
                    "levy ended", EVIDENCE, "raiser", "approver")),
            Map.entry(LearnerDidNotReturn.class, new LearnerDidNotReturn(LEARNER, CHANGE, List.of("p"), 3,
                    "will not return", EVIDENCE, "raiser", "approver")),
            Map.entry(AimAdded.class, new AimAdded(LEARNER, CHANGE, List.of("c2"), IlrFoldTest.learnerForTests()
                    .aim("c").orElseThrow().withIdentity(3, "c2"), "missing component", EVIDENCE, "raiser", "approver")),
            Map.entry(LearnerFamsChanged.class, new LearnerFamsChanged(LEARNER, CHANGE, List.of(), "EHC", List.of(1),
                    "plan issued", EVIDENCE, "raiser", "approver")),
            Map.entry(DeliveryFamsChanged.class, new DeliveryFamsChanged(LEARNER, CHANGE, List.of("p"), "FFI",
                    List.of("1"), "fully funded", EVIDENCE, "raiser", "approver")),
            Map.entry(AimRemoved.class, new AimRemoved(LEARNER, CHANGE, List.of("c"), List.of(IlrFoldTest.learnerForTests()
                    .aim("c").orElseThrow()), "recorded in error", EVIDENCE, "raiser", "approver")),
            Map.entry(OutcomeRecorded.class, new OutcomeRecorded(LEARNER, CHANGE, List.of("p"), 1, END.plusDays(20),
                    "PASS", "EPA result", EVIDENCE, "raiser", "approver")),
            Map.entry(AimForceIncluded.class, new AimForceIncluded(LEARNER, CHANGE, List.of("p"), "2526",
                    "returned before this system", EVIDENCE, "raiser", "approver")),
            Map.entry(QaVerified.class, new QaVerified(LEARNER, "approver", "evidence pack complete")),
            Map.entry(ErasureRequested.class, new ErasureRequested(LEARNER, "retention period ended", "admin")),
            Map.entry(LearnerErased.class, new LearnerErased(LEARNER, "retention period ended", "admin", "approver")),
            Map.entry(RecordCorrected.class, new RecordCorrected(LEARNER, CHANGE, List.of("p"), List.of(
                    CorrectedField.learner("familyName", "Example", "Exampel"),
                    CorrectedField.learner("uln", 1000000000L, 1000000042L),
                    CorrectedField.aim("p", "learnPlanEndDate", END, END.plusMonths(1)),
                    CorrectedField.aim("c", null, IlrFoldTest.learnerForTests().aim("c").orElseThrow(), null)),
                    END, "typo", EVIDENCE, "raiser", "approver")));

    /** Every concrete event of the sealed hierarchy. */
    static java.util.Set<Class<?>> concreteEvents(Class<?> type) {
        if (!type.isSealed()) {
            return java.util.Set.of(type);
        }
        return Arrays.stream(type.getPermittedSubclasses()).flatMap(t -> concreteEvents(t).stream())
                .collect(Collectors.toSet());
    }

    @Test
    void everyEventTypeHasAnExample() {
        assertThat(EXAMPLES.keySet()).containsExactlyInAnyOrderElementsOf(concreteEvents(LearnerEvent.class));
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
        assertThat(JSON.readTree(raised).at("/proposal/type").asText()).isEqualTo("CORRECTION");
        assertThat(JSON.readTree(raised).at("/proposal/learner/familyName").asText()).isEqualTo("Exampel");
        String registered = JSON.writeValueAsString(EXAMPLES.get(LearnerRegistered.class));
        assertThat(JSON.readTree(registered).at("/record/learningDeliveries/0/pHours").isMissingNode()).isFalse();
    }

    @Test
    void aLearnerWithEveryIlrElementRoundTripsThroughJsonUnderTheIlrNames() throws Exception {
        IlrLearner learner = Learners.everyElement("LRN1");

        JsonNode json = JSON.valueToTree(learner);

        assertThat(JSON.treeToValue(json, IlrLearner.class)).isEqualTo(learner);
        assertThat(json.at("/prevUkprn").asInt()).isEqualTo(10000002);
        assertThat(json.at("/learnerFams/2/learnFAMType").asText()).isEqualTo("NLM");
        assertThat(json.at("/learnerEmploymentStatuses/0/employmentStatusMonitorings/0/esmType").asText()).isEqualTo("EII");
        assertThat(json.at("/learnerHe/learnerHeFinancialSupports/1/finAmount").asInt()).isEqualTo(250);
        assertThat(json.at("/learningDeliveries/0/learningDeliveryWorkPlacements/0/workPlaceHours").asInt()).isEqualTo(120);
        assertThat(json.at("/learningDeliveries/0/learningDeliveryHe/mStuFee").asInt()).isEqualTo(1);
        assertThat(json.at("/learningDeliveries/0/learningDeliveryHe/stuLoad").decimalValue()).isEqualByComparingTo("100");
    }

    @Test
    void aRecordStoredBeforeTheNewElementsReadsWithEmptyGroupsAndWritesBackUnchanged() throws Exception {
        String stored = """
                {"learnRefNumber":"LRN1","uln":1000000000,"ethnicity":31,"sex":"F","llddHealthProb":2,\
                "postcodePrior":"ZZ99 9ZZ","postcode":"ZZ99 9ZZ",\
                "learnerEmploymentStatuses":[{"empStat":10,"dateEmpStatApp":"2025-08-31","empId":123456789}],\
                "learningDeliveries":[{"learnAimRef":"ZPROG001","aimType":1,"learnStartDate":"2025-09-01",\
                "learnPlanEndDate":"2027-03-01","fundModel":36,"delLocPostCode":"ZZ99 9ZZ","compStatus":1,\
                "learningDeliveryFams":[],"appFinRecords":[]}]}""";

        IlrLearner learner = JSON.readValue(stored, IlrLearner.class);

        assertThat(learner.priorAttains()).isEmpty();
        assertThat(learner.learnerFams()).isEmpty();
        assertThat(learner.learnerHe()).isNull();
        assertThat(learner.learnerEmploymentStatuses().get(0).employmentStatusMonitorings()).isEmpty();
        LearningDelivery aim = learner.learningDeliveries().get(0);
        assertThat(aim.learningDeliveryWorkPlacements()).isEmpty();
        assertThat(aim.providerSpecDeliveryMonitorings()).isEmpty();
        assertThat(aim.learningDeliveryHe()).isNull();
        assertThat(JSON.readTree(JSON.writeValueAsString(learner))).isEqualTo(JSON.readTree(stored));
    }
}
