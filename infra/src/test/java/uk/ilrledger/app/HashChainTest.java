package uk.ilrledger.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.Arrays;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import uk.ilrledger.testsupport.OwnDatabase;
import uk.ilrledger.command.chain.EventHash;
import uk.ilrledger.testsupport.SampleLearners;
import uk.ilrledger.testsupport.TestDatabase;

/**
 * Altering, inserting or deleting stored events is found by the learner's keyed hash chain and the
 * checkpoints outside the database, including what someone with SQL access but without the chain
 * key can do: rewrite metadata, recompute a plain SHA-256 link, cut off a learner's last events.
 */
@IntegrationTest
class HashChainTest {

    static final int UKPRN = 10000777;
    static final int OTHER_UKPRN = 10000778;
    static final String PROVIDER = "/api/providers/" + UKPRN;

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcClient jdbc;

    Api api;

    /** The learners whose stored rows a test alters, restored afterwards so later tests see an honest store. */
    final List<String> altered = new ArrayList<>();
    final List<Map<String, Object>> originalEvents = new ArrayList<>();
    final List<Map<String, Object>> originalLinks = new ArrayList<>();

    @BeforeEach
    void setUp() {
        api = new Api(rest, json);
    }

    @AfterEach
    void restoreTheStore() {
        for (String aggregate : altered) {
            jdbc.sql("DELETE FROM domain_event_entry WHERE aggregate_identifier = ?").param(aggregate).update();
            jdbc.sql("DELETE FROM learner_event_chain WHERE aggregate_identifier = ?").param(aggregate).update();
        }
        for (Map<String, Object> row : originalEvents) {
            jdbc.sql("""
                    INSERT INTO domain_event_entry (global_index, event_identifier, meta_data, payload, payload_revision,
                            payload_type, time_stamp, aggregate_identifier, sequence_number, type)
                    VALUES (:global_index, :event_identifier, :meta_data, :payload, :payload_revision, :payload_type,
                            :time_stamp, :aggregate_identifier, :sequence_number, :type)""")
                    .params(row).update();
        }
        for (Map<String, Object> row : originalLinks) {
            jdbc.sql("""
                    INSERT INTO learner_event_chain (event_identifier, aggregate_identifier, sequence_number, previous_hash,
                            hash, scheme, key_id)
                    VALUES (:event_identifier, :aggregate_identifier, :sequence_number, :previous_hash, :hash, :scheme,
                            :key_id)""")
                    .params(row).update();
        }
    }

    /** Keeps the learner's stored events and links as they are now, to be restored after the test. */
    private String tampering(String ref) {
        return tamperingWith(aggregate(ref));
    }

    private String tamperingWith(String aggregate) {
        // The projections must have read the honest rows first: a processor behind the store would read the
        // tampered ones and keep them after the restore, unlike a rebuild (ProjectionReplayPropertyTest).
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode processors = api.get("admin", "/api/admin/projections").body();
            boolean all = processors.size() > 0;
            for (JsonNode processor : processors) {
                all &= processor.get("caughtUp").asBoolean();
            }
            return all;
        });
        altered.add(aggregate);
        originalEvents.addAll(jdbc.sql("SELECT * FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(aggregate).query().listOfRows());
        originalLinks.addAll(jdbc.sql("SELECT * FROM learner_event_chain WHERE aggregate_identifier = ?")
                .param(aggregate).query().listOfRows());
        return aggregate;
    }

    /** A learner with a withdrawal raised and approved: four events, sequence 0 to 3. */
    private String learnerWithAWithdrawal() {
        return learnerWithAWithdrawal(UKPRN);
    }

    private String learnerWithAWithdrawal(int ukprn) {
        String provider = "/api/providers/" + ukprn;
        String ref = "H" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        assertThat(api.post("admin", provider + "/learners",
                SampleLearners.apprentice(ref, LocalDate.of(2025, 9, 1))).status()).isEqualTo(201);
        String evidence = api.upload("raiser", "note.txt", ("left " + ref).getBytes(StandardCharsets.UTF_8))
                .text("/evidenceId");
        String changeId = api.post("raiser", provider + "/learners/" + ref + "/changes", Map.of(
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

    /** The jar's command line as a user runs it: arguments are checked there. */
    private static CommandRun.Command jar(String command) {
        return (options, out, err) -> CommandLine.run(Stream.concat(Stream.of(command), options.stream())
                .toArray(String[]::new), out, err);
    }

    private static CommandRun checkpoint() {
        CommandRun anchor = CommandRun.of(jar("anchor"));
        assertThat(anchor.exit()).as(anchor.err()).isZero();
        return anchor;
    }

    /** What the plain SHA-256 link of a stored event would be: anyone with SQL can compute it. */
    private static String plainLink(JdbcClient jdbc, String previous, String aggregate, long sequence) {
        return jdbc.sql("SELECT event_identifier, payload_type, time_stamp, payload FROM domain_event_entry "
                        + "WHERE aggregate_identifier = ? AND sequence_number = ?")
                .params(aggregate, sequence)
                .query((rs, n) -> EventHash.of(previous, rs.getString(1), aggregate, sequence, rs.getString(2),
                        rs.getString(3), rs.getBytes(4)))
                .single();
    }

    /** Relinks the learner's events from {@code from} on with plain SHA-256, as the first scheme did. */
    private static void relinkPlain(JdbcClient jdbc, String aggregate, long from) {
        String previous = from == 0 ? EventHash.GENESIS : jdbc.sql("SELECT hash FROM learner_event_chain "
                + "WHERE aggregate_identifier = ? AND sequence_number = ?").params(aggregate, from - 1)
                .query(String.class).single();
        long last = jdbc.sql("SELECT max(sequence_number) FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(aggregate).query(Long.class).single();
        for (long sequence = from; sequence <= last; sequence++) {
            String link = plainLink(jdbc, previous, aggregate, sequence);
            jdbc.sql("UPDATE learner_event_chain SET previous_hash = ?, hash = ?, scheme = 'sha256', key_id = NULL "
                    + "WHERE aggregate_identifier = ? AND sequence_number = ?")
                    .params(previous, link, aggregate, sequence).update();
            previous = link;
        }
    }

    @Test
    void anUntouchedLearnerIsIntact() {
        String ref = learnerWithAWithdrawal();
        JsonNode result = verification(ref);
        assertThat(result.get("intact").asBoolean()).isTrue();
        assertThat(result.get("events").asInt()).isEqualTo(4);
        assertThat(jdbc.sql("SELECT DISTINCT scheme || ' ' || key_id FROM learner_event_chain WHERE aggregate_identifier = ?")
                .param(aggregate(ref)).query(String.class).list()).containsExactly("hmac-sha256 test");
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
    void alteredMetadataIsFound() {
        String ref = learnerWithAWithdrawal();
        jdbc.sql("""
                UPDATE domain_event_entry
                SET meta_data = convert_to((convert_from(meta_data, 'UTF8')::jsonb || '{"approvedBy":"mallory"}')::text, 'UTF8')
                WHERE aggregate_identifier = ? AND sequence_number = 2""").param(tampering(ref)).update();

        JsonNode result = verification(ref);

        assertThat(result.get("intact").asBoolean()).isFalse();
        assertThat(result.at("/firstBrokenEvent/sequenceNumber").asInt()).isEqualTo(2);
        assertThat(result.at("/firstBrokenEvent/eventType").asText()).isEqualTo("ChangeApproved");
        assertThat(result.at("/firstBrokenEvent/problem").asText()).contains("metadata");
    }

    @Test
    void anEditedPayloadWithARecomputedPlainLinkIsFound() {
        String ref = learnerWithAWithdrawal();
        String aggregate = tampering(ref);
        jdbc.sql("""
                UPDATE domain_event_entry
                SET payload = convert_to(replace(convert_from(payload, 'UTF8'), '"withdrawReason":97', '"withdrawReason":98'), 'UTF8')
                WHERE aggregate_identifier = ? AND sequence_number = 3""").param(aggregate).update();
        relinkPlain(jdbc, aggregate, 3);

        JsonNode result = verification(ref);

        assertThat(result.get("intact").asBoolean()).isFalse();
        assertThat(result.at("/firstBrokenEvent/sequenceNumber").asInt()).isEqualTo(3);
        assertThat(result.at("/firstBrokenEvent/eventType").asText()).isEqualTo("LearnerWithdrawn");
        assertThat(result.at("/firstBrokenEvent/problem").asText()).contains("plain SHA-256").contains("without the chain key");
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
    void theLastEventDeletedWithItsLinkAfterACheckpointIsFound() {
        String ref = learnerWithAWithdrawal();
        assertThat(checkpoint().out()).contains("written");
        String aggregate = tampering(ref);
        jdbc.sql("DELETE FROM learner_event_chain WHERE aggregate_identifier = ? AND sequence_number = 3")
                .param(aggregate).update();
        jdbc.sql("DELETE FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 3")
                .param(aggregate).update();

        JsonNode result = verification(ref);

        assertThat(result.get("intact").asBoolean()).isFalse();
        assertThat(result.get("events").asInt()).isEqualTo(3);
        assertThat(result.at("/firstBrokenEvent/sequenceNumber").asInt()).isEqualTo(3);
        assertThat(result.at("/firstBrokenEvent/problem").asText()).contains("ends at event 2")
                .contains("anchored event 3");
    }

    @Test
    void aLearnerDeletedWithAllItsLinksAfterACheckpointIsFound() {
        String ref = learnerWithAWithdrawal();
        checkpoint();
        String aggregate = tampering(ref);
        jdbc.sql("DELETE FROM learner_event_chain WHERE aggregate_identifier = ?").param(aggregate).update();
        jdbc.sql("DELETE FROM domain_event_entry WHERE aggregate_identifier = ?").param(aggregate).update();

        JsonNode result = verification(ref);

        assertThat(result.get("intact").asBoolean()).isFalse();
        assertThat(result.get("events").asInt()).isZero();
        assertThat(result.at("/firstBrokenEvent/problem").asText()).contains("events are gone");
    }

    @Test
    void verifyWithoutAUkprnChecksEveryProviderAndFailsWhenOneLearnerIsBroken() {
        String first = learnerWithAWithdrawal(UKPRN);
        String second = learnerWithAWithdrawal(OTHER_UKPRN);
        checkpoint();

        CommandRun intact = CommandRun.of(jar("verify"));

        assertThat(intact.exit()).as(intact.out() + intact.err()).isZero();
        assertThat(intact.out()).containsPattern("[0-9,]+ learners checked \\([0-9,]+ events .*\\): [0-9,]+ intact, 0 broken")
                .doesNotContain("BROKEN");

        String tampered = tamperingWith(OTHER_UKPRN + ":" + second);
        jdbc.sql("UPDATE domain_event_entry SET payload = convert_to(replace(convert_from(payload, 'UTF8'), "
                + "'ZPROG001', 'ZPROG002'), 'UTF8') WHERE aggregate_identifier = ? AND sequence_number = 0")
                .param(tampered).update();

        CommandRun broken = CommandRun.of(jar("verify"));

        assertThat(broken.exit()).as(broken.out() + broken.err()).isEqualTo(1);
        assertThat(broken.out()).containsPattern(tampered + " +BROKEN at event 0 \\(LearnerRegistered")
                .doesNotContain(aggregate(first) + " ").contains(", 1 broken");
        CommandRun otherProvider = CommandRun.of(jar("verify"), "--ukprn", Integer.toString(UKPRN));
        assertThat(otherProvider.exit()).as(otherProvider.out()).isZero();
    }

    @Test
    void aStoreFromBeforeTheKeyWithPlainLinksVerifiesAndIsThenAnchored() throws Exception {
        String ref = learnerWithAWithdrawal();
        TestDatabase legacy = OwnDatabase.create("legacy");
        String anchors = "target/chain-anchors/legacy-" + UUID.randomUUID();
        // The schema as it was before links recorded their scheme: every migration before that one.
        MigrationVersion keyed = MigrationVersion.fromVersion("20261206.1600");
        MigrationVersion before = Arrays.stream(Flyway.configure().dataSource(legacy.jdbcUrl(), legacy.username(),
                        legacy.password()).locations("classpath:db/migration").load().info().all())
                .map(MigrationInfo::getVersion).filter(v -> v != null && keyed.isNewerThan(v))
                .max(MigrationVersion::compareTo).orElseThrow();
        Flyway.configure().dataSource(legacy.jdbcUrl(), legacy.username(), legacy.password())
                .locations("classpath:db/migration").target(before).load().migrate();
        JdbcClient old = JdbcClient.create(new DriverManagerDataSource(legacy.jdbcUrl(), legacy.username(),
                legacy.password()));
        String aggregate = aggregate(ref);
        String previous = EventHash.GENESIS;
        for (Map<String, Object> row : jdbc.sql("SELECT * FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "ORDER BY sequence_number").param(aggregate).query().listOfRows()) {
            old.sql("""
                    INSERT INTO domain_event_entry (global_index, event_identifier, meta_data, payload, payload_revision,
                            payload_type, time_stamp, aggregate_identifier, sequence_number, type)
                    VALUES (:global_index, :event_identifier, :meta_data, :payload, :payload_revision, :payload_type,
                            :time_stamp, :aggregate_identifier, :sequence_number, :type)""").params(row).update();
            long sequence = ((Number) row.get("sequence_number")).longValue();
            String link = plainLink(old, previous, aggregate, sequence);
            old.sql("INSERT INTO learner_event_chain (event_identifier, aggregate_identifier, sequence_number, "
                    + "previous_hash, hash) VALUES (?, ?, ?, ?, ?)")
                    .params(row.get("event_identifier"), aggregate, sequence, previous, link).update();
            previous = link;
        }
        Flyway.configure().dataSource(legacy.jdbcUrl(), legacy.username(), legacy.password())
                .locations("classpath:db/migration").load().migrate();
        assertThat(old.sql("SELECT DISTINCT scheme FROM learner_event_chain").query(String.class).list())
                .containsExactly("sha256");

        CommandRun beforeAnyCheckpoint = CommandRun.on(legacy, anchors, jar("verify"));
        assertThat(beforeAnyCheckpoint.exit()).as(beforeAnyCheckpoint.out() + beforeAnyCheckpoint.err()).isZero();
        assertThat(beforeAnyCheckpoint.out()).contains("1 learners checked (4 events").contains("1 intact, 0 broken");
        // No event processor ran: a started service would have claimed its tokens in this store.
        assertThat(old.sql("SELECT count(*) FROM token_entry").query(Long.class).single()).isZero();

        CommandRun anchor = CommandRun.on(legacy, anchors, jar("anchor"));
        assertThat(anchor.out()).as(anchor.err()).contains("checkpoint 1 written: 1 learners");
        CommandRun anchored = CommandRun.on(legacy, anchors, jar("verify"));
        assertThat(anchored.exit()).as(anchored.out()).isZero();
        assertThat(anchored.out()).contains("1 checkpoints in");

        // Now the first checkpoint holds the plain chain's head: recomputing plain links no longer passes.
        old.sql("UPDATE domain_event_entry SET payload = convert_to(replace(convert_from(payload, 'UTF8'), "
                + "'\"withdrawReason\":97', '\"withdrawReason\":98'), 'UTF8') WHERE sequence_number = 1").update();
        relinkPlain(old, aggregate, 1);
        CommandRun rewritten = CommandRun.on(legacy, anchors, jar("verify"));
        assertThat(rewritten.exit()).as(rewritten.out()).isEqualTo(1);
        assertThat(rewritten.out()).containsPattern(aggregate + " +BROKEN at event 3 .*the chain was rewritten");

        // And the checkpoint itself cannot be edited to match without the key.
        Path first = Path.of(anchors, "checkpoint-000000000001.txt");
        first.toFile().setWritable(true, true);
        Files.writeString(first, Files.readString(first).replaceFirst("\tsha256\t[0-9a-f]{64}", "\tsha256\t"
                + plainLink(old, plainLink(old, plainLink(old, plainLink(old, EventHash.GENESIS, aggregate, 0),
                        aggregate, 1), aggregate, 2), aggregate, 3)));
        CommandRun forged = CommandRun.on(legacy, anchors, jar("verify"));
        assertThat(forged.exit()).as(forged.out()).isEqualTo(1);
        assertThat(forged.out()).contains("checkpoints BROKEN: checkpoint 1 was altered after it was written");
    }

    @Test
    void verifyCannotRunWithoutADatabaseAKeyOrSenseInItsArguments() throws Exception {
        CommandRun unreachable = CommandRun.on(new TestDatabase("jdbc:postgresql://127.0.0.1:9/none", "postgres", ""),
                "target/chain-anchors/unreachable", jar("verify"), "--spring.datasource.hikari.connection-timeout=500");
        assertThat(unreachable.exit()).isEqualTo(2);
        assertThat(unreachable.err()).contains("ilr-ledger verify: cannot read the store");

        CommandRun noKey = CommandRun.of(jar("verify"), "--ilr-ledger.chain.key=");
        assertThat(noKey.exit()).isEqualTo(2);
        assertThat(noKey.err()).contains("no chain key").contains("ILR_LEDGER_CHAIN_KEY");

        CommandRun badUkprn = CommandRun.of(jar("verify"), "--ukprn", "12");
        assertThat(badUkprn.exit()).isEqualTo(2);
        assertThat(badUkprn.err()).contains("UKPRN must be 8 digits");

        CommandRun stray = CommandRun.of(jar("verify"), "everything");
        assertThat(stray.exit()).isEqualTo(2);
        assertThat(stray.err()).contains("unexpected argument 'everything'");
    }

    @Test
    void anUnknownCommandExitsWithUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = CommandLine.run(new String[] {"frobnicate"}, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'frobnicate'").contains("verify");
    }
}
