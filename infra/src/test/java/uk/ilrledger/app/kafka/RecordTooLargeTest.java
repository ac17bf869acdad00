package uk.ilrledger.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import uk.ilrledger.app.Api;
import uk.ilrledger.app.IntegrationTest;
import uk.ilrledger.testsupport.SampleLearners;
import uk.ilrledger.testsupport.OwnDatabase;
import uk.ilrledger.testsupport.TestDatabase;
import uk.ilrledger.testsupport.TestKafka;

/**
 * A topic whose max.message.bytes is smaller than a learner's registration refuses the record for
 * good. That is not an outage: the health page names the publisher, the event and "record too large
 * for the broker" at once, and once the topic's limit is raised (the documented fix) the retry goes
 * through and the publisher is healthy again. Own database and topic.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ILR_LEDGER_DEMO_PASSWORD=" + IntegrationTest.PASSWORD,
        "management.endpoint.health.show-components=always",
        "management.endpoint.health.show-details=when-authorized",
        "management.endpoint.health.roles=ADMIN"})
@ContextConfiguration(initializers = RecordTooLargeTest.SmallTopic.class)
@DirtiesContext
class RecordTooLargeTest {

    static final String TOPIC = "too-large-" + UUID.randomUUID();
    static final int SMALL = 600;

    static class SmallTopic implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestDatabase database = OwnDatabase.create("toolarge");
            try (Admin admin = admin()) {
                admin.createTopics(List.of(new NewTopic(TOPIC, Optional.of(1), Optional.empty())
                        .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(SMALL)))))
                        .all().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("cannot create topic " + TOPIC, e);
            }
            TestPropertyValues.of(
                    "spring.datasource.url=" + database.jdbcUrl(),
                    "spring.datasource.username=" + database.username(),
                    "spring.datasource.password=" + database.password(),
                    "ilr-ledger.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                    "ilr-ledger.kafka.topic=" + TOPIC
            ).applyTo(context);
        }
    }

    static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()));
    }

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aRecordTheTopicRefusesAsTooLargeIsAPublisherFailureUntilTheTopicsLimitIsRaised() throws Exception {
        Api api = new Api(rest, json);
        Api.Answer registered = api.post("admin", "/api/providers/" + SampleLearners.UKPRN + "/learners",
                SampleLearners.apprentice("BIG001", LocalDate.of(2025, 9, 1)));
        assertThat(registered.status()).isEqualTo(201);
        String eventId = jdbc.sql("SELECT event_identifier FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(SampleLearners.UKPRN + ":BIG001").query(String.class).single();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.get(null, "/actuator/health/eventProcessors").text("/status")).isEqualTo("DOWN"));
        JsonNode publisher = api.get("admin", "/actuator/health/eventProcessors").body()
                .at("/details/failing/kafka-publisher");
        assertThat(publisher.get("eventIdentifier").asText()).isEqualTo(eventId);
        assertThat(publisher.get("error").asText()).startsWith("record too large for the broker");
        assertThat(publisher.get("learner").asText()).isEqualTo(SampleLearners.UKPRN + ":BIG001");
        assertThat(api.get(null, "/actuator/health/kafkaPublication").text("/status"))
                .as("not presented as an outage").isEqualTo("UP");

        try (Admin admin = admin()) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, TOPIC),
                    List.of(new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "1048576"),
                            AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
        }

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(api.get(null, "/actuator/health/eventProcessors").text("/status")).isEqualTo("UP"));
        JsonNode failure = StreamSupport.stream(api.get("admin", "/api/admin/projections/failures").body().spliterator(), false)
                .filter(f -> f.get("processor").asText().equals("kafka-publisher")).findFirst().orElseThrow();
        assertThat(failure.get("eventIdentifier").asText()).isEqualTo(eventId);
        assertThat(failure.get("recoveredAt").asText()).as("the retry went through").isNotBlank();
        assertThat(PublishedRecords.read(TestKafka.bootstrapServers(), TOPIC, read -> !read.isEmpty(), Duration.ofSeconds(20)))
                .extracting(record -> PublishedRecords.header(record, "event-id")).contains(eventId);
    }
}
