package uk.ilrledger.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.ilrledger.testsupport.SampleLearners;
import uk.ilrledger.testsupport.TestDatabase;
import uk.ilrledger.testsupport.TestKafka;
import uk.ilrledger.testsupport.TestPostgres;

/** Altering, inserting or deleting a stored event is found by the learner's hash chain. */
@IntegrationTest
class HashChainTest {

    static final int UKPRN = 10000777;
    static final String PROVIDER = "/api/providers/" + UKPRN;

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcClient jdbc;

    Api api;

    /** The learners whose stored events a test alters, restored afterwards so later tests see an honest store. */
    final List<String> altered = new java.util.ArrayList<>();
    final List<Map<String, Object>> originals = new java.util.ArrayList<>();

    @BeforeEach
    void setUp() {
        api = new Api(rest, json);
    }

    @org.junit.jupiter.api.AfterEach
    void restoreTheStore() {
        for (String aggregate : altered) {
            jdbc.sql("DELETE FROM domain_event_entry WHERE aggregate_identifier = ?").param(aggregate).update();
        }
        for (Map<String, Object> row : originals) {
            jdbc.sql("""
                    INSERT INTO domain_event_entry (global_index, event_identifier, meta_data, payload, payload_revision,
                            payload_type, time_stamp, aggregate_identifier, sequence_number, type)
                    VALUES (:global_index, :event_identifier, :meta_data, :payload, :payload_revision, :payload_type,
                            :time_stamp, :aggregate_identifier, :sequence_number, :type)""")
                    .params(row).update();
        }
    }

    /** Keeps the learner's stored events as they are now, to be restored after the test. */
    private String tampering(String ref) {
        String aggregate = aggregate(ref);
        altered.add(aggregate);
        originals.addAll(jdbc.sql("SELECT * FROM domain_event_entry WHERE aggregate_identifier = ?").param(aggregate)
                .query().listOfRows());
        return aggregate;
    }

    /** A learner with a withdrawal raised and approved: four events, sequence 0 to 3. */
    private String learnerWithAWithdrawal() {
        String ref = "H" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        assertThat(api.post("admin", PROVIDER + "/learners",
                SampleLearners.apprentice(ref, LocalDate.of(2025, 9, 1))).status()).isEqualTo(201);
        String evidence = api.upload("raiser", "note.txt", ("left " + ref).getBytes(StandardCharsets.UTF_8))
                .text("/evidenceId");
        String changeId = api.post("raiser", PROVIDER + "/learners/" + ref + "/changes", Map.of(
                "type", "WITHDRAWAL", "effectiveDate", "2026-02-27", "values", Map.of("withdrawReason", 97),
                "reason", "left", "evidence", List.of(evidence))).text("/changeId");
        assertThat(api.post("approver", "/api/changes/" + changeId + "/approval", Map.of()).status()).isEqualTo(200);
        return ref;
    }

    private JsonNode verification(String ref) {
        Api.Answer answer = api.get("auditor", PROVIDER + "/learners/" + ref + "/verification");
        assertThat(answer.status()).isEqualTo(200);
        return answer.body();
    }

    private String aggregate(String ref) {
        return UKPRN + ":" + ref;
    }

    @Test
    void anUntouchedLearnerIsIntact() {
        String ref = learnerWithAWithdrawal();
        JsonNode result = verification(ref);
        assertThat(result.get("intact").asBoolean()).isTrue();
        assertThat(result.get("events").asInt()).isEqualTo(4);
    }

    @Test
    void anAlteredPayloadIsTheFirstBrokenEvent() {
        String ref = learnerWithAWithdrawal();
        jdbc.sql("""
                UPDATE domain_event_entry
                SET payload = convert_to(replace(convert_from(payload, 'UTF8'), '"withdrawReason":97', '"withdrawReason":98'), 'UTF8')
                WHERE aggregate_identifier = ? AND sequence_number = 1""").param(tampering(ref)).update();

        JsonNode result = verification(ref);

        assertThat(result.get("intact").asBoolean()).isFalse();
        assertThat(result.at("/firstBrokenEvent/sequenceNumber").asInt()).isEqualTo(1);
        assertThat(result.at("/firstBrokenEvent/eventType").asText()).isEqualTo("ChangeRaised");
        assertThat(result.at("/firstBrokenEvent/problem").asText()).contains("differs");
    }

    @Test
    void anAlteredRecordingTimeIsFound() {
        String ref = learnerWithAWithdrawal();
        jdbc.sql("UPDATE domain_event_entry SET time_stamp = '2020-01-01T00:00:00Z' "
                + "WHERE aggregate_identifier = ? AND sequence_number = 3").param(tampering(ref)).update();
        assertThat(verification(ref).at("/firstBrokenEvent/sequenceNumber").asInt()).isEqualTo(3);
    }

    @Test
    void aDeletedEventIsFound() {
        String ref = learnerWithAWithdrawal();
        jdbc.sql("DELETE FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 3")
                .param(tampering(ref)).update();
        JsonNode result = verification(ref);
        assertThat(result.get("intact").asBoolean()).isFalse();
        assertThat(result.at("/firstBrokenEvent/sequenceNumber").asInt()).isEqualTo(3);
        assertThat(result.at("/firstBrokenEvent/problem").asText()).contains("deleted");
    }

    @Test
    void theVerifyCommandReportsEachLearnerAndFailsWhenOneIsBroken() {
        String intact = learnerWithAWithdrawal();
        String tampered = learnerWithAWithdrawal();
        jdbc.sql("UPDATE domain_event_entry SET payload = convert_to(replace(convert_from(payload, 'UTF8'), "
                + "'Example', 'Exampel'), 'UTF8') WHERE aggregate_identifier = ? AND sequence_number = 0")
                .param(tampering(tampered)).update();
        TestDatabase database = TestPostgres.database();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int exit = CommandLine.run(new String[] {"verify", "--ukprn", Integer.toString(UKPRN),
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--ilr-ledger.kafka.bootstrap-servers=" + TestKafka.bootstrapServers()},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(report).isEqualTo(1);
        assertThat(report).contains(aggregate(intact) + " ").contains("intact (4 events)");
        assertThat(report).containsPattern(aggregate(tampered) + " +BROKEN at event 0 \\(LearnerRegistered");
    }

    @Test
    void anUnknownCommandExitsWithUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = CommandLine.run(new String[] {"frobnicate"}, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'frobnicate'").contains("verify");
    }
}
