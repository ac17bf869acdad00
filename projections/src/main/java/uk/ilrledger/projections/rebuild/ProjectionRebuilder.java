package uk.ilrledger.projections.rebuild;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import uk.ilrledger.projections.changequeue.ChangeQueueProjection;
import uk.ilrledger.projections.currentilr.CurrentIlrProjection;
import uk.ilrledger.projections.eventlog.LearnerEventLog;
import uk.ilrledger.projections.history.LearnerHistoryProjection;
import uk.ilrledger.projections.processors.ProcessorFailures;
import uk.ilrledger.projections.returns.SubmissionsProjection;

/**
 * Rebuilds a projection from the event store while the service keeps answering from the old tables.
 * The projection's own migrations create its tables in a scratch schema; its own handlers fill them
 * (run with that schema first on the search path); then, with the live processor paused, the last
 * events are caught up and, in one transaction, the new tables replace the old and the processor's
 * token moves to where the rebuild stopped.
 */
@Component
public class ProjectionRebuilder {

    /** A projection that can be rebuilt: its processing group, handler, tables and migration folder. */
    record Projection(String name, String folder, Object handler, List<String> tables) {
        String migrations() {
            return "classpath*:db/migration/projections/" + folder + "/*.sql";
        }
    }

    private static final int BATCH = 500;

    private final Map<String, Projection> projections;
    private final EventStore eventStore;
    private final EventProcessingConfiguration processing;
    private final TokenStore tokenStore;
    private final JdbcClient jdbc;
    private final JdbcTemplate scripts;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ProcessorFailures failures;
    private final Map<String, ReplayProgress> progress = new ConcurrentHashMap<>();

    public ProjectionRebuilder(CurrentIlrProjection currentIlr, LearnerHistoryProjection history,
            ChangeQueueProjection queue, LearnerEventLog eventLog, SubmissionsProjection submissions,
            EventStore eventStore, EventProcessingConfiguration processing, TokenStore tokenStore, JdbcClient jdbc,
            JdbcTemplate scripts, TransactionTemplate transactions, Clock clock, ProcessorFailures failures) {
        this.failures = failures;
        this.scripts = scripts;
        this.projections = Map.of(
                CurrentIlrProjection.PROCESSING_GROUP, new Projection(CurrentIlrProjection.PROCESSING_GROUP, "current-ilr", currentIlr,
                        List.of("current_ilr_learner")),
                LearnerHistoryProjection.PROCESSING_GROUP, new Projection(LearnerHistoryProjection.PROCESSING_GROUP,
                        "learner-history", history, List.of("learner_history_entry", "learner_history_state")),
                ChangeQueueProjection.PROCESSING_GROUP, new Projection(ChangeQueueProjection.PROCESSING_GROUP, "change-queue", queue,
                        List.of("change_request", "learner_qa")),
                LearnerEventLog.PROCESSING_GROUP, new Projection(LearnerEventLog.PROCESSING_GROUP, "event-log", eventLog,
                        List.of("learner_event_log")),
                SubmissionsProjection.PROCESSING_GROUP, new Projection(SubmissionsProjection.PROCESSING_GROUP, "returns", submissions,
                        List.of("return_submission", "returned_aim")));
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
        Projection projection = projections.get(name);
        if (projection == null) {
            throw uk.ilrledger.schemas.problems.DomainProblem.notFound("projection",
                    "no projection '" + name + "'; there are " + names());
        }
        Instant started = clock.instant();
        long total = jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single();
        String scratch = "rebuild_" + name.replace('-', '_');
        Consumer<ReplayProgress> report = p -> {
            progress.put(name, p);
            listener.accept(p);
        };
        report.accept(new ReplayProgress(name, ReplayProgress.State.BUILDING, 0, total, 0, null, started, null, null));
        try {
            createScratchTables(projection, scratch);
            AnnotationEventHandlerAdapter handler = new AnnotationEventHandlerAdapter(projection.handler());
            long[] done = {0};
            TrackingToken last;
            try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(null)) {
                last = apply(stream, name, handler, scratch, null, batch -> {
                    done[0] += batch;
                    report.accept(running(name, ReplayProgress.State.BUILDING, done[0], total, started));
                });
                TrackingEventProcessor live = processing.eventProcessor(name, TrackingEventProcessor.class).orElseThrow();
                report.accept(running(name, ReplayProgress.State.SWAPPING, done[0], total, started));
                live.shutDown();
                try {
                    last = apply(stream, name, handler, scratch, last, batch -> done[0] += batch);
                    swap(projection, scratch, last);
                } finally {
                    live.start();
                }
            }
            ReplayProgress finished = new ReplayProgress(name, ReplayProgress.State.DONE, done[0], Math.max(total, done[0]),
                    rate(done[0], started), 0L, started, clock.instant(), null);
            report.accept(finished);
            return finished;
        } catch (RuntimeException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            jdbc.sql("DROP SCHEMA IF EXISTS " + scratch + " CASCADE").update();
            ReplayProgress failed = new ReplayProgress(name, ReplayProgress.State.FAILED, 0, total, 0, null, started,
                    clock.instant(), e.toString());
            report.accept(failed);
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
    }

    private void createScratchTables(Projection projection, String scratch) {
        jdbc.sql("DROP SCHEMA IF EXISTS " + scratch + " CASCADE").update();
        jdbc.sql("CREATE SCHEMA " + scratch).update();
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

    /**
     * Feeds the stream to the handler in batches, one transaction each, with the scratch schema first
     * on the search path, until no further event is available; answers the last token seen.
     */
    private TrackingToken apply(BlockingStream<TrackedEventMessage<?>> stream, String projection,
            AnnotationEventHandlerAdapter handler, String scratch, TrackingToken from, Consumer<Integer> progressed) throws InterruptedException {
        TrackingToken last = from;
        while (stream.hasNextAvailable(200, TimeUnit.MILLISECONDS)) {
            List<TrackedEventMessage<?>> batch = new ArrayList<>();
            while (batch.size() < BATCH && stream.hasNextAvailable()) {
                batch.add(stream.nextAvailable());
            }
            transactions.executeWithoutResult(tx -> {
                jdbc.sql("SET LOCAL search_path TO " + scratch + ", public").update();
                for (TrackedEventMessage<?> message : batch) {
                    // An event an ADMIN let the live processor pass over is passed over here too.
                    if (handler.canHandle(message) && !failures.isResolved(projection, message.getIdentifier())) {
                        try {
                            handler.handle(message);
                        } catch (Exception e) {
                            throw new IllegalStateException("rebuild failed at event " + message.getIdentifier(), e);
                        }
                    }
                }
            });
            last = batch.get(batch.size() - 1).trackingToken();
            progressed.accept(batch.size());
        }
        return last;
    }

    /** In one transaction: the new tables replace the old, and the live processor continues from the rebuild's token. */
    private void swap(Projection projection, String scratch, TrackingToken last) {
        String retired = scratch + "_retired";
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("DROP SCHEMA IF EXISTS " + retired + " CASCADE").update();
            jdbc.sql("CREATE SCHEMA " + retired).update();
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
