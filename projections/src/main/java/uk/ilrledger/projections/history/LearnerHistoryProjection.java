package uk.ilrledger.projections.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import uk.ilrledger.projections.ErasedRows;
import uk.ilrledger.projections.Json;
import uk.ilrledger.projections.StorableText;
import uk.ilrledger.schemas.ilr.FieldChange;
import uk.ilrledger.schemas.ilr.IlrDiff;
import uk.ilrledger.schemas.ilr.IlrFold;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.PersonalFields;
import uk.ilrledger.schemas.learner.ChangeApproved;
import uk.ilrledger.schemas.learner.ChangeRaised;
import uk.ilrledger.schemas.learner.ChangeRejected;
import uk.ilrledger.schemas.learner.LearnerErased;
import uk.ilrledger.schemas.learner.LearnerEvent;
import uk.ilrledger.schemas.learner.LearnerRegistered;
import uk.ilrledger.schemas.learner.QaVerified;
import uk.ilrledger.schemas.learner.ApprovedChange;
import uk.ilrledger.schemas.values.ChangeStatus;
import uk.ilrledger.schemas.values.ChangeType;
import uk.ilrledger.schemas.values.LearnerId;

/**
 * The audit history auditors replay: one entry per registration or change. The ILR fields a change
 * touched are found by folding the event onto this projection's own copy of the learner's record
 * and comparing before with after.
 */
@Component
@ProcessingGroup(LearnerHistoryProjection.PROCESSING_GROUP)
public class LearnerHistoryProjection {

    public static final String PROCESSING_GROUP = "learner-history";
    static final String REGISTRATION = "REGISTRATION";
    static final String QA_VERIFIED = "QA_VERIFIED";
    static final String ERASURE = "ERASURE";

    private final JdbcClient jdbc;
    private final Json json;

    public LearnerHistoryProjection(JdbcClient jdbc, Json json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(LearnerEvent event, @org.axonframework.eventhandling.Timestamp Instant recordedAt) {
        IlrLearner before = state(event.learner()).orElse(null);
        IlrLearner after = IlrFold.apply(before, event);
        if (event instanceof LearnerRegistered registered) {
            jdbc.sql("""
                    INSERT INTO learner_history_entry (ukprn, learn_ref_number, entry_type, status, evidence, raised_by,
                                                       raised_at, decided_by, decided_at, field_changes)
                    VALUES (?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, CAST(? AS jsonb))""")
                    .params(ukprn(event), ref(event), REGISTRATION, ChangeStatus.APPROVED.name(),
                            json.write(registered.evidence()), StorableText.of(registered.registeredBy()), Timestamp.from(recordedAt),
                            StorableText.of(registered.approvedBy()),
                            registered.approvedBy() == null ? null : Timestamp.from(recordedAt),
                            json.write(IlrDiff.between(null, after)))
                    .update();
        } else if (event instanceof ChangeRaised raised) {
            jdbc.sql("""
                    INSERT INTO learner_history_entry (ukprn, learn_ref_number, change_id, entry_type, status,
                            effective_date, reason, proposal, evidence, raised_by, raised_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?, ?)""")
                    .params(ukprn(event), ref(event), raised.changeId(), raised.proposal().type().name(),
                            ChangeStatus.RAISED.name(), raised.effectiveDate(), StorableText.of(raised.reason()),
                            json.write(raised.proposal()), json.write(raised.evidence()), StorableText.of(raised.raisedBy()),
                            Timestamp.from(recordedAt))
                    .update();
        } else if (event instanceof ChangeApproved approved) {
            decide(approved.changeId(), ChangeStatus.APPROVED, approved.approvedBy(), recordedAt, approved.comment());
        } else if (event instanceof ChangeRejected rejected) {
            decide(rejected.changeId(), ChangeStatus.REJECTED, rejected.rejectedBy(), recordedAt, rejected.reason());
        } else if (event instanceof QaVerified verified) {
            jdbc.sql("""
                    INSERT INTO learner_history_entry (ukprn, learn_ref_number, entry_type, status, reason, raised_by,
                                                       raised_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""")
                    .params(ukprn(event), ref(event), QA_VERIFIED, ChangeStatus.APPROVED.name(),
                            StorableText.of(verified.comment()), StorableText.of(verified.verifiedBy()), Timestamp.from(recordedAt))
                    .update();
        } else if (event instanceof LearnerErased erased) {
            // Earlier entries lose their personal values; the erasure's own entry records no values at all.
            ErasedRows.erase(jdbc, json, "learner_history_entry", "entry_id", "proposal", event.learner());
            ErasedRows.erase(jdbc, json, "learner_history_entry", "entry_id", "field_changes", event.learner(),
                    LearnerHistoryProjection::eraseHealthProblems);
            jdbc.sql("""
                    INSERT INTO learner_history_entry (ukprn, learn_ref_number, entry_type, status, reason, raised_by,
                                                       raised_at, decided_by, decided_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(ukprn(event), ref(event), ERASURE, ChangeStatus.APPROVED.name(),
                            StorableText.of(erased.reason()), StorableText.of(erased.requestedBy()),
                            Timestamp.from(recordedAt), StorableText.of(erased.approvedBy()), Timestamp.from(recordedAt))
                    .update();
        } else if (event instanceof ApprovedChange applied) {
            List<FieldChange> changes = IlrDiff.between(before, after);
            if (!recordFieldChanges(applied.changeId(), changes)) {
                // Recorded without a raised change (an imported file's correction): one entry says it all.
                jdbc.sql("""
                        INSERT INTO learner_history_entry (ukprn, learn_ref_number, change_id, entry_type, status, reason,
                                evidence, raised_by, raised_at, decided_by, decided_at, field_changes)
                        VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, CAST(? AS jsonb))""")
                        .params(ukprn(event), ref(event), applied.changeId(), ChangeType.CORRECTION.name(),
                                ChangeStatus.APPROVED.name(), StorableText.of(applied.reason()), json.write(applied.evidence()),
                                StorableText.of(applied.raisedBy()), Timestamp.from(recordedAt),
                                StorableText.of(applied.approvedBy()),
                                Timestamp.from(recordedAt), json.write(changes))
                        .update();
            }
        }
        if (after != before) {
            jdbc.sql("""
                    INSERT INTO learner_history_state (ukprn, learn_ref_number, record) VALUES (?, ?, CAST(? AS jsonb))
                    ON CONFLICT (ukprn, learn_ref_number) DO UPDATE SET record = EXCLUDED.record""")
                    .params(ukprn(event), ref(event), json.write(after))
                    .update();
        }
    }

    /** The learner's history, oldest first. */
    public List<HistoryEntry> history(LearnerId learner) {
        return jdbc.sql("""
                SELECT change_id, entry_type, status, effective_date, reason, evidence, raised_by, raised_at,
                       decided_by, decided_at, decision_comment, field_changes
                FROM learner_history_entry WHERE ukprn = ? AND learn_ref_number = ? ORDER BY entry_id""")
                .params(learner.ukprn().value(), learner.learnRefNumber().value())
                .query(this::entry)
                .list();
    }

    private HistoryEntry entry(ResultSet rs, int row) throws SQLException {
        return new HistoryEntry(
                rs.getObject("change_id", java.util.UUID.class),
                rs.getString("entry_type"),
                rs.getString("status"),
                rs.getObject("effective_date", java.time.LocalDate.class),
                rs.getString("reason"),
                json.readList(rs.getString("evidence"), String.class),
                rs.getString("raised_by"),
                rs.getTimestamp("raised_at").toInstant(),
                rs.getString("decided_by"),
                Optional.ofNullable(rs.getTimestamp("decided_at")).map(Timestamp::toInstant).orElse(null),
                rs.getString("decision_comment"),
                json.readList(rs.getString("field_changes"), FieldChange.class));
    }

    private void decide(java.util.UUID changeId, ChangeStatus status, String by, Instant at, String comment) {
        jdbc.sql("""
                UPDATE learner_history_entry SET status = ?, decided_by = ?, decided_at = ?, decision_comment = ?
                WHERE change_id = ?""")
                .params(status.name(), StorableText.of(by), Timestamp.from(at), StorableText.of(comment), changeId)
                .update();
    }

    /** False when no entry was raised for the change. */
    private boolean recordFieldChanges(java.util.UUID changeId, List<FieldChange> changes) {
        return jdbc.sql("UPDATE learner_history_entry SET field_changes = CAST(? AS jsonb) WHERE change_id = ?")
                .params(json.write(changes), changeId)
                .update() > 0;
    }

    /** An LLDD and health problem's fields in a list of field changes, erased (decision 33). */
    @SuppressWarnings("unchecked")
    private static void eraseHealthProblems(Object fieldChanges) {
        if (fieldChanges instanceof List<?> changes) {
            for (Object change : changes) {
                if (change instanceof java.util.Map<?, ?> map && "LLDDandHealthProblem".equals(map.get("entity"))) {
                    java.util.Map<String, Object> fields = (java.util.Map<String, Object>) map;
                    fields.computeIfPresent("oldValue", (k, v) -> PersonalFields.ERASED);
                    fields.computeIfPresent("newValue", (k, v) -> PersonalFields.ERASED);
                }
            }
        }
    }

    private Optional<IlrLearner> state(LearnerId learner) {
        return jdbc.sql("SELECT record FROM learner_history_state WHERE ukprn = ? AND learn_ref_number = ?")
                .params(learner.ukprn().value(), learner.learnRefNumber().value())
                .query(String.class)
                .optional()
                .map(text -> json.read(text, IlrLearner.class));
    }

    private static int ukprn(LearnerEvent event) {
        return event.learner().ukprn().value();
    }

    private static String ref(LearnerEvent event) {
        return event.learner().learnRefNumber().value();
    }
}
