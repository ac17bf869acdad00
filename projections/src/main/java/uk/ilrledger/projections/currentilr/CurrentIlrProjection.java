package uk.ilrledger.projections.currentilr;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import uk.ilrledger.projections.BatchedProjection;
import uk.ilrledger.projections.processors.LiveRuns;
import uk.ilrledger.projections.Json;
import uk.ilrledger.projections.LearnerKeys;
import uk.ilrledger.projections.RememberedRecords;
import uk.ilrledger.projections.StoredEvent;
import uk.ilrledger.schemas.ilr.IlrFold;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.learner.LearnerEvent;
import uk.ilrledger.schemas.values.LearnerId;

/** The current ILR of every learner: the fold of their events, one row each. */
@Component
@ProcessingGroup(CurrentIlrProjection.PROCESSING_GROUP)
public class CurrentIlrProjection implements BatchedProjection {

    public static final String PROCESSING_GROUP = "current-ilr";

    private final LiveRuns live;
    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final Json json;
    /** How much a rebuild keeps in memory ({@link RememberedRecords#forRebuild}). */
    private final Environment settings;

    public CurrentIlrProjection(JdbcClient jdbc, JdbcTemplate batches, Json json, LiveRuns live, Environment settings) {
        this.live = live;
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
     * Reads the rows of the run's learners once, folds every event onto them in memory, and writes
     * each learner whose record changed once, dated by the last event that changed it.
     */
    @Override
    public void apply(List<StoredEvent> events) {
        apply(events, RememberedRecords.NONE);
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
                CurrentIlrProjection.this.apply(events, remembered);
            }

            @Override
            public void finish() {
                remembered.finish(CurrentIlrProjection.this::write);
            }
        };
    }

    private void apply(List<StoredEvent> events, RememberedRecords remembered) {
        Set<LearnerId> learners = new LinkedHashSet<>();
        for (StoredEvent stored : events) {
            learners.add(((LearnerEvent) stored.payload()).learner());
        }
        Map<LearnerId, IlrLearner> records = remembered.of(learners, this::read);
        Map<LearnerId, Instant> changed = new LinkedHashMap<>();
        for (StoredEvent stored : events) {
            LearnerEvent event = (LearnerEvent) stored.payload();
            IlrLearner before = records.get(event.learner());
            IlrLearner after = IlrFold.apply(before, event);
            if (after != before) {
                records.put(event.learner(), after);
                changed.put(event.learner(), stored.recordedAt());
            }
        }
        remembered.changed(records, changed, this::write);
    }

    /** Each learner's record, dated by the last event that changed it, as one batch. */
    private void write(List<RememberedRecords.Changed> changed) {
        List<Object[]> rows = new ArrayList<>(changed.size());
        for (RememberedRecords.Changed learner : changed) {
            rows.add(new Object[] {learner.learner().ukprn().value(), learner.learner().learnRefNumber().value(),
                    learner.record().uln().value(), json.write(learner.record()), Timestamp.from(learner.at())});
        }
        batches.batchUpdate("""
                INSERT INTO current_ilr_learner (ukprn, learn_ref_number, uln, record, updated_at)
                VALUES (?, ?, ?, CAST(? AS jsonb), ?)
                ON CONFLICT (ukprn, learn_ref_number)
                DO UPDATE SET uln = EXCLUDED.uln, record = EXCLUDED.record, updated_at = EXCLUDED.updated_at""", rows);
    }

    private Map<LearnerId, IlrLearner> read(Set<LearnerId> learners) {
        Map<LearnerId, IlrLearner> records = new HashMap<>();
        jdbc.sql("SELECT ukprn, learn_ref_number, record FROM current_ilr_learner WHERE " + LearnerKeys.MATCH)
                .params(LearnerKeys.of(learners).params())
                .query(rs -> {
                    records.put(LearnerId.of(rs.getInt(1), rs.getString(2)), json.read(rs.getString(3), IlrLearner.class));
                });
        return records;
    }

    public Optional<IlrLearner> find(LearnerId learner) {
        return jdbc.sql("SELECT record FROM current_ilr_learner WHERE ukprn = ? AND learn_ref_number = ?")
                .params(learner.ukprn().value(), learner.learnRefNumber().value())
                .query(String.class)
                .optional()
                .map(text -> json.read(text, IlrLearner.class));
    }
}
