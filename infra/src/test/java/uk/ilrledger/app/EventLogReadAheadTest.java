package uk.ilrledger.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.ilrledger.projections.eventlog.LearnerEventLog;
import uk.ilrledger.projections.eventlog.LoggedEvent;
import uk.ilrledger.projections.processors.ProcessorsCaughtUp;
import uk.ilrledger.schemas.learner.LearnerCommand.RegisterLearner;
import uk.ilrledger.schemas.learner.LearnerRegistered;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.schemas.values.Ukprn;
import uk.ilrledger.testsupport.SampleLearners;

/**
 * An export and a return built whole read a provider's event log on a thread of their own, some learners
 * ahead of the thread that folds and writes them. More learners than it reads ahead: each arrives once, in
 * order; a failure on either side reaches the caller, and leaves no reader holding a connection.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // the learners are registered once, read by every test
class EventLogReadAheadTest {

    /** More than the reader keeps ahead of its taker, so that the reader waits for room. */
    private static final int LEARNERS = 150;

    @Autowired
    CommandGateway commands;
    @Autowired
    LearnerEventLog log;
    @Autowired
    ProcessorsCaughtUp caughtUp;
    @Autowired
    JdbcClient jdbc;

    Ukprn ukprn;
    long head;

    @BeforeAll
    void registerLearners() {
        ukprn = Ukprn.parse(String.valueOf(ThreadLocalRandom.current().nextInt(20_000_000, 99_999_999)));
        for (int i = LEARNERS; i > 0; i--) { // registered out of LearnRefNumber order
            String ref = String.format("RA%04d", i);
            commands.sendAndWait(new RegisterLearner(LearnerId.of(ukprn.value(), ref),
                    SampleLearners.apprentice(ref, LocalDate.of(2025, 9, 1)), "admin"));
        }
        head = caughtUp.await(List.of(LearnerEventLog.PROCESSING_GROUP), Duration.ofMinutes(1), lags -> { });
    }

    @Test
    void everyLearnerArrivesOnceInLearnRefNumberOrder() {
        List<String> refs = new ArrayList<>();
        log.forEachLearner(ukprn, head, events -> {
            assertThat(events).extracting(LoggedEvent::event).first().isInstanceOf(LearnerRegistered.class);
            refs.add(events.get(0).event().learner().learnRefNumber().value());
        });

        assertThat(refs).hasSize(LEARNERS).isSorted().doesNotHaveDuplicates();
        assertThat(refs.get(0)).isEqualTo("RA0001");
    }

    @Test
    void aTakerThatFailsEndsTheReadAndFreesItsReader() {
        RuntimeException refused = new IllegalStateException("the file could not be written");
        AtomicInteger taken = new AtomicInteger();

        assertThatThrownBy(() -> log.forEachLearner(ukprn, head, events -> {
            if (taken.incrementAndGet() == 3) {
                pause(Duration.ofMillis(500)); // the reader fills its read-ahead and waits for room
                throw refused;
            }
        })).isSameAs(refused);
        assertThat(taken).hasValue(3);

        // More reads than the pool has connections: none is kept by the abandoned reader.
        for (int i = 0; i < 15; i++) {
            AtomicInteger learners = new AtomicInteger();
            log.forEachLearner(ukprn, head, events -> learners.incrementAndGet());
            assertThat(learners).hasValue(LEARNERS);
        }
        assertThat(readersStillReading()).isEmpty();
    }

    @Test
    void aRowTheReaderCannotDecodeFailsTheCallerAfterTheLearnersBeforeIt() {
        // As a newer version of the ledger may have logged it: a type this version does not know, first of
        // the learner's events (a position below any the store gives), taken out again afterwards.
        String identifier = java.util.UUID.randomUUID().toString();
        jdbc.sql("""
                INSERT INTO learner_event_log (global_index, ukprn, learn_ref_number, sequence_number, event_identifier,
                    event_type, recorded_at, payload)
                VALUES (?, ?, 'RA0149', 99, ?, 'LearnerTeleported', now(), '{}')""")
                .params(-ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE), ukprn.value(), identifier)
                .update();
        try {
            List<String> refs = new ArrayList<>();

            assertThatThrownBy(() -> log.forEachLearner(ukprn, head,
                    events -> refs.add(events.get(0).event().learner().learnRefNumber().value())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("LearnerTeleported");
            assertThat(refs).hasSize(148).last().isEqualTo("RA0148");
            assertThat(readersStillReading()).isEmpty();
        } finally {
            jdbc.sql("DELETE FROM learner_event_log WHERE event_identifier = ?").param(identifier).update();
        }
    }

    /** The reader threads still inside a read of the log. */
    private static List<Thread> readersStillReading() {
        List<Thread> reading = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        do {
            reading.clear();
            for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
                for (StackTraceElement frame : thread.getValue()) {
                    if (frame.getMethodName().equals("readEachLearner")) {
                        reading.add(thread.getKey());
                        break;
                    }
                }
            }
        } while (!reading.isEmpty() && System.nanoTime() < deadline && pause(Duration.ofMillis(50)));
        return reading;
    }

    private static boolean pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }
}
