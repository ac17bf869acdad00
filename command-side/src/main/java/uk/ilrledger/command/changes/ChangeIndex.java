package uk.ilrledger.command.changes;

import java.util.Optional;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import uk.ilrledger.schemas.learner.ChangeRaised;
import uk.ilrledger.schemas.values.LearnerId;

/**
 * Finds the learner whose stream holds a change, so {@code /api/changes/{changeId}} commands reach
 * the right aggregate. Its processing group is subscribing: the row is written in the transaction
 * that appends the ChangeRaised event, and a changeId already used for another learner fails it.
 */
@Component
@ProcessingGroup(ChangeIndex.PROCESSING_GROUP)
public class ChangeIndex {

    public static final String PROCESSING_GROUP = "change-index";

    private final JdbcClient jdbc;

    public ChangeIndex(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ChangeRaised event) {
        jdbc.sql("INSERT INTO change_index (change_id, learner_id) VALUES (?, ?)")
                .params(event.changeId(), event.learner().asString())
                .update();
    }

    public Optional<LearnerId> learnerOf(UUID changeId) {
        return jdbc.sql("SELECT learner_id FROM change_index WHERE change_id = ?")
                .param(changeId)
                .query(String.class)
                .optional()
                .map(LearnerId::parse);
    }
}
