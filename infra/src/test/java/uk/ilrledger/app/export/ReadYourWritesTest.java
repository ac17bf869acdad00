package uk.ilrledger.app.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.ilrledger.app.Api;
import uk.ilrledger.app.IntegrationTest;
import uk.ilrledger.schemas.ilr.xml.IlrSchema;
import uk.ilrledger.testsupport.SampleLearners;

/**
 * What a client has just written is in what it reads next, without polling: a withdrawal approved
 * and at once exported is in the file, and the answer says which store position it reflects.
 * Projections also store text PostgreSQL would refuse (U+0000) instead of stopping on it.
 */
@IntegrationTest
class ReadYourWritesTest {

    static final String HEADER = "ILR-Ledger-Store-Position";

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcClient jdbc;

    Api api;
    int ukprn;
    String provider;

    @BeforeEach
    void setUp() {
        api = new Api(rest, json);
        ukprn = ThreadLocalRandom.current().nextInt(20_000_000, 99_999_999);
        provider = "/api/providers/" + ukprn;
    }

    private long lastEventOf(String ref) {
        return jdbc.sql("SELECT max(global_index) FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(ukprn + ":" + ref).query(Long.class).single();
    }

    @Test
    void aWithdrawalApprovedAndAtOnceExportedIsInTheFileAndInTheLearnersRecord() {
        assertThat(api.post("admin", provider + "/learners", SampleLearners.apprentice("RYW001", LocalDate.of(2025, 9, 1)))
                .status()).isEqualTo(201);
        String evidence = api.upload("raiser", "email.txt", "They have left".getBytes(StandardCharsets.UTF_8))
                .text("/evidenceId");
        Api.Answer raised = api.post("raiser", provider + "/learners/RYW001/changes", Map.of(
                "type", "WITHDRAWAL",
                "effectiveDate", "2026-02-27",
                "values", Map.of("learnActEndDate", "2026-02-27", "withdrawReason", 97),
                "reason", "Learner emailed to say they have left",
                "evidence", List.of(evidence)));
        assertThat(raised.status()).as(raised.body().toString()).isEqualTo(201);
        assertThat(api.post("approver", "/api/changes/" + raised.text("/changeId") + "/approval",
                Map.of("comment", "Email checked")).status()).isEqualTo(200);

        ResponseEntity<byte[]> export = rest.withBasicAuth("exporter", IntegrationTest.PASSWORD)
                .exchange(provider + "/returns/2526/R14/ilr.xml", HttpMethod.GET, null, byte[].class);

        assertThat(export.getStatusCode().value()).isEqualTo(200);
        IlrFile file = IlrFile.valid(IlrSchema.Y2526, export.getBody());
        assertThat(file.all("LearnRefNumber")).containsExactly("RYW001");
        assertThat(file.all("LearnActEndDate")).as("the approval, not a continuing learner").contains("2026-02-27");
        assertThat(file.all("CompStatus")).containsOnly("3");
        assertThat(file.all("WithdrawReason")).contains("97");
        assertThat(Long.parseLong(export.getHeaders().getFirst(HEADER))).isGreaterThanOrEqualTo(lastEventOf("RYW001"));

        Api.Answer learner = api.get("auditor", provider + "/learners/RYW001");
        assertThat(learner.status()).isEqualTo(200);
        assertThat(learner.text("/learningDeliveries/0/learnActEndDate")).isEqualTo("2026-02-27");
        assertThat(Long.parseLong(learner.headers().getFirst(HEADER))).isGreaterThanOrEqualTo(lastEventOf("RYW001"));
        Api.Answer snapshot = api.get("exporter", provider + "/returns/2526/R14");
        assertThat(snapshot.text("/learners/0/learner/learningDeliveries/0/compStatus")).isEqualTo("3");
        assertThat(snapshot.headers().getFirst(HEADER)).isNotBlank();
    }

    @Test
    void aU0000InAStoredEventIsWrittenAsTheReplacementCharacterAndTheEventIsLeftAsRecorded() {
        assertThat(api.post("admin", provider + "/learners", SampleLearners.apprentice("NULSRC", LocalDate.of(2025, 9, 1)))
                .status()).isEqualTo(201);
        String eventId = UUID.randomUUID().toString();
        // The registration again for another learner, its FamilyName holding U+0000 as JSON text can (in the
        // clear, as events stored before personal fields were sealed hold it).
        String source = new String(jdbc.sql("SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "AND sequence_number = 0").param(ukprn + ":NULSRC").query(byte[].class).single(), StandardCharsets.UTF_8);
        String payload = source.replace("NULSRC", "NULDST").replaceFirst("\"familyName\":(\\{[^}]*\\}|\"Example\")",
                java.util.regex.Matcher.quoteReplacement("\"familyName\":\"Nul\\u0000Name\""));
        int inserted = jdbc.sql("""
                        INSERT INTO domain_event_entry (event_identifier, meta_data, payload, payload_revision, payload_type,
                                time_stamp, aggregate_identifier, sequence_number, type)
                        SELECT ?, meta_data, ?, payload_revision, payload_type, time_stamp, ?, 0, type
                        FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 0""")
                .params(eventId, payload.getBytes(StandardCharsets.UTF_8), ukprn + ":NULDST", ukprn + ":NULSRC")
                .update();
        assertThat(inserted).isEqualTo(1);
        assertThat(jdbc.sql("SELECT position('\\u0000' in convert_from(payload, 'UTF8')) > 0 FROM domain_event_entry "
                + "WHERE event_identifier = ?").param(eventId).query(Boolean.class).single()).isTrue();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(api.get("auditor", provider + "/learners/NULDST").text("/familyName")).isEqualTo("Nul\uFFFDName"));
        assertThat(api.get("auditor", provider + "/learners/NULDST?asOf=" + java.time.Instant.now()).text("/familyName"))
                .as("the event log holds it too").isEqualTo("Nul\uFFFDName");
        assertThat(jdbc.sql("SELECT count(*) FROM processor_failure WHERE event_identifier = ?").param(eventId)
                .query(Long.class).single()).as("no processor failed on it").isZero();
        assertThat(jdbc.sql("SELECT position('\\u0000' in convert_from(payload, 'UTF8')) > 0 FROM domain_event_entry "
                + "WHERE event_identifier = ?").param(eventId).query(Boolean.class).single())
                .as("the stored event is untouched").isTrue();
    }
}
