package uk.ilrledger.bench;

import static uk.ilrledger.bench.Stats.f;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.core.env.Environment;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import uk.ilrledger.app.processors.SegmentShares;
import uk.ilrledger.command.learner.ChangeRules;
import uk.ilrledger.command.learner.ClosedYears;
import uk.ilrledger.projections.changequeue.ChangeQueueProjection;
import uk.ilrledger.projections.currentilr.CurrentIlrProjection;
import uk.ilrledger.projections.history.LearnerHistoryProjection;
import uk.ilrledger.projections.rebuild.ProjectionRebuilder;
import uk.ilrledger.projections.kafka.KafkaConnection;
import uk.ilrledger.projections.kafka.KafkaEventPublisher;
import uk.ilrledger.schemas.ilr.IlrFold;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearnerEmploymentStatus;
import uk.ilrledger.schemas.learner.ChangeProposal;
import uk.ilrledger.schemas.learner.ChangeRaised;
import uk.ilrledger.schemas.learner.LearnerEvent;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.EmpId;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnerId;

/**
 * B8 instances: the append rate, and the Kafka publisher's rate on a backlog, with one, two and three
 * instances of the service, each a JVM of its own ({@link ServiceInstance}) on the bench's database and
 * Kafka broker, every tracking processor in segments the instances share (decision 34). A pool of
 * clients, spread evenly over the instances, raises a change of employer on a learner of the loaded
 * store and approves it as a second user, over HTTP with the evidence uploaded once, each client on
 * learners of its own; after a warm-up the approvals per second and the events appended per second
 * (rows of the store between its head before and after the window) are measured. Every answer is counted by status; a 5xx, a refusal or an
 * unanswered request is reported, never retried away in silence. The store must have grown by exactly
 * the events of the changes the clients were answered for (a raise one, an approval two). Then, on the
 * same instances, the publisher goes back over the last events of the store, every segment held by the
 * instance whose share it is, and a consumer of the topic times it and checks, by event id, that it
 * published exactly the store's events ({@link #publish}).
 *
 * <p>The in-process service stays up for its Kafka broker but steps aside: its processors pause and it
 * withdraws from the instances' count, and the processors' tokens are split into segments at the store's
 * head; afterwards they are put back as one segment at the head and it resumes. The figure is the rate
 * with the second count of instances over the first (default two over one): on one machine a second
 * instance adds no cores, so the ratio says what several instances cost, not what they gain.
 */
final class InstancesBench {

    /** Two employers whose EmpIds pass their check digit; each round of a learner alternates between them. */
    static final int[] EMPLOYERS = {100000002, 123456789};
    /** Learners kept for each client: enough distinct learners that the load is not one aggregate over again. */
    static final int LEARNERS_PER_CLIENT = 100;
    /** Changes of employer per learner at most, each dated a day before the last (none in the future). */
    static final int ROUNDS_PER_LEARNER = 30;
    static final String RAISER = "bench-raiser";
    static final String APPROVER = "bench-approver";
    private static final Duration READY_LIMIT = Duration.ofMinutes(5);
    /** Only a guard against a request that never gets an answer; its retries are counted. */
    private static final Duration ANSWER_GUARD = Duration.ofMinutes(2);
    /** How long a backlog may take to be published before what came is reported as it stands. */
    private static final Duration PUBLICATION_LIMIT = Duration.ofMinutes(10);
    private static final Pattern EVIDENCE_ID = Pattern.compile("\"evidenceId\"\\s*:\\s*\"([0-9a-f]{64})\"");

    /** A learner of the loaded store kept for one client, and how many of its rounds are done. */
    static final class Own {
        final LearnerId id;
        final int rounds;
        int done;

        Own(LearnerId id, int rounds) {
            this.id = id;
            this.rounds = rounds;
        }
    }

    /** What one count of instances did. */
    record Row(int instances, double seconds, int approvals, long events, double p50, double p99,
            SortedMap<String, Integer> answeredBy, SortedMap<String, Integer> answers,
            SortedMap<Integer, Integer> serverErrors, List<String> serverErrorAnswers, List<String> unexpected,
            int unanswered, int approvedAfterALostAnswer, int raisesAcknowledged, int approvalsAcknowledged,
            long storeGrew, int clientsOutOfLearners, double readySeconds, double caughtUpSeconds,
            List<String> processorFailures) {

        double approvalRate() {
            return approvals / seconds;
        }

        double eventRate() {
            return events / seconds;
        }

        long expectedEvents() {
            return raisesAcknowledged + 2L * approvalsAcknowledged;
        }
    }

    private final Bench.Harness h;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<ServiceInstance> live = new CopyOnWriteArrayList<>();
    private final List<Publication> publications = new ArrayList<>();
    private final String password;
    private final LocalDate today;
    private String evidenceId;
    /** With {@code --instance-auth bearer}: the key the bench signs its users' tokens with, and its public half's file. */
    private KeyPair issuer;
    private Path issuerKey;
    private final Map<String, String> authorization = new ConcurrentHashMap<>();

    InstancesBench(Bench.Harness harness) {
        this.h = harness;
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        this.password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        // Fixed for the step: round r of a learner is dated r days before, whatever the clock does meanwhile.
        this.today = harness.today();
    }

    Bench.Result run() throws Exception {
        List<Integer> counts = h.options.instances();
        int clients = h.options.instanceClients();
        int segments = segments(counts);
        if (!h.readModelsBuilt) {
            // The bulk load writes the event log only; the instances' projections apply changes to these rows.
            long t = System.nanoTime();
            List<String> names = List.of(CurrentIlrProjection.PROCESSING_GROUP, LearnerHistoryProjection.PROCESSING_GROUP,
                    ChangeQueueProjection.PROCESSING_GROUP);
            h.context.getBean(ProjectionRebuilder.class).rebuild(names, progress -> { });
            h.readModelsBuilt = true;
            h.out.printf("B8: %s rebuilt from one read of the store in %.1f s%n", names, (System.nanoTime() - t) / 1e9);
        }
        h.awaitCaughtUp(Duration.ofMinutes(10));
        long t = System.nanoTime();
        List<List<Own>> learners = learners(clients);
        int kept = learners.stream().mapToInt(List::size).sum();
        h.out.printf("B8: %,d learners kept for %d clients (at most %d each, up to %d changes of employer each) in %.1f s%n",
                kept, clients, LEARNERS_PER_CLIENT, ROUNDS_PER_LEARNER, (System.nanoTime() - t) / 1e9);
        if (learners.stream().anyMatch(List::isEmpty)) {
            throw new IllegalStateException("B8: some clients found no learner that takes a change of employer "
                    + "(" + kept + " learners for " + clients + " clients); load more learners or use fewer clients");
        }
        Path directory = Files.createTempDirectory("ilr-bench-instances");
        h.out.printf("B8: instances' logs in %s; %d segments per processor; JVM options %s; %s%n", directory, segments,
                h.options.instanceJavaOptions(), bearer() ? "OIDC bearer tokens signed by the bench"
                        : "HTTP basic, configured users (bcrypt cost 10)");
        if (bearer()) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            issuer = generator.generateKeyPair();
            issuerKey = directory.resolve("bench-issuer.pub");
            Files.writeString(issuerKey, "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(
                            issuer.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n", StandardCharsets.US_ASCII);
        }

        Thread orphans = new Thread(this::killAll, "bench-instances-cleanup");
        Runtime.getRuntime().addShutdownHook(orphans);
        SegmentShares shares = h.context.getBean(SegmentShares.class);
        List<Row> rows = new ArrayList<>();
        h.pauseProcessors();
        shares.stop();
        try {
            splitTokens(segments);
            for (int n : counts) {
                rows.add(measure(n, segments, learners, directory));
            }
        } finally {
            killAll();
            try {
                Runtime.getRuntime().removeShutdownHook(orphans);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
            splitTokens(1);
            shares.start();
            h.startProcessors();
            h.out.println("B8: instances stopped; the in-process service holds the processors again, one segment each "
                    + "at the store's head");
        }
        return result(rows, publications, segments);
    }

    /** The segments per processor: a multiple of every count asked for, so that each instance holds an equal share. */
    static int segments(List<Integer> counts) {
        int lcm = 1;
        for (int n : counts) {
            lcm = lcm / gcd(lcm, n) * n;
        }
        return lcm;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /**
     * For each client, learners of its own (learner n goes to client (n - 1) mod clients) that take a change
     * of employer today and on each of the days before that their rounds will use: an apprenticeship in
     * training or on a break, no employment status on those days, neither employer of {@link #EMPLOYERS} in
     * their record (so two statuses side by side always differ, R97), and no closed year reached. Checked in
     * process with the aggregate's own rules on the record folded from the store.
     */
    List<List<Own>> learners(int clients) {
        EventStore store = h.context.getBean(EventStore.class);
        ChangeRules rules = h.context.getBean(ChangeRules.class);
        ClosedYears closed = h.context.getBean(ClosedYears.class);
        int learners = h.options.learners();
        return IntStream.range(0, clients).parallel().mapToObj(client -> {
            List<Own> own = new ArrayList<>();
            for (int n = client + 1; n <= learners && own.size() < LEARNERS_PER_CLIENT; n += clients) {
                LearnerId id = LearnerId.of(Bench.Harness.PROVIDER, ProviderGenerator.learnRefNumber(n));
                List<LearnerEvent> events = store.readEvents(id.asString()).asStream()
                        .map(m -> (LearnerEvent) m.getPayload()).toList();
                int rounds = rounds(id, IlrFold.replay(events), rules, closed);
                if (rounds > 0) {
                    own.add(new Own(id, rounds));
                }
            }
            return own;
        }).toList();
    }

    /** How many rounds (days back from today) the learner takes; 0 when it takes none. */
    private int rounds(LearnerId id, IlrLearner record, ChangeRules rules, ClosedYears closed) {
        if (record == null) {
            return 0;
        }
        int rounds = ROUNDS_PER_LEARNER;
        for (LearnerEmploymentStatus status : record.learnerEmploymentStatuses()) {
            if (status.empId() != null && (status.empId() == EMPLOYERS[0] || status.empId() == EMPLOYERS[1])) {
                return 0;
            }
            if (status.dateEmpStatApp() != null) {
                // Round r is dated today - r: every round after the learner's last status (R43, and R97 by employer).
                rounds = (int) Math.min(rounds, ChronoUnit.DAYS.between(status.dateEmpStatApp(), today));
            }
        }
        if (rounds < 1 || !takes(id, record, 0, rules, closed)) {
            return 0;
        }
        // The last day must pass too (an aim's start, a closed year); the days between differ only in the date.
        while (rounds > 1 && !takes(id, record, rounds - 1, rules, closed)) {
            rounds /= 2;
        }
        return rounds;
    }

    private boolean takes(LearnerId id, IlrLearner record, int round, ChangeRules rules, ClosedYears closed) {
        LocalDate date = today.minusDays(round);
        ChangeProposal proposal = new ChangeProposal.ChangeOfEmployer(date, EMPLOYERS[round % 2], null, null);
        try {
            List<String> aims = rules.defaultAims(record, proposal);
            rules.check(record, proposal, aims, date, today);
            ChangeRaised raised = new ChangeRaised(id, UUID.randomUUID(), proposal, aims, date, "check",
                    List.of(EvidenceId.of(Stats.f("%064d", 0))), RAISER);
            closed.check(record, raised, rules.applied(record, raised, APPROVER), Instant.now());
            return true;
        } catch (DomainProblem refused) {
            return false;
        }
    }

    /** Starts {@code n} instances, runs the load through them, then the publication of a backlog, and stops them again. */
    private Row measure(int n, int segments, List<List<Own>> learners, Path directory) throws Exception {
        List<ServiceInstance> instances = new ArrayList<>();
        try {
            long t = System.nanoTime();
            for (int i = 0; i < n; i++) {
                ServiceInstance instance = ServiceInstance.start(n + "-" + (char) ('a' + i), directory,
                        List.of(h.options.instanceJavaOptions().trim().split("\\s+")), settings(segments), environment());
                instances.add(instance);
                live.add(instance);
            }
            for (ServiceInstance instance : instances) {
                instance.awaitReady(http, READY_LIMIT);
            }
            double ready = (System.nanoTime() - t) / 1e9;
            h.out.printf("B8: %d instance%s ready in %.1f s (%s)%n", n, n == 1 ? "" : "s", ready,
                    String.join(", ", instances.stream().map(i -> i.name() + " on port " + i.port()).toList()));
            if (evidenceId == null) {
                evidenceId = upload(instances.get(0));
            }

            Load load = new Load(instances, learners);
            long start = h.head();
            load.start();
            Thread.sleep(h.options.instanceWarmup() * 1000L);
            long from = h.head();
            long t0 = System.nanoTime();
            Thread.sleep(h.options.instanceSeconds() * 1000L);
            long to = h.head();
            long t1 = System.nanoTime();
            load.stop();
            long end = h.head();
            long grew = rows(start, end);
            long events = rows(from, to);
            double seconds = (t1 - t0) / 1e9;
            double[] latencies = load.approvals.stream().filter(a -> a[0] >= t0 && a[0] <= t1).mapToDouble(a -> a[1])
                    .toArray();
            List<String> failures = new ArrayList<>();
            double caughtUp = caughtUp(processorNames(), start, end, Duration.ofMinutes(5), failures);
            Row row = new Row(n, seconds, latencies.length, events, Stats.percentile(latencies, 50),
                    Stats.percentile(latencies, 99), sorted(load.answeredBy), sorted(load.answers),
                    sorted(load.serverErrors), List.copyOf(load.serverErrorAnswers), List.copyOf(load.unexpected),
                    load.unanswered.get(), load.approvedAfterALostAnswer.get(), load.raises.get(), load.approved.get(), grew,
                    load.outOfLearners.get(), ready, caughtUp, List.copyOf(failures));
            print(row);
            Publication publication = publish(instances);
            print(publication);
            publications.add(publication);
            return row;
        } finally {
            for (ServiceInstance instance : instances) {
                instance.terminate();
            }
            for (ServiceInstance instance : instances) {
                instance.awaitExit(Duration.ofSeconds(60));
                live.remove(instance);
            }
        }
    }

    private void print(Row r) {
        h.out.printf("B8 system: %d instance%s, %d clients: %,d approvals in %.1f s = %.1f/s (p50 %.1f ms, p99 %.1f ms), "
                        + "%,d events = %.1f/s%n", r.instances(), r.instances() == 1 ? "" : "s",
                h.options.instanceClients(), r.approvals(), r.seconds(), r.approvalRate(), r.p50(), r.p99(), r.events(),
                r.eventRate());
        h.out.printf("B8 answers: by instance %s; %s; 5xx %s; unanswered %d; unexpected %s%n", counts(r.answeredBy()),
                counts(r.answers()), r.serverErrors().isEmpty() ? "none" : counts(r.serverErrors()), r.unanswered(),
                r.unexpected().isEmpty() ? "none" : r.unexpected().size() + ": " + r.unexpected().subList(0,
                        Math.min(5, r.unexpected().size())));
        h.out.printf("B8 store: grew by %,d events; acknowledged %,d raises + 2 × %,d approvals = %,d events (%s)%s%s%n",
                r.storeGrew(), r.raisesAcknowledged(), r.approvalsAcknowledged(), r.expectedEvents(),
                r.storeGrew() == r.expectedEvents() ? "exact" : "MISMATCH",
                r.approvedAfterALostAnswer() == 0 ? "" : f(", %d approvals answered 409 after a lost answer",
                        r.approvedAfterALostAnswer()),
                !r.processorFailures().isEmpty() ? "; processors FAILED"
                        : Double.isNaN(r.caughtUpSeconds()) ? "; processors NOT caught up within 5 min"
                        : f("; processors caught up %.1f s after the last answer", r.caughtUpSeconds()));
        for (String failure : r.processorFailures()) {
            h.out.println("B8 processor failure: " + failure);
        }
        for (String answer : r.serverErrorAnswers()) {
            h.out.println("B8 5xx: " + answer);
        }
        if (r.clientsOutOfLearners() > 0) {
            h.out.printf("B8: %d clients ran out of learners before the end: load more learners%n", r.clientsOutOfLearners());
        }
    }

    private void print(Publication p) {
        h.out.printf("B8 publication: %d instance%s: the last %,d learner events of the store (global index %,d to %,d) "
                        + "published again in %.2f s from the release = %.0f events/s; first record after %.2f s, first to "
                        + "last %.0f events/s; %d of %d instances waiting to claim their segments at the release%n",
                p.instances(), p.instances() == 1 ? "" : "s", p.stored(), p.from() + 1, p.head(), p.allPublished(),
                p.rate(), p.firstRecord(), p.firstToLastRate(), p.claiming(), p.instances());
        h.out.printf("B8 publication records: %,d records, %,d distinct event ids, %,d duplicates; store's events %,d %s "
                        + "distinct ids (%s); missing %,d, unknown %,d; by instance %s; segments %s%n",
                p.records(), p.distinct(), p.duplicates(), p.stored(), p.exact() ? "=" : "≠",
                p.exact() ? "exact" : "MISMATCH", p.missing(), p.unknown(), parts(p),
                p.moved().isEmpty() ? "held by their instances throughout" : "MOVED: " + p.moved());
        if (p.otherEvents() > 0) {
            h.out.printf("B8 publication: %,d other events in the window (not the learners', not published)%n",
                    p.otherEvents());
        }
        for (String failure : p.failures()) {
            h.out.println("B8 publisher failure: " + failure);
        }
    }

    private static String parts(Publication p) {
        return String.join(", ", p.byInstance().entrySet().stream().map(e -> e.getValue().events() == 0
                ? f("%s 0", e.getKey())
                : f("%s %,d (%.2f–%.2f s)", e.getKey(), e.getValue().events(), e.getValue().first(), e.getValue().last()))
                .toList());
    }

    private Bench.Result result(List<Row> rows, List<Publication> publications, int segments) {
        Row first = rows.get(0);
        Row second = rows.get(1);
        double ratio = second.approvalRate() / first.approvalRate();
        int cores = Runtime.getRuntime().availableProcessors();
        StringBuilder table = new StringBuilder();
        table.append(f("| instances | approvals/s | events/s | approval p50 | approval p99 | against %d | answers per "
                + "instance | 5xx | unexpected | unanswered | store grew / acknowledged | ready in | caught up |%n",
                first.instances()));
        table.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            table.append(f("| %d | %.1f | %.1f | %.0f ms | %.0f ms | %.2f | %s | %s | %s | %d | %,d / %,d%s | %.0f s | %s |%n",
                    r.instances(), r.approvalRate(), r.eventRate(), r.p50(), r.p99(),
                    r.approvalRate() / first.approvalRate(), counts(r.answeredBy()),
                    r.serverErrors().isEmpty() ? "none" : counts(r.serverErrors()),
                    r.unexpected().isEmpty() ? "none" : Integer.toString(r.unexpected().size()), r.unanswered(),
                    r.storeGrew(), r.expectedEvents(), r.storeGrew() == r.expectedEvents() ? "" : " **mismatch**",
                    r.readySeconds(), !r.processorFailures().isEmpty() ? "**failed**"
                            : Double.isNaN(r.caughtUpSeconds()) ? "not in 5 min" : f("%.1f s", r.caughtUpSeconds())));
        }
        Publication one = publications.get(0);
        table.append(f("%nKafka publication: the publisher's tokens moved back over the last %,d events, every segment "
                + "handed to an instance as its share, then released; times from the release%n%n",
                h.options.instanceBacklog()));
        table.append(f("| instances | learner events in the backlog | all published after | events/s | against %d | first "
                + "record after | events/s first to last | events by instance (first–last record) | records / distinct "
                + "ids | store's events = distinct ids | waiting to claim at the release |%n", one.instances()));
        table.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Publication p : publications) {
            table.append(f("| %d | %,d | %.2f s | %,.0f | %.2f | %.2f s | %,.0f | %s | %,d / %,d | %s | %d of %d |%n",
                    p.instances(), p.stored(), p.allPublished(), p.rate(), p.rate() / one.rate(), p.firstRecord(),
                    p.firstToLastRate(), parts(p), p.records(), p.distinct(),
                    p.exact() ? "exact" : f("**mismatch**: %,d missing, %,d unknown", p.missing(), p.unknown())
                            + (p.failures().isEmpty() ? "" : ", **publisher failed**")
                            + (p.moved().isEmpty() ? "" : ", **segments moved**"),
                    p.claiming(), p.instances()));
        }
        boolean clean = rows.stream().allMatch(r -> r.serverErrors().isEmpty() && r.unexpected().isEmpty()
                && r.unanswered() == 0 && r.storeGrew() == r.expectedEvents() && r.processorFailures().isEmpty()
                && !Double.isNaN(r.caughtUpSeconds())) && publications.stream().allMatch(Publication::clean);
        String counts = String.join(", ", rows.stream().map(r -> Integer.toString(r.instances())).toList());
        return new Bench.Result("B8",
                f("instances: approvals/s over HTTP, %d clients on %s instances", h.options.instanceClients(), counts),
                String.join("; ", IntStream.range(0, rows.size()).mapToObj(i -> f("%d: %.1f approvals/s, %.0f events/s "
                        + "(p50 %.0f ms, p99 %.0f ms), Kafka %,.0f events/s", rows.get(i).instances(),
                        rows.get(i).approvalRate(), rows.get(i).eventRate(), rows.get(i).p50(), rows.get(i).p99(),
                        publications.get(i).rate())).toList()),
                f("%d instance%s: %.1f approvals/s, %.0f events/s, same clients and learners", first.instances(),
                        first.instances() == 1 ? "" : "s", first.approvalRate(), first.eventRate()),
                ratio, "≥ 1.0", ratio >= 1.0 && clean,
                f("rate with %d instances over %d; each change of employer raised by one user and approved by another "
                        + "over HTTP (3 events), %d clients each on learners of its own, spread evenly over the "
                        + "instances, every request signed in %s; %d s warm-up, %d s measured per count; every "
                        + "instance a JVM of its own (%s) on this machine's %d cores beside PostgreSQL, the broker and "
                        + "the clients, %d segments per processor. On %d cores no gain is expected: another instance "
                        + "brings no cores of its own, it splits the same ones; the figures are for the arithmetic of "
                        + "docs/scaling.md. Kafka: the publisher's rate on a backlog of the last %,d events, on the same "
                        + "instances after the appends, from the release of its segments (each instance's share) to the "
                        + "backlog's last event's first record, the rate with %d instances over %d: %.2f%s",
                        second.instances(), first.instances(), h.options.instanceClients(),
                        bearer() ? "with an OIDC bearer token (RS256, signed by the bench)"
                                : "with HTTP basic as a configured user (a bcrypt cost-10 check per request)",
                        h.options.instanceWarmup(), h.options.instanceSeconds(), h.options.instanceJavaOptions(), cores,
                        segments, cores, h.options.instanceBacklog(), second.instances(), first.instances(),
                        publications.get(1).rate() / one.rate(),
                        clean ? "" : "; **some answers were 5xx, unexpected or missing, the store did not grow by "
                                + "exactly what was acknowledged, the processors did not catch up, or the Kafka "
                                + "publication was not exact: see the tables**"),
                table.toString());
    }

    /** The instances' settings: the bench's database, broker and chain; processors in segments; no background work. */
    private List<String> settings(int segments) {
        Environment env = h.context.getEnvironment();
        KafkaConnection kafka = h.context.getBean(KafkaConnection.class);
        List<String> settings = new ArrayList<>(List.of(
                "--spring.datasource.url=" + h.database.url(),
                "--spring.datasource.username=" + h.database.user(),
                // As deploy/ sets it: request threads and every processor's segment threads share the pool.
                "--spring.datasource.hikari.maximum-pool-size=20",
                "--ilr-ledger.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--ilr-ledger.kafka.topic=" + kafka.topic(),
                "--ilr-ledger.processors.segments=" + segments,
                "--ilr-ledger.chain.key-id=" + env.getRequiredProperty("ilr-ledger.chain.key-id"),
                "--ilr-ledger.chain.anchor-dir=" + env.getRequiredProperty("ilr-ledger.chain.anchor-dir"),
                "--ilr-ledger.chain.anchor-interval=0s",
                "--ilr-ledger.returns.prepare-ahead=false",
                "--logging.level.root=WARN",
                "--logging.level.uk.ilrledger=INFO",
                "--logging.level.org.axonframework=WARN"));
        if (issuerKey != null) {
            // --instance-auth bearer: tokens signed by the bench's own key are trusted, as an identity provider's.
            settings.add("--spring.security.oauth2.resourceserver.jwt.public-key-location=file:" + issuerKey);
        }
        return settings;
    }

    /** The secrets, out of the command line: the chain and master keys the store was written with, the users. */
    private Map<String, String> environment() throws IOException {
        Environment env = h.context.getEnvironment();
        // Cost 10, as deploy/'s users.yaml: a lower cost would be raised to 10 at the user's first sign-in anyway
        // (Spring Security's password upgrade on the in-memory users), so that every later request checks cost 10.
        String encoded = "{bcrypt}" + new BCryptPasswordEncoder(10).encode(password);
        String ukprn = Integer.toString(Bench.Harness.PROVIDER);
        Map<String, Object> settings = Map.of(
                "spring.datasource.password", h.database.password(),
                "ilr-ledger.chain.key", env.getRequiredProperty("ilr-ledger.chain.key"),
                "ilr-ledger.erasure.master-key", env.getRequiredProperty("ilr-ledger.erasure.master-key"),
                "ilr-ledger.users", List.of(
                        Map.of("name", RAISER, "password", encoded, "roles", List.of("RAISER"), "ukprns", List.of(ukprn)),
                        Map.of("name", APPROVER, "password", encoded, "roles", List.of("APPROVER"), "ukprns",
                                List.of(ukprn))));
        return Map.of("SPRING_APPLICATION_JSON", new ObjectMapper().writeValueAsString(settings));
    }

    private boolean bearer() {
        return h.options.instanceAuth().equals("bearer");
    }

    /** The {@code Authorization} header of {@code user}: its password (HTTP basic) or a token the bench signed. */
    private String authorization(String user) {
        return authorization.computeIfAbsent(user, u -> bearer() ? "Bearer " + token(u)
                : "Basic " + Base64.getEncoder().encodeToString((u + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /** A token for the bench's user, good for a day: its role (the user's name says which) and the bench's UKPRN. */
    private String token(String user) {
        try {
            Instant now = Instant.now();
            JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(user).issueTime(Date.from(now))
                    .notBeforeTime(Date.from(now.minusSeconds(60))).expirationTime(Date.from(now.plus(Duration.ofDays(1))))
                    .claim("roles", List.of(user.equals(RAISER) ? "RAISER" : "APPROVER"))
                    .claim("ukprns", List.of(Integer.toString(Bench.Harness.PROVIDER))).build();
            SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).build(), claims);
            token.sign(new RSASSASigner(issuer.getPrivate()));
            return token.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the bench's token", e);
        }
    }

    /** Uploads the note every change cites as its evidence. */
    private String upload(ServiceInstance instance) throws IOException, InterruptedException {
        String boundary = "bench-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"employer.txt\""
                + "\r\nContent-Type: text/plain\r\n\r\nThe learner told us by e-mail that their employer changed.\r\n--"
                + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(instance.uri("/api/evidence"))
                .timeout(Duration.ofSeconds(60)).header("Authorization", authorization(RAISER))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher id = EVIDENCE_ID.matcher(answer.body());
        if (answer.statusCode() / 100 != 2 || !id.find()) {
            throw new IllegalStateException("B8: the evidence upload answered " + answer.statusCode() + ": " + answer.body());
        }
        return id.group(1);
    }

    /** Rows of the store after {@code after} up to and including {@code upTo}. */
    private long rows(long after, long upTo) throws Exception {
        try (Connection c = h.dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT count(*) FROM domain_event_entry WHERE global_index > ? AND global_index <= ?")) {
            s.setLong(1, after);
            s.setLong(2, upTo);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Seconds until every segment of each named processor has stored a token at {@code head} or beyond,
     * whichever instance holds it (read from the token table as the admin endpoint reads it); NaN when
     * they are not there within {@code limit}, or at once when a processor fails on an event after
     * {@code since} (added to {@code failures}).
     */
    private double caughtUp(List<String> names, long since, long head, Duration limit, List<String> failures)
            throws Exception {
        Serializer serializer = ((JdbcTokenStore) h.context.getBean(TokenStore.class)).serializer();
        long start = System.nanoTime();
        while (System.nanoTime() - start < limit.toNanos()) {
            boolean all = true;
            try (Connection c = h.dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                    "SELECT processor_name, token, token_type FROM token_entry WHERE processor_name = ANY(?)")) {
                s.setArray(1, c.createArrayOf("varchar", names.toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        byte[] bytes = rs.getBytes(2);
                        TrackingToken token = bytes == null ? null : serializer.deserialize(
                                new SimpleSerializedObject<>(bytes, byte[].class, rs.getString(3), null));
                        all &= token != null && token.position().orElse(0) >= head;
                    }
                }
            }
            if (all) {
                return (System.nanoTime() - start) / 1e9;
            }
            List<String> failed = failures(since);
            if (!failed.isEmpty()) {
                failures.addAll(failed);
                return Double.NaN;
            }
            Thread.sleep(200);
        }
        return Double.NaN;
    }

    private List<String> processorNames() {
        return h.processors().stream().map(TrackingEventProcessor::getName).toList();
    }

    /** The processors' failures on events after {@code since} that are still open, as the admin page lists them. */
    private List<String> failures(long since) throws Exception {
        List<String> failed = new ArrayList<>();
        try (Connection c = h.dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT processor_name, event_type, learner, attempts, error FROM processor_failure "
                        + "WHERE global_index > ? AND resolved_at IS NULL AND recovered_at IS NULL "
                        + "ORDER BY processor_name, global_index")) {
            s.setLong(1, since);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String error = rs.getString(5);
                    failed.add(f("%s failed on %s of %s (%d attempts): %s", rs.getString(1), rs.getString(2),
                            rs.getString(3), rs.getInt(4), error.length() > 300 ? error.substring(0, 300) + "…" : error));
                }
            }
        }
        return failed;
    }

    /**
     * Makes every (paused) processor's tokens {@code segments} segments at the store's head: the instances
     * share them from there, and afterwards the in-process service takes them back as one.
     */
    private void splitTokens(int segments) throws Exception {
        TokenStore tokens = h.context.getBean(TokenStore.class);
        TrackingToken head = h.context.getBean(EventStore.class).createHeadToken();
        for (TrackingEventProcessor processor : h.processors()) {
            try (Connection c = h.dataSource.getConnection();
                    PreparedStatement s = c.prepareStatement("DELETE FROM token_entry WHERE processor_name = ?")) {
                s.setString(1, processor.getName());
                s.executeUpdate();
            }
            tokens.initializeTokenSegments(processor.getName(), segments, head);
        }
    }

    private void killAll() {
        for (ServiceInstance instance : live) {
            try {
                instance.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            live.remove(instance);
        }
    }

    private static <K extends Comparable<K>> SortedMap<K, Integer> sorted(Map<K, AtomicInteger> counts) {
        SortedMap<K, Integer> sorted = new TreeMap<>();
        counts.forEach((key, count) -> sorted.put(key, count.get()));
        return sorted;
    }

    private static String counts(Map<?, Integer> counts) {
        return String.join(", ", counts.entrySet().stream().map(e -> f("%s %,d", e.getKey(), e.getValue())).toList());
    }

    /** The clients of one count of instances: client c sends everything to instance c mod n. */
    private final class Load {
        final List<ServiceInstance> instances;
        final List<List<Own>> learners;
        final AtomicBoolean running = new AtomicBoolean();
        final List<Thread> threads = new ArrayList<>();
        /** Each approval answered 200: when it ended (nanoTime) and how long it took (ms), first attempt to answer. */
        final List<double[]> approvals = Collections.synchronizedList(new ArrayList<>());
        final Map<String, AtomicInteger> answeredBy = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
        final Map<Integer, AtomicInteger> serverErrors = new ConcurrentHashMap<>();
        final List<String> unexpected = new CopyOnWriteArrayList<>();
        /** The first 5xx answers in full, to show beside their count. */
        final List<String> serverErrorAnswers = new CopyOnWriteArrayList<>();
        final AtomicInteger unanswered = new AtomicInteger();
        final AtomicInteger raises = new AtomicInteger();
        final AtomicInteger approved = new AtomicInteger();
        final AtomicInteger approvedAfterALostAnswer = new AtomicInteger();
        final AtomicInteger outOfLearners = new AtomicInteger();

        Load(List<ServiceInstance> instances, List<List<Own>> learners) {
            this.instances = instances;
            this.learners = learners;
        }

        void start() {
            running.set(true);
            for (int c = 0; c < learners.size(); c++) {
                ServiceInstance instance = instances.get(c % instances.size());
                List<Own> own = learners.get(c);
                Thread thread = new Thread(() -> client(instance, own), "bench-client-" + c);
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
            }
        }

        /** Stops the clients once each has finished the change it is on, raise and approval. */
        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(ANSWER_GUARD.multipliedBy(3).toMillis());
                if (thread.isAlive()) {
                    throw new IllegalStateException("B8: " + thread.getName() + " did not stop");
                }
            }
        }

        private void client(ServiceInstance instance, List<Own> own) {
            int next = 0;
            while (running.get()) {
                Own learner = null;
                for (int tried = 0; tried < own.size() && learner == null; tried++) {
                    Own candidate = own.get(next++ % own.size());
                    if (candidate.done < candidate.rounds) {
                        learner = candidate;
                    }
                }
                if (learner == null) {
                    outOfLearners.incrementAndGet();
                    return;
                }
                int round = learner.done++;
                UUID changeId = UUID.randomUUID();
                String raise = f("{\"changeId\":\"%s\",\"type\":\"CHANGE_OF_EMPLOYER\",\"effectiveDate\":\"%s\","
                        + "\"values\":{\"empId\":%d},\"reason\":\"Learner told us of a new employer\",\"evidence\":[\"%s\"]}",
                        changeId, today.minusDays(round), EMPLOYERS[round % 2], evidenceId);
                String path = "/api/providers/" + learner.id.ukprn() + "/learners/" + learner.id.learnRefNumber() + "/changes";
                Optional<Answer> raised = send(instance, "raise", RAISER, path, raise);
                if (raised.isEmpty()) {
                    return;
                }
                if (raised.get().status() != 201) {
                    unexpected.add(f("raise on %s answered %d: %s", learner.id, raised.get().status(), raised.get().body()));
                    learner.done = learner.rounds; // it no longer takes these changes
                    continue;
                }
                raises.incrementAndGet();
                long t = System.nanoTime();
                Optional<Answer> approval = send(instance, "approval", APPROVER, "/api/changes/" + changeId + "/approval",
                        "{\"comment\":\"Letter from the employer\"}");
                if (approval.isEmpty()) {
                    return;
                }
                Answer a = approval.get();
                if (a.status() == 200) {
                    long end = System.nanoTime();
                    approved.incrementAndGet();
                    approvals.add(new double[] {end, (end - t) / 1e6});
                } else if (a.status() == 409 && a.afterALostAnswer() && a.body().contains("was already approved")) {
                    // The attempt whose answer was lost was recorded: acknowledged now, its latency not counted.
                    approved.incrementAndGet();
                    approvedAfterALostAnswer.incrementAndGet();
                } else {
                    unexpected.add(f("approval of %s answered %d: %s", changeId, a.status(), a.body()));
                }
            }
        }

        /**
         * Sends until an answer below 500 comes back (a raise carries its change id, so sending it again
         * records nothing new); counts every answer. Empty when the guard ran out, which is reported.
         */
        private Optional<Answer> send(ServiceInstance instance, String kind, String user, String path, String body) {
            long deadline = System.nanoTime() + ANSWER_GUARD.toNanos();
            boolean lost = false;
            while (System.nanoTime() < deadline) {
                HttpResponse<String> response;
                try {
                    response = http.send(HttpRequest.newBuilder(instance.uri(path)).timeout(Duration.ofSeconds(60))
                            .header("Authorization", authorization(user)).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                } catch (IOException noAnswer) {
                    unanswered.incrementAndGet();
                    lost = true;
                    pause(200);
                    continue;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
                int status = response.statusCode();
                answeredBy.computeIfAbsent(instance.name(), k -> new AtomicInteger()).incrementAndGet();
                answers.computeIfAbsent(kind + " " + status, k -> new AtomicInteger()).incrementAndGet();
                if (status < 500) {
                    return Optional.of(new Answer(status, response.body(), lost));
                }
                serverErrors.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                if (serverErrorAnswers.size() < 20) {
                    serverErrorAnswers.add(f("%s answered %d: %s", kind, status, response.body()));
                }
                lost = true;
                long retryAfter = response.headers().firstValue("Retry-After").map(InstancesBench::seconds).orElse(0L);
                pause(Math.max(200, Math.min(1000, retryAfter * 1000)));
            }
            unexpected.add(f("%s %s: no answer below 500 within %d s", kind, path, ANSWER_GUARD.toSeconds()));
            return Optional.empty();
        }
    }

    /**
     * What the instances' Kafka publisher did with a backlog: the learner events of the store after
     * {@code from} up to {@code head} ({@code stored} of them), published again once every instance held
     * its share of the publisher's segments. Times are seconds from the release (when the instances could
     * claim their segments); a consumer of the topic saw {@code records} records, {@code distinct} event ids.
     */
    record Publication(int instances, long from, long head, int stored, int otherEvents, long records, int distinct,
            int missing, int unknown, double firstRecord, double allPublished, SortedMap<String, Part> byInstance,
            int claiming, List<String> moved, List<String> failures) {

        /** Events per second from the release to the first record of the backlog's last event; NaN if some never came. */
        double rate() {
            return stored / allPublished;
        }

        /** The same from the first record of the backlog to the last: without the claims and the first reads. */
        double firstToLastRate() {
            return stored / (allPublished - firstRecord);
        }

        long duplicates() {
            return records - distinct;
        }

        /** Every event of the backlog published, and nothing else: the distinct event ids are the store's events. */
        boolean exact() {
            return missing == 0 && unknown == 0 && distinct == stored;
        }

        boolean clean() {
            return exact() && failures.isEmpty() && moved.isEmpty();
        }
    }

    /** One instance's part of a publication: the events of the segments it held, and when their first records came. */
    record Part(int events, double first, double last) {
    }

    /**
     * The Kafka publisher's rate on {@code instances}, which hold their shares of the other processors: it is
     * paused on all of them (they stop it at their next look and release its segments, decision 34), its
     * tokens are moved back over the last {@code --instance-backlog} events, and each segment is handed to an
     * instance as its share (the owner Axon's claims give that instance, segment i to instance i mod n) while
     * the bench holds the segments' rows locked; the pause is lifted, and once every instance is waiting for
     * those rows to claim its segments the bench commits: the release. A consumer of the topic, positioned at
     * its end beforehand, notes each event id's first record. So neither the JVMs' start nor the shares'
     * balancing (the first instance to start would claim every segment until the others come) is timed.
     */
    private Publication publish(List<ServiceInstance> instances) throws Exception {
        String processor = KafkaEventPublisher.PROCESSING_GROUP;
        int n = instances.size();
        Map<String, String> owners = owners(instances);
        TokenStore tokens = h.context.getBean(TokenStore.class);
        SegmentShares shares = h.context.getBean(SegmentShares.class);
        try (Consumer consumer = new Consumer(h.context.getBean(KafkaConnection.class))) {
            SegmentShares.Pause pause = shares.pause(List.of(processor));
            boolean paused = true;
            Connection hold = null;
            try {
                awaitPaused(instances, processor);
                long head = h.head();
                long from = Math.max(0, head - h.options.instanceBacklog());
                Map<String, String> window = learnerEvents(from, head);
                int otherEvents = (int) (rows(from, head) - window.size());
                consumer.expect(window.keySet());
                TrackingToken token = GapAwareTrackingToken.newInstance(from, List.of());
                int[] segments = tokens.fetchSegments(processor);
                Arrays.sort(segments);
                Map<Integer, ServiceInstance> assigned = new TreeMap<>();
                for (int i = 0; i < segments.length; i++) {
                    tokens.storeToken(token, processor, segments[i]);
                    tokens.releaseClaim(processor, segments[i]);
                    assigned.put(segments[i], instances.get(i % n));
                }
                hold = h.dataSource.getConnection();
                hold.setAutoCommit(false);
                try (PreparedStatement lock = hold.prepareStatement(
                        "SELECT segment FROM token_entry WHERE processor_name = ? ORDER BY segment FOR UPDATE")) {
                    lock.setString(1, processor);
                    lock.executeQuery().close();
                }
                pause.close();
                paused = false;
                int claiming = awaitClaiming(n, Duration.ofSeconds(60));
                try (PreparedStatement claim = hold.prepareStatement(
                        "UPDATE token_entry SET owner = ?, timestamp = ? WHERE processor_name = ? AND segment = ?")) {
                    String now = DateTimeUtils.formatInstant(Instant.now());
                    for (var segment : assigned.entrySet()) {
                        claim.setString(1, owners.get(segment.getValue().name()));
                        claim.setString(2, now);
                        claim.setString(3, processor);
                        claim.setInt(4, segment.getKey());
                        claim.addBatch();
                    }
                    claim.executeBatch();
                }
                hold.commit();
                long released = System.nanoTime();
                hold.close();
                hold = null;

                List<String> failures = new ArrayList<>();
                Set<String> moved = new TreeSet<>();
                long deadline = released + PUBLICATION_LIMIT.toNanos();
                long lookedAtOwners = 0;
                while (consumer.expectedSeen.get() < window.size() && System.nanoTime() < deadline
                        && consumer.failure == null) {
                    if (System.nanoTime() - lookedAtOwners > 250_000_000L) {
                        lookedAtOwners = System.nanoTime();
                        moved.addAll(moved(processor, assigned, owners));
                        failures.addAll(failures(from));
                        if (!failures.isEmpty()) {
                            break;
                        }
                    }
                    Thread.sleep(20);
                }
                if (consumer.failure != null) {
                    throw consumer.failure;
                }
                if (failures.isEmpty() && consumer.expectedSeen.get() == window.size()) {
                    // The tokens reach the head once the records are acknowledged; a retried batch would come now.
                    caughtUp(List.of(processor), from, head, Duration.ofMinutes(1), failures);
                    consumer.awaitQuiet(Duration.ofSeconds(1), Duration.ofSeconds(10));
                }
                moved.addAll(moved(processor, assigned, owners));
                return publication(n, from, head, window, otherEvents, consumer, released, assigned, segments,
                        claiming, moved, failures);
            } finally {
                if (hold != null) {
                    try {
                        hold.rollback();
                    } finally {
                        hold.close();
                    }
                }
                if (paused) {
                    pause.close();
                }
            }
        }
    }

    /** What the consumer saw, by event id, against the backlog's events; each event counted to its segment's instance. */
    private Publication publication(int n, long from, long head, Map<String, String> window, int otherEvents,
            Consumer consumer, long released, Map<Integer, ServiceInstance> assigned, int[] segmentIds, int claiming,
            Set<String> moved, List<String> failures) {
        Map<String, Long> seen = Map.copyOf(consumer.firstSeen);
        int missing = (int) window.keySet().stream().filter(id -> !seen.containsKey(id)).count();
        int unknown = (int) seen.keySet().stream().filter(id -> !window.containsKey(id)).count();
        double firstRecord = seen.values().stream().mapToLong(Long::longValue).min().stream()
                .mapToDouble(t -> (t - released) / 1e9).findFirst().orElse(Double.NaN);
        double allPublished = missing > 0 ? Double.NaN : window.keySet().stream().mapToLong(seen::get).max().stream()
                .mapToDouble(t -> (t - released) / 1e9).findFirst().orElse(Double.NaN);
        // Axon's segment of an event: its aggregate's identifier, as the default sequencing policy has it.
        Segment[] segments = Segment.computeSegments(segmentIds);
        Map<String, int[]> counts = new TreeMap<>();
        Map<String, long[]> spans = new TreeMap<>();
        for (ServiceInstance instance : assigned.values()) {
            counts.putIfAbsent(instance.name(), new int[1]);
            spans.putIfAbsent(instance.name(), new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
        }
        window.forEach((id, aggregate) -> {
            Long at = seen.get(id);
            if (at == null) {
                return;
            }
            for (Segment segment : segments) {
                if (segment.matches(aggregate)) {
                    String name = assigned.get(segment.getSegmentId()).name();
                    counts.get(name)[0]++;
                    long[] span = spans.get(name);
                    span[0] = Math.min(span[0], at);
                    span[1] = Math.max(span[1], at);
                    break;
                }
            }
        });
        SortedMap<String, Part> parts = new TreeMap<>();
        counts.forEach((name, count) -> {
            long[] span = spans.get(name);
            parts.put(name, count[0] == 0 ? new Part(0, Double.NaN, Double.NaN)
                    : new Part(count[0], (span[0] - released) / 1e9, (span[1] - released) / 1e9));
        });
        return new Publication(n, from, head, window.size(), otherEvents, consumer.records.get(), seen.size(), missing,
                unknown, firstRecord, allPublished, parts, claiming, List.copyOf(moved), List.copyOf(failures));
    }

    /** Axon's owner name of each instance's claims (its token store's node id, {@code pid@host/…}), by instance. */
    private Map<String, String> owners(List<ServiceInstance> instances) throws Exception {
        List<String> all = new ArrayList<>();
        try (Connection c = h.dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT DISTINCT owner FROM token_entry WHERE owner IS NOT NULL ORDER BY owner")) {
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    all.add(rs.getString(1));
                }
            }
        }
        Map<String, String> owners = new TreeMap<>();
        for (ServiceInstance instance : instances) {
            String owner = all.stream().filter(o -> o.startsWith(instance.pid() + "@")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("B8: instance " + instance.name() + " (process "
                            + instance.pid() + ") holds no segment; owners of claims: " + all));
            owners.put(instance.name(), owner);
        }
        return owners;
    }

    /** Waits until every instance has stopped its publisher for the pause (its log says so) and no segment is claimed. */
    private void awaitPaused(List<ServiceInstance> instances, String processor) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            boolean stopped = instances.stream().allMatch(i -> i.logged(processor + ": paused while another instance"));
            if (stopped && owned(processor) == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("B8: the instances did not stop their " + processor + " within 60 s "
                        + "of its pause (" + owned(processor) + " segments still claimed)");
            }
            Thread.sleep(100);
        }
    }

    private int owned(String processor) throws Exception {
        try (Connection c = h.dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM token_entry WHERE processor_name = ? AND owner IS NOT NULL")) {
            s.setString(1, processor);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * Waits until {@code n} sessions of the database wait for a lock to claim a token (each instance's
     * processor, started again, tries its segments one by one and waits at the first, locked by the bench);
     * answers how many there were, fewer if not all came within {@code limit}.
     */
    private int awaitClaiming(int n, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        int waiting = 0;
        while (System.nanoTime() < deadline) {
            try (Connection c = h.dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                    SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
                      AND query ILIKE '%token_entry%' AND query ILIKE '%for update%'""");
                    ResultSet rs = s.executeQuery()) {
                rs.next();
                waiting = rs.getInt(1);
            }
            if (waiting >= n) {
                return waiting;
            }
            Thread.sleep(50);
        }
        return waiting;
    }

    /** The segments of {@code processor} not (or no longer) held by the instance they were handed to. */
    private List<String> moved(String processor, Map<Integer, ServiceInstance> assigned, Map<String, String> owners)
            throws Exception {
        List<String> moved = new ArrayList<>();
        try (Connection c = h.dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT segment, owner FROM token_entry WHERE processor_name = ?")) {
            s.setString(1, processor);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ServiceInstance instance = assigned.get(rs.getInt(1));
                    String owner = rs.getString(2);
                    if (instance == null || !owners.get(instance.name()).equals(owner)) {
                        String holder = owners.entrySet().stream().filter(e -> e.getValue().equals(owner))
                                .map(Map.Entry::getKey).findFirst().orElse(owner == null ? "none" : owner);
                        moved.add(f("segment %d held by %s", rs.getInt(1), holder));
                    }
                }
            }
        }
        return moved;
    }

    /** The learner events (what the publisher publishes) after {@code after} up to {@code upTo}: event id to learner. */
    private Map<String, String> learnerEvents(long after, long upTo) throws Exception {
        Map<String, String> events = new HashMap<>();
        try (Connection c = h.dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT event_identifier, aggregate_identifier FROM domain_event_entry "
                        + "WHERE global_index > ? AND global_index <= ? AND type = 'Learner'")) {
            s.setLong(1, after);
            s.setLong(2, upTo);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    events.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return events;
    }

    /** A consumer of the topic from its end as constructed: each event id's first record, by the {@code event-id} header. */
    private static final class Consumer implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;
        /** When (nanoTime) the first record of each event id came. */
        final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
        final AtomicLong records = new AtomicLong();
        final AtomicLong lastRecord = new AtomicLong(System.nanoTime());
        /** Event ids of {@link #expect}'s set seen so far. */
        final AtomicInteger expectedSeen = new AtomicInteger();
        private volatile Set<String> expected = Set.of();
        volatile RuntimeException failure;

        Consumer(KafkaConnection kafka) {
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000),
                    new StringDeserializer(), new ByteArrayDeserializer());
            try {
                List<PartitionInfo> info = consumer.partitionsFor(kafka.topic(), Duration.ofSeconds(30));
                if (info == null || info.isEmpty()) {
                    throw new IllegalStateException("B8: the topic " + kafka.topic() + " has no partitions");
                }
                List<TopicPartition> partitions = info.stream().map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                // The end now, not at the first poll.
                partitions.forEach(consumer::position);
            } catch (RuntimeException e) {
                consumer.close();
                throw e;
            }
            thread = new Thread(this::poll, "bench-b8-consumer");
            thread.setDaemon(true);
            thread.start();
        }

        /** The event ids to count as they come: set before any of them can be published. */
        void expect(Set<String> ids) {
            expected = Set.copyOf(ids);
        }

        private void poll() {
            try {
                while (running.get()) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                        long now = System.nanoTime();
                        Header header = record.headers().lastHeader("event-id");
                        String id = header == null ? "(no event-id)" : new String(header.value(), StandardCharsets.UTF_8);
                        records.incrementAndGet();
                        lastRecord.set(now);
                        if (firstSeen.putIfAbsent(id, now) == null && expected.contains(id)) {
                            expectedSeen.incrementAndGet();
                        }
                    }
                }
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                consumer.close();
            }
        }

        /** Waits until no record has come for {@code quiet}, or {@code limit}. */
        void awaitQuiet(Duration quiet, Duration limit) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            while (System.nanoTime() - lastRecord.get() < quiet.toNanos() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }
    }

    /** An answer, and whether an attempt before it got none or a 5xx (that attempt may have been recorded). */
    record Answer(int status, String body, boolean afterALostAnswer) {
    }

    private static long seconds(String retryAfter) {
        try {
            return Long.parseLong(retryAfter.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
