package uk.ilrledger.projections.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import uk.ilrledger.projections.BatchedProjection;
import uk.ilrledger.projections.processors.LiveRuns;
import uk.ilrledger.projections.ErasedRows;
import uk.ilrledger.projections.Json;
import uk.ilrledger.projections.RowInserts;
import uk.ilrledger.projections.LearnerKeys;
import uk.ilrledger.projections.RememberedRecords;
import uk.ilrledger.projections.StoredEvent;
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
public class LearnerHistoryProjection implements BatchedProjection {

    public static final String PROCESSING_GROUP = "learner-history";
    static final String REGISTRATION = "REGISTRATION";
    static final String QA_VERIFIED = "QA_VERIFIED";
    static final String ERASURE = "ERASURE";

    private final LiveRuns live;
    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final Json json;
    /** How much a rebuild keeps in memory ({@link RememberedRecords#forRebuild}). */
    private final Environment settings;
    private final RowInserts inserts;

    public LearnerHistoryProjection(JdbcClient jdbc, JdbcTemplate batches, Json json, RowInserts inserts, LiveRuns live,
            Environment settings) {
        this.live = live;
        this.inserts = inserts;
        this.jdbc = jdbc;
        this.batches = batches;
        this.json = json;
        this.settings = settings;
    }

    @EventHandler
    void on(LearnerEvent event, EventMessage<?> message) {
        live.apply(this, StoredEvent.of(message));
    }

    /**
     * Folds the run's events onto the learners' records read once, keeps the entries it adds in memory
     * (a decision or the field changes of a change raised in the same run complete its entry before it
     * is written), then writes the entries in event order, the decisions and field changes of entries
     * written before, and each learner's last record, each kind as one batch.
     */
    @Override
    public void apply(List<StoredEvent> events) {
        BatchedProjection.applyInRuns(events, run -> applyRun(run, RememberedRecords.NONE), this::erase);
    }

    /**
     * A rebuild folds each batch onto the records it folded before, remembered rather than read again, and
     * writes each learner's record once it is forgotten or the rebuild finishes, not once per batch.
     */
    @Override
    public BatchedProjection rebuilding() {
        RememberedRecords remembered = RememberedRecords.forRebuild(json, settings);
        return new BatchedProjection() {
            @Override
            public void apply(List<StoredEvent> events) {
                BatchedProjection.applyInRuns(events, run -> applyRun(run, remembered), LearnerHistoryProjection.this::erase);
            }

            @Override
            public void finish() {
                remembered.finish(LearnerHistoryProjection.this::writeStates);
            }
        };
    }

    /** Earlier entries lose their personal values; the erasure's own entry records none (decision 33). */
    private void erase(LearnerErased erased) {
        ErasedRows.erase(jdbc, json, "learner_history_entry", "entry_id", "proposal", erased.learner());
        ErasedRows.erase(jdbc, json, "learner_history_entry", "entry_id", "field_changes", erased.learner(),
                LearnerHistoryProjection::eraseHealthProblems);
    }

    /** An LLDD and health problem's fields in a list of field changes, erased (decision 33). */
    @SuppressWarnings("unchecked")
    private static void eraseHealthProblems(Object fieldChanges) {
        if (fieldChanges instanceof List<?> changes) {
            for (Object change : changes) {
                if (change instanceof Map<?, ?> map && "LLDDandHealthProblem".equals(map.get("entity"))) {
                    Map<String, Object> fields = (Map<String, Object>) map;
                    fields.computeIfPresent("oldValue", (k, v) -> PersonalFields.ERASED);
                    fields.computeIfPresent("newValue", (k, v) -> PersonalFields.ERASED);
                }
            }
        }
    }

    private void applyRun(List<StoredEvent> events, RememberedRecords remembered) {
        Set<LearnerId> learners = new LinkedHashSet<>();
        Set<UUID> decided = new HashSet<>();
        for (StoredEvent stored : events) {
            LearnerEvent event = (LearnerEvent) stored.payload();
            learners.add(event.learner());
            if (event instanceof ChangeApproved approved) {
                decided.add(approved.changeId());
            } else if (event instanceof ChangeRejected rejected) {
                decided.add(rejected.changeId());
            } else if (event instanceof ApprovedChange applied) {
                decided.add(applied.changeId());
            }
        }
        Map<LearnerId, IlrLearner> states = remembered.of(learners, this::states);
        Set<UUID> written = written(decided);
        List<Entry> added = new ArrayList<>();
        Map<UUID, Entry> addedByChange = new HashMap<>();
        List<Object[]> decisions = new ArrayList<>();
        List<Object[]> fieldChanges = new ArrayList<>();
        Map<LearnerId, Instant> folded = new LinkedHashMap<>();
        for (StoredEvent stored : events) {
            LearnerEvent event = (LearnerEvent) stored.payload();
            Instant recordedAt = stored.recordedAt();
            IlrLearner before = states.get(event.learner());
            IlrLearner after = IlrFold.apply(before, event);
            Entry entry = null;
            if (event instanceof LearnerRegistered registered) {
                entry = new Entry(event, null, REGISTRATION, ChangeStatus.APPROVED, StorableText.of(registered.registeredBy()),
                        recordedAt);
                entry.evidence = json.write(registered.evidence());
                entry.decidedBy = StorableText.of(registered.approvedBy());
                entry.decidedAt = registered.approvedBy() == null ? null : Timestamp.from(recordedAt);
                entry.fieldChanges = json.write(IlrDiff.between(null, after));
            } else if (event instanceof ChangeRaised raised) {
                entry = new Entry(event, raised.changeId(), raised.proposal().type().name(), ChangeStatus.RAISED,
                        StorableText.of(raised.raisedBy()), recordedAt);
                entry.effectiveDate = raised.effectiveDate();
                entry.reason = StorableText.of(raised.reason());
                entry.proposal = json.write(raised.proposal());
                entry.evidence = json.write(raised.evidence());
            } else if (event instanceof ChangeApproved approved) {
                decide(approved.changeId(), ChangeStatus.APPROVED, approved.approvedBy(), recordedAt, approved.comment(),
                        addedByChange, written, decisions);
            } else if (event instanceof ChangeRejected rejected) {
                decide(rejected.changeId(), ChangeStatus.REJECTED, rejected.rejectedBy(), recordedAt, rejected.reason(),
                        addedByChange, written, decisions);
            } else if (event instanceof QaVerified verified) {
                entry = new Entry(event, null, QA_VERIFIED, ChangeStatus.APPROVED, StorableText.of(verified.verifiedBy()),
                        recordedAt);
                entry.reason = StorableText.of(verified.comment());
            } else if (event instanceof LearnerErased erased) {
                entry = new Entry(event, null, ERASURE, ChangeStatus.APPROVED, StorableText.of(erased.requestedBy()),
                        recordedAt);
                entry.reason = StorableText.of(erased.reason());
                entry.decidedBy = StorableText.of(erased.approvedBy());
                entry.decidedAt = Timestamp.from(recordedAt);
            } else if (event instanceof ApprovedChange applied) {
                String changes = json.write(IlrDiff.between(before, after));
                Entry raised = addedByChange.get(applied.changeId());
                if (raised != null) {
                    raised.fieldChanges = changes;
                } else if (written.contains(applied.changeId())) {
                    fieldChanges.add(new Object[] {changes, applied.changeId()});
                } else {
                    // Recorded without a raised change (an imported file's correction): one entry says it all.
                    entry = new Entry(event, applied.changeId(), ChangeType.CORRECTION.name(), ChangeStatus.APPROVED,
                            StorableText.of(applied.raisedBy()), recordedAt);
                    entry.reason = StorableText.of(applied.reason());
                    entry.evidence = json.write(applied.evidence());
                    entry.decidedBy = StorableText.of(applied.approvedBy());
                    entry.decidedAt = Timestamp.from(recordedAt);
                    entry.fieldChanges = changes;
                }
            }
            if (entry != null) {
                added.add(entry);
                if (entry.changeId != null) {
                    addedByChange.put(entry.changeId, entry);
                }
            }
            if (after != before) {
                states.put(event.learner(), after);
                folded.put(event.learner(), recordedAt);
            }
        }
        write(added, decisions, fieldChanges);
        remembered.changed(states, folded, this::writeStates);
    }

    private void write(List<Entry> added, List<Object[]> decisions, List<Object[]> fieldChanges) {
        if (!added.isEmpty()) {
            inserts.insert("learner_history_entry", ENTRY_COLUMNS, added.stream().map(Entry::row).toList());
        }
        if (!decisions.isEmpty()) {
            batches.batchUpdate("""
                    UPDATE learner_history_entry SET status = ?, decided_by = ?, decided_at = ?, decision_comment = ?
                    WHERE change_id = ?""", decisions);
        }
        if (!fieldChanges.isEmpty()) {
            batches.batchUpdate("UPDATE learner_history_entry SET field_changes = CAST(? AS jsonb) WHERE change_id = ?",
                    fieldChanges);
        }
    }

    /** Each learner's record as this projection last folded it, as one batch. */
    private void writeStates(List<RememberedRecords.Changed> folded) {
        batches.batchUpdate("""
                INSERT INTO learner_history_state (ukprn, learn_ref_number, record) VALUES (?, ?, CAST(? AS jsonb))
                ON CONFLICT (ukprn, learn_ref_number) DO UPDATE SET record = EXCLUDED.record""",
                folded.stream().map(learner -> new Object[] {learner.learner().ukprn().value(),
                        learner.learner().learnRefNumber().value(), json.write(learner.record())}).toList());
    }

    private static final List<RowInserts.Column> ENTRY_COLUMNS = List.of(RowInserts.Column.of("ukprn"),
            RowInserts.Column.of("learn_ref_number"), RowInserts.Column.of("change_id"), RowInserts.Column.of("entry_type"),
            RowInserts.Column.of("status"), RowInserts.Column.of("effective_date"), RowInserts.Column.of("reason"),
            RowInserts.Column.jsonb("proposal"), RowInserts.Column.jsonb("evidence"), RowInserts.Column.of("raised_by"),
            RowInserts.Column.of("raised_at"), RowInserts.Column.of("decided_by"), RowInserts.Column.of("decided_at"),
            RowInserts.Column.of("decision_comment"), RowInserts.Column.jsonb("field_changes"));

    /** An entry added by this run, written once the run is folded. */
    private static final class Entry {
        final int ukprn;
        final String learnRefNumber;
        final UUID changeId;
        final String entryType;
        String status;
        LocalDate effectiveDate;
        String reason;
        String proposal;
        String evidence = "[]";
        final String raisedBy;
        final Timestamp raisedAt;
        String decidedBy;
        Timestamp decidedAt;
        String decisionComment;
        String fieldChanges = "[]";

        Entry(LearnerEvent event, UUID changeId, String entryType, ChangeStatus status, String raisedBy, Instant raisedAt) {
            this.ukprn = ukprn(event);
            this.learnRefNumber = ref(event);
            this.changeId = changeId;
            this.entryType = entryType;
            this.status = status.name();
            this.raisedBy = raisedBy;
            this.raisedAt = Timestamp.from(raisedAt);
        }

        Object[] row() {
            return new Object[] {ukprn, learnRefNumber, changeId, entryType, status, effectiveDate, reason, proposal,
                    evidence, raisedBy, raisedAt, decidedBy, decidedAt, decisionComment, fieldChanges};
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

    /** The decision completes an entry of this run, or updates one written before; a change never raised has none. */
    private static void decide(UUID changeId, ChangeStatus status, String by, Instant at, String comment,
            Map<UUID, Entry> addedByChange, Set<UUID> written, List<Object[]> decisions) {
        Entry raised = addedByChange.get(changeId);
        if (raised != null) {
            raised.status = status.name();
            raised.decidedBy = StorableText.of(by);
            raised.decidedAt = Timestamp.from(at);
            raised.decisionComment = StorableText.of(comment);
        } else if (written.contains(changeId)) {
            decisions.add(new Object[] {status.name(), StorableText.of(by), Timestamp.from(at), StorableText.of(comment),
                    changeId});
        }
    }

    /** Of these changes, those with an entry written already. */
    private Set<UUID> written(Set<UUID> changes) {
        if (changes.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("SELECT change_id FROM learner_history_entry WHERE change_id = ANY (?)")
                .param(changes.toArray(UUID[]::new))
                .query(UUID.class)
                .list());
    }

    /** The learners' records as this projection last folded them. */
    private Map<LearnerId, IlrLearner> states(Set<LearnerId> learners) {
        Map<LearnerId, IlrLearner> states = new HashMap<>();
        jdbc.sql("SELECT ukprn, learn_ref_number, record FROM learner_history_state WHERE " + LearnerKeys.MATCH)
                .params(LearnerKeys.of(learners).params())
                .query(rs -> {
                    states.put(LearnerId.of(rs.getInt(1), rs.getString(2)), json.read(rs.getString(3), IlrLearner.class));
                });
        return states;
    }

    private static int ukprn(LearnerEvent event) {
        return event.learner().ukprn().value();
    }

    private static String ref(LearnerEvent event) {
        return event.learner().learnRefNumber().value();
    }
}
