package uk.ilrledger.projections.rebuild;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import uk.ilrledger.projections.BatchedProjection;
import uk.ilrledger.projections.RowInserts;
import uk.ilrledger.projections.StoredEvent;
import uk.ilrledger.projections.TaskFailures;
import uk.ilrledger.projections.changequeue.ChangeQueueProjection;
import uk.ilrledger.projections.currentilr.CurrentIlrProjection;
import uk.ilrledger.projections.eventlog.LearnerEventLog;
import uk.ilrledger.projections.history.LearnerHistoryProjection;
import uk.ilrledger.projections.processors.ProcessorFailures;
import uk.ilrledger.projections.returns.SubmissionsProjection;
import uk.ilrledger.schemas.learner.LearnerErased;

/**
 * Rebuilds projections from the event store while the service keeps answering from the old tables.
 * The projections' own migrations create their tables in a scratch schema; one read of the store feeds
 * every projection being rebuilt, batch by batch, each batch in one transaction in which each projection
 * applies the events its handlers take with its own batched code (run with that schema first on the
 * search path); then, with the live processors paused, the last events are caught up and, in one
 * transaction, the new tables replace the old and each processor's token moves to where the rebuild
 * stopped.
 */
@Component
public class ProjectionRebuilder {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuilder.class);

    /**
     * A projection that can be rebuilt: its processing group, handler, tables and migration folder, the
     * secondary indexes its handlers read by (the others are made once the tables are full), the keys
     * and unique constraints that a rebuild need not keep up row by row, added once the tables are full,
     * and the indexes only an erasure reads by, made when the rebuild meets its first erasure (most
     * stores have none until late, if at all) or else once the tables are full.
     */
    record Projection(String name, String folder, BatchedProjection handler, List<String> tables, Set<String> readBy,
            Set<String> deferredConstraints, Set<String> erasureIndexes) {

        Projection(String name, String folder, BatchedProjection handler, List<String> tables, Set<String> readBy) {
            this(name, folder, handler, tables, readBy, Set.of(), Set.of());
        }

        String migrations() {
            return "classpath*:db/migration/projections/" + folder + "/*.sql";
        }
    }

    /** Events per transaction: each projection writes a batch with a few statements. */
    private static final int BATCH = 2_000;

    /** Batches read ahead of the slowest target: one being applied, one waiting, one being decoded. */
    private static final int AHEAD = 3;

    private final Map<String, Projection> projections;
    private final EventStore eventStore;
    private final EventProcessingConfiguration processing;
    private final TokenStore tokenStore;
    private final JdbcClient jdbc;
    private final JdbcTemplate scripts;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ProcessorFailures failures;
    private final ObjectProvider<BeforeDecoding> beforeDecoding;
    private final Map<String, ReplayProgress> progress = new ConcurrentHashMap<>();

    public ProjectionRebuilder(CurrentIlrProjection currentIlr, LearnerHistoryProjection history,
            ChangeQueueProjection queue, LearnerEventLog eventLog, SubmissionsProjection submissions,
            EventStore eventStore, EventProcessingConfiguration processing, TokenStore tokenStore, JdbcClient jdbc,
            JdbcTemplate scripts, TransactionTemplate transactions, Clock clock, ProcessorFailures failures,
            ObjectProvider<BeforeDecoding> beforeDecoding) {
        this.failures = failures;
        this.beforeDecoding = beforeDecoding;
        this.scripts = scripts;
        this.projections = Map.of(
                CurrentIlrProjection.PROCESSING_GROUP, new Projection(CurrentIlrProjection.PROCESSING_GROUP, "current-ilr", currentIlr,
                        List.of("current_ilr_learner"), Set.of()),
                // An erasure finds the learner's rows by their learner index.
                LearnerHistoryProjection.PROCESSING_GROUP, new Projection(LearnerHistoryProjection.PROCESSING_GROUP,
                        "learner-history", history, List.of("learner_history_entry", "learner_history_state"),
                        Set.of(), Set.of(), Set.of("learner_history_entry_learner")),
                ChangeQueueProjection.PROCESSING_GROUP, new Projection(ChangeQueueProjection.PROCESSING_GROUP, "change-queue", queue,
                        List.of("change_request", "learner_qa"), Set.of()),
                // A decision finds its change's effective date by the change index, an erasure its learner's rows by
                // the learner index. Nothing a rebuild does reads by the key or the event's identifier, and its
                // COPY never meets a conflict: keeping both up cost a third of the event log's COPY, and keeping
                // the learner index up before an erasure needs it almost doubled it (learners' events interleave).
                LearnerEventLog.PROCESSING_GROUP, new Projection(LearnerEventLog.PROCESSING_GROUP, "event-log", eventLog,
                        List.of("learner_event_log"), Set.of("learner_event_log_change"),
                        Set.of("learner_event_log_pkey", "learner_event_log_event_identifier_key"),
                        Set.of("learner_event_log_learner")),
                SubmissionsProjection.PROCESSING_GROUP, new Projection(SubmissionsProjection.PROCESSING_GROUP, "returns", submissions,
                        List.of("return_submission", "returned_aim"), Set.of()));
        this.eventStore = eventStore;
        this.processing = processing;
        this.tokenStore = tokenStore;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    public List<String> names() {
        return projections.keySet().stream().sorted().toList();
    }

    public List<ReplayProgress> progress() {
        return progress.values().stream().sorted(Comparator.comparing(ReplayProgress::projection)).toList();
    }

    /** Rebuilds the projection named by its processing group, reporting progress to {@code listener}. */
    public ReplayProgress rebuild(String name, Consumer<ReplayProgress> listener) {
        return rebuild(List.of(name), listener).get(0);
    }

    /**
     * Rebuilds the projections named by their processing groups from one read of the store, reporting
     * each one's progress to {@code listener}; answers their final progress, in the order named.
     */
    public List<ReplayProgress> rebuild(List<String> names, Consumer<ReplayProgress> listener) {
        List<Projection> chosen = names.stream().distinct().map(name -> {
            Projection projection = projections.get(name);
            if (projection == null) {
                throw uk.ilrledger.schemas.problems.DomainProblem.notFound("projection",
                        "no projection '" + name + "'; there are " + names());
            }
            return projection;
        }).toList();
        Instant started = clock.instant();
        long total = jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single();
        String scratch = chosen.size() == 1 ? "rebuild_" + chosen.get(0).name().replace('-', '_') : "rebuild_together";
        Consumer<ReplayProgress> report = p -> {
            progress.put(p.projection(), p);
            listener.accept(p);
        };
        chosen.forEach(p -> report.accept(new ReplayProgress(p.name(), ReplayProgress.State.BUILDING, 0, total, 0, null,
                started, null, null)));
        try {
            createScratchTables(chosen, scratch);
            Map<String, String> made = new HashMap<>();
            List<String> deferred = deferIndexes(chosen, scratch, made);
            List<Target> targets = chosen.stream()
                    .map(p -> new Target(p, new AnnotationEventHandlerAdapter(p.handler()), p.handler().rebuilding(),
                            p.erasureIndexes().stream().map(made::get).filter(Objects::nonNull).toList()))
                    .toList();
            long[] done = {0};
            TrackingToken last;
            try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(null)) {
                last = apply(stream, targets, scratch, null, batch -> {
                    done[0] += batch;
                    chosen.forEach(p -> report.accept(running(p.name(), ReplayProgress.State.BUILDING, done[0], total, started)));
                });
                chosen.forEach(p -> report.accept(running(p.name(), ReplayProgress.State.SWAPPING, done[0], total, started)));
                deferred.forEach(index -> jdbc.sql(index).update());
                List<TrackingEventProcessor> live = chosen.stream().map(p ->
                        processing.eventProcessor(p.name(), TrackingEventProcessor.class).orElseThrow()).toList();
                live.forEach(TrackingEventProcessor::shutDown);
                try {
                    last = apply(stream, targets, scratch, last, batch -> done[0] += batch);
                    swap(chosen, scratch, last);
                } finally {
                    live.forEach(TrackingEventProcessor::start);
                }
            }
            Instant finishedAt = clock.instant();
            List<ReplayProgress> finished = chosen.stream().map(p -> new ReplayProgress(p.name(), ReplayProgress.State.DONE,
                    done[0], Math.max(total, done[0]), rate(done[0], started), 0L, started, finishedAt, null)).toList();
            finished.forEach(report);
            return finished;
        } catch (RuntimeException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.error("rebuild of {} failed; the live tables are untouched", names, e);
            jdbc.sql("DROP SCHEMA IF EXISTS " + scratch + " CASCADE").update();
            Instant failedAt = clock.instant();
            chosen.forEach(p -> report.accept(new ReplayProgress(p.name(), ReplayProgress.State.FAILED, 0, total, 0, null,
                    started, failedAt, e.toString())));
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
    }

    /** A projection being rebuilt, with its handlers' adapter, which says which events they take; equal only to itself. */
    private static final class Target {
        private final Projection projection;
        private final AnnotationEventHandlerAdapter handlers;
        private final BatchedProjection applier;
        private final Map<Class<?>, Boolean> takes = new ConcurrentHashMap<>();
        /** The statements making the indexes an erasure reads by, until they are made; only its thread reads it. */
        private List<String> erasureIndexes;

        Target(Projection projection, AnnotationEventHandlerAdapter handlers, BatchedProjection applier,
                List<String> erasureIndexes) {
            this.projection = projection;
            this.handlers = handlers;
            this.applier = applier;
            this.erasureIndexes = erasureIndexes;
        }

        Projection projection() {
            return projection;
        }

        BatchedProjection applier() {
            return applier;
        }

        /**
         * Whether its handlers take the event: asked of Axon once per payload type, as the projections' handlers
         * choose by payload type alone (each takes the event and its domain event message, which every stored
         * event is).
         */
        boolean takes(TrackedEventMessage<?> message) {
            return takes.computeIfAbsent(message.getPayloadType(), type -> handlers.canHandle(message));
        }
    }

    private void createScratchTables(List<Projection> chosen, String scratch) {
        jdbc.sql("DROP SCHEMA IF EXISTS " + scratch + " CASCADE").update();
        jdbc.sql("CREATE SCHEMA " + scratch).update();
        for (Projection projection : chosen) {
            Resource[] files;
            try {
                files = new PathMatchingResourcePatternResolver().getResources(projection.migrations());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Arrays.sort(files, Comparator.comparing(Resource::getFilename));
            for (Resource script : files) {
                String sql;
                try (InputStream in = script.getInputStream()) {
                    sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                transactions.executeWithoutResult(tx -> {
                    jdbc.sql("SET LOCAL search_path TO " + scratch).update();
                    scripts.execute(sql); // a migration may hold several statements
                });
            }
        }
    }

    /**
     * Drops the scratch tables' secondary indexes that no handler reads by, and answers the statements that
     * make them again: made once over the full tables, rather than kept up row by row. Indexes behind a
     * constraint (keys, unique columns) stay, as the handlers rely on them, but for those a projection names
     * as deferred: they are dropped too, and added again, checked, over the full tables. Each index's
     * statement is put in {@code made} by name, and makes it only where it is not made already (an index an
     * erasure reads by may be).
     */
    private List<String> deferIndexes(List<Projection> chosen, String scratch, Map<String, String> made) {
        Set<String> readBy = new HashSet<>();
        chosen.forEach(p -> readBy.addAll(p.readBy()));
        List<Map.Entry<String, String>> indexes = jdbc.sql("""
                        SELECT c.relname, pg_get_indexdef(i.indexrelid)
                        FROM pg_index i
                        JOIN pg_class c ON c.oid = i.indexrelid
                        JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE n.nspname = ? AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
                        ORDER BY c.relname""")
                .param(scratch)
                .query((rs, row) -> Map.entry(rs.getString(1), rs.getString(2)))
                .list();
        List<String> deferred = new ArrayList<>();
        for (Map.Entry<String, String> index : indexes) {
            if (!readBy.contains(index.getKey())) {
                jdbc.sql("DROP INDEX " + scratch + "." + index.getKey()).update();
                String statement = index.getValue().replaceFirst("^CREATE (UNIQUE )?INDEX ", "CREATE $1INDEX IF NOT EXISTS ");
                made.put(index.getKey(), statement);
                deferred.add(statement);
            }
        }
        Set<String> constraints = new HashSet<>();
        chosen.forEach(p -> constraints.addAll(p.deferredConstraints()));
        List<String[]> keys = jdbc.sql("""
                        SELECT t.relname, k.conname, pg_get_constraintdef(k.oid)
                        FROM pg_constraint k
                        JOIN pg_class t ON t.oid = k.conrelid
                        JOIN pg_namespace n ON n.oid = t.relnamespace
                        WHERE n.nspname = ? AND k.contype IN ('p', 'u')
                        ORDER BY k.conname""")
                .param(scratch)
                .query((rs, row) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
                .list();
        for (String[] key : keys) {
            if (constraints.contains(key[1])) {
                String table = scratch + "." + key[0];
                jdbc.sql("ALTER TABLE " + table + " DROP CONSTRAINT " + key[1]).update();
                deferred.add("ALTER TABLE " + table + " ADD CONSTRAINT " + key[1] + " " + key[2]);
            }
        }
        return deferred;
    }

    /**
     * Reads the stream in batches until no further event is available, and applies each batch to every
     * target; answers the last token seen. Each target is handed the events its handlers take, less those
     * an ADMIN let its live processor pass over, with their store positions, read once per batch.
     *
     * <p>Three stages overlap, each keeping store order: this thread reads; a decoding thread reads the
     * batch's learners' keys, decodes its events and hands each target its share; each target applies its
     * shares on a thread of its own, in a transaction of its own per batch, with the scratch schema first on
     * the search path. Targets write disjoint tables, so they need not wait for each other, and while they
     * wait on the database the next batches are read and decoded. At most {@link #AHEAD} batches are read
     * ahead of the slowest target. Progress counts a batch once every target has applied it; a failure
     * anywhere fails the rebuild, after every stage has stopped writing.
     */
    private TrackingToken apply(BlockingStream<TrackedEventMessage<?>> stream, List<Target> targets, String scratch,
            TrackingToken from, Consumer<Integer> progressed) throws InterruptedException {
        TrackingToken last = from;
        ExecutorService decoder = Executors.newSingleThreadExecutor(named("rebuild-decoding"));
        Map<Target, ExecutorService> workers = new LinkedHashMap<>();
        targets.forEach(target -> workers.put(target, Executors.newSingleThreadExecutor(
                named("rebuild-" + target.projection().name()))));
        Deque<Future<Applied>> inFlight = new ArrayDeque<>();
        try {
            while (stream.hasNextAvailable(200, TimeUnit.MILLISECONDS)) {
                TrackingToken before = last;
                List<TrackedEventMessage<?>> batch = new ArrayList<>();
                while (batch.size() < BATCH && stream.hasNextAvailable()) {
                    TrackedEventMessage<?> next = stream.nextAvailable();
                    // Each message's token covers every event handed over before it: one it covers already was
                    // applied (the stream may hand an event over again as it moves between reading the store
                    // and its shared cache while others append). Applied twice, it would break the rebuilt keys.
                    if (last != null && last.covers(next.trackingToken())) {
                        continue;
                    }
                    batch.add(next);
                    last = next.trackingToken();
                }
                if (batch.isEmpty()) {
                    continue;
                }
                inFlight.addLast(decoder.submit(() -> handOver(batch, before, workers, scratch)));
                while (inFlight.size() > AHEAD) {
                    progressed.accept(done(inFlight.removeFirst()).await());
                }
            }
            while (!inFlight.isEmpty()) {
                progressed.accept(done(inFlight.removeFirst()).await());
            }
            // What the targets kept back from their batches is written before the indexes are made or the swap.
            List<Future<?>> finishing = new ArrayList<>();
            workers.forEach((target, worker) -> finishing.add(worker.submit(() -> inScratch(scratch,
                    () -> target.applier().finish(), "rebuild of " + target.projection().name() + " failed finishing"))));
            new Applied(0, finishing).await();
        } finally {
            // A stage still at work when the rebuild gives up is let finish its batch before the scratch schema is
            // dropped; its transaction is then rolled back, or its rows dropped with the schema.
            stop(decoder);
            workers.values().forEach(this::stop);
        }
        return last;
    }

    /**
     * On the decoding thread: the batch's learners' keys read with one query, its events decoded, and each
     * target's share handed to the target's thread.
     */
    private Applied handOver(List<TrackedEventMessage<?>> batch, TrackingToken before, Map<Target, ExecutorService> workers,
            String scratch) {
        beforeDecoding.orderedStream().forEach(ready -> ready.batch(batch));
        Map<String, Long> positions = positions(batch, before);
        List<Future<?>> applying = new ArrayList<>();
        workers.forEach((target, worker) -> {
            List<StoredEvent> events = eventsFor(target, batch, positions);
            if (!events.isEmpty()) {
                applying.add(worker.submit(() -> applyInScratch(target, events, scratch)));
            }
        });
        return new Applied(batch.size(), applying);
    }

    /** The stage's result, or what it failed with. */
    private static <T> T done(Future<T> stage) throws InterruptedException {
        try {
            return stage.get();
        } catch (ExecutionException e) {
            throw TaskFailures.unwrapped(e, "a stage of the rebuild failed");
        }
    }

    private static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private void stop(ExecutorService stage) {
        stage.shutdownNow();
        try {
            if (!stage.awaitTermination(5, TimeUnit.MINUTES)) {
                log.warn("a rebuild stage did not stop within 5 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A batch handed to the targets: its size, and each target's application of it. */
    private record Applied(int size, List<Future<?>> applying) {
        int await() throws InterruptedException {
            for (Future<?> target : applying) {
                done(target);
            }
            return size;
        }
    }

    /**
     * The batch's events the target's handlers take, less those an ADMIN let its live processor pass over,
     * decoded here, on the decoding thread, so that the targets' threads share decoded payloads only.
     */
    private List<StoredEvent> eventsFor(Target target, List<TrackedEventMessage<?>> batch, Map<String, Long> positions) {
        String name = target.projection().name();
        List<StoredEvent> events = new ArrayList<>();
        for (TrackedEventMessage<?> message : batch) {
            if (target.takes(message) && !failures.isResolved(name, message.getIdentifier())) {
                try {
                    message.getPayload();
                } catch (RuntimeException e) {
                    throw new IllegalStateException("rebuild failed at event " + message.getIdentifier(), e);
                }
                events.add(new StoredEvent(message, positions.get(message.getIdentifier())));
            }
        }
        return events;
    }

    /**
     * One target's events of a batch, applied in one transaction of its own on the scratch tables; the
     * indexes an erasure reads by are made first if the batch holds the first erasure.
     */
    private void applyInScratch(Target target, List<StoredEvent> events, String scratch) {
        inScratch(scratch, () -> {
            if (!target.erasureIndexes.isEmpty() && events.stream().anyMatch(e -> e.payload() instanceof LearnerErased)) {
                target.erasureIndexes.forEach(index -> jdbc.sql(index).update());
                target.erasureIndexes = List.of();
            }
            target.applier().apply(events);
        }, "rebuild of " + target.projection().name()
                + " failed in the events from " + events.get(0).identifier() + " to " + events.get(events.size() - 1).identifier());
    }

    /** The work, in a transaction of its own with the scratch schema first on the search path. */
    private void inScratch(String scratch, Runnable work, String failure) {
        transactions.executeWithoutResult(tx -> {
            // Only scratch tables are written, and a rebuild cut short is dropped and started again: a batch
            // need not wait for its commit to reach the disk (the swap's transaction does, as every other).
            // Every statement is planned for its own parameters: a pooled connection keeps its prepared
            // statements, and a generic plan made while a scratch table was nearly empty would scan the
            // whole table for ever after (the history's lookup of changes by id took 46 s of a 60 s
            // rebuild run after another).
            jdbc.sql("SELECT set_config('search_path', ?, true), set_config('synchronous_commit', 'off', true), "
                    + "set_config('plan_cache_mode', 'force_custom_plan', true)")
                    .param(scratch + ", public")
                    .query((rs, row) -> row)
                    .list();
            try {
                // New rows of the scratch tables go in with COPY.
                RowInserts.copying(() -> {
                    work.run();
                    return null;
                });
            } catch (RuntimeException e) {
                throw new IllegalStateException(failure, e);
            }
        });
    }

    /**
     * The events' own positions in the store, by identifier: the JDBC store's tracking token of an event is
     * its {@code global_index} when it moved past the token before; the others are looked up, with one query.
     */
    private Map<String, Long> positions(List<TrackedEventMessage<?>> batch, TrackingToken before) {
        Map<String, Long> positions = tokenPositions(batch, before);
        List<String> unknown = batch.stream().map(TrackedEventMessage::getIdentifier)
                .filter(id -> !positions.containsKey(id)).toList();
        if (!unknown.isEmpty()) {
            jdbc.sql("SELECT event_identifier, global_index FROM domain_event_entry WHERE event_identifier = ANY (?)")
                    .param(unknown.toArray(String[]::new))
                    .query(rs -> {
                        positions.put(rs.getString(1), rs.getLong(2));
                    });
        }
        return positions;
    }

    /**
     * The positions the batch's tokens tell, by event identifier. A token's position is the highest index
     * read so far: it is the event's own only when it moved past the one before ({@code before}, then
     * each in turn). An event filling a gap (appended by a transaction that committed after a later one)
     * leaves it where it was, and is left out, to be looked up.
     */
    static Map<String, Long> tokenPositions(List<? extends TrackedEventMessage<?>> batch, TrackingToken before) {
        Map<String, Long> positions = new HashMap<>();
        long previous = before == null ? -1 : before.position().orElse(Long.MAX_VALUE);
        for (TrackedEventMessage<?> message : batch) {
            OptionalLong position = message.trackingToken() == null ? OptionalLong.empty()
                    : message.trackingToken().position();
            if (position.isPresent() && position.getAsLong() > previous) {
                positions.put(message.getIdentifier(), position.getAsLong());
                previous = position.getAsLong();
            }
        }
        return positions;
    }

    /** In one transaction: the new tables replace the old, and each live processor continues from the rebuild's token. */
    private void swap(List<Projection> chosen, String scratch, TrackingToken last) {
        String retired = scratch + "_retired";
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("DROP SCHEMA IF EXISTS " + retired + " CASCADE").update();
            jdbc.sql("CREATE SCHEMA " + retired).update();
            for (Projection projection : chosen) {
                for (String table : projection.tables()) {
                    jdbc.sql("ALTER TABLE public." + table + " SET SCHEMA " + retired).update();
                    jdbc.sql("ALTER TABLE " + scratch + "." + table + " SET SCHEMA public").update();
                }
                if (last != null) {
                    // Every segment continues from there (a segment another instance holds refuses, and the swap rolls back).
                    int[] segments = tokenStore.fetchSegments(projection.name());
                    for (int segment : segments.length == 0 ? new int[] {0} : segments) {
                        tokenStore.storeToken(last, projection.name(), segment);
                    }
                }
            }
            jdbc.sql("DROP SCHEMA " + scratch + " CASCADE").update();
            jdbc.sql("DROP SCHEMA " + retired + " CASCADE").update();
        });
    }

    private ReplayProgress running(String name, ReplayProgress.State state, long done, long total, Instant started) {
        double rate = rate(done, started);
        Long left = rate > 0 ? (long) Math.ceil(Math.max(0, total - done) / rate) : null;
        return new ReplayProgress(name, state, done, total, rate, left, started, null, null);
    }

    private double rate(long done, Instant started) {
        double seconds = Math.max(0.001, Duration.between(started, clock.instant()).toMillis() / 1000.0);
        return Math.round(done / seconds * 10) / 10.0;
    }
}
