package uk.ilrledger.projections.changequeue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import uk.ilrledger.projections.ErasedRows;
import uk.ilrledger.projections.Json;
import uk.ilrledger.projections.StorableText;
import uk.ilrledger.schemas.learner.ChangeApproved;
import uk.ilrledger.schemas.learner.ChangeRaised;
import uk.ilrledger.schemas.learner.LearnerErased;
import uk.ilrledger.schemas.learner.ChangeRejected;
import uk.ilrledger.schemas.learner.ApprovedChange;
import uk.ilrledger.schemas.learner.LearnerRegistered;
import uk.ilrledger.schemas.learner.QaVerified;
import uk.ilrledger.schemas.values.ChangeStatus;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.schemas.values.QaStatus;

/** The tracker queue: every change request, where it stands in the four-eyes workflow, and its learner's QA status. */
@Component
@ProcessingGroup(ChangeQueueProjection.PROCESSING_GROUP)
public class ChangeQueueProjection {

    public static final String PROCESSING_GROUP = "change-queue";

    private final JdbcClient jdbc;
    private final Json json;

    public ChangeQueueProjection(JdbcClient jdbc, Json json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(ChangeRaised event, @org.axonframework.eventhandling.Timestamp Instant recordedAt) {
        jdbc.sql("""
                INSERT INTO change_request (change_id, ukprn, learn_ref_number, change_type, status, aims,
                        effective_date, proposal, reason, evidence, raised_by, raised_at)
                VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), ?, CAST(? AS jsonb), ?, CAST(? AS jsonb), ?, ?)""")
                .params(event.changeId(), event.learner().ukprn().value(), event.learner().learnRefNumber().value(),
                        event.proposal().type().name(), ChangeStatus.RAISED.name(), json.write(event.aims()),
                        event.effectiveDate(), json.write(event.proposal()), StorableText.of(event.reason()),
                        json.write(event.evidence()), StorableText.of(event.raisedBy()), Timestamp.from(recordedAt))
                .update();
    }

    /** The learner's proposed personal values erased with them (decision 33). */
    @EventHandler
    void on(LearnerErased event) {
        ErasedRows.erase(jdbc, json, "change_request", "change_id", "proposal", event.learner());
    }

    @EventHandler
    void on(ChangeApproved event, @org.axonframework.eventhandling.Timestamp Instant recordedAt) {
        decide(event.changeId(), ChangeStatus.APPROVED, event.approvedBy(), recordedAt, event.comment());
    }

    @EventHandler
    void on(ChangeRejected event, @org.axonframework.eventhandling.Timestamp Instant recordedAt) {
        decide(event.changeId(), ChangeStatus.REJECTED, event.rejectedBy(), recordedAt, event.reason());
    }

    @EventHandler
    void on(LearnerRegistered event) {
        qa(event.learner(), QaStatus.PENDING, null, null);
    }

    @EventHandler
    void on(QaVerified event, @org.axonframework.eventhandling.Timestamp Instant recordedAt) {
        qa(event.learner(), QaStatus.VERIFIED, event.verifiedBy(), recordedAt);
    }

    @EventHandler
    void on(ApprovedChange event) {
        qa(event.learner(), QaStatus.PENDING, null, null);
    }

    private void qa(LearnerId learner, QaStatus status, String by, Instant at) {
        jdbc.sql("""
                INSERT INTO learner_qa (ukprn, learn_ref_number, qa_status, verified_by, verified_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (ukprn, learn_ref_number) DO UPDATE
                SET qa_status = EXCLUDED.qa_status, verified_by = EXCLUDED.verified_by,
                    verified_at = EXCLUDED.verified_at""")
                .params(learner.ukprn().value(), learner.learnRefNumber().value(), status.name(), StorableText.of(by),
                        at == null ? null : Timestamp.from(at))
                .update();
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

    private void decide(UUID changeId, ChangeStatus status, String by, Instant at, String comment) {
        jdbc.sql("""
                UPDATE change_request SET status = ?, decided_by = ?, decided_at = ?, decision_comment = ?
                WHERE change_id = ?""")
                .params(status.name(), StorableText.of(by), Timestamp.from(at), StorableText.of(comment), changeId)
                .update();
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
