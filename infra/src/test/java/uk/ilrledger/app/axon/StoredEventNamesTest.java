package uk.ilrledger.app.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import uk.ilrledger.app.Api;
import uk.ilrledger.app.IntegrationTest;
import uk.ilrledger.testsupport.OwnDatabase;
import uk.ilrledger.schemas.learner.LearnerCommand.RegisterLearner;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.testsupport.SampleLearners;
import uk.ilrledger.testsupport.TestDatabase;

/**
 * Events are stored and logged under their stable names, and an event of a type this version of the
 * ledger does not know holds its processors up, visibly, instead of being passed over.
 */
@IntegrationTest
@ContextConfiguration(initializers = StoredEventNamesTest.OwnStore.class)
@DirtiesContext
class StoredEventNamesTest {

    /** Its own database: an unreadable event would hold up the shared store's processors for every test. */
    static class OwnStore implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestDatabase database = OwnDatabase.create("names");
            TestPropertyValues.of(
                    "spring.datasource.url=" + database.jdbcUrl(),
                    "spring.datasource.username=" + database.username(),
                    "spring.datasource.password=" + database.password()).applyTo(context);
        }
    }

    @Autowired
    CommandGateway commands;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    ObjectMapper json;

    @Test
    void eventsAreNamedInTheDomainsWordsAndAnUnknownOneStopsTheProcessorsThatMeetIt() {
        Api api = new Api(rest, json);
        LearnerId first = register("NAMES1");
        assertThat(jdbc.sql("SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(first.asString()).query(String.class).single()).isEqualTo("LearnerRegistered");
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                        "SELECT count(*) FROM learner_event_log WHERE learn_ref_number = 'NAMES1'")
                .query(Long.class).single() == 1);
        assertThat(jdbc.sql("SELECT event_type FROM learner_event_log WHERE learn_ref_number = 'NAMES1'")
                .query(String.class).single()).isEqualTo("LearnerRegistered");

        // An event written by a later version of the ledger, which this one cannot read.
        jdbc.sql("""
                INSERT INTO domain_event_entry (event_identifier, meta_data, payload, payload_revision, payload_type,
                        time_stamp, aggregate_identifier, sequence_number, type)
                VALUES (?, convert_to('{}', 'UTF8'), convert_to('{}', 'UTF8'), '1', 'LearnerTeleported',
                        '2026-12-06T10:00:00Z', ?, 0, 'Learner')""")
                .params(UUID.randomUUID().toString(), SampleLearners.UKPRN + ":NAMES2")
                .update();
        LearnerId third = register("NAMES3");

        await().atMost(Duration.ofSeconds(30)).until(() -> status(api, "event-log").path("inError").asBoolean());
        JsonNode eventLog = status(api, "event-log");
        assertThat(eventLog.path("caughtUp").asBoolean()).isFalse();
        assertThat(jdbc.sql("SELECT count(*) FROM learner_event_log WHERE learn_ref_number = ?")
                .param(third.learnRefNumber().value()).query(Long.class).single())
                .as("the learner registered after the unreadable event is not logged past it").isZero();
    }

    private LearnerId register(String learnRefNumber) {
        LearnerId learner = LearnerId.of(SampleLearners.UKPRN, learnRefNumber);
        commands.sendAndWait(new RegisterLearner(learner,
                SampleLearners.apprentice(learnRefNumber, LocalDate.of(2025, 9, 1)), "admin"));
        return learner;
    }

    private static JsonNode status(Api api, String processor) {
        for (JsonNode status : api.get("admin", "/api/admin/projections").body()) {
            if (status.path("name").asText().equals(processor)) {
                return status;
            }
        }
        throw new AssertionError("no processor " + processor);
    }
}
