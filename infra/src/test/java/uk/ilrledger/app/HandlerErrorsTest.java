package uk.ilrledger.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.test.annotation.DirtiesContext;
import uk.ilrledger.schemas.learner.LearnerRegistered;
import uk.ilrledger.schemas.learner.LearnerCommand.RegisterLearner;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.testsupport.SampleLearners;
import org.axonframework.commandhandling.gateway.CommandGateway;

/**
 * A failing event handler is never skipped: its rows roll back with its token, the processor
 * retries, and once the handler succeeds the event is handled exactly once.
 */
@IntegrationTest
// Its own application context: closed after the class, so it stops claiming the shared store's
// processor tokens that the other tests' context needs.
@DirtiesContext
class HandlerErrorsTest {

    static final AtomicInteger FAILURES_LEFT = new AtomicInteger();

    @TestConfiguration
    static class Probe {
        @Bean
        FailingProbe failingProbe(JdbcClient jdbc) {
            return new FailingProbe(jdbc);
        }

        /** The probe starts at the head of the store: what came before this test is not its concern. */
        @Bean
        ConfigurerModule probeStartsAtTheHead() {
            return configurer -> configurer.eventProcessing(processing -> processing
                    .registerTrackingEventProcessorConfiguration("failing-probe", config ->
                            TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                    .andInitialTrackingToken(StreamableMessageSource::createHeadToken)));
        }
    }

    /** Writes a row for every registration, then fails while failures are left. */
    @ProcessingGroup("failing-probe")
    static class FailingProbe {
        private final JdbcClient jdbc;

        FailingProbe(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @EventHandler
        void on(LearnerRegistered event) {
            jdbc.sql("INSERT INTO probe_row (learner_id) VALUES (?)").param(event.learner().asString()).update();
            if (FAILURES_LEFT.getAndDecrement() > 0) {
                throw new IllegalStateException("probe failure");
            }
        }
    }

    @Autowired
    CommandGateway commands;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    TokenStore tokens;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void aFailingHandlerRollsBackItsRowsAndItsTokenAndIsRetriedUntilItSucceeds() {
        jdbc.sql("CREATE TABLE IF NOT EXISTS probe_row (learner_id TEXT NOT NULL)").update();
        TrackingEventProcessor probe = processing.eventProcessor("failing-probe", TrackingEventProcessor.class)
                .orElseThrow();
        await().atMost(Duration.ofSeconds(20)).until(() -> probe.processingStatus().values().stream()
                .allMatch(status -> status.isCaughtUp()));
        jdbc.sql("DELETE FROM probe_row").update();
        FAILURES_LEFT.set(2);

        LearnerId learner = LearnerId.of(SampleLearners.UKPRN, "PROBE" + System.nanoTime() % 10_000_000);
        commands.sendAndWait(new RegisterLearner(learner, SampleLearners.apprentice(learner.learnRefNumber().value(),
                LocalDate.of(2025, 9, 1)), "admin"));

        await().atMost(Duration.ofSeconds(20)).until(() -> FAILURES_LEFT.get() < 0);
        await().atMost(Duration.ofSeconds(20)).until(() -> probe.processingStatus().values().stream()
                .allMatch(status -> status.isCaughtUp() && !status.isErrorState()));
        assertThat(jdbc.sql("SELECT count(*) FROM probe_row WHERE learner_id = ?").param(learner.asString())
                .query(Long.class).single())
                .as("two failed attempts left no rows; the third wrote exactly one").isEqualTo(1);
        long position = transactions.execute(tx -> tokens.fetchToken("failing-probe", 0).position().orElse(-1));
        long lastEvent = jdbc.sql("SELECT max(global_index) FROM domain_event_entry").query(Long.class).single();
        assertThat(position).isEqualTo(lastEvent);
    }
}
