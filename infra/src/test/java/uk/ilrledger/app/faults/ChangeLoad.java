package uk.ilrledger.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import uk.ilrledger.testsupport.SampleLearners;

/**
 * Eight clients raising changes and approving them, as fast as the service answers, each on learners
 * of its own: a new employer for the learner (raised by one user, approved by another), round after
 * round. A client that gets no answer, or a 5xx, sends the same request again (a raise carries its
 * own changeId, so a repeat is the same change), after the {@code Retry-After} it was given (at
 * most a second) or a fifth of a second. It counts every approval answered 2xx: those are what the
 * service promised to keep.
 */
final class ChangeLoad {

    static final int CLIENTS = 8;
    /**
     * How long a test waits for the approvals it asks for before failing: only a guard against a service
     * that has stopped answering, never a rate (rates are the benchmarks'). Generous, because these tests
     * run beside the in-process ones, on two cores shared with them.
     */
    static final Duration GUARD = Duration.ofMinutes(3);
    /**
     * Enough that no client runs out of rounds ({@value #MAX_ROUNDS} a learner) before a test has seen its
     * approvals. At two learners a client (4,800 rounds in all), the service answered about 100 approvals
     * a second through a one-minute Kafka outage, used them all, and the test found every client stopped.
     */
    static final int LEARNERS_PER_CLIENT = 10;
    static final String PROVIDER = "/api/providers/" + SampleLearners.UKPRN;
    private static final int[] EMPLOYERS = {100000002, 123456789};
    private static final LocalDate START = LocalDate.of(2025, 9, 1);
    /** Rounds per learner: one a day from the start keeps every change inside 2025-26. */
    private static final int MAX_ROUNDS = 300;

    private final LedgerClient client;
    private final List<String> learners;
    private final String evidenceId;
    private final AtomicBoolean running = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicInteger answeredAfterALostAnswer = new AtomicInteger();
    private final AtomicInteger unanswered = new AtomicInteger();
    private final Map<Integer, AtomicInteger> serverErrors = new ConcurrentSkipListMap<>();
    private final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());

    private ChangeLoad(LedgerClient client, List<String> learners, String evidenceId) {
        this.client = client;
        this.learners = learners;
        this.evidenceId = evidenceId;
    }

    /** Registers {@value #CLIENTS} × {@value #LEARNERS_PER_CLIENT} learners named from {@code prefix} and a note as evidence. */
    static ChangeLoad prepare(LedgerClient client, String prefix) throws IOException, InterruptedException {
        List<String> learners = new ArrayList<>();
        for (int i = 0; i < CLIENTS * LEARNERS_PER_CLIENT; i++) {
            String ref = prefix + String.format("%02d", i);
            LedgerClient.Answer registered = client.post("admin", PROVIDER + "/learners",
                    SampleLearners.apprentice(ref, START));
            assertThat(registered.status()).as(registered.text()).isEqualTo(201);
            learners.add(ref);
        }
        LedgerClient.Answer evidence = client.upload("raiser", "note.txt",
                "The learner told us in person that their employer changed.".getBytes(StandardCharsets.UTF_8));
        assertThat(evidence.status()).as(evidence.text()).isEqualTo(201);
        return new ChangeLoad(client, List.copyOf(learners), evidence.at("/evidenceId"));
    }

    List<String> learners() {
        return learners;
    }

    String evidenceId() {
        return evidenceId;
    }

    void start() {
        running.set(true);
        for (int i = 0; i < CLIENTS; i++) {
            List<String> own = learners.subList(i * LEARNERS_PER_CLIENT, (i + 1) * LEARNERS_PER_CLIENT);
            Thread thread = new Thread(() -> run(own), "fault-client-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Waits until at least {@code count} more approvals than now have been answered 2xx. */
    void awaitMoreApprovals(int count, Duration atMost) throws InterruptedException {
        int target = acknowledged.size() + count;
        long deadline = System.nanoTime() + atMost.toNanos();
        while (acknowledged.size() < target) {
            assertThat(System.nanoTime()).as("%d approvals answered in %s; unexpected answers: %s", acknowledged.size(),
                    atMost, unexpected).isLessThan(deadline);
            assertThat(threads.stream().anyMatch(Thread::isAlive)).as("every client stopped: %s", unexpected).isTrue();
            Thread.sleep(50);
        }
    }

    /** Stops the clients; each ends the request it is sending. */
    void stop() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(90).toMillis());
            assertThat(thread.isAlive()).as(thread.getName() + " did not stop").isFalse();
        }
    }

    /** The changes whose approval was answered 2xx. */
    Set<UUID> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    /** Approvals answered 409 "already decided" after an attempt whose answer was lost: the lost one was recorded. */
    int answeredAfterALostAnswer() {
        return answeredAfterALostAnswer.get();
    }

    /** Requests that got no answer at all (connection refused or reset, or no answer within a minute). */
    int unanswered() {
        return unanswered.get();
    }

    /** How many answers of each 5xx status the clients got. */
    SortedMap<Integer, Integer> serverErrors() {
        SortedMap<Integer, Integer> counts = new TreeMap<>();
        serverErrors.forEach((status, count) -> counts.put(status, count.get()));
        return counts;
    }

    /** Answers no client should get: a 5xx other than a 503 problem with Retry-After, or a refusal of a valid request. */
    List<String> unexpected() {
        synchronized (unexpected) {
            return List.copyOf(unexpected);
        }
    }

    private void run(List<String> own) {
        int[] rounds = new int[own.size()];
        for (int turn = 0; running.get(); turn++) {
            int learner = turn % own.size();
            int round = rounds[learner]++;
            if (round >= MAX_ROUNDS) {
                return;
            }
            UUID changeId = UUID.randomUUID();
            Map<String, Object> raise = Map.of("changeId", changeId, "type", "CHANGE_OF_EMPLOYER",
                    "effectiveDate", START.plusDays(1 + round).toString(),
                    "values", Map.of("empId", EMPLOYERS[round % 2]),
                    "reason", "Learner told us", "evidence", List.of(evidenceId));
            String path = PROVIDER + "/learners/" + own.get(learner) + "/changes";
            if (!raise(path, raise) || !approve(changeId)) {
                return;
            }
        }
    }

    /** True once raised; false when the load stopped first or the raise was refused. */
    private boolean raise(String path, Map<String, Object> body) {
        while (running.get()) {
            LedgerClient.Answer answer = send(() -> client.post("raiser", path, body));
            if (answer == null) {
                continue;
            }
            if (answer.status() == 201) {
                return true;
            }
            if (answer.status() < 500) {
                unexpected.add("raise answered " + answer.status() + ": " + answer.text());
                return false;
            }
        }
        return false;
    }

    private boolean approve(UUID changeId) {
        boolean answerLost = false;
        while (running.get()) {
            LedgerClient.Answer answer = send(() -> client.post("approver", "/api/changes/" + changeId + "/approval",
                    Map.of("comment", "Letter from the employer")));
            if (answer == null || answer.status() >= 500) {
                answerLost = true;
                continue;
            }
            if (answer.status() == 200) {
                acknowledged.add(changeId);
                return true;
            }
            if (answer.status() == 409 && answerLost && answer.text().contains("was already approved")) {
                answeredAfterALostAnswer.incrementAndGet();
                return true;
            }
            unexpected.add("approval of " + changeId + " answered " + answer.status() + ": " + answer.text());
            return false;
        }
        return false;
    }

    @FunctionalInterface
    private interface Call {
        LedgerClient.Answer send() throws IOException, InterruptedException;
    }

    /** The answer, or null when there was none; after no answer or a 5xx it pauses before returning. */
    private LedgerClient.Answer send(Call call) {
        LedgerClient.Answer answer;
        try {
            answer = call.send();
        } catch (IOException noAnswer) {
            unanswered.incrementAndGet();
            pause(Duration.ofMillis(200));
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (answer.status() >= 500) {
            serverErrors.computeIfAbsent(answer.status(), s -> new AtomicInteger()).incrementAndGet();
            if (answer.status() != 503 || !answer.isProblem() || answer.retryAfter().isEmpty()) {
                unexpected.add(answer.status() + " " + answer.retryAfter().map(s -> "(Retry-After " + s + ") ").orElse("")
                        + answer.contentType() + ": " + answer.text());
            }
            long seconds = answer.retryAfter().map(ChangeLoad::seconds).orElse(1L);
            pause(Duration.ofSeconds(Math.min(1, Math.max(0, seconds))));
        }
        return answer;
    }

    private static long seconds(String retryAfter) {
        try {
            return Long.parseLong(retryAfter.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
