package uk.ilrledger.app.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.ilrledger.app.Api;
import uk.ilrledger.app.IntegrationTest;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearningDeliveryFam;
import uk.ilrledger.schemas.ilr.xml.IlrFileHeader;
import uk.ilrledger.schemas.ilr.xml.IlrSchema;
import uk.ilrledger.schemas.ilr.xml.IlrXmlWriter;
import uk.ilrledger.schemas.ilr.xml.Learners;
import uk.ilrledger.schemas.values.Ukprn;

/** POST /api/providers/{ukprn}/imports on the assembled service and its real store. */
@IntegrationTest
class IlrImportApiTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcClient jdbc;
    @LocalServerPort
    int port;

    Api api;
    int ukprn;
    String provider;

    @BeforeEach
    void setUp() {
        api = new Api(rest, json);
        ukprn = ThreadLocalRandom.current().nextInt(20_000_000, 99_999_999);
        provider = "/api/providers/" + ukprn;
    }

    /** When the provider's first file was prepared; later files are dated after it. */
    private static final LocalDateTime FIRST = LocalDateTime.of(2026, 3, 2, 9, 30);

    /** A 2025-26 ILR file of this test's provider, as another system would send it. */
    private byte[] file(IlrLearner... learners) {
        return file(FIRST, learners);
    }

    private byte[] file(LocalDateTime prepared, IlrLearner... learners) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            IlrXmlWriter.write(new IlrFileHeader(IlrSchema.Y2526, new Ukprn(ukprn), prepared.toLocalDate(), 1,
                    prepared), List.of(learners).iterator(), out, n -> { });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private Api.Answer importFile(String user, byte[] file) {
        return api.postFile(user, provider + "/imports?fileName=ILR-test.xml", file, MediaType.APPLICATION_XML);
    }

    private Api.Answer imported(byte[] file) {
        Api.Answer answer = importFile("admin", file);
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        return answer;
    }

    private Api.Answer approval(String user, Api.Answer imported) {
        return api.post(user, provider + "/imports/" + imported.text("/importId") + "/approval",
                Map.of("comment", "learners checked against the enrolment forms"));
    }

    /** Imported, and its new learners approved by a second person. */
    private Api.Answer importedAndApproved(byte[] file) {
        Api.Answer imported = imported(file);
        Api.Answer approved = approval("approver", imported);
        assertThat(approved.status()).as(approved.body().toString()).isEqualTo(200);
        return imported;
    }

    /** The changes an import raised for one learner: {@code type} by {@code changeId}. */
    private static List<JsonNode> raisedFor(Api.Answer imported, String ref) {
        return StreamSupport.stream(imported.body().get("changes").spliterator(), false)
                .filter(learner -> learner.get("learnRefNumber").asText().equals(ref))
                .flatMap(learner -> StreamSupport.stream(learner.get("raised").spliterator(), false))
                .toList();
    }

    private void approveChange(JsonNode change) {
        Api.Answer approved = api.post("approver", "/api/changes/" + change.get("changeId").asText() + "/approval",
                Map.of("comment", "matches the provider's records"));
        assertThat(approved.status()).as(approved.body().toString()).isEqualTo(200);
    }

    private long events() {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier LIKE ?")
                .param(ukprn + ":%").query(Long.class).single();
    }

    private JsonNode history(String ref) {
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("auditor", provider + "/learners/" + ref + "/history")
                .body().size() >= 1);
        return api.get("auditor", provider + "/learners/" + ref + "/history").body();
    }

    private JsonNode learnerOnceCaughtUp(String ref, java.util.function.Predicate<JsonNode> until) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Api.Answer answer = api.get("auditor", provider + "/learners/" + ref);
            return answer.status() == 200 && until.test(answer.body());
        });
        return api.get("auditor", provider + "/learners/" + ref).body();
    }

    @Test
    void anImportsNewLearnersAreRegisteredOnlyWhenASecondPersonApprovesItWithTheFileAsEvidence() throws Exception {
        byte[] file = file(Learners.apprentice("IMP001"), Learners.apprentice("IMP002"));

        Api.Answer answer = imported(file);

        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(file));
        assertThat(answer.text("/fileSha256")).isEqualTo(sha);
        assertThat(answer.body().get("learners").asInt()).isEqualTo(2);
        assertThat(answer.body().get("newLearners").asInt()).isEqualTo(2);
        assertThat(answer.text("/status")).isEqualTo("AWAITING_APPROVAL");
        assertThat(answer.body().get("year").asText()).isEqualTo("2526");
        assertThat(answer.text("/filePreparationDate")).isEqualTo("2026-03-02");
        assertThat(events()).as("nothing is registered before a second person approves").isZero();
        assertThat(approval("admin", answer).status()).as("the importer cannot approve their own import").isEqualTo(403);
        assertThat(approval("raiser", answer).status()).as("a raiser cannot approve").isEqualTo(403);
        assertThat(events()).isZero();

        Api.Answer approved = approval("approver", answer);

        assertThat(approved.status()).as(approved.body().toString()).isEqualTo(200);
        assertThat(approved.text("/status")).isEqualTo("APPROVED");
        assertThat(approved.body().get("registered").asInt()).isEqualTo(2);
        assertThat(approved.text("/importedBy")).isEqualTo("admin");
        assertThat(approved.text("/decidedBy")).isEqualTo("approver");
        assertThat(api.get("auditor", provider + "/imports/" + answer.text("/importId")).body())
                .isEqualTo(approved.body());
        assertThat(approval("approver2", answer).status()).as("approved once").isEqualTo(409);
        JsonNode learner = learnerOnceCaughtUp("IMP001", body -> true);
        assertThat(learner.get("familyName").asText()).isEqualTo("Zoë O'Brien-Smith");
        assertThat(learner.at("/learningDeliveries/0/appFinRecords/1/aFinAmount").asInt()).isEqualTo(500);
        JsonNode registration = history("IMP001").get(0);
        assertThat(registration.get("type").asText()).isEqualTo("REGISTRATION");
        assertThat(registration.get("raisedBy").asText()).isEqualTo("admin");
        assertThat(registration.get("decidedBy").asText()).isEqualTo("approver");
        assertThat(registration.get("evidence")).extracting(JsonNode::asText).containsExactly(sha);
        assertThat(jdbc.sql("SELECT media_type FROM evidence WHERE evidence_id = ?").param(sha).query(String.class)
                .single()).as("the file itself is kept as the evidence").isEqualTo("application/xml");

        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("exporter", provider + "/returns/2526/R14").body()
                .get("position").asLong() >= lastEventPosition());
        ResponseEntity<byte[]> export = rest.withBasicAuth("exporter", IntegrationTest.PASSWORD)
                .exchange(provider + "/returns/2526/R14/ilr.xml", HttpMethod.GET, null, byte[].class);
        assertThat(export.getStatusCode().value()).isEqualTo(200);
        assertThat(IlrContent.learners(new ByteArrayInputStream(export.getBody())))
                .as("the same learners, aims and values, parsed").isEqualTo(IlrContent.learners(new ByteArrayInputStream(file)));
    }

    @Test
    void anImportsNewLearnersRejectedWithAReasonAreNeverRegistered() {
        Api.Answer answer = imported(file(Learners.minimal("REJ001")));
        String path = provider + "/imports/" + answer.text("/importId") + "/rejection";

        assertThat(api.post("approver", path, Map.of()).text("/errors/0/field")).isEqualTo("reason");
        assertThat(api.post("admin", path, Map.of("reason", "mine")).status()).isEqualTo(403);
        Api.Answer rejected = api.post("approver", path, Map.of("reason", "REJ001 never enrolled with us"));

        assertThat(rejected.status()).as(rejected.body().toString()).isEqualTo(200);
        assertThat(rejected.text("/status")).isEqualTo("REJECTED");
        assertThat(rejected.text("/decisionReason")).isEqualTo("REJ001 never enrolled with us");
        assertThat(approval("approver2", answer).status()).isEqualTo(409);
        assertThat(events()).isZero();
    }

    @Test
    void aLearnerWithEveryElementOfTheSchemaComesBackFromImportAndExportUnchanged() {
        byte[] file = file(Learners.everyElement("ALL001"));

        Api.Answer answer = importedAndApproved(file);

        assertThat(answer.body().get("elementsNotHeld")).as("the ledger holds every element").isEmpty();
        learnerOnceCaughtUp("ALL001", body -> true);
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("exporter", provider + "/returns/2526/R14").body()
                .get("position").asLong() >= lastEventPosition());
        ResponseEntity<byte[]> export = rest.withBasicAuth("exporter", IntegrationTest.PASSWORD)
                .exchange(provider + "/returns/2526/R14/ilr.xml", HttpMethod.GET, null, byte[].class);
        assertThat(export.getStatusCode().value()).as(new String(export.getBody(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(IlrContent.learners(new ByteArrayInputStream(export.getBody())))
                .isEqualTo(IlrContent.learners(new ByteArrayInputStream(file)));
    }

    private long lastEventPosition() {
        return jdbc.sql("SELECT coalesce(max(global_index), 0) FROM domain_event_entry WHERE aggregate_identifier LIKE ?")
                .param(ukprn + ":%").query(Long.class).single();
    }

    @Test
    void importingTheSameFileAgainRecordsNothing() {
        byte[] file = file(Learners.apprentice("AGN001"), Learners.minimal("AGN002"));
        importedAndApproved(file);
        long before = events();

        Api.Answer again = imported(file);

        assertThat(again.body().get("unchanged").asInt()).isEqualTo(2);
        assertThat(again.body().get("newLearners").asInt()).isZero();
        assertThat(again.body().get("changesRaised").asInt()).isZero();
        assertThat(again.text("/status")).isEqualTo("RAISED_ONLY");
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void aRetryWithTheSameImportIdAnswersTheFirstResultAndAnotherFileUnderThatIdIsAConflict() {
        UUID importId = UUID.randomUUID();
        String path = provider + "/imports?importId=" + importId;
        Api.Answer first = api.postFile("admin", path, file(Learners.minimal("RTY001")), MediaType.APPLICATION_XML);
        Api.Answer retry = api.postFile("admin", path, file(Learners.minimal("RTY001")), MediaType.APPLICATION_XML);
        Api.Answer other = api.postFile("admin", path, file(Learners.minimal("RTY002")), MediaType.APPLICATION_XML);

        assertThat(first.status()).isEqualTo(200);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.body().get("newLearners").asInt()).as("the first result, not a second run").isEqualTo(1);
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.text("/errors/0/field")).isEqualTo("importId");
    }

    @Test
    void aLaterFilesDifferenceIsRaisedByTheImporterAndRecordedOnlyWhenASecondPersonApprovesIt() {
        IlrLearner apprentice = Learners.apprentice("LAT001");
        importedAndApproved(file(apprentice, Learners.minimal("LAT002")));
        // The later file: a new postcode, the component aim gone, the second learner gone.
        IlrLearner moved = Learners.withPostcode(apprentice, "ZZ99 8ZZ");
        moved = moved.withLearningDeliveries(List.of(moved.learningDeliveries().get(0)));

        Api.Answer later = imported(file(FIRST.plusDays(30), moved));

        assertThat(later.body().get("learners").asInt()).isEqualTo(1);
        assertThat(later.body().get("changed").asInt()).isEqualTo(1);
        assertThat(later.text("/status")).as("no new learner to approve").isEqualTo("RAISED_ONLY");
        assertThat(later.body().get("missingAims")).singleElement().satisfies(aim -> {
            assertThat(aim.get("learnRefNumber").asText()).isEqualTo("LAT001");
            assertThat(aim.get("aimSeqNumber").asInt()).isEqualTo(2);
            assertThat(aim.get("learnAimRef").asText()).isEqualTo("60000001");
        });
        JsonNode change = raisedFor(later, "LAT001").get(0);
        assertThat(raisedFor(later, "LAT001")).hasSize(1);
        assertThat(change.get("type").asText()).isEqualTo("CORRECTION");
        assertThat(change.get("effectiveDate").asText()).as("a learner field holds from the start").isEqualTo("2025-09-01");
        assertThat(later.body().at("/changes/0/line").asInt()).isGreaterThan(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> history("LAT001").size() == 2);
        assertThat(api.get("auditor", provider + "/learners/LAT001").text("/postcode"))
                .as("raised, not recorded").isEqualTo("ZZ99 9ZZ");
        assertThat(api.post("admin", "/api/changes/" + change.get("changeId").asText() + "/approval", Map.of())
                .status()).as("the importer cannot approve what the file raised").isEqualTo(403);

        approveChange(change);

        JsonNode learner = learnerOnceCaughtUp("LAT001", body -> body.get("postcode").asText().equals("ZZ99 8ZZ"));
        assertThat(learner.get("learningDeliveries")).as("the aim the file lacks is kept, not withdrawn").hasSize(2);
        assertThat(learner.at("/learningDeliveries/1/compStatus").asInt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(20)).until(() -> history("LAT001").get(1).get("status").asText()
                .equals("APPROVED"));
        JsonNode correction = history("LAT001").get(1);
        assertThat(correction.get("type").asText()).isEqualTo("CORRECTION");
        assertThat(correction.get("raisedBy").asText()).isEqualTo("admin");
        assertThat(correction.get("decidedBy").asText()).isEqualTo("approver");
        assertThat(correction.get("reason").asText()).contains("ILR-test.xml").contains(later.text("/fileSha256"));
        assertThat(correction.get("evidence")).extracting(JsonNode::asText).containsExactly(later.text("/fileSha256"));
        assertThat(StreamSupport.stream(correction.get("fieldChanges").spliterator(), false)
                .map(field -> field.get("field").asText() + ":" + field.path("oldValue").asText() + "->"
                        + field.path("newValue").asText()))
                .containsExactly("postcode:ZZ99 9ZZ->ZZ99 8ZZ");
        assertThat(api.get("auditor", provider + "/learners/LAT002").status()).as("absent from the later file: left as it is")
                .isEqualTo(200);
    }

    /** The apprentice with the programme aim continuing: no end, no reason, no outcome, the ACT FAM open. */
    private static IlrLearner continuing(IlrLearner withdrawn) {
        uk.ilrledger.schemas.ilr.LearningDelivery.Builder continuing = withdrawn.learningDeliveries().get(0)
                .toBuilder();
        continuing.compStatus = 1;
        continuing.learnActEndDate = null;
        continuing.withdrawReason = null;
        continuing.outcome = null;
        continuing.learningDeliveryFams = List.of(new LearningDeliveryFam("ACT", "1", Learners.START, null),
                new LearningDeliveryFam("SOF", "105", null, null));
        return withdrawn.withLearningDeliveries(List.of(continuing.build(), withdrawn.learningDeliveries().get(1)));
    }

    @Test
    void aWithdrawalReadFromALaterFileIsRaisedAsAWithdrawalDatedOnItsLastDayOfLearning() {
        IlrLearner withdrawnInFile = Learners.apprentice("WDR001");
        importedAndApproved(file(continuing(withdrawnInFile)));
        IlrLearner later = Learners.withPostcode(withdrawnInFile, "ZZ99 8ZZ");

        Api.Answer reimported = imported(file(FIRST.plusDays(30), later));

        List<JsonNode> raised = raisedFor(reimported, "WDR001");
        assertThat(raised).extracting(change -> change.get("type").asText() + " " + change.get("effectiveDate").asText())
                .containsExactly("WITHDRAWAL 2026-02-27", "CORRECTION 2025-09-01");
        assertThat(api.get("auditor", provider + "/learners/WDR001").body().at("/learningDeliveries/0/compStatus").asInt())
                .as("nothing changes before approval").isEqualTo(1);
        raised.forEach(this::approveChange);

        learnerOnceCaughtUp("WDR001", body -> body.at("/learningDeliveries/0/compStatus").asInt() == 3
                && body.get("postcode").asText().equals("ZZ99 8ZZ"));
        JsonNode before = api.get("auditor", provider + "/learners/WDR001?effectiveOn=2026-02-01").body();
        assertThat(before.at("/learningDeliveries/0/compStatus").asInt()).as("still learning before the end").isEqualTo(1);
        assertThat(before.get("postcode").asText()).as("the file's postcode holds from the start").isEqualTo("ZZ99 8ZZ");
        JsonNode after = api.get("auditor", provider + "/learners/WDR001?effectiveOn=2026-02-27").body();
        assertThat(after.at("/learningDeliveries/0/compStatus").asInt()).isEqualTo(3);
        assertThat(after.at("/learningDeliveries/0/learnActEndDate").asText()).isEqualTo("2026-02-27");
        assertThat(after.at("/learningDeliveries/0/withdrawReason").asInt()).isEqualTo(97);
        await().atMost(Duration.ofSeconds(20)).until(() -> history("WDR001").size() == 3);
        assertThat(StreamSupport.stream(history("WDR001").spliterator(), false)
                .map(row -> row.get("type").asText() + " " + row.get("status").asText() + " " + row.get("decidedBy").asText()))
                .containsExactly("REGISTRATION APPROVED approver", "WITHDRAWAL APPROVED approver",
                        "CORRECTION APPROVED approver");
    }

    /** The apprentice on a break from 31 January 2026, still employed by the employer they started with. */
    private static IlrLearner onBreak(IlrLearner apprentice) {
        uk.ilrledger.schemas.ilr.LearningDelivery.Builder programme = apprentice.learningDeliveries().get(0).toBuilder();
        programme.compStatus = 6;
        programme.learnActEndDate = LocalDate.of(2026, 1, 31);
        programme.withdrawReason = null;
        programme.outcome = null;
        programme.learningDeliveryFams = List.of(new LearningDeliveryFam("ACT", "1", Learners.START,
                LocalDate.of(2026, 1, 31)), new LearningDeliveryFam("SOF", "105", null, null));
        return apprentice.withLearningDeliveries(List.of(programme.build(), apprentice.learningDeliveries().get(1)))
                .withEmploymentStatuses(List.of(apprentice.learnerEmploymentStatuses().get(0)));
    }

    /** The learner back from the break on 1 April 2026: a new programme aim with RES, its own end, hours and price. */
    private static IlrLearner backFromBreak(IlrLearner onBreak) {
        uk.ilrledger.schemas.ilr.LearningDelivery original = onBreak.learningDeliveries().get(0);
        uk.ilrledger.schemas.ilr.LearningDelivery.Builder restart = original.toBuilder();
        LocalDate back = LocalDate.of(2026, 4, 1);
        restart.aimSeqNumber = 3;
        restart.swSupAimId = "5d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
        restart.learnStartDate = back;
        restart.origLearnStartDate = original.origLearnStartDate();
        restart.learnPlanEndDate = LocalDate.of(2027, 6, 30);
        restart.pHours = 300;
        restart.priorLearnFundAdj = 60;
        restart.compStatus = 1;
        restart.learnActEndDate = null;
        restart.learningDeliveryFams = List.of(new LearningDeliveryFam("ACT", "1", back, null),
                new LearningDeliveryFam("RES", "1", null, null));
        restart.appFinRecords = List.of(new uk.ilrledger.schemas.ilr.AppFinRecord("TNP", 1, back, 6000));
        List<uk.ilrledger.schemas.ilr.LearningDelivery> aims = new java.util.ArrayList<>(onBreak.learningDeliveries());
        aims.add(restart.build());
        return onBreak.withLearningDeliveries(aims);
    }

    @Test
    void aRestartAfterABreakReadFromALaterFileIsRaisedAsARestartOnItsOwnTermsNotAsANewAim() {
        IlrLearner onBreak = onBreak(Learners.apprentice("RST001"));
        importedAndApproved(file(onBreak));
        byte[] later = file(FIRST.plusDays(60), backFromBreak(onBreak));

        Api.Answer reimported = imported(later);

        List<JsonNode> raised = raisedFor(reimported, "RST001");
        assertThat(raised).extracting(change -> change.get("type").asText() + " " + change.get("effectiveDate").asText())
                .contains("RESTART 2026-04-01").noneMatch(change -> change.startsWith("ADD_AIM"));
        String original = onBreak.learningDeliveries().get(0).swSupAimId();
        JsonNode restart = raised.stream().filter(change -> change.get("type").asText().equals("RESTART")).findFirst()
                .orElseThrow();
        assertThat(restart.get("aims")).extracting(JsonNode::asText).as("the aim on the break restarts")
                .containsExactly(original);
        raised.forEach(this::approveChange);

        JsonNode learner = learnerOnceCaughtUp("RST001", body -> body.get("learningDeliveries").size() == 3);
        JsonNode back = learner.at("/learningDeliveries/2");
        assertThat(back.get("learnStartDate").asText()).isEqualTo("2026-04-01");
        assertThat(back.get("origLearnStartDate").asText()).isEqualTo("2024-09-02");
        assertThat(back.get("learnPlanEndDate").asText()).isEqualTo("2027-06-30");
        assertThat(back.get("pHours").asInt()).isEqualTo(300);
        assertThat(back.get("priorLearnFundAdj").asInt()).isEqualTo(60);
        assertThat(back.get("learningDeliveryFams").findValuesAsText("learnDelFAMType")).contains("RES");
        assertThat(back.get("appFinRecords").findValuesAsText("aFinAmount")).containsExactly("6000");
        assertThat(learner.at("/learningDeliveries/0/compStatus").asInt()).as("the original stays on its break")
                .isEqualTo(6);
        await().atMost(Duration.ofSeconds(20)).until(() -> history("RST001").findValuesAsText("type").contains("RESTART"));

        long events = events();
        Api.Answer again = imported(later);
        assertThat(again.body().get("changesRaised").asInt()).as(again.body().toString()).isZero();
        assertThat(events()).as("the same file again raises nothing, the restart included").isEqualTo(events);
    }

    @Test
    void anOlderFileIsRefusedUnlessForcedWithAReasonSoItCannotRevertAnApprovedWithdrawalUnseen() {
        IlrLearner withdrawnInFile = Learners.apprentice("OLD001");
        byte[] march = file(continuing(withdrawnInFile));
        importedAndApproved(march);
        Api.Answer april = imported(file(FIRST.plusDays(30), withdrawnInFile));
        raisedFor(april, "OLD001").forEach(this::approveChange);
        learnerOnceCaughtUp("OLD001", body -> body.at("/learningDeliveries/0/compStatus").asInt() == 3);
        long before = events();

        Api.Answer again = importFile("admin", march);
        Api.Answer sameDayEarlier = importFile("admin", file(FIRST.plusDays(30).minusHours(1), continuing(withdrawnInFile)));

        assertThat(again.status()).as(again.body().toString()).isEqualTo(409);
        assertThat(again.text("/ruleId")).isEqualTo("LDG_OlderFile");
        assertThat(again.text("/detail")).contains("2026-03-02").contains("2026-04-01").contains("force=true");
        assertThat(sameDayEarlier.status()).as("the same day, an earlier DateTime").isEqualTo(409);
        assertThat(api.postFile("admin", provider + "/imports?force=true", march, MediaType.APPLICATION_XML)
                .text("/errors/0/field")).as("forcing needs a reason").isEqualTo("reason");
        assertThat(events()).isEqualTo(before);

        Api.Answer forced = api.postFile("admin", provider + "/imports?force=true&reason="
                + "Re-sent to compare with the MIS", march, MediaType.APPLICATION_XML);

        assertThat(forced.status()).as(forced.body().toString()).isEqualTo(200);
        assertThat(forced.text("/forcedReason")).isEqualTo("Re-sent to compare with the MIS");
        assertThat(api.get("auditor", provider + "/imports/" + forced.text("/importId")).text("/forcedReason"))
                .isEqualTo("Re-sent to compare with the MIS");
        assertThat(raisedFor(forced, "OLD001")).as("the older values wait for a second person like any change")
                .isNotEmpty();
        assertThat(api.get("auditor", provider + "/learners/OLD001").body().at("/learningDeliveries/0/compStatus").asInt())
                .as("the approved withdrawal stands").isEqualTo(3);
    }

    @Test
    void aDifferenceTheRulesRefuseIsListedAsNotRaisedWithItsRuleLearnerAndLineAndTheRestIsRaised() {
        IlrLearner withdrawnInFile = Learners.apprentice("NRA001");
        importedAndApproved(file(continuing(withdrawnInFile)));
        // The later file ends the programme aim with a WithdrawReason outside the year's code list.
        uk.ilrledger.schemas.ilr.LearningDelivery.Builder badReason = withdrawnInFile.learningDeliveries().get(0)
                .toBuilder();
        badReason.withdrawReason = 55;
        IlrLearner later = Learners.withPostcode(withdrawnInFile.withLearningDeliveries(
                List.of(badReason.build(), withdrawnInFile.learningDeliveries().get(1))), "ZZ99 8ZZ");

        Api.Answer reimported = imported(file(FIRST.plusDays(30), later));

        JsonNode learner = reimported.body().at("/changes/0");
        assertThat(learner.get("learnRefNumber").asText()).isEqualTo("NRA001");
        assertThat(learner.get("line").asInt()).isGreaterThan(1);
        assertThat(learner.get("notRaised")).singleElement().satisfies(refused -> {
            assertThat(refused.get("type").asText()).isEqualTo("WITHDRAWAL");
            assertThat(refused.get("ruleId").asText()).isEqualTo("WithdrawReason_01");
        });
        assertThat(raisedFor(reimported, "NRA001")).extracting(change -> change.get("type").asText())
                .as("the withdrawal's fields are not slipped in as a correction").containsExactly("CORRECTION");
        assertThat(reimported.body().get("notRaised").asInt()).isEqualTo(1);
    }

    @Test
    void onlyAnAdminOfTheProviderImports() {
        Api.Answer raiser = importFile("raiser", file(Learners.minimal("ROL001")));

        assertThat(raiser.status()).isEqualTo(403);
        assertThat(events()).isZero();
    }

    @Test
    void aFileBreakingTheSchemaIsRefusedWithEachProblemsLineAndColumnAndNothingIsImported() {
        String valid = new String(file(Learners.minimal("BAD001"), Learners.minimal("BAD002")), StandardCharsets.UTF_8);
        String broken = valid.replaceFirst("(?s)<ULN>\\d+</ULN>", "").replace("<Sex>M</Sex>", "<Sex>MX</Sex>");

        Api.Answer answer = importFile("admin", broken.getBytes(StandardCharsets.UTF_8));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("/type")).isEqualTo("urn:ilr-ledger:problem:invalid-ilr-file");
        assertThat(answer.body().get("problemCount").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(answer.body().get("errors")).allSatisfy(error -> {
            assertThat(error.get("field").asText()).isEqualTo("file");
            assertThat(error.get("line").asInt()).isPositive();
            assertThat(error.get("column").asInt()).isPositive();
        });
        assertThat(answer.body().get("errors").toString()).contains("ULN").contains("MX");
        assertThat(events()).as("the valid learner is not imported either").isZero();
    }

    @Test
    void aLearnRefNumberTwiceInAFileFailsTheWholeFileNamingTheLearnerAndLine() {
        String valid = new String(file(Learners.minimal("CHK001"), Learners.apprentice("CHK002")), StandardCharsets.UTF_8);
        String twice = valid.replace("<LearnRefNumber>CHK002</LearnRefNumber>", "<LearnRefNumber>CHK001</LearnRefNumber>");

        Api.Answer answer = importFile("admin", twice.getBytes(StandardCharsets.UTF_8));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("/errors/0/message")).contains("CHK001").contains("LearnRefNumber is used by an earlier learner");
        assertThat(answer.body().at("/errors/0/line").asInt()).isGreaterThan(1);
        assertThat(events()).as("the first CHK001 is not imported either").isZero();
    }

    @Test
    void aFileOfAnotherProviderIsRefused() {
        int other = ukprn + 1;
        String mine = new String(file(Learners.minimal("OTH001")), StandardCharsets.UTF_8);
        String theirs = mine.replace("<UKPRN>" + ukprn + "</UKPRN>", "<UKPRN>" + other + "</UKPRN>");

        Api.Answer answer = importFile("admin", theirs.getBytes(StandardCharsets.UTF_8));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("/errors/0/message")).contains("LearningProvider/UKPRN is " + other);
        assertThat(events()).isZero();
    }

    @Test
    void filesThatAreNotIlrXmlAreRefusedSafelyWithAClearError() {
        String valid = new String(file(Learners.minimal("SAF001")), StandardCharsets.UTF_8);
        Map<String, String> cases = Map.of(
                "not XML", "ULN,LearnRefNumber\n1000000000,SAF001\n",
                "wrong namespace", valid.replace("ESFA/ILR/2025-26", "ESFA/ILR/2024-25"),
                "truncated", valid.substring(0, valid.length() / 2),
                "billion laughs", """
                        <?xml version="1.0"?>
                        <!DOCTYPE Message [
                          <!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
                          <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
                          <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
                          <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
                        ]>
                        <Message xmlns="ESFA/ILR/2025-26"><Header>&h;</Header></Message>
                        """,
                "external entity", """
                        <?xml version="1.0"?>
                        <!DOCTYPE Message [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                        <Message xmlns="ESFA/ILR/2025-26"><Header>&secret;</Header></Message>
                        """);
        Map<String, String> expected = Map.of(
                "not XML", "not well-formed XML",
                "wrong namespace", "ESFA/ILR/2024-25",
                "truncated", "not well-formed XML",
                "billion laughs", "DOCTYPE",
                "external entity", "DOCTYPE");

        cases.forEach((name, content) -> {
            Api.Answer answer = importFile("admin", content.getBytes(StandardCharsets.UTF_8));
            assertThat(answer.status()).as(name).isEqualTo(400);
            assertThat(answer.text("/errors/0/message")).as(name).contains(expected.get(name));
            assertThat(answer.body().toString()).as(name + ": nothing of the host leaks").doesNotContain("root:");
        });
        assertThat(events()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM ilr_import WHERE ukprn = ?").param(ukprn).query(Long.class).single())
                .isZero();
    }

    @Test
    void aTwoGigabyteUploadIsRefusedBeforeItIsRead() throws IOException {
        // A raw request declaring 2 GB and sending none of it: the answer must come from the declared length alone.
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            String credentials = Base64.getEncoder()
                    .encodeToString(("admin:" + IntegrationTest.PASSWORD).getBytes(StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + provider + "/imports HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + credentials
                    + "\r\nContent-Type: application/xml\r\nContent-Length: 2147483648\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(readHead(in), StandardCharsets.UTF_8);

            assertThat(response).startsWith("HTTP/1.1 413");
            assertThat(response).contains("2147483648 bytes").contains("ilr-ledger.imports.max-file-size");
        }
        assertThat(events()).isZero();
    }

    /** The status line, headers and as much of the body as arrives within a moment. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n = in.read(buffer);
        while (n > 0) {
            head.write(buffer, 0, n);
            if (head.toString(StandardCharsets.UTF_8).contains("}")) {
                break;
            }
            n = in.read(buffer);
        }
        return head.toByteArray();
    }
}
