package uk.ilrledger.projections.processors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import uk.ilrledger.projections.BatchedProjection;
import uk.ilrledger.projections.StoredEvent;
import uk.ilrledger.testsupport.OwnDatabase;
import uk.ilrledger.testsupport.TestDatabase;

/**
 * A live processor's batch applied as one run per projection, in the batch's transaction on a real
 * PostgreSQL: the rows all land or none do, and a run that fails is tried again one event at a time so
 * that the failure names the event that cannot be applied, never the batch's last one.
 */
class LiveRunsTest {

    private JdbcTemplate jdbc;
    private DataSourceTransactionManager transactions;
    private LiveRuns live;

    @BeforeEach
    void aTableThatRefusesThePoisonedEvent() {
        TestDatabase database = OwnDatabase.create("liveruns");
        DataSource dataSource = new DriverManagerDataSource(database.jdbcUrl(), database.username(), database.password());
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("CREATE TABLE applied (id text PRIMARY KEY CHECK (id <> 'poison'))");
        transactions = new DataSourceTransactionManager(dataSource);
        live = new LiveRuns(transactions);
    }

    /** A projection that writes a row per event, with one batched statement per run, and notes each run's size. */
    private final class Rows implements BatchedProjection {
        final List<Integer> runs = new CopyOnWriteArrayList<>();
        private final Predicate<List<StoredEvent>> refusedAsARun;

        Rows(Predicate<List<StoredEvent>> refusedAsARun) {
            this.refusedAsARun = refusedAsARun;
        }

        @Override
        public void apply(List<StoredEvent> events) {
            runs.add(events.size());
            if (refusedAsARun.test(events)) {
                throw new IllegalStateException("refused as a run of " + events.size());
            }
            jdbc.batchUpdate("INSERT INTO applied (id) VALUES (?)",
                    events.stream().map(e -> new Object[] {e.payload()}).toList());
        }
    }

    /** Handles the batch as a tracking processor would: each event handed over, the runs applied after the last. */
    private ResultMessage<?> batch(BatchedProjection projection, String... ids) {
        List<EventMessage<?>> events = java.util.Arrays.stream(ids)
                .<EventMessage<?>>map(GenericEventMessage::asEventMessage).toList();
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(events);
        unitOfWork.attachTransaction(new SpringTransactionManager(transactions));
        return unitOfWork.executeWithResult(() -> {
            live.apply(projection, StoredEvent.of(unitOfWork.getMessage()));
            if (unitOfWork.isLastMessage()) {
                LiveRuns.flush(unitOfWork);
            }
            return null;
        });
    }

    private List<String> applied() {
        return jdbc.queryForList("SELECT id FROM applied ORDER BY id", String.class);
    }

    @Test
    void aBatchsEventsAreAppliedAsOneRunWhenItsLastEventHasBeenHandled() {
        Rows rows = new Rows(run -> false);

        ResultMessage<?> result = batch(rows, "a", "b", "c");

        assertThat(result.isExceptional()).isFalse();
        assertThat(rows.runs).containsExactly(3);
        assertThat(applied()).containsExactly("a", "b", "c");
    }

    @Test
    void aFailingRunIsTriedOneEventAtATimeAndTheFailureNamesTheEventThatFailsAloneWithNothingWritten() {
        Rows rows = new Rows(run -> false);

        ResultMessage<?> result = batch(rows, "a", "poison", "c");

        assertThat(result.isExceptional()).isTrue();
        assertThat(result.exceptionResult()).isInstanceOf(LiveRuns.RunFailed.class);
        LiveRuns.RunFailed failed = (LiveRuns.RunFailed) result.exceptionResult();
        assertThat(failed.event().getPayload()).as("the event the failure is recorded against").isEqualTo("poison");
        assertThat(failed.getMessage()).contains(failed.event().getIdentifier());
        assertThat(rows.runs).as("the run, then the events one by one up to the one that fails").containsExactly(3, 1, 1);
        assertThat(applied()).as("the batch's transaction rolled back: not even the first event's row").isEmpty();
    }

    @Test
    void aRunThatFailsOnlyTogetherIsAppliedEventByEventAndTheBatchGoesOn() {
        Rows rows = new Rows(run -> run.size() > 1);

        ResultMessage<?> result = batch(rows, "a", "b", "c");

        assertThat(result.isExceptional()).isFalse();
        assertThat(rows.runs).containsExactly(3, 1, 1, 1);
        assertThat(applied()).containsExactly("a", "b", "c");
    }

    @Test
    void anEventOutsideAProcessorsBatchIsAppliedAtOnce() {
        Rows rows = new Rows(run -> false);

        live.apply(rows, StoredEvent.of(GenericEventMessage.asEventMessage("alone")));

        assertThat(rows.runs).containsExactly(1);
        assertThat(applied()).containsExactly("alone");
    }
}
