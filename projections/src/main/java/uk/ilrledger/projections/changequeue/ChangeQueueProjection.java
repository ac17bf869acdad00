package uk.ilrledger.projections.changequeue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import uk.ilrledger.projections.BatchedProjection;
import uk.ilrledger.projections.processors.LiveRuns;
import uk.ilrledger.projections.ErasedRows;
import uk.ilrledger.projections.Json;
import uk.ilrledger.projections.RowInserts;
import uk.ilrledger.projections.StoredEvent;
import uk.ilrledger.projections.StorableText;
import uk.ilrledger.schemas.learner.ChangeApproved;
import uk.ilrledger.schemas.learner.ChangeRaised;
import uk.ilrledger.schemas.learner.ChangeRejected;
import uk.ilrledger.schemas.learner.ApprovedChange;
import uk.ilrledger.schemas.learner.LearnerErased;
import uk.ilrledger.schemas.learner.LearnerRegistered;
import uk.ilrledger.schemas.learner.QaVerified;
import uk.ilrledger.schemas.values.ChangeStatus;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.schemas.values.QaStatus;

/** The tracker queue: every change request, where it stands in the four-eyes workflow, and its learner's QA status. */
@Component
@ProcessingGroup(ChangeQueueProjection.PROCESSING_GROUP)
public class ChangeQueueProjection implements BatchedProjection {

    public static final String PROCESSING_GROUP = "change-queue";

    private final LiveRuns live;
    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final Json json;
    private final RowInserts inserts;

    public ChangeQueueProjection(JdbcClient jdbc, JdbcTemplate batches, Json json, RowInserts inserts, LiveRuns live) {
        this.live = live;
        this.inserts = inserts;
        this.jdbc = jdbc;
        this.batches = batches;
        this.json = json;
    }

    @EventHandler
    void on(ChangeRaised event, EventMessage<?> message) {
        live.apply(this, StoredEvent.of(message));
    }

    @EventHandler
    void on(ChangeApproved event, EventMessage<?> message) {
        live.apply(this, StoredEvent.of(message));
    }

    @EventHandler
    void on(ChangeRejected event, EventMessage<?> message) {
        live.apply(this, StoredEvent.of(message));
    }

    @EventHandler
    void on(LearnerRegistered event, EventMessage<?> message) {
        live.apply(this, StoredEvent.of(message));
    }

    @EventHandler
    void on(QaVerified event, EventMessage<?> message) {
        live.apply(this, StoredEvent.of(message));
    }

    @EventHandler
    void on(ApprovedChange event, EventMessage<?> message) {
        live.apply(this, StoredEvent.of(message));
    }

    /** The learner's proposed personal values are erased with them (decision 33). */
    @EventHandler
    void on(LearnerErased event, EventMessage<?> message) {
        live.apply(this, StoredEvent.of(message));
    }

    @Override
    public void apply(List<StoredEvent> events) {
        BatchedProjection.applyInRuns(events, this::applyRun,
                erased -> ErasedRows.erase(jdbc, json, "change_request", "change_id", "proposal", erased.learner()));
    }

    /**
     * Keeps the requests the run raises in memory until it is folded (a decision in the same run
     * completes its row), then writes them, the decisions on requests written before, and each learner's
     * last QA status, each kind as one batch.
     */
    private void applyRun(List<StoredEvent> events) {
        Map<UUID, Object[]> raised = new LinkedHashMap<>();
        List<Object[]> decisions = new ArrayList<>();
        Map<LearnerId, Object[]> qa = new LinkedHashMap<>();
        for (StoredEvent stored : events) {
            Object payload = stored.payload();
            Timestamp recordedAt = Timestamp.from(stored.recordedAt());
            if (payload instanceof ChangeRaised event) {
                raised.put(event.changeId(), new Object[] {event.changeId(), event.learner().ukprn().value(),
                        event.learner().learnRefNumber().value(), event.proposal().type().name(), ChangeStatus.RAISED.name(),
                        json.write(event.aims()), event.effectiveDate(), json.write(event.proposal()),
                        StorableText.of(event.reason()), json.write(event.evidence()), StorableText.of(event.raisedBy()),
                        recordedAt, null, null, null});
            } else if (payload instanceof ChangeApproved event) {
                decide(raised, decisions, event.changeId(), ChangeStatus.APPROVED, event.approvedBy(), recordedAt,
                        event.comment());
            } else if (payload instanceof ChangeRejected event) {
                decide(raised, decisions, event.changeId(), ChangeStatus.REJECTED, event.rejectedBy(), recordedAt,
                        event.reason());
            } else if (payload instanceof LearnerRegistered event) {
                qa(qa, event.learner(), QaStatus.PENDING, null, null);
            } else if (payload instanceof QaVerified event) {
                qa(qa, event.learner(), QaStatus.VERIFIED, event.verifiedBy(), recordedAt);
            } else if (payload instanceof ApprovedChange event) {
                qa(qa, event.learner(), QaStatus.PENDING, null, null);
            }
        }
        inserts.insert("change_request", REQUEST_COLUMNS, List.copyOf(raised.values()));
        if (!decisions.isEmpty()) {
            batches.batchUpdate("""
                    UPDATE change_request SET status = ?, decided_by = ?, decided_at = ?, decision_comment = ?
                    WHERE change_id = ?""", decisions);
        }
        if (!qa.isEmpty()) {
            batches.batchUpdate("""
                    INSERT INTO learner_qa (ukprn, learn_ref_number, qa_status, verified_by, verified_at)
                    VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (ukprn, learn_ref_number) DO UPDATE
                    SET qa_status = EXCLUDED.qa_status, verified_by = EXCLUDED.verified_by,
                        verified_at = EXCLUDED.verified_at""", List.copyOf(qa.values()));
        }
    }

    private static final List<RowInserts.Column> REQUEST_COLUMNS = List.of(RowInserts.Column.of("change_id"),
            RowInserts.Column.of("ukprn"), RowInserts.Column.of("learn_ref_number"), RowInserts.Column.of("change_type"),
            RowInserts.Column.of("status"), RowInserts.Column.jsonb("aims"), RowInserts.Column.of("effective_date"),
            RowInserts.Column.jsonb("proposal"), RowInserts.Column.of("reason"), RowInserts.Column.jsonb("evidence"),
            RowInserts.Column.of("raised_by"), RowInserts.Column.of("raised_at"), RowInserts.Column.of("decided_by"),
            RowInserts.Column.of("decided_at"), RowInserts.Column.of("decision_comment"));

    /** The learner's QA status as the run leaves it: the last one wins. */
    private static void qa(Map<LearnerId, Object[]> qa, LearnerId learner, QaStatus status, String by, Timestamp at) {
        qa.put(learner, new Object[] {learner.ukprn().value(), learner.learnRefNumber().value(), status.name(),
                StorableText.of(by), at});
    }

    /**
     * A decision completes a request raised in the same run; otherwise it updates the row written before
     * (none for a change never raised, as before).
     */
    private static void decide(Map<UUID, Object[]> raised, List<Object[]> decisions, UUID changeId, ChangeStatus status,
            String by, Timestamp at, String comment) {
        Object[] row = raised.get(changeId);
        if (row != null) {
            row[4] = status.name();
            row[12] = StorableText.of(by);
            row[13] = at;
            row[14] = StorableText.of(comment);
        } else {
            decisions.add(new Object[] {status.name(), StorableText.of(by), at, StorableText.of(comment), changeId});
        }
    }

    /** The learner's QA status, if the learner is known. */
    public Optional<LearnerQa> qa(LearnerId learner) {
        return jdbc.sql("""
                SELECT qa_status, verified_by, verified_at FROM learner_qa WHERE ukprn = ? AND learn_ref_number = ?""")
                .params(learner.ukprn().value(), learner.learnRefNumber().value())
                .query((rs, n) -> new LearnerQa(learner.learnRefNumber().value(), QaStatus.valueOf(rs.getString(1)),
                        rs.getString(2), Optional.ofNullable(rs.getTimestamp(3)).map(Timestamp::toInstant).orElse(null)))
                .optional();
    }

    public Optional<ChangeRequestView> find(UUID changeId) {
        return jdbc.sql(SELECT + " WHERE change_id = ?").param(changeId).query(this::view).optional();
    }

    /**
     * Change requests, oldest first, filtered by status and UKPRN when given; {@code ukprns} limits
     * the answer to the providers the reader is granted (null: all).
     */
    public List<ChangeRequestView> queue(ChangeStatus status, Integer ukprn, List<Integer> ukprns) {
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE TRUE");
        List<Object> params = new ArrayList<>();
        if (status != null) {
            sql.append(" AND status = ?");
            params.add(status.name());
        }
        if (ukprn != null) {
            sql.append(" AND ukprn = ?");
            params.add(ukprn);
        }
        if (ukprns != null) {
            sql.append(" AND ukprn = ANY (?)");
            params.add(ukprns.toArray(Integer[]::new));
        }
        sql.append(" ORDER BY raised_at, change_id");
        return jdbc.sql(sql.toString()).params(params).query(this::view).list();
    }

    private static final String SELECT = """
            SELECT * FROM (
                SELECT c.change_id, c.ukprn, c.learn_ref_number, c.change_type, c.status, c.aims, c.effective_date,
                       c.proposal, c.reason, c.evidence, c.raised_by, c.raised_at, c.decided_by, c.decided_at,
                       c.decision_comment, q.qa_status
                FROM change_request c
                LEFT JOIN learner_qa q ON q.ukprn = c.ukprn AND q.learn_ref_number = c.learn_ref_number) queue""";

    private ChangeRequestView view(ResultSet rs, int row) throws SQLException {
        JsonNode values = json.read(rs.getString("proposal"), JsonNode.class);
        ((ObjectNode) values).remove("type"); // the type is its own field in the view
        return new ChangeRequestView(
                rs.getObject("change_id", UUID.class),
                rs.getInt("ukprn"),
                rs.getString("learn_ref_number"),
                rs.getString("change_type"),
                rs.getString("status"),
                json.readList(rs.getString("aims"), String.class),
                rs.getObject("effective_date", LocalDate.class),
                values,
                rs.getString("reason"),
                json.readList(rs.getString("evidence"), String.class),
                rs.getString("raised_by"),
                rs.getTimestamp("raised_at").toInstant(),
                rs.getString("decided_by"),
                Optional.ofNullable(rs.getTimestamp("decided_at")).map(Timestamp::toInstant).orElse(null),
                rs.getString("decision_comment"),
                rs.getString("qa_status"));
    }
}
