package uk.ilrledger.app.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.ilrledger.app.Api;
import uk.ilrledger.app.IntegrationTest;
import uk.ilrledger.schemas.ilr.xml.IlrSchema;
import uk.ilrledger.testsupport.SampleLearners;

/** POST …/submissions names an exported file; the file is frozen as exported and uses up its SerialNo. */
@IntegrationTest
class SubmittedFilesApiTest {

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
        Api.Answer registered = api.post("admin", provider + "/learners",
                SampleLearners.apprentice("SUB001", LocalDate.of(2025, 9, 1)));
        assertThat(registered.status()).as(registered.body().toString()).isEqualTo(201);
        caughtUp();
    }

    /** Waits until the return has read every event of the provider recorded so far. */
    private void caughtUp() {
        long last = jdbc.sql("SELECT coalesce(max(global_index), 0) FROM domain_event_entry WHERE aggregate_identifier LIKE ?")
                .param(ukprn + ":%").query(Long.class).single();
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("exporter", provider + "/returns/2526/R14")
                .body().get("position").asLong() >= last);
    }

    private Api.Download export() {
        Api.Download file = api.download("exporter", provider + "/returns/2526/R14/ilr.xml");
        assertThat(file.status()).isEqualTo(200);
        return file;
    }

    private Api.Answer submit(Map<String, Object> file) {
        return api.post("exporter", provider + "/returns/2526/R14/submissions", file);
    }

    private String serialNo(Api.Download file) {
        return IlrFile.valid(IlrSchema.Y2526, file.bytes()).header("SerialNo");
    }

    /** Waits until the submission can be read back (its projection has caught up). */
    private JsonNode submission(String id) {
        String path = provider + "/returns/2526/R14/submissions/" + id;
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("auditor", path).status() == 200);
        return api.get("auditor", path).body();
    }

    @Test
    void theSubmittedFileIsRebuiltByteForByteAfterTheLearnerChanges() {
        Api.Download first = export();
        Api.Download second = export();
        assertThat(second.fileName()).isNotEqualTo(first.fileName());

        Api.Answer submitted = submit(Map.of("fileName", second.fileName()));

        assertThat(submitted.status()).as(submitted.body().toString()).isEqualTo(201);
        assertThat(submitted.text("/fileName")).isEqualTo(second.fileName());
        assertThat(submitted.text("/sha256")).isEqualTo(second.sha256());
        assertThat(submitted.body().get("serialNo").asInt()).isEqualTo(1);
        String id = submitted.text("/submissionId");

        String evidence = api.upload("raiser", "left.txt", "left".getBytes(StandardCharsets.UTF_8)).text("/evidenceId");
        Api.Answer raised = api.post("raiser", provider + "/learners/SUB001/changes", Map.of("type", "WITHDRAWAL",
                "effectiveDate", "2026-02-27", "values", Map.of("withdrawReason", 97), "reason", "left",
                "evidence", List.of(evidence)));
        assertThat(raised.status()).as(raised.body().toString()).isEqualTo(201);
        assertThat(api.post("approver", "/api/changes/" + raised.text("/changeId") + "/approval", Map.of()).status())
                .isEqualTo(200);
        caughtUp();
        assertThat(IlrFile.valid(IlrSchema.Y2526, export().bytes()).all("CompStatus"))
                .as("a new export holds the withdrawal").contains("3");

        Api.Download again = api.download("auditor", provider + "/returns/2526/R14/submissions/" + id + "/ilr.xml");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.fileName()).isEqualTo(second.fileName());
        assertThat(again.bytes()).as("the submitted file, as uploaded").isEqualTo(second.bytes());
        assertThat(again.sha256()).isEqualTo(second.sha256());
        JsonNode regenerated = submission(id);
        assertThat(regenerated.get("sameAsSubmitted").asBoolean()).isTrue();
        assertThat(regenerated.at("/submission/sha256").asText()).isEqualTo(second.sha256());
        assertThat(regenerated.at("/submission/serialNo").asInt()).isEqualTo(1);
    }

    @Test
    void trialExportsUseUpNoSerialNumberUntilOneIsSubmitted() {
        Api.Download trial1 = export();
        Api.Download trial2 = export();
        Api.Download trial3 = export();
        Api.Download fourth = export();
        assertThat(List.of(trial1, trial2, trial3, fourth)).extracting(this::serialNo)
                .containsExactly("01", "01", "01", "01");

        Api.Answer submitted = submit(Map.of("sha256", trial3.sha256()));
        assertThat(submitted.status()).as(submitted.body().toString()).isEqualTo(201);
        assertThat(submitted.text("/fileName")).as("found by its SHA-256").isEqualTo(trial3.fileName());
        submission(submitted.text("/submissionId"));

        assertThat(serialNo(export())).as("01 is used up by the submitted file").isEqualTo("02");
        assertThat(serialNo(export())).isEqualTo("02");

        Api.Answer earlier = submit(Map.of("fileName", trial2.fileName()));
        assertThat(earlier.status()).as("the DfE takes no upload dated before the last one").isEqualTo(409);
        assertThat(earlier.text("/errors/0/field")).isEqualTo("fileName");
        Api.Answer twice = submit(Map.of("fileName", trial3.fileName()));
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.text("/errors/0/field")).isEqualTo("fileName");
        Api.Answer later = submit(Map.of("fileName", fourth.fileName(), "sha256", fourth.sha256()));
        assertThat(later.status()).as("a later file carrying the same SerialNo: the DfE takes it")
                .isEqualTo(201);
        assertThat(later.body().get("serialNo").asInt()).isEqualTo(1);
    }

    @Test
    void aFileTheLedgerDidNotExportIsNotFoundAndNothingIsRecorded() {
        Api.Download file = export();

        Api.Answer unknown = submit(Map.of("fileName", "ILR-" + ukprn + "-2526-20260101-090000-01.xml"));
        Api.Answer unknownHash = submit(Map.of("sha256", "0".repeat(64)));
        Api.Answer mismatch = submit(Map.of("fileName", file.fileName(), "sha256", "0".repeat(64)));
        Api.Answer unnamed = submit(Map.of());
        Api.Answer otherPeriod = api.post("exporter", provider + "/returns/2526/R13/submissions",
                Map.of("fileName", file.fileName()));

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.text("/errors/0/field")).isEqualTo("fileName");
        assertThat(unknownHash.status()).isEqualTo(404);
        assertThat(unknownHash.text("/errors/0/field")).isEqualTo("sha256");
        assertThat(mismatch.status()).isEqualTo(409);
        assertThat(mismatch.text("/errors/0/field")).isEqualTo("sha256");
        assertThat(unnamed.status()).isEqualTo(400);
        assertThat(unnamed.text("/errors/0/field")).isEqualTo("fileName");
        assertThat(otherPeriod.status()).isEqualTo(409);
        assertThat(otherPeriod.text("/errors/0/field")).isEqualTo("period");
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(ukprn + ":2526").query(Long.class).single()).as("no submission recorded").isZero();
    }
}
