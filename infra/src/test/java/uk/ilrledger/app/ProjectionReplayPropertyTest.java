package uk.ilrledger.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.ilrledger.projections.rebuild.ProjectionRebuilder;
import uk.ilrledger.projections.rebuild.ReplayProgress;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.ilr.xml.IlrFileHeader;
import uk.ilrledger.schemas.ilr.xml.IlrSchema;
import uk.ilrledger.schemas.ilr.xml.IlrXmlWriter;
import uk.ilrledger.schemas.ilr.xml.Learners;
import uk.ilrledger.schemas.values.Ukprn;
import uk.ilrledger.testsupport.SampleLearners;

/**
 * Property: whatever the ledger holds, rebuilding every projection from the event store gives the
 * same tables as the live processors wrote, row for row: one projection at a time through the admin
 * API, and all of them together from one read of the store. Each seed generates a different provider
 * history through the API (registrations, withdrawals, breaks and restarts, employer changes,
 * corrections, rejections, QA, a submitted return) and the same fixed one of the other change types
 * (price, contract type, learner and delivery monitoring, completion and end-point assessment, did not
 * return) and of imported files (new learners approved, a re-imported file's changes approved).
 */
@IntegrationTest
class ProjectionReplayPropertyTest {

    /** Each projection table, and the order that makes a dump comparable (serial ids left out). */
    static final Map<String, String> TABLES = Map.of(
            "current_ilr_learner", "ukprn, learn_ref_number",
            "learner_history_entry", "entry_id",
            "learner_history_state", "ukprn, learn_ref_number",
            "change_request", "change_id",
            "learner_qa", "ukprn, learn_ref_number",
            "learner_event_log", "global_index",
            "return_submission", "submission_id",
            "returned_aim", "ukprn, year, sw_sup_aim_id, submission_id");

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ProjectionRebuilder rebuilder;

    Api api;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 2026, 7_777})
    void rebuildingEveryProjectionFromTheEventsGivesTheSameTables(long seed) {
        api = new Api(rest, json);
        new History(seed).generate();
        awaitCaughtUp();
        Map<String, List<String>> before = dump();
        List<String> keysAndIndexes = keysAndIndexes();
        // Damage the read models: only a real rebuild from the events can bring them back.
        damage();
        assertThat(dump()).isNotEqualTo(before);

        for (String projection : List.of("current-ilr", "learner-history", "change-queue", "event-log",
                "return-submissions")) {
            Api.Answer started = api.post("admin", "/api/admin/replays/" + projection, Map.of());
            assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(60)).until(() -> state(projection).equals("DONE"));
            JsonNode progress = progress(projection);
            assertThat(progress.get("eventsDone").asLong()).isEqualTo(progress.get("eventsTotal").asLong());
        }
        awaitCaughtUp();
        assertThat(dump()).as("seed " + seed + ", one projection at a time").isEqualTo(before);
        assertThat(keysAndIndexes()).as("keys and indexes dropped for a rebuild are made again").isEqualTo(keysAndIndexes);

        damage();
        assertThat(dump()).isNotEqualTo(before);
        List<ReplayProgress> together = rebuilder.rebuild(rebuilder.names(), progress -> { });
        assertThat(together).extracting(ReplayProgress::state).containsOnly(ReplayProgress.State.DONE);
        assertThat(together).extracting(ReplayProgress::projection).containsExactlyElementsOf(rebuilder.names());
        assertThat(together).allSatisfy(p -> assertThat(p.eventsDone()).isEqualTo(p.eventsTotal()));
        awaitCaughtUp();
        assertThat(dump()).as("seed " + seed + ", every projection from one read").isEqualTo(before);
        assertThat(keysAndIndexes()).as("keys and indexes dropped for a rebuild are made again").isEqualTo(keysAndIndexes);

        // As a store too large for a rebuild's memory: two learners' records kept, a few more packed, the rest
        // written when forgotten and read again when next needed.
        damage();
        System.setProperty("ilr-ledger.rebuild.records-kept", "2");
        System.setProperty("ilr-ledger.rebuild.packed-bytes", "3000");
        try {
            assertThat(rebuilder.rebuild(rebuilder.names(), progress -> { }))
                    .extracting(ReplayProgress::state).containsOnly(ReplayProgress.State.DONE);
        } finally {
            System.clearProperty("ilr-ledger.rebuild.records-kept");
            System.clearProperty("ilr-ledger.rebuild.packed-bytes");
        }
        awaitCaughtUp();
        assertThat(dump()).as("seed " + seed + ", with little memory").isEqualTo(before);
    }

    /** Every key, unique constraint and index of the projection tables, as PostgreSQL defines them. */
    private List<String> keysAndIndexes() {
        List<String> tables = List.copyOf(TABLES.keySet());
        List<String> all = new java.util.ArrayList<>(jdbc.sql("""
                        SELECT tablename || ': ' || indexdef FROM pg_indexes
                        WHERE schemaname = 'public' AND tablename = ANY (?)""")
                .param(tables.toArray(String[]::new)).query(String.class).list());
        all.addAll(jdbc.sql("""
                        SELECT t.relname || ': ' || k.conname || ' ' || pg_get_constraintdef(k.oid)
                        FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid
                        JOIN pg_namespace n ON n.oid = t.relnamespace
                        WHERE n.nspname = 'public' AND t.relname = ANY (?)""")
                .param(tables.toArray(String[]::new)).query(String.class).list());
        all.sort(null);
        assertThat(all).anyMatch(line -> line.contains("learner_event_log_event_identifier_key UNIQUE (event_identifier)"));
        return all;
    }

    private void damage() {
        jdbc.sql("DELETE FROM current_ilr_learner WHERE learn_ref_number = 'P0'").update();
        jdbc.sql("UPDATE learner_qa SET qa_status = 'DAMAGED'").update();
        jdbc.sql("UPDATE learner_history_entry SET field_changes = '[]' WHERE entry_type = 'PRICE_CHANGE'").update();
        jdbc.sql("DELETE FROM learner_event_log WHERE global_index = (SELECT max(global_index) FROM learner_event_log)")
                .update();
    }

    private String state(String projection) {
        JsonNode progress = progress(projection);
        assertThat(progress.path("state").asText()).as(progress.toString()).isNotEqualTo("FAILED");
        return progress.path("state").asText();
    }

    private JsonNode progress(String projection) {
        for (JsonNode progress : api.get("admin", "/api/admin/replays").body()) {
            if (progress.get("projection").asText().equals(projection)) {
                return progress;
            }
        }
        return json.createObjectNode();
    }

    private void awaitCaughtUp() {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode processors = api.get("admin", "/api/admin/projections").body();
            for (JsonNode processor : processors) {
                if (!processor.get("caughtUp").asBoolean()) {
                    return false;
                }
            }
            return processors.size() > 0;
        });
    }

    private Map<String, List<String>> dump() {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        TABLES.forEach((table, order) -> tables.put(table, jdbc.sql(
                "SELECT (to_jsonb(t) - 'entry_id')::text FROM " + table + " t ORDER BY " + order)
                .query(String.class).list()));
        return tables;
    }

    /** A provider's made-up history, generated from the seed. */
    final class History {
        private final Random random;
        private final int ukprn;
        private final String provider;
        private final String evidence;
        private int approvals;

        History(long seed) {
            random = new Random(seed);
            ukprn = 30_000_000 + random.nextInt(60_000_000);
            provider = "/api/providers/" + ukprn;
            evidence = api.upload("raiser", "evidence.txt", ("seed " + seed).getBytes(StandardCharsets.UTF_8))
                    .text("/evidenceId");
        }

        void generate() {
            for (int i = 0; i < 8; i++) {
                String ref = "P" + i;
                LocalDate start = LocalDate.of(2024, 9, 2).plusDays(random.nextInt(450));
                register(ref, start);
                LocalDate day = start.plusDays(20 + random.nextInt(60));
                switch (random.nextInt(6)) {
                    case 0 -> change(ref, "WITHDRAWAL", day, Map.of("withdrawReason", 97), true);
                    case 1 -> {
                        change(ref, "BREAK_IN_LEARNING", day, Map.of(), true);
                        if (random.nextBoolean()) {
                            change(ref, "RESTART", day.plusDays(30 + random.nextInt(60)),
                                    Map.of("learnPlanEndDate", day.plusMonths(15).toString(), "tnp1", 5000,
                                            "pHours", 300), true);
                        }
                    }
                    case 2 -> change(ref, "CHANGE_OF_EMPLOYER", day, Map.of("empId", 100000002, "tnp3", 3000), true);
                    case 3 -> change(ref, "CORRECTION", day, Map.of("learner", Map.of("familyName", "Renamed")), true);
                    case 4 -> change(ref, "WITHDRAWAL", day, Map.of("withdrawReason", 97), false);
                    default -> api.post("approver", provider + "/learners/" + ref + "/qa-verification", Map.of());
                }
                if (random.nextInt(3) == 0) {
                    api.post("approver2", provider + "/learners/" + ref + "/qa-verification", Map.of());
                }
            }
            otherChangeTypes();
            imports();
            awaitCaughtUp();
            Api.Download file = api.download("exporter", provider + "/returns/2526/R14/ilr.xml");
            assertThat(file.status()).isEqualTo(200);
            assertThat(api.post("exporter", provider + "/returns/2526/R14/submissions",
                    Map.of("fileName", file.fileName())).status()).isEqualTo(201);
        }

        /** Every other change type, on learners of a fixed start whose values the rules accept. */
        private void otherChangeTypes() {
            LocalDate start = LocalDate.of(2025, 9, 1);
            register("F1", start);
            change("F1", "PRICE_CHANGE", LocalDate.of(2026, 1, 5), Map.of("tnp1", 8000), true);
            change("F1", "CONTRACT_TYPE_CHANGE", LocalDate.of(2026, 1, 5), Map.of("act", 2), true);
            register("F2", start);
            change("F2", "LEARNER_FAM", LocalDate.of(2026, 1, 5), Map.of("learnFAMType", "LSR",
                    "learnFAMCodes", List.of(36, 58)), true);
            change("F2", "DELIVERY_FAM", LocalDate.of(2026, 1, 5), Map.of("learnDelFAMType", "LDM",
                    "learnDelFAMCodes", List.of("347")), true, "1", "2");
            change("F2", "BREAK_IN_LEARNING", LocalDate.of(2025, 12, 19), Map.of(), true);
            change("F2", "DID_NOT_RETURN", LocalDate.of(2026, 3, 2), Map.of("withdrawReason", 3), true);
            register("F3", start);
            change("F3", "COMPLETION", LocalDate.of(2026, 3, 27), Map.of(), true);
            change("F3", "END_POINT_ASSESSMENT", LocalDate.of(2026, 4, 20), Map.of("outcome", 1, "outGrade", "MERIT"),
                    true);
        }

        /**
         * A file of a new learner, imported and approved; then a later file in which that learner's postcode
         * changed, whose raised changes are approved.
         */
        private void imports() {
            IlrLearner imported = Learners.apprentice("IMP1");
            Api.Answer first = importFile(LocalDateTime.of(2026, 2, 2, 9, 0), imported);
            Api.Answer approved = api.post("approver", provider + "/imports/" + first.text("/importId") + "/approval",
                    Map.of("comment", "checked against the enrolment forms"));
            assertThat(approved.status()).as(approved.body().toString()).isEqualTo(200);
            awaitCaughtUp();
            Api.Answer second = importFile(LocalDateTime.of(2026, 3, 2, 9, 0), Learners.withPostcode(imported, "ZZ99 8ZZ"));
            int raised = 0;
            for (JsonNode learner : second.body().path("changes")) {
                for (JsonNode change : learner.path("raised")) {
                    Api.Answer decided = api.post("approver", "/api/changes/" + change.get("changeId").asText()
                            + "/approval", Map.of("comment", "matches the provider's records"));
                    assertThat(decided.status()).as(decided.body().toString()).isEqualTo(200);
                    raised++;
                }
            }
            assertThat(raised).as(second.body().toString()).isPositive();
        }

        private Api.Answer importFile(LocalDateTime prepared, IlrLearner... learners) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                IlrXmlWriter.write(new IlrFileHeader(IlrSchema.Y2526, new Ukprn(ukprn), prepared.toLocalDate(), 1,
                        prepared), List.of(learners).iterator(), out, n -> { });
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Api.Answer answer = api.postFile("admin", provider + "/imports?fileName=ILR-" + prepared.toLocalDate() + ".xml",
                    out.toByteArray(), MediaType.APPLICATION_XML);
            assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
            return answer;
        }

        private void register(String ref, LocalDate start) {
            IlrLearner sample = SampleLearners.apprentice(ref, start);
            List<LearningDelivery> aims = sample.learningDeliveries();
            Api.Answer answer = api.post("admin", provider + "/learners", sample.withLearningDeliveries(aims));
            assertThat(answer.status()).as(answer.body().toString()).isEqualTo(201);
        }

        private void change(String ref, String type, LocalDate effective, Map<String, Object> values, boolean approve,
                String... aims) {
            Api.Answer raised = api.post("raiser", provider + "/learners/" + ref + "/changes", Map.of("type", type,
                    "effectiveDate", effective.toString(), "values", values, "aims", List.of(aims), "reason", type,
                    "evidence", List.of(evidence)));
            assertThat(raised.status()).as(type + " " + raised.body()).isEqualTo(201);
            String decision = approve ? "/approval" : "/rejection";
            String approver = approvals++ % 2 == 0 ? "approver" : "approver2";
            Api.Answer decided = api.post(approver, "/api/changes/" + raised.text("/changeId") + decision,
                    approve ? Map.of("comment", "checked") : Map.of("reason", "not supported by the evidence"));
            assertThat(decided.status()).as(decided.body().toString()).isEqualTo(200);
        }
    }
}
