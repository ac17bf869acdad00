package uk.ilrledger.app.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.ilrledger.app.faults.BesideTheOtherTests;
import uk.ilrledger.testsupport.OwnDatabase;
import uk.ilrledger.testsupport.SampleLearners;
import uk.ilrledger.testsupport.TestDatabase;
import uk.ilrledger.testsupport.TestKafka;

/**
 * Three instances of the service, each a process of its own, on one PostgreSQL database and one Kafka
 * broker, every processor in six segments shared between them; one cluster for every scenario:
 * <ol>
 * <li>the same learner's changes raised and approved through two instances at the same moment: one
 *     wins, the other is answered 409, and no learner's hash chain forks;</li>
 * <li>one instance killed with SIGKILL under load: the two others take its segments;</li>
 * <li>a rolling restart of the two left under load: the clients always find one that answers;</li>
 * <li>a projection rebuilt on one instance while the other runs: the other pauses and resumes.</li>
 * </ol>
 * Then every table holds each stored event once, every chain verifies, and Kafka de-duplicated by
 * event id holds exactly the store's events. Each scenario's counts are printed as a table row.
 */
@BesideTheOtherTests
class ScaleOutTest {

    private static final int SEGMENTS = 6;
    private static final int CLIENTS = 8;
    /** A change's date is a day after its round's; from {@link #START}, 300 days stay well before today. */
    private static final int ROUNDS_PER_LEARNER = 300;
    private static final String PASSWORD = "scale-out-test-only";
    private static final String PROVIDER = "/api/providers/" + SampleLearners.UKPRN;
    private static final LocalDate START = LocalDate.of(2025, 9, 1);
    private static final int[] EMPLOYERS = {100000002, 123456789};
    private static final String[] PROCESSORS = {"change-queue", "current-ilr", "event-log", "kafka-publisher",
            "learner-history", "return-submissions"};

    @TempDir
    Path work;

    private Cluster cluster;
    private TestDatabase database;
    private String topic;
    private String evidence;
    private final List<String> rows = new ArrayList<>();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

    @AfterEach
    void stop() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void threeInstancesShareTheWorkThroughRacesAKillARollingRestartAndARebuild() throws Exception {
        database = OwnDatabase.create("scale");
        topic = "ilr-ledger.scale-out-" + UUID.randomUUID();
        cluster = new Cluster(work, database, topic, PASSWORD, List.of("--ilr-ledger.processors.segments=" + SEGMENTS,
                "--ilr-ledger.processors.claim-interval=1s", "--ilr-ledger.processors.claim-timeout=5s",
                "--ilr-ledger.returns.2526.r14-cut-off=2099-10-15T18:00"));
        cluster.start("a");
        cluster.start("b", "c");
        awaitThat(Duration.ofMinutes(2), "every instance holds two segments of every processor", () -> {
            for (int slot = 0; slot < 3; slot++) {
                for (String processor : PROCESSORS) {
                    if (cluster.held(slot, processor).size() != SEGMENTS / 3) {
                        return false;
                    }
                }
            }
            return true;
        });
        Cluster.Answer uploaded = upload();
        evidence = uploaded.json().get("evidenceId").asText();

        races();
        killOne();
        rollingRestart();
        rebuildWhileAnotherRuns();
        audit();
    }

    /**
     * Eight learners; each round raises two changes (the same new employer, a day apart) for every
     * learner through a and b at once, then approves the first raised through a and b at once. Every
     * answer is 2xx or a 409 problem (never a 500: two instances appending to one learner meet at the
     * event table's unique key); exactly one of the two approvals wins.
     */
    private void races() throws Exception {
        cluster.resetCounts();
        List<String> learners = register("RACE", 8, 0);
        int rounds = 5;
        int raised = 0;
        int raiseConflicts = 0;
        int approvals = 0;
        int approvalConflicts = 0;
        List<String> unexpected = new ArrayList<>();
        Set<String> approvedChanges = new HashSet<>();
        for (int round = 0; round < rounds; round++) {
            int day = round * 2;
            List<CompletableFuture<List<Cluster.Answer>>> raises = new ArrayList<>();
            List<List<String>> ids = new ArrayList<>();
            for (String learner : learners) {
                List<String> pair = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString());
                ids.add(pair);
                int employer = EMPLOYERS[round % 2];
                raises.add(CompletableFuture.supplyAsync(() -> together(
                        () -> cluster.direct(0, "POST", "raiser", changes(learner), change(pair.get(0), day, employer)),
                        () -> cluster.direct(1, "POST", "raiser", changes(learner), change(pair.get(1), day + 1, employer)))));
            }
            List<CompletableFuture<List<Cluster.Answer>>> approving = new ArrayList<>();
            for (int l = 0; l < learners.size(); l++) {
                List<Cluster.Answer> answers = raises.get(l).get();
                List<String> won = new ArrayList<>();
                for (int side = 0; side < 2; side++) {
                    Cluster.Answer answer = answers.get(side);
                    if (answer.ok()) {
                        raised++;
                        won.add(ids.get(l).get(side));
                    } else if (answer.status() == 409) {
                        raiseConflicts++;
                        assertProblem(answer, unexpected);
                    } else {
                        unexpected.add("raise " + answer.status() + " " + answer.body());
                    }
                }
                assertThat(won).as("one of two raises at once wins at least").isNotEmpty();
                // The first change won is approved through both at once; another would set the same employer again.
                for (String changeId : won.subList(0, 1)) {
                    approving.add(CompletableFuture.supplyAsync(() -> together(
                            () -> cluster.direct(0, "POST", "approver", approval(changeId), "{\"comment\": \"checked\"}"),
                            () -> cluster.direct(1, "POST", "approver", approval(changeId), "{\"comment\": \"checked\"}")))
                            .thenApply(pair -> {
                                if (pair.stream().anyMatch(Cluster.Answer::ok)) {
                                    synchronized (approvedChanges) {
                                        approvedChanges.add(changeId);
                                    }
                                }
                                return pair;
                            }));
                }
            }
            for (CompletableFuture<List<Cluster.Answer>> pair : approving) {
                List<Cluster.Answer> answers = pair.get();
                long wins = answers.stream().filter(Cluster.Answer::ok).count();
                assertThat(wins).as("two approvals of one change at once: %s", answers).isEqualTo(1);
                approvals += (int) wins;
                for (Cluster.Answer answer : answers) {
                    if (answer.status() == 409) {
                        approvalConflicts++;
                        assertProblem(answer, unexpected);
                    } else if (!answer.ok()) {
                        unexpected.add("approval " + answer.status() + " " + answer.body());
                    }
                }
            }
        }
        assertThat(unexpected).as("answers other than 2xx or a 409 problem").isEmpty();
        acknowledged.addAll(approvedChanges);

        Map<String, Integer> approvedInStore = changeEvents("RACE", "ChangeApproved");
        Map<String, Integer> raisedInStore = changeEvents("RACE", "ChangeRaised");
        assertThat(raisedInStore.keySet()).as("the raises answered 2xx are stored, once each").hasSize(raised);
        assertThat(raisedInStore.values()).allMatch(n -> n == 1);
        assertThat(approvedInStore.keySet()).as("the approvals answered 2xx are stored, once each")
                .isEqualTo(approvedChanges);
        assertThat(approvedInStore.values()).allMatch(n -> n == 1);
        assertThat(approvals).as("one change of each learner approved each round").isEqualTo(learners.size() * rounds);
        assertThat(approvalConflicts).as("the other approval of each answered 409").isEqualTo(approvals);
        List<String> forks = forks();
        assertThat(forks).as("chain links with two successors").isEmpty();
        System.out.printf("""
                scale-out races: 8 learners x %d rounds through a and b at once: raises %d won, %d answered 409; \
                approvals %d won, %d answered 409; stored raises %d, approvals %d; forked links %d; 5xx %s
                """, rounds, raised, raiseConflicts, approvals, approvalConflicts, raisedInStore.size(), approvedInStore.size(),
                forks.size(), cluster.serverErrors());
        assertThat(cluster.serverErrors()).as("5xx answers").isEmpty();
    }

    /** Clients on all three; c killed with SIGKILL once 40 approvals are in; a and b take its segments. */
    private void killOne() throws Exception {
        cluster.resetCounts();
        List<String> learners = register("KILL", CLIENTS, 2);
        Load load = new Load(learners, 3, 100);
        load.start();
        load.awaitApprovals(40, Duration.ofMinutes(3));
        cluster.kill(2);
        Instant killed = Instant.now();
        load.awaitApprovals(40, Duration.ofMinutes(3));
        load.stop();
        awaitThat(Duration.ofMinutes(3), "a and b hold every segment between them, all at the store's head", () -> {
            for (String processor : PROCESSORS) {
                if (cluster.held(0, processor).size() + cluster.held(1, processor).size() != SEGMENTS) {
                    return false;
                }
            }
            return caughtUp(0);
        });
        rows.add(row("3, c killed (SIGKILL) after 40 approvals", "KILL", load,
                "taken over and caught up " + Duration.between(killed, Instant.now()).toSeconds() + " s after the kill"));
    }

    /** Clients on a and b; a stopped, started again, ready, then b: always one answers. */
    private void rollingRestart() throws Exception {
        cluster.resetCounts();
        List<String> learners = register("ROLL", CLIENTS, 0);
        // Until stopped, whatever the restarts take: a load that ran out of rounds would leave nothing to answer.
        Load load = new Load(learners, 2, Integer.MAX_VALUE, Duration.ofMillis(1000));
        load.moveOnAfter(ROUNDS_PER_LEARNER, register("ROLX", CLIENTS * 4, 1));
        load.start();
        load.awaitApprovals(20, Duration.ofMinutes(2));
        for (int slot = 0; slot < 2; slot++) {
            cluster.stop(slot);
            load.awaitApprovals(10, Duration.ofMinutes(2));
            cluster.restart(slot);
            load.awaitApprovals(10, Duration.ofMinutes(2));
        }
        load.stop();
        awaitThat(Duration.ofMinutes(3), "a and b share every segment, all at the store's head", () -> {
            for (String processor : PROCESSORS) {
                if (cluster.held(0, processor).size() != SEGMENTS / 2 || cluster.held(1, processor).size() != SEGMENTS / 2) {
                    return false;
                }
            }
            return caughtUp(1);
        });
        assertThat(load.unanswered.get()).as("requests no instance answered").isZero();
        rows.add(row("2, rolling restart (a stopped, started, ready; then b)", "ROLL", load, "unanswered requests: "
                + load.unanswered.get()));
    }

    /**
     * The event log rebuilt on a while b runs and changes go on: b pauses its processor and gives a its
     * segments until the new table is in, then takes its share again; the table holds every event.
     */
    private void rebuildWhileAnotherRuns() throws Exception {
        Load load = new Load(register("REBUILD", 4, 0), 2, 30);
        load.start();
        Cluster.Answer started = cluster.post(0, "admin", "/api/admin/replays/event-log", "");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        assertThat(started.instance()).isEqualTo(cluster.name(0));
        awaitThat(Duration.ofMinutes(3), "the rebuild on a is done", () -> {
            for (JsonNode replay : cluster.get(0, "admin", "/api/admin/replays").json()) {
                if (replay.get("projection").asText().equals("event-log")) {
                    assertThat(replay.get("state").asText()).as(replay.toString()).isNotEqualTo("FAILED");
                    return replay.get("state").asText().equals("DONE");
                }
            }
            return false;
        });
        load.stop();
        awaitThat(Duration.ofMinutes(1), "b holds its share of the event log again",
                () -> cluster.held(1, "event-log").size() == SEGMENTS / 2 && caughtUp(0));
        String log = cluster.instance(1).logged();
        assertThat(log).as("b paused the event log for a's rebuild, then resumed it")
                .contains("event-log: paused while another instance rebuilds it")
                .contains("event-log: resumed after another instance's rebuild");
        rows.add(row("2, event log rebuilt on a while b runs", "REBUILD", load, "b paused its event log until the swap"));
    }

    /** Every table against the store, every chain, Kafka; prints the table. */
    private void audit() throws Exception {
        Map<String, Integer> storeIds = new HashMap<>();
        Set<String> learners = new TreeSet<>();
        try (Connection connection = connect(); PreparedStatement query = connection.prepareStatement(
                "SELECT event_identifier, aggregate_identifier FROM domain_event_entry WHERE type = 'Learner'");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                storeIds.merge(rows.getString(1), 1, Integer::sum);
                learners.add(rows.getString(2));
            }
        }
        assertThat(storeIds.values()).as("no event stored twice").allMatch(n -> n == 1);
        List<String> logged = strings("SELECT event_identifier FROM learner_event_log");
        assertThat(new TreeSet<>(logged)).as("the event log (rebuilt under load) holds every stored event")
                .isEqualTo(new TreeSet<>(storeIds.keySet()));
        assertThat(logged).as("once").hasSize(storeIds.size());
        Set<String> raised = changeEvents("", "ChangeRaised").keySet();
        assertThat(new TreeSet<>(strings("SELECT change_id::text FROM change_request"))).as("one queue row per change")
                .isEqualTo(new TreeSet<>(raised));
        assertThat(new TreeSet<>(strings("SELECT change_id::text FROM learner_history_entry WHERE change_id IS NOT NULL")))
                .as("one history entry per change").isEqualTo(new TreeSet<>(raised));
        Set<String> approved = changeEvents("", "ChangeApproved").keySet();
        assertThat(approved).as("every approval answered 2xx is stored").containsAll(acknowledged);
        assertThat(forks()).as("chain links with two successors").isEmpty();
        List<String> broken = new ArrayList<>();
        for (String learner : learners) {
            Cluster.Answer verification = cluster.get(0, "auditor", PROVIDER + "/learners/" + learner.split(":", 2)[1]
                    + "/verification");
            if (verification.status() != 200 || !verification.json().path("intact").asBoolean()) {
                broken.add(learner + " " + verification.status() + " " + verification.body());
            }
        }
        assertThat(broken).as("chains that do not verify").isEmpty();
        Map<String, Integer> published = published(storeIds.keySet());
        Set<String> missing = new TreeSet<>(storeIds.keySet());
        missing.removeAll(published.keySet());
        Set<String> unknown = new TreeSet<>(published.keySet());
        unknown.removeAll(storeIds.keySet());
        System.out.printf("""
                scale-out: %d segments per processor; %d learner events stored, %d learners' chains verified, no link forked; \
                Kafka %d records, %d distinct, %d missing, %d unknown; load %s
                | instances, scenario | segments | events stored | approvals acknowledged | lost | doubled | answers per instance | 5xx | notes |
                |---|---|---|---|---|---|---|---|---|
                %s
                """, SEGMENTS, storeIds.size(), learners.size(), published.values().stream().mapToInt(n -> n).sum(),
                published.size(), missing.size(), unknown.size(), loadAverage(), String.join("\n", rows));
        assertThat(missing).as("stored events never published").isEmpty();
        assertThat(unknown).as("published events the store does not have").isEmpty();
    }

    /** A table row for the learners named from {@code prefix}: lost and doubled across the tables. */
    private String row(String scenario, String prefix, Load load, String notes) throws Exception {
        Set<String> events = new HashSet<>(strings("SELECT event_identifier FROM domain_event_entry WHERE type = 'Learner'"
                + " AND aggregate_identifier LIKE '" + SampleLearners.UKPRN + ":" + prefix + "%'"));
        Map<String, Integer> approved = changeEvents(prefix, "ChangeApproved");
        Set<String> ackedHere = new HashSet<>(load.acked);
        long lost = ackedHere.stream().filter(id -> !approved.containsKey(id)).count();
        List<String> logged = strings("SELECT event_identifier FROM learner_event_log WHERE learn_ref_number LIKE '"
                + prefix + "%'");
        Set<String> loggedOnce = new HashSet<>(logged);
        lost += events.stream().filter(id -> !loggedOnce.contains(id)).count();
        long doubled = approved.values().stream().filter(n -> n > 1).count() + logged.size() - loggedOnce.size();
        assertThat(lost).as(scenario + ": lost").isZero();
        assertThat(doubled).as(scenario + ": doubled").isZero();
        assertThat(load.unexpected).as(scenario + ": unexpected answers").isEmpty();
        acknowledged.addAll(ackedHere);
        return "| " + String.join(" | ", scenario, Integer.toString(SEGMENTS), Integer.toString(events.size()),
                Integer.toString(ackedHere.size()), Long.toString(lost), Long.toString(doubled),
                cluster.answeredBy().toString(), cluster.serverErrors().toString(),
                notes + "; failed over " + cluster.failedOver.get()) + " |";
    }

    /**
     * Clients raising a change and approving it, round after round, each on learners of its own and
     * starting on instance {@code client % instances}, failing over to the next when it does not answer.
     * A step repeated after a lost answer may be answered 409 (it was recorded): the raise is then
     * approved all the same, the approval counted as acknowledged.
     */
    private final class Load {
        final List<String> learners;
        final int instances;
        final int rounds;
        final AtomicBoolean running = new AtomicBoolean();
        final AtomicInteger approved = new AtomicInteger();
        final AtomicInteger unanswered = new AtomicInteger();
        final Set<String> acked = ConcurrentHashMap.newKeySet();
        final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
        final List<Thread> threads = new ArrayList<>();

        final Duration pace;
        /** Learners each client moves on to, in turn, after {@code roundsPerLearner} rounds on the one before. */
        List<String> next = List.of();
        int roundsPerLearner = Integer.MAX_VALUE;

        /**
         * After {@code rounds} rounds on a learner, each client moves on to one of {@code more}: a change's
         * date moves a day a round, and must not pass today.
         */
        void moveOnAfter(int rounds, List<String> more) {
            this.roundsPerLearner = rounds;
            this.next = more;
        }

        Load(List<String> learners, int instances, int rounds) {
            this(learners, instances, rounds, Duration.ZERO);
        }

        /** Each client waits {@code pace} after each approval, so a load that runs until stopped stays steady. */
        Load(List<String> learners, int instances, int rounds, Duration pace) {
            this.learners = learners;
            this.instances = instances;
            this.rounds = rounds;
            this.pace = pace;
        }

        void start() {
            running.set(true);
            for (int c = 0; c < learners.size(); c++) {
                int client = c;
                Thread thread = new Thread(() -> run(client), "scale-client-" + c);
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
            }
        }

        private void run(int client) {
            try {
                for (int round = 0; running.get() && round < rounds; round++) {
                    int moves = round / roundsPerLearner;
                    if (moves > 0 && client + learners.size() * (moves - 1) >= next.size()) {
                        return; // no learner left to move on to
                    }
                    String learner = moves == 0 ? learners.get(client) : next.get(client + learners.size() * (moves - 1));
                    int slot = (client + round) % instances;
                    String changeId = UUID.randomUUID().toString();
                    Cluster.Answer raise = cluster.post(slot, "raiser", changes(learner),
                            change(changeId, round % roundsPerLearner));
                    if (!raise.ok() && !(raise.failedOver() && raise.status() == 409)) {
                        unexpected.add("raise " + raise.status() + " " + raise.body());
                        return;
                    }
                    Cluster.Answer approval = cluster.post((slot + 1) % instances, "approver", approval(changeId),
                            "{\"comment\": \"checked\"}");
                    if (approval.ok() || approval.failedOver() && approval.status() == 409) {
                        acked.add(changeId);
                        approved.incrementAndGet();
                        Thread.sleep(pace.toMillis());
                    } else {
                        unexpected.add("approval " + approval.status() + " " + approval.body());
                        return;
                    }
                }
            } catch (AssertionError nobody) {
                unanswered.incrementAndGet();
                unexpected.add(nobody.getMessage());
            } catch (Exception e) {
                unexpected.add(e.toString());
            }
        }

        void awaitApprovals(int more, Duration atMost) throws InterruptedException {
            int target = approved.get() + more;
            Instant deadline = Instant.now().plus(atMost);
            while (approved.get() < target) {
                assertThat(unexpected).as("unexpected answers").isEmpty();
                assertThat(Instant.now()).as("%d approvals in %s", approved.get(), atMost).isBefore(deadline);
                Thread.sleep(50);
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(Duration.ofSeconds(120).toMillis());
            }
        }
    }

    private List<String> register(String prefix, int count, int slot) throws Exception {
        List<String> learners = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String ref = prefix + String.format("%02d", i);
            Cluster.Answer registered = cluster.post((slot + i) % 2, "admin", PROVIDER + "/learners",
                    SampleLearners.apprentice(ref, START));
            assertThat(registered.status()).as(registered.body()).isEqualTo(201);
            learners.add(ref);
        }
        return learners;
    }

    private static String changes(String learner) {
        return PROVIDER + "/learners/" + learner + "/changes";
    }

    private static String approval(String changeId) {
        return "/api/changes/" + changeId + "/approval";
    }

    private String change(String changeId, int round) {
        return change(changeId, round, EMPLOYERS[round % 2]);
    }

    private String change(String changeId, int round, int employer) {
        try {
            return Cluster.JSON.writeValueAsString(Map.of("changeId", changeId, "type", "CHANGE_OF_EMPLOYER",
                    "effectiveDate", START.plusDays(1 + round).toString(), "values", Map.of("empId", employer),
                    "reason", "Learner told us", "evidence", List.of(evidence)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Call {
        java.net.http.HttpResponse<String> send() throws Exception;
    }

    /** Two requests released at the same moment, each on its own thread; their answers in order. */
    private List<Cluster.Answer> together(Call first, Call second) {
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Cluster.Answer>> calls = new ArrayList<>();
        int side = 0;
        for (Call call : List.of(first, second)) {
            String instance = side++ == 0 ? "a" : "b";
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                    var response = call.send();
                    return new Cluster.Answer(response.statusCode(), response.body(), instance, false);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, runnable -> new Thread(runnable).start()));
        }
        go.countDown();
        return calls.stream().map(CompletableFuture::join).toList();
    }

    private static void assertProblem(Cluster.Answer answer, List<String> unexpected) {
        JsonNode problem = answer.json();
        if (problem.path("status").asInt() != 409 || problem.path("detail").asText().isBlank()) {
            unexpected.add("409 without a problem: " + answer.body());
        }
    }

    /** Links that more than one event names as the previous: a forked chain. */
    private List<String> forks() throws SQLException {
        return strings("""
                SELECT aggregate_identifier || ' ' || previous_hash || ' x' || count(*) FROM learner_event_chain
                GROUP BY aggregate_identifier, previous_hash HAVING count(*) > 1""");
    }

    /** Per change of the learners named from {@code prefix}, how many events of the type the store holds. */
    private Map<String, Integer> changeEvents(String prefix, String type) throws Exception {
        Map<String, Integer> changes = new HashMap<>();
        try (Connection connection = connect(); PreparedStatement query = connection.prepareStatement("""
                SELECT convert_from(payload, 'UTF8') FROM domain_event_entry
                WHERE type = 'Learner' AND payload_type = ? AND aggregate_identifier LIKE ?""")) {
            query.setString(1, type);
            query.setString(2, SampleLearners.UKPRN + ":" + prefix + "%");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    changes.merge(Cluster.JSON.readTree(rows.getString(1)).get("changeId").asText(), 1, Integer::sum);
                }
            }
        }
        return changes;
    }

    private boolean caughtUp(int slot) throws Exception {
        for (JsonNode processor : cluster.get(slot, "admin", "/api/admin/projections").json()) {
            if (!processor.get("caughtUp").asBoolean()) {
                return false;
            }
        }
        return true;
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private void awaitThat(Duration atMost, String what, Check check) throws Exception {
        Instant deadline = Instant.now().plus(atMost);
        while (!check.holds()) {
            assertThat(Instant.now()).as(() -> "not within " + atMost + ": " + what + "\n" + cluster.tails())
                    .isBefore(deadline);
            Thread.sleep(500);
        }
    }

    private Cluster.Answer upload() throws Exception {
        String boundary = "scale-" + UUID.randomUUID();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"note.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nThe learner told us their employer changed.\r\n--" + boundary + "--\r\n";
        var response = cluster.http.send(java.net.http.HttpRequest.newBuilder(cluster.instance(0).uri("/api/evidence"))
                .header("Authorization", cluster.basic("raiser"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
        return new Cluster.Answer(response.statusCode(), response.body(), "a", false);
    }

    private Map<String, Integer> published(Set<String> expected) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "scale-out-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, Integer> byId = new HashMap<>();
        Set<String> waiting = new HashSet<>(expected);
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
            int quiet = 0;
            while (Instant.now().isBefore(deadline) && (!waiting.isEmpty() || quiet < 4)) {
                var records = consumer.poll(Duration.ofMillis(500));
                quiet = records.isEmpty() ? quiet + 1 : 0;
                records.forEach(record -> {
                    var header = record.headers().lastHeader("event-id");
                    String id = header == null ? "(no event-id)" : new String(header.value(), StandardCharsets.UTF_8);
                    byId.merge(id, 1, Integer::sum);
                    waiting.remove(id);
                });
            }
        }
        return byId;
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = connect(); PreparedStatement query = connection.prepareStatement(sql);
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }
}
