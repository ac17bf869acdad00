package uk.ilrledger.projections.eventlog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.stereotype.Component;
import uk.ilrledger.projections.BatchedProjection;
import uk.ilrledger.projections.TaskFailures;
import uk.ilrledger.projections.processors.LiveRuns;
import uk.ilrledger.projections.ErasedRows;
import uk.ilrledger.projections.Json;
import uk.ilrledger.projections.RowInserts;
import uk.ilrledger.projections.StorePositions;
import uk.ilrledger.projections.StoredEvent;
import uk.ilrledger.schemas.learner.ApprovedChange;
import uk.ilrledger.schemas.learner.ChangeApproved;
import uk.ilrledger.schemas.learner.ChangeRaised;
import uk.ilrledger.schemas.learner.ChangeRejected;
import uk.ilrledger.schemas.learner.LearnerErased;
import uk.ilrledger.schemas.learner.LearnerEvent;
import uk.ilrledger.schemas.learner.RecordCorrected;
import uk.ilrledger.schemas.upcasting.EventTypeNames;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * A queryable copy of every learner event, in store order, with the recording time and the
 * effective date of the change it belongs to. Point-in-time reads and return snapshots fold these
 * with the same fold as every other reader.
 */
@Component
@ProcessingGroup(LearnerEventLog.PROCESSING_GROUP)
public class LearnerEventLog implements BatchedProjection, DisposableBean {

    public static final String PROCESSING_GROUP = "event-log";

    private final LiveRuns live;
    private final JdbcClient jdbc;
    private final Json json;
    private final StorePositions positions;
    private final JdbcTemplate streaming;
    private final JdbcTemplate batches;
    private final TransactionTemplate transactions;
    private final RowInserts inserts;
    /** Threads reading the log ahead of an export or a return built whole ({@link #forEachLearner}). */
    private final ExecutorService readers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "event-log-reader");
        thread.setDaemon(true);
        return thread;
    });

    public LearnerEventLog(JdbcClient jdbc, Json json, StorePositions positions, JdbcTemplate streaming,
            PlatformTransactionManager transactionManager, RowInserts inserts, LiveRuns live) {
        this.live = live;
        this.positions = positions;
        this.inserts = inserts;
        this.streaming = streaming;
        this.batches = streaming;
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setReadOnly(true);
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(LearnerEvent event, DomainEventMessage<?> message) {
        live.apply(this, new StoredEvent(message, positions.of(message)));
    }

    /**
     * Dates each event by its change: a raise, or an import's correction, carries its date; an approval
     * or rejection takes its raise's, from the run itself or with one query for the run's changes
     * raised before. Then one batch of inserts.
     */
    @Override
    public void apply(List<StoredEvent> events) {
        // An erasure erases the learner's logged payloads, its own included (decision 33).
        BatchedProjection.applyInRuns(events, this::applyRun,
                erased -> ErasedRows.erase(jdbc, json, "learner_event_log", "global_index", "payload", erased.learner()));
    }

    private void applyRun(List<StoredEvent> events) {
        Map<UUID, LocalDate> raisedInRun = new HashMap<>();
        Set<UUID> raisedBefore = new HashSet<>();
        for (StoredEvent stored : events) {
            LearnerEvent event = (LearnerEvent) stored.payload();
            UUID changeId = changeId(event);
            if (event instanceof ChangeRaised raised) {
                raisedInRun.putIfAbsent(raised.changeId(), raised.effectiveDate());
            } else if (changeId != null && !raisedInRun.containsKey(changeId)
                    && !(event instanceof RecordCorrected corrected && corrected.effectiveDate() != null)) {
                raisedBefore.add(changeId);
            }
        }
        Map<UUID, LocalDate> effectiveDates = effectiveDates(raisedBefore);
        List<Object[]> rows = new ArrayList<>(events.size());
        for (StoredEvent stored : events) {
            LearnerEvent event = (LearnerEvent) stored.payload();
            UUID changeId = changeId(event);
            LocalDate effectiveDate = null;
            if (event instanceof ChangeRaised raised) {
                effectiveDate = raised.effectiveDate();
                effectiveDates.putIfAbsent(raised.changeId(), raised.effectiveDate());
            } else if (event instanceof RecordCorrected corrected && corrected.effectiveDate() != null) {
                // An import's corrections have no raised change: each carries the date it takes effect from.
                effectiveDate = corrected.effectiveDate();
            } else if (changeId != null) {
                effectiveDate = effectiveDates.get(changeId);
            }
            DomainEventMessage<?> message = (DomainEventMessage<?>) stored.message();
            rows.add(new Object[] {stored.position(), event.learner().ukprn().value(),
                    event.learner().learnRefNumber().value(), message.getSequenceNumber(), message.getIdentifier(),
                    EventTypeNames.nameOf(event.getClass()).orElseThrow(), Timestamp.from(message.getTimestamp()),
                    changeId, effectiveDate, json.write(event)});
        }
        inserts.insert("learner_event_log", COLUMNS, rows);
    }

    private static final List<RowInserts.Column> COLUMNS = List.of(RowInserts.Column.of("global_index"),
            RowInserts.Column.of("ukprn"), RowInserts.Column.of("learn_ref_number"), RowInserts.Column.of("sequence_number"),
            RowInserts.Column.of("event_identifier"), RowInserts.Column.of("event_type"), RowInserts.Column.of("recorded_at"),
            RowInserts.Column.of("change_id"), RowInserts.Column.of("effective_date"), RowInserts.Column.jsonb("payload"));

    /** The effective dates of changes raised before the run, as logged with their raise. */
    private Map<UUID, LocalDate> effectiveDates(Set<UUID> changes) {
        Map<UUID, LocalDate> dates = new HashMap<>();
        if (changes.isEmpty()) {
            return dates;
        }
        jdbc.sql("SELECT change_id, effective_date FROM learner_event_log WHERE change_id = ANY (?) AND event_type = ? "
                        + "ORDER BY global_index")
                .params(changes.toArray(UUID[]::new), EventTypeNames.nameOf(ChangeRaised.class).orElseThrow())
                .query(rs -> {
                    UUID change = rs.getObject(1, UUID.class);
                    if (!dates.containsKey(change)) {
                        dates.put(change, rs.getObject(2, LocalDate.class));
                    }
                });
        return dates;
    }

    private static UUID changeId(LearnerEvent event) {
        if (event instanceof ChangeRaised e) {
            return e.changeId();
        }
        if (event instanceof ChangeApproved e) {
            return e.changeId();
        }
        if (event instanceof ChangeRejected e) {
            return e.changeId();
        }
        if (event instanceof ApprovedChange e) {
            return e.changeId();
        }
        return null;
    }

    /** The learner's events recorded up to {@code asOf} (all when null), in order. */
    public List<LoggedEvent> learner(LearnerId learner, Instant asOf) {
        return jdbc.sql(SELECT + " WHERE ukprn = ? AND learn_ref_number = ? AND (CAST(? AS timestamptz) IS NULL OR recorded_at <= ?)"
                        + " ORDER BY global_index")
                .params(learner.ukprn().value(), learner.learnRefNumber().value(), timestamp(asOf), timestamp(asOf))
                .query(this::logged)
                .list();
    }

    /** The provider's events at or below store position {@code upTo}, in order. */
    public List<LoggedEvent> provider(Ukprn ukprn, long upTo) {
        return jdbc.sql(SELECT + " WHERE ukprn = ? AND global_index <= ? ORDER BY global_index")
                .params(ukprn.value(), upTo)
                .query(this::logged)
                .list();
    }

    /** The LearnRefNumbers of the provider's learners with an event recorded after {@code after}, up to {@code upTo}. */
    public Set<String> learnersRecordedBetween(Ukprn ukprn, long after, long upTo) {
        return new HashSet<>(jdbc.sql("SELECT DISTINCT learn_ref_number FROM learner_event_log "
                        + "WHERE global_index > ? AND global_index <= ? AND ukprn = ?")
                .params(after, upTo, ukprn.value())
                .query(String.class)
                .list());
    }

    /** The events of the named learners of a provider at or below store position {@code upTo}, in store order. */
    public List<LoggedEvent> learners(Ukprn ukprn, Collection<String> learnRefNumbers, long upTo) {
        if (learnRefNumbers.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(SELECT + " WHERE ukprn = ? AND learn_ref_number = ANY (?) AND global_index <= ? ORDER BY global_index")
                .params(ukprn.value(), learnRefNumbers.toArray(String[]::new), upTo)
                .query(this::logged)
                .list();
    }

    /**
     * The provider's events at or below store position {@code upTo}, handed over one learner at a
     * time (learners in LearnRefNumber order, as Java orders strings; events in store order). Rows
     * are read with a cursor, so memory holds one learner's events, however large the provider.
     *
     * <p>A reading thread fetches and decodes the rows (decoding is the larger part of the work) at most
     * {@link #READ_AHEAD} learners ahead, while the calling thread takes each learner: an export folds and
     * writes one learner while the next is read. A failure on either side ends both, and is thrown here.
     */
    public void forEachLearner(Ukprn ukprn, long upTo, Consumer<List<LoggedEvent>> learner) {
        BlockingQueue<List<LoggedEvent>> ready = new ArrayBlockingQueue<>(READ_AHEAD);
        AtomicBoolean abandoned = new AtomicBoolean();
        Future<?> reading = readers.submit(() -> {
            try {
                readEachLearner(ukprn, upTo, events -> {
                    if (abandoned.get()) {
                        throw new CancellationException("the learners' reader stopped taking them");
                    }
                    hand(ready, events);
                });
            } finally {
                if (!abandoned.get()) {
                    hand(ready, END);
                }
            }
            return null;
        });
        try {
            for (List<LoggedEvent> events = ready.take(); events != END; events = ready.take()) {
                learner.accept(events);
            }
            reading.get(); // rethrows the reader's failure, if any
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the event log", e);
        } catch (ExecutionException e) {
            throw TaskFailures.unwrapped(e, "cannot read the event log");
        } finally {
            abandoned.set(true);
            reading.cancel(true); // frees a reader waiting for room, once the taker has gone
        }
    }

    /** Learners read ahead of the thread that takes them: a few hundred events, some hundred KB. */
    private static final int READ_AHEAD = 64;

    /** Marks the end of a provider's learners, after the last. */
    private static final List<LoggedEvent> END = new ArrayList<>(0);

    private static void hand(BlockingQueue<List<LoggedEvent>> ready, List<LoggedEvent> events) {
        try {
            ready.put(events);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("the learners' reader stopped taking them");
        }
    }

    private void readEachLearner(Ukprn ukprn, long upTo, Consumer<List<LoggedEvent>> learner) {
        JdbcTemplate cursor = new JdbcTemplate(streaming.getDataSource());
        cursor.setFetchSize(500);
        List<LoggedEvent> current = new ArrayList<>();
        String[] currentRef = {null};
        // A cursor needs a transaction; COLLATE "C" orders LearnRefNumbers ([A-Za-z0-9 ]) as String.compareTo.
        transactions.executeWithoutResult(status -> cursor.query(SELECT
                        + " WHERE ukprn = ? AND global_index <= ? ORDER BY learn_ref_number COLLATE \"C\", global_index",
                rs -> {
                    String ref = rs.getString("learn_ref_number");
                    if (!ref.equals(currentRef[0]) && !current.isEmpty()) {
                        learner.accept(List.copyOf(current));
                        current.clear();
                    }
                    currentRef[0] = ref;
                    current.add(logged(rs, 0));
                }, ukprn.value(), upTo));
        if (!current.isEmpty()) {
            learner.accept(List.copyOf(current));
        }
    }

    @Override
    public void destroy() {
        readers.shutdownNow();
    }

    /** The store position of the last event recorded at or before {@code asOf} (now when null); 0 when none. */
    public long position(Instant asOf) {
        return jdbc.sql("SELECT coalesce(max(global_index), 0) FROM learner_event_log "
                        + "WHERE CAST(? AS timestamptz) IS NULL OR recorded_at <= ?")
                .params(timestamp(asOf), timestamp(asOf))
                .query(Long.class)
                .single();
    }

    private static final String SELECT = """
            SELECT global_index, learn_ref_number, event_identifier, recorded_at, change_id, effective_date, event_type,
                   payload
            FROM learner_event_log""";

    private LoggedEvent logged(ResultSet rs, int row) throws SQLException {
        String stored = rs.getString("event_type");
        Class<? extends LearnerEvent> type = EventTypeNames.typeOf(stored)
                .filter(LearnerEvent.class::isAssignableFrom)
                .<Class<? extends LearnerEvent>>map(t -> t.asSubclass(LearnerEvent.class))
                .orElseThrow(() -> new IllegalStateException("the event log holds an event of type '" + stored
                        + "', which this version of the ledger does not know"));
        return new LoggedEvent(rs.getLong("global_index"), rs.getString("event_identifier"),
                rs.getTimestamp("recorded_at").toInstant(), rs.getObject("change_id", UUID.class),
                rs.getObject("effective_date", LocalDate.class), json.read(rs.getBytes("payload"), type));
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
