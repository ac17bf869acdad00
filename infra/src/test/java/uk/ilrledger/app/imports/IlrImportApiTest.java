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

    /** A 2025-26 ILR file of this test's provider, as another system would send it. */
    private byte[] file(IlrLearner... learners) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            IlrXmlWriter.write(new IlrFileHeader(IlrSchema.Y2526, new Ukprn(ukprn), LocalDate.of(2026, 3, 2), 1,
                    LocalDateTime.of(2026, 3, 2, 9, 30)), List.of(learners).iterator(), out, n -> { });
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
    void anImportedFilesLearnersAreRegisteredWithTheFileAsEvidenceAndAnExportGivesThemBack() throws Exception {
        byte[] file = file(Learners.apprentice("IMP001"), Learners.apprentice("IMP002"));

        Api.Answer answer = imported(file);

        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(file));
        assertThat(answer.text("/fileSha256")).isEqualTo(sha);
        assertThat(answer.body().get("learners").asInt()).isEqualTo(2);
        assertThat(answer.body().get("registered").asInt()).isEqualTo(2);
        assertThat(answer.body().get("year").asText()).isEqualTo("2526");
        JsonNode learner = learnerOnceCaughtUp("IMP001", body -> true);
        assertThat(learner.get("familyName").asText()).isEqualTo("Zoë O'Brien-Smith");
        assertThat(learner.at("/learningDeliveries/0/appFinRecords/1/aFinAmount").asInt()).isEqualTo(500);
        JsonNode registration = history("IMP001").get(0);
        assertThat(registration.get("type").asText()).isEqualTo("REGISTRATION");
        assertThat(registration.get("raisedBy").asText()).isEqualTo("admin");
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
    void aLearnerWithEveryElementOfTheSchemaComesBackFromImportAndExportUnchanged() {
        byte[] file = file(Learners.everyElement("ALL001"));

        Api.Answer answer = imported(file);

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
        imported(file);
        long before = events();

        Api.Answer again = imported(file);

        assertThat(again.body().get("unchanged").asInt()).isEqualTo(2);
        assertThat(again.body().get("registered").asInt()).isZero();
        assertThat(again.body().get("corrected").asInt()).isZero();
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
        assertThat(retry.body().get("registered").asInt()).as("the first result, not a second run").isEqualTo(1);
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.text("/errors/0/field")).isEqualTo("importId");
    }

    @Test
    void aLaterFileRecordsOnlyWhatDiffersAsACorrectionByTheImporterAndKeepsWhatItLacks() {
        IlrLearner apprentice = Learners.apprentice("LAT001");
        imported(file(apprentice, Learners.minimal("LAT002")));
        // The later file: a new postcode, the component aim gone, the second learner gone.
        IlrLearner moved = Learners.withPostcode(apprentice, "ZZ99 8ZZ");
        moved = moved.withLearningDeliveries(List.of(moved.learningDeliveries().get(0)));

        Api.Answer later = imported(file(moved));

        assertThat(later.body().get("learners").asInt()).isEqualTo(1);
        assertThat(later.body().get("corrected").asInt()).isEqualTo(1);
        assertThat(later.body().get("missingAims")).singleElement().satisfies(aim -> {
            assertThat(aim.get("learnRefNumber").asText()).isEqualTo("LAT001");
            assertThat(aim.get("aimSeqNumber").asInt()).isEqualTo(2);
            assertThat(aim.get("learnAimRef").asText()).isEqualTo("60000001");
        });
        JsonNode learner = learnerOnceCaughtUp("LAT001", body -> body.get("postcode").asText().equals("ZZ99 8ZZ"));
        assertThat(learner.get("learningDeliveries")).as("the aim the file lacks is kept, not withdrawn").hasSize(2);
        assertThat(learner.at("/learningDeliveries/1/compStatus").asInt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(20)).until(() -> history("LAT001").size() == 2);
        JsonNode correction = history("LAT001").get(1);
        assertThat(correction.get("type").asText()).isEqualTo("CORRECTION");
        assertThat(correction.get("raisedBy").asText()).isEqualTo("admin");
        assertThat(correction.get("reason").asText()).contains("ILR-test.xml").contains(later.text("/fileSha256"));
        assertThat(correction.get("evidence")).extracting(JsonNode::asText).containsExactly(later.text("/fileSha256"));
        assertThat(StreamSupport.stream(correction.get("fieldChanges").spliterator(), false)
                .map(change -> change.get("field").asText() + ":" + change.path("oldValue").asText() + "->"
                        + change.path("newValue").asText()))
                .containsExactly("postcode:ZZ99 9ZZ->ZZ99 8ZZ");
        assertThat(api.get("auditor", provider + "/learners/LAT002").status()).as("absent from the later file: left as it is")
                .isEqualTo(200);
    }

    @Test
    void aWithdrawalReadFromALaterFileTakesEffectOnItsLastDayOfLearningAndNotBefore() {
        // The first file has the programme aim continuing; the later one withdraws it on 27 February.
        IlrLearner withdrawnInFile = Learners.apprentice("WDR001");
        uk.ilrledger.schemas.ilr.LearningDelivery.Builder continuing = withdrawnInFile.learningDeliveries().get(0)
                .toBuilder();
        continuing.compStatus = 1;
        continuing.learnActEndDate = null;
        continuing.withdrawReason = null;
        continuing.outcome = null;
        continuing.learningDeliveryFams = List.of(new LearningDeliveryFam("ACT", "1", Learners.START, null),
                new LearningDeliveryFam("SOF", "105", null, null));
        IlrLearner apprentice = withdrawnInFile.withLearningDeliveries(List.of(continuing.build(),
                withdrawnInFile.learningDeliveries().get(1)));
        imported(file(apprentice));
        IlrLearner.Builder later = Learners.withPostcode(withdrawnInFile, "ZZ99 8ZZ").toBuilder();

        assertThat(imported(file(later.build())).body().get("corrected").asInt()).isEqualTo(1);

        learnerOnceCaughtUp("WDR001", body -> body.at("/learningDeliveries/0/compStatus").asInt() == 3);
        JsonNode before = api.get("auditor", provider + "/learners/WDR001?effectiveOn=2026-02-01").body();
        assertThat(before.at("/learningDeliveries/0/compStatus").asInt()).as("still learning before the end").isEqualTo(1);
        assertThat(before.get("postcode").asText()).as("the file's postcode holds from the start").isEqualTo("ZZ99 8ZZ");
        JsonNode after = api.get("auditor", provider + "/learners/WDR001?effectiveOn=2026-02-27").body();
        assertThat(after.at("/learningDeliveries/0/compStatus").asInt()).isEqualTo(3);
        assertThat(after.at("/learningDeliveries/0/learnActEndDate").asText()).isEqualTo("2026-02-27");
        await().atMost(Duration.ofSeconds(20)).until(() -> history("WDR001").size() == 3);
        assertThat(StreamSupport.stream(history("WDR001").spliterator(), false).map(row -> row.get("type").asText()))
                .as("one correction from the start, one from the last day of learning")
                .containsExactly("REGISTRATION", "CORRECTION", "CORRECTION");
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
