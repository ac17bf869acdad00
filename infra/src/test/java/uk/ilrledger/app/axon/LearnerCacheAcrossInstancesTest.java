package uk.ilrledger.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.ilrledger.app.scaleout.InProcessInstances;
import uk.ilrledger.testsupport.OwnDatabase;
import uk.ilrledger.command.learner.LearnerCache;
import uk.ilrledger.schemas.learner.ChangeProposal;
import uk.ilrledger.schemas.learner.LearnerCommand;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.testsupport.SampleLearners;
import uk.ilrledger.testsupport.TestDatabase;

/**
 * Two instances of the service on one database, each keeping the learners it handled commands on
 * (decision 35). An instance whose kept learner the other has appended to since never decides from its
 * stale copy: it reads the learner back from the store and decides on what the other instance
 * recorded. The learner's events stay one unbroken sequence and its chain verifies.
 */
class LearnerCacheAcrossInstancesTest {

    private static final String PASSWORD = "learner-cache-test-only";

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private InProcessInstances instances;

    @BeforeEach
    void instances() {
        instances = new InProcessInstances(work, PASSWORD);
    }

    @AfterEach
    void stop() {
        instances.close();
    }

    @Test
    void anInstanceKeepingALearnerTheOtherChangedSinceDecidesFromTheStore() throws Exception {
        TestDatabase database = OwnDatabase.create("cache");
        ConfigurableApplicationContext a = start(database);
        ConfigurableApplicationContext b = start(database);
        String ref = "C" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        LearnerId learner = LearnerId.of(SampleLearners.UKPRN, ref);
        LocalDate today = LocalDate.now();
        LocalDate left = today.minusDays(1);

        // A registers the learner and raises a withdrawal: A now keeps the learner.
        CommandGateway busA = a.getBean(CommandGateway.class);
        busA.sendAndWait(new LearnerCommand.RegisterLearner(learner, SampleLearners.apprentice(ref,
                today.minusDays(60)), "admin"));
        UUID withdrawal = UUID.randomUUID();
        busA.sendAndWait(new LearnerCommand.RaiseChange(learner, withdrawal, new ChangeProposal.Withdrawal(left, 97),
                List.of(), left, "Learner emailed to say they have left", List.of(), "raiser"));
        assertThat(kept(a, learner)).as("A keeps the learner it handled").isTrue();

        // B, reading the learner from the store, raises a second change: A's kept learner is now behind.
        UUID second = UUID.randomUUID();
        b.getBean(CommandGateway.class).sendAndWait(new LearnerCommand.RaiseChange(learner, second,
                new ChangeProposal.Withdrawal(left, 97), List.of(), left, "Learner phoned to say they have left",
                List.of(), "raiser"));

        // A approves the first change: what it kept is behind the store, so it reads the learner back
        // and approves from the state the store holds, after B's change.
        HttpResponse<String> approved = approve(a, withdrawal, "approver");
        assertThat(approved.statusCode()).as("A approving from the store, not from its stale copy: " + approved.body())
                .isEqualTo(200);
        assertThat(kept(a, learner)).as("A keeps the learner as now stored").isTrue();

        // B's kept learner is behind A's approval: B reads it back and sees the learner already withdrawn,
        // rather than approving a second withdrawal from its stale copy.
        HttpResponse<String> fromB = approve(b, second, "approver2");
        assertThat(fromB.statusCode()).as(fromB.body()).isEqualTo(409);
        assertThat(fromB.body()).as("B sees A's approval").contains("no longer fits");

        List<Long> sequence = events(a, learner);
        assertThat(sequence).as("the learner's stored sequence numbers")
                .containsExactlyElementsOf(java.util.stream.LongStream.range(0, sequence.size()).boxed().toList());
        assertThat(a.getBean(JdbcClient.class).sql("SELECT count(*) FROM learner_event_chain WHERE aggregate_identifier = ?")
                .param(learner.asString()).query(Long.class).single()).as("chain links").isEqualTo(sequence.size());
        HttpResponse<String> verification = get(b, "/api/providers/" + SampleLearners.UKPRN + "/learners/"
                + ref + "/verification", "auditor");
        assertThat(verification.statusCode()).as(verification.body()).isEqualTo(200);
        JsonNode verified = new ObjectMapper().readTree(verification.body());
        assertThat(verified.path("intact").asBoolean()).as("the chain verifies: " + verified).isTrue();
        assertThat(verified.path("events").asInt()).isEqualTo(sequence.size());
    }

    private static boolean kept(ConfigurableApplicationContext instance, LearnerId learner) {
        return instance.getBean(LearnerCache.class).containsKey(learner.asString());
    }

    private static List<Long> events(ConfigurableApplicationContext instance, LearnerId learner) {
        return instance.getBean(JdbcClient.class).sql("""
                SELECT sequence_number FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number""")
                .param(learner.asString()).query(Long.class).list();
    }

    private HttpResponse<String> approve(ConfigurableApplicationContext instance, UUID change, String user) throws Exception {
        return http.send(request(instance, "/api/changes/" + change + "/approval", user)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"comment\":\"checked\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(ConfigurableApplicationContext instance, String path, String user) throws Exception {
        return http.send(request(instance, path, user).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private ConfigurableApplicationContext start(TestDatabase database) {
        return instances.start(database);
    }

    private static HttpRequest.Builder request(ConfigurableApplicationContext instance, String path, String user) {
        int port = ((ServletWebServerApplicationContext) instance).getWebServer().getPort();
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }
}
