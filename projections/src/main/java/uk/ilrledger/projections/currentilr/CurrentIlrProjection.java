package uk.ilrledger.projections.currentilr;

import java.time.Instant;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import uk.ilrledger.projections.Json;
import uk.ilrledger.schemas.ilr.IlrFold;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.learner.LearnerEvent;
import uk.ilrledger.schemas.values.LearnerId;

/** The current ILR of every learner: the fold of their events, one row each. */
@Component
@ProcessingGroup(CurrentIlrProjection.PROCESSING_GROUP)
public class CurrentIlrProjection {

    public static final String PROCESSING_GROUP = "current-ilr";

    private final JdbcClient jdbc;
    private final Json json;

    public CurrentIlrProjection(JdbcClient jdbc, Json json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(LearnerEvent event, @org.axonframework.eventhandling.Timestamp Instant recordedAt) {
        IlrLearner before = find(event.learner()).orElse(null);
        IlrLearner after = IlrFold.apply(before, event);
        if (after == before) {
            return;
        }
        jdbc.sql("""
                INSERT INTO current_ilr_learner (ukprn, learn_ref_number, uln, record, updated_at)
                VALUES (?, ?, ?, CAST(? AS jsonb), ?)
                ON CONFLICT (ukprn, learn_ref_number)
                DO UPDATE SET uln = EXCLUDED.uln, record = EXCLUDED.record, updated_at = EXCLUDED.updated_at""")
                .params(event.learner().ukprn().value(), event.learner().learnRefNumber().value(),
                        after.uln().value(), json.write(after), java.sql.Timestamp.from(recordedAt))
                .update();
    }

    public Optional<IlrLearner> find(LearnerId learner) {
        return jdbc.sql("SELECT record FROM current_ilr_learner WHERE ukprn = ? AND learn_ref_number = ?")
                .params(learner.ukprn().value(), learner.learnRefNumber().value())
                .query(String.class)
                .optional()
                .map(text -> json.read(text, IlrLearner.class));
    }
}
