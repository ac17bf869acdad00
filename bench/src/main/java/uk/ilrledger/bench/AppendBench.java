package uk.ilrledger.bench;

import static uk.ilrledger.bench.Stats.f;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.gateway.CommandGateway;
import uk.ilrledger.command.chain.EventHash;
import uk.ilrledger.command.chain.LinkScheme;
import uk.ilrledger.command.learner.ChangeRules;
import uk.ilrledger.schemas.learner.ChangeApproved;
import uk.ilrledger.schemas.learner.ChangeProposal;
import uk.ilrledger.schemas.learner.LearnerCommand;
import uk.ilrledger.schemas.learner.LearnerWithdrawn;
import uk.ilrledger.schemas.values.LearnerId;

/**
 * B1 append: approvals through the command bus from concurrent clients, over plain JDBC inserts of
 * the rows one approval writes in its transaction (the ChangeApproved and LearnerWithdrawn event
 * rows and their two hash-chain rows), one transaction per change on as many connections.
 */
final class AppendBench {

    /** A change raised (not yet approved) on a learner registered through the bus. */
    record Raised(LearnerId learner, UUID changeId) {
    }

    static final String APPROVER = "bench-approver";
    private final Bench.Harness h;

    AppendBench(Bench.Harness harness) {
        this.h = harness;
    }

    Bench.Result run() throws Exception {
        int changes = h.options.changes();
        int clients = h.options.clients();
        h.out.printf("B1: registering %,d learners and raising a withdrawal for each through the command bus%n",
                changes + h.options.lagChanges());
        List<Raised> raised = setUp(changes + h.options.lagChanges());
        KafkaBench.LAG_CHANGES.clear();
        KafkaBench.LAG_CHANGES.addAll(raised.subList(changes, raised.size()));
        List<Raised> timed = raised.subList(0, changes);
        h.awaitCaughtUp(Duration.ofMinutes(10));

        CommandGateway bus = h.context.getBean(CommandGateway.class);
        double[] latencies = new double[changes];
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        parallel(clients, () -> {
            int i;
            while ((i = next.getAndIncrement()) < changes) {
                Raised r = timed.get(i);
                long t = System.nanoTime();
                bus.sendAndWait(new LearnerCommand.ApproveChange(r.learner(), r.changeId(), APPROVER, "Email checked"));
                latencies[i] = (System.nanoTime() - t) / 1e6;
            }
        });
        double systemSeconds = (System.nanoTime() - start) / 1e9;
        double systemRate = changes / systemSeconds;
        double catchUp = h.awaitCaughtUp(Duration.ofMinutes(10));
        h.out.printf("B1 system: %,d approvals in %.1f s = %.0f/s (p50 %.1f ms, p99 %.1f ms); projections caught up %.1f s later%n",
                changes, systemSeconds, systemRate, Stats.percentile(latencies, 50), Stats.percentile(latencies, 99), catchUp);

        // The ceilings write into the same tables; the processors pause so they never read those rows,
        // and the rows go again afterwards with the sequence put back, leaving no gap behind.
        h.pauseProcessors();
        double perChange;
        double batched;
        try {
            List<StoreLoader.Row[]> rows = ceilingRows(changes);
            long head = h.head();
            perChange = insert(rows, clients, 1, head);
            batched = insert(rows, clients, 100, head);
        } finally {
            h.startProcessors();
        }
        h.out.printf("B1 ceiling: plain JDBC, one transaction per change on %d connections %.0f/s; batched 100 per transaction %.0f/s%n",
                clients, perChange, batched);
        double ratio = systemRate / perChange;
        return new Bench.Result("B1", "append: approved changes/s, " + clients + " clients through the command bus",
                f("%,.0f changes/s (p50 %.1f ms, p99 %.1f ms)", systemRate, Stats.percentile(latencies, 50),
                        Stats.percentile(latencies, 99)),
                f("%,.0f changes/s JDBC, 1 tx/change on %d connections (batched: %,.0f/s)", perChange, clients, batched),
                ratio, "≥ 0.5", ratio >= 0.5,
                f("%,d approvals, each ChangeApproved + LearnerWithdrawn with two hash-chain rows", changes));
    }

    /** Registers {@code count} learners of the command provider and raises a withdrawal for each. */
    List<Raised> setUp(int count) throws Exception {
        CommandGateway bus = h.context.getBean(CommandGateway.class);
        ProviderGenerator generator = new ProviderGenerator(h.options.seed(), h.context.getBean(ChangeRules.class));
        LocalDate today = h.today();
        LocalDate start = today.minusDays(60);
        List<Raised> raised = new ArrayList<>(java.util.Collections.nCopies(count, null));
        AtomicInteger next = new AtomicInteger();
        parallel(h.options.clients(), () -> {
            int i;
            while ((i = next.getAndIncrement()) < count) {
                LearnerId learner = LearnerId.of(Bench.Harness.COMMAND_PROVIDER, ProviderGenerator.learnRefNumber(i + 1));
                bus.sendAndWait(new LearnerCommand.RegisterLearner(learner,
                        generator.apprentice(Bench.Harness.COMMAND_PROVIDER, i + 1, start), "bench-admin"));
                UUID changeId = UUID.randomUUID();
                LocalDate left = today.minusDays(1);
                bus.sendAndWait(new LearnerCommand.RaiseChange(learner, changeId,
                        new ChangeProposal.Withdrawal(left, 97), List.of(), left,
                        "Learner emailed to say they have left", List.of(), "bench-raiser"));
                raised.set(i, new Raised(learner, changeId));
            }
        });
        return raised;
    }

    /** For each change, the two event rows and two chain rows an approval writes, for learners of their own. */
    private List<StoreLoader.Row[]> ceilingRows(int count) {
        StoreLoader loader = h.loader();
        List<StoreLoader.Row[]> rows = new ArrayList<>(count);
        LocalDate left = h.today().minusDays(1);
        for (int i = 0; i < count; i++) {
            LearnerId learner = LearnerId.of(Bench.Harness.CEILING_PROVIDER, ProviderGenerator.learnRefNumber(i + 1));
            UUID changeId = UUID.randomUUID();
            Instant now = Instant.now();
            StoreLoader.Row approved = loader.row(new ChangeApproved(learner, changeId, APPROVER, "Email checked"),
                    UUID.randomUUID().toString(), 2, now, EventHash.GENESIS, changeId, left, changeId.toString());
            StoreLoader.Row withdrawn = loader.row(new LearnerWithdrawn(learner, changeId,
                            List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString()), left, 97,
                            "Learner emailed to say they have left", List.of(), "bench-raiser", APPROVER),
                    UUID.randomUUID().toString(), 3, now, approved.hash(), changeId, left, changeId.toString());
            rows.add(new StoreLoader.Row[] {approved, withdrawn});
        }
        return rows;
    }

    /**
     * Inserts every change's rows from {@code clients} connections, {@code perTransaction} changes per
     * commit; answers changes per second. The rows are deleted afterwards and the sequence reset.
     */
    private double insert(List<StoreLoader.Row[]> rows, int clients, int perTransaction, long head) throws Exception {
        String keyId = h.loader().keyId();
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        parallel(clients, () -> {
            try (Connection c = h.dataSource.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement event = c.prepareStatement("INSERT INTO domain_event_entry (event_identifier, "
                        + "meta_data, payload, payload_revision, payload_type, time_stamp, aggregate_identifier, "
                        + "sequence_number, type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
                        PreparedStatement chain = c.prepareStatement("INSERT INTO learner_event_chain "
                                + "(event_identifier, aggregate_identifier, sequence_number, previous_hash, hash, "
                                + "scheme, key_id) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    int first;
                    while ((first = next.getAndAdd(perTransaction)) < rows.size()) {
                        int last = Math.min(rows.size(), first + perTransaction);
                        for (int i = first; i < last; i++) {
                            for (StoreLoader.Row r : rows.get(i)) {
                                event.setString(1, r.eventId());
                                event.setBytes(2, r.metaData());
                                event.setBytes(3, r.payload());
                                event.setString(4, r.revision());
                                event.setString(5, r.payloadType());
                                event.setString(6, r.timestamp());
                                event.setString(7, r.aggregateId());
                                event.setLong(8, r.sequence());
                                event.setString(9, "Learner");
                                chain.setString(1, r.eventId());
                                chain.setString(2, r.aggregateId());
                                chain.setLong(3, r.sequence());
                                chain.setString(4, r.previousHash());
                                chain.setString(5, r.hash());
                                chain.setString(6, LinkScheme.HMAC_SHA256.column());
                                chain.setString(7, keyId);
                                if (perTransaction == 1) {
                                    event.executeUpdate();
                                    chain.executeUpdate();
                                } else {
                                    event.addBatch();
                                    chain.addBatch();
                                }
                            }
                        }
                        if (perTransaction > 1) {
                            event.executeBatch();
                            chain.executeBatch();
                        }
                        c.commit();
                    }
                }
            }
        });
        double rate = rows.size() / ((System.nanoTime() - start) / 1e9);
        try (Connection c = h.dataSource.getConnection(); Statement s = c.createStatement();
                PreparedStatement chain = c.prepareStatement("DELETE FROM learner_event_chain WHERE event_identifier = ANY(?)")) {
            chain.setArray(1, c.createArrayOf("varchar",
                    rows.stream().flatMap(java.util.Arrays::stream).map(StoreLoader.Row::eventId).toArray()));
            chain.executeUpdate();
            s.execute("DELETE FROM domain_event_entry WHERE global_index > " + head);
            s.execute("SELECT setval(pg_get_serial_sequence('domain_event_entry', 'global_index'), " + head + ")");
        }
        return rate;
    }

    interface Work {
        void run() throws Exception;
    }

    static void parallel(int threads, Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    work.run();
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
