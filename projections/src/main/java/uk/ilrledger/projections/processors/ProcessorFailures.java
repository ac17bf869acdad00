package uk.ilrledger.projections.processors;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import uk.ilrledger.projections.StorableText;
import uk.ilrledger.schemas.learner.LearnerEvent;
import uk.ilrledger.schemas.problems.DomainProblem;

/**
 * The {@code processor_failure} table: every event a tracking processor's handler failed on, with its
 * error, and the ADMINs' resolutions that let a processor pass over one event. Several instances share
 * it. Each instance also remembers, in memory, the failures it saw and the resolutions it knows of, so
 * handling an ordinary event costs no query.
 */
@Component
public class ProcessorFailures {

    private static final int MAX_ERROR_LENGTH = 2000;

    /**
     * A failure that is not the event's fault: the processor waits for something outside it (Kafka
     * down). It is retried as any failure, and shows on that resource's own health component instead.
     */
    public interface Outage {
    }

    /**
     * A failure that belongs to another event than the one being handled, an earlier one of the same
     * batch (a Kafka record sent with the others and refused when their acknowledgements were awaited):
     * it is recorded against that event.
     */
    public interface OfEvent {
        EventMessage<?> event();
    }

    /** A processor and one event. */
    record Key(String processor, String eventIdentifier) {
    }

    private final JdbcClient jdbc;
    private final ObjectProvider<ProcessorPositions> positions;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;
    /** Failures this instance saw and has not seen succeed since. */
    private final Set<Key> failing = ConcurrentHashMap.newKeySet();
    /** Resolutions: the processor passes over the event. Read from the table once, then kept up to date. */
    private volatile Set<Key> resolved;

    /** Positions are looked up late: this is built while Axon is configured, before its serializer is at hand. */
    public ProcessorFailures(JdbcClient jdbc, ObjectProvider<ProcessorPositions> positions,
            PlatformTransactionManager transactionManager, Clock clock) {
        this.jdbc = jdbc;
        this.positions = positions;
        this.ownTransaction = new TransactionTemplate(transactionManager);
        // Recorded beside the processor's own transaction, which is about to roll back.
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /**
     * Records a failed attempt; the first one of a processor and event inserts the row, later ones
     * count. A failure that had recovered is open again.
     */
    public void record(String processor, int segment, EventMessage<?> event, Throwable error) {
        failing.add(new Key(processor, event.getIdentifier()));
        Instant now = clock.instant();
        String learner = learner(event);
        ownTransaction.executeWithoutResult(tx -> jdbc.sql("""
                        INSERT INTO processor_failure (processor_name, event_identifier, segment, global_index, event_type,
                                learner, error, first_seen, last_seen, attempts)
                        VALUES (?, ?, ?, (SELECT global_index FROM domain_event_entry WHERE event_identifier = ?),
                                ?, ?, ?, ?, ?, 1)
                        ON CONFLICT (processor_name, event_identifier) DO UPDATE
                        SET segment = EXCLUDED.segment, error = EXCLUDED.error, last_seen = EXCLUDED.last_seen,
                            attempts = processor_failure.attempts + 1, recovered_at = NULL""")
                .params(processor, event.getIdentifier(), segment, event.getIdentifier(), event.getPayloadType().getSimpleName(),
                        StorableText.of(learner), message(error), Timestamp.from(now), Timestamp.from(now))
                .update());
    }

    /** The learner the event is about, when it is a learner event that can be read at all. */
    private static String learner(EventMessage<?> event) {
        try {
            return event.getPayload() instanceof LearnerEvent learnerEvent ? learnerEvent.learner().asString() : null;
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /**
     * The event was handled after all: in the processor's transaction, so the failure closes exactly when
     * the event's rows and the token commit. Costs nothing unless this instance saw the event fail.
     */
    public void handled(String processor, String eventIdentifier) {
        if (failing.remove(new Key(processor, eventIdentifier))) {
            jdbc.sql("UPDATE processor_failure SET recovered_at = ? WHERE processor_name = ? AND event_identifier = ?")
                    .params(Timestamp.from(clock.instant()), processor, eventIdentifier)
                    .update();
        }
    }

    /** The transaction that handled the event rolled back: it is failing still. */
    void handlingRolledBack(String processor, String eventIdentifier) {
        failing.add(new Key(processor, eventIdentifier));
    }

    boolean isFailingHere(String processor, String eventIdentifier) {
        load();
        return failing.contains(new Key(processor, eventIdentifier));
    }

    /**
     * Whether an ADMIN resolved this processor's failure on the event, so the processor passes over it.
     * An event that failed here is looked up in the table each time, as another instance may have
     * taken the resolution.
     */
    public boolean isResolved(String processor, String eventIdentifier) {
        Key key = new Key(processor, eventIdentifier);
        if (resolved().contains(key)) {
            return true;
        }
        if (failing.contains(key) && jdbc.sql("""
                        SELECT count(*) FROM processor_failure
                        WHERE processor_name = ? AND event_identifier = ? AND resolved_at IS NOT NULL""")
                .params(processor, eventIdentifier).query(Long.class).single() > 0) {
            resolved.add(key);
            failing.remove(key);
            return true;
        }
        return false;
    }

    /** The processor passed over a resolved event (written with its token, once). */
    public void skipped(String processor, String eventIdentifier) {
        jdbc.sql("""
                        UPDATE processor_failure SET skipped_at = ?
                        WHERE processor_name = ? AND event_identifier = ? AND skipped_at IS NULL""")
                .params(Timestamp.from(clock.instant()), processor, eventIdentifier)
                .update();
    }

    /**
     * An ADMIN lets the processor pass over the event it fails on. Only a failure that is open can be
     * resolved, and only with a reason.
     */
    public ProcessorFailure resolve(String processor, String eventIdentifier, String resolvedBy, String reason) {
        if (reason == null || reason.isBlank()) {
            throw DomainProblem.invalid("reason", "say why the processor may pass over this event");
        }
        ProcessorFailure failure = find(processor, eventIdentifier).orElseThrow(() -> DomainProblem.notFound(
                "eventIdentifier", "processor " + processor + " has no failure on event " + eventIdentifier));
        if (failure.resolution() != null) {
            throw DomainProblem.conflict("eventIdentifier", "already resolved by " + failure.resolution().resolvedBy()
                    + " at " + failure.resolution().resolvedAt());
        }
        if (failure.recoveredAt() != null) {
            throw DomainProblem.conflict("eventIdentifier", processor + " handled event " + eventIdentifier
                    + " at " + failure.recoveredAt() + "; there is nothing to pass over");
        }
        int updated = jdbc.sql("""
                        UPDATE processor_failure SET resolved_by = ?, resolved_at = ?, resolution_reason = ?
                        WHERE processor_name = ? AND event_identifier = ? AND resolved_at IS NULL AND recovered_at IS NULL""")
                .params(StorableText.of(resolvedBy), Timestamp.from(clock.instant()), StorableText.of(reason.strip()),
                        processor, eventIdentifier)
                .update();
        if (updated == 0) {
            throw DomainProblem.conflict("eventIdentifier", "the failure changed meanwhile; read it again");
        }
        resolved().add(new Key(processor, eventIdentifier));
        return find(processor, eventIdentifier).orElseThrow();
    }

    public Optional<ProcessorFailure> find(String processor, String eventIdentifier) {
        return jdbc.sql(SELECT + " WHERE processor_name = ? AND event_identifier = ?")
                .params(processor, eventIdentifier).query(ProcessorFailures::failure).optional();
    }

    /** Every failure, open, recovered or resolved, latest first. */
    public List<ProcessorFailure> all() {
        return jdbc.sql(SELECT + " ORDER BY last_seen DESC").query(ProcessorFailures::failure).list();
    }

    /**
     * The failures processors are stuck on, in store order. One whose processor has gone past the event
     * since (handled on another instance that had not seen it fail) is closed as recovered.
     */
    public List<ProcessorFailure> open() {
        List<ProcessorFailure> open = jdbc.sql(SELECT + " WHERE resolved_at IS NULL AND recovered_at IS NULL "
                + "ORDER BY global_index").query(ProcessorFailures::failure).list();
        if (open.isEmpty()) {
            return open;
        }
        ProcessorPositions reader = positions.getObject();
        List<ProcessorFailure> stuck = new java.util.ArrayList<>();
        for (ProcessorFailure failure : open) {
            if (reader.position(failure.processor(), failure.globalIndex()) >= failure.globalIndex()) {
                jdbc.sql("""
                                UPDATE processor_failure SET recovered_at = ?
                                WHERE processor_name = ? AND event_identifier = ? AND resolved_at IS NULL
                                  AND recovered_at IS NULL""")
                        .params(Timestamp.from(clock.instant()), failure.processor(), failure.eventIdentifier())
                        .update();
                failing.remove(new Key(failure.processor(), failure.eventIdentifier()));
            } else {
                stuck.add(failure);
            }
        }
        return stuck;
    }

    private Set<Key> resolved() {
        load();
        return resolved;
    }

    /**
     * Once, from the table: the resolutions, and the open failures, so one that an earlier run of this
     * instance recorded closes when the event goes through now.
     */
    private void load() {
        if (resolved != null) {
            return;
        }
        synchronized (this) {
            if (resolved == null) {
                List<Key> open = jdbc.sql("SELECT processor_name, event_identifier FROM processor_failure "
                                + "WHERE resolved_at IS NULL AND recovered_at IS NULL")
                        .query((rs, i) -> new Key(rs.getString(1), rs.getString(2))).list();
                failing.addAll(open);
                Set<Key> loaded = ConcurrentHashMap.newKeySet();
                loaded.addAll(jdbc.sql("SELECT processor_name, event_identifier FROM processor_failure "
                                + "WHERE resolved_at IS NOT NULL")
                        .query((rs, i) -> new Key(rs.getString(1), rs.getString(2))).list());
                resolved = loaded;
            }
        }
    }

    /** The error as one line per cause, without stack traces, as a text column can hold it. */
    static String message(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null && text.length() < MAX_ERROR_LENGTH; t = t.getCause() == t ? null : t.getCause()) {
            String line = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (text.indexOf(line) >= 0) {
                continue;
            }
            if (!text.isEmpty()) {
                text.append(" <- ");
            }
            text.append(line);
        }
        String whole = text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) + "…" : text.toString();
        return StorableText.of(whole);
    }

    private static final String SELECT = """
            SELECT processor_name, event_identifier, segment, global_index, event_type, learner, error, first_seen,
                   last_seen, attempts, recovered_at, resolved_by, resolved_at, resolution_reason, skipped_at
            FROM processor_failure""";

    private static ProcessorFailure failure(ResultSet rs, int row) throws SQLException {
        Timestamp resolvedAt = rs.getTimestamp("resolved_at");
        return new ProcessorFailure(rs.getString("processor_name"), rs.getInt("segment"), rs.getString("event_identifier"),
                rs.getLong("global_index"), rs.getString("event_type"), rs.getString("learner"), rs.getString("error"),
                rs.getTimestamp("first_seen").toInstant(), rs.getTimestamp("last_seen").toInstant(), rs.getInt("attempts"),
                instant(rs.getTimestamp("recovered_at")),
                resolvedAt == null ? null : new ProcessorFailure.Resolution(rs.getString("resolved_by"),
                        resolvedAt.toInstant(), rs.getString("resolution_reason")),
                instant(rs.getTimestamp("skipped_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
