package uk.ilrledger.app.screens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import uk.ilrledger.app.scaleout.InProcessInstances;
import uk.ilrledger.projections.currentilr.CurrentIlrProjection;
import uk.ilrledger.projections.processors.ProcessorsCaughtUp;
import uk.ilrledger.query.returns.CachedReturns;
import uk.ilrledger.query.returns.ReturnSnapshots;
import uk.ilrledger.query.returns.ReturnsPreparedAhead;
import uk.ilrledger.schemas.learner.ChangeProposal;
import uk.ilrledger.schemas.learner.LearnerCommand;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.schemas.values.ReturnPeriod;
import uk.ilrledger.schemas.values.Ukprn;
import uk.ilrledger.testsupport.OwnDatabase;
import uk.ilrledger.testsupport.SampleLearners;
import uk.ilrledger.testsupport.TestDatabase;

/**
 * After a start, the service builds the return due next (R07 of 2025-26 on 2 March 2026, due on the 5th)
 * before anyone asks: its first view finds it kept and builds nothing whole, and it is the return built
 * afresh from the event log, hash for hash. A withdrawal approved after that is on the next view.
 */
class ReturnPreparedAheadTest {

    private static final String PASSWORD = "prepared-ahead-test-only";
    private static final LocalDate TODAY = LocalDate.of(2026, 3, 2);
    private static final int UKPRN = 10009048;
    private static final CollectionYear YEAR = CollectionYear.parse("2526");
    private static final ReturnPeriod R07 = ReturnPeriod.parse("R07");
    private static final LocalDate LAST_DAY = LocalDate.of(2026, 2, 27);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Today for both instances: 2 March 2026, 09:00. */
    static class FixedToday {
        @Bean
        @Primary
        Clock fixedToday() {
            return Clock.fixed(TODAY.atTime(9, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
        }
    }

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
    void afterAStartTheReturnDueNextIsKeptBeforeItsFirstViewAndAChangeApprovedAfterIsOnTheNextView()
            throws Exception {
        TestDatabase database = OwnDatabase.create("prepared");
        ConfigurableApplicationContext writer = instances.start(database, List.of(FixedToday.class),
                "--ilr-ledger.returns.prepare-ahead=false");
        CommandGateway bus = writer.getBean(CommandGateway.class);
        for (int n = 1; n <= 30; n++) {
            String ref = String.format("PA%03d", n);
            bus.sendAndWait(new LearnerCommand.RegisterLearner(LearnerId.of(UKPRN, ref),
                    SampleLearners.apprentice(ref, LocalDate.of(2025, 9, 1)), "admin"));
        }
        List<String> sources = new ArrayList<>(ReturnSnapshots.SOURCES);
        sources.add(CurrentIlrProjection.PROCESSING_GROUP);
        writer.getBean(ProcessorsCaughtUp.class).await(sources, Duration.ofMinutes(1), lags -> { });
        writer.close();

        // A start: the return due next is built in the background, before any request.
        ConfigurableApplicationContext reader = instances.start(database, List.of(FixedToday.class));
        ReturnsPreparedAhead preparedAhead = reader.getBean(ReturnsPreparedAhead.class);
        CachedReturns cached = reader.getBean(CachedReturns.class);
        await().atMost(Duration.ofMinutes(2)).until(() -> preparedAhead.passes() >= 1);
        assertThat(cached.keeps(new Ukprn(UKPRN), YEAR, R07)).as("R07 is kept before anyone asked for it").isTrue();
        long built = cached.wholeBuilds();
        assertThat(built).as("built whole once, in the background").isEqualTo(1);

        JsonNode first = returnAsNow(reader);
        assertThat(cached.wholeBuilds()).as("the first view built nothing whole").isEqualTo(built);
        assertThat(first.at("/learners").size()).isEqualTo(30);
        assertThat(first.at("/sha256").asText()).as("the kept return is the one built afresh")
                .isEqualTo(afresh(reader, first.at("/position").asLong()));
        assertThat(compStatuses(first, "PA007")).as("on programme").containsOnly(1);

        UUID change = UUID.randomUUID();
        reader.getBean(CommandGateway.class).sendAndWait(new LearnerCommand.RaiseChange(LearnerId.of(UKPRN, "PA007"),
                change, new ChangeProposal.Withdrawal(LAST_DAY, 97), List.of(), LAST_DAY, "Learner left", List.of(),
                "raiser"));
        HttpResponse<String> approved = http.send(request(reader, "/api/changes/" + change + "/approval", "approver")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"comment\":\"checked\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);

        JsonNode after = returnAsNow(reader);
        assertThat(compStatuses(after, "PA007")).as("the withdrawal approved after the first view").containsOnly(3);
        assertThat(compStatuses(after, "PA008")).as("the other learners as they were").containsOnly(1);
        assertThat(after.at("/sha256").asText()).as("still the return built afresh")
                .isEqualTo(afresh(reader, after.at("/position").asLong()))
                .isNotEqualTo(first.at("/sha256").asText());
        assertThat(cached.wholeBuilds()).as("brought up to date learner by learner").isEqualTo(built);
    }

    private JsonNode returnAsNow(ConfigurableApplicationContext instance) throws Exception {
        HttpResponse<String> answer = http.send(request(instance, "/api/providers/" + UKPRN + "/returns/2526/R07",
                "auditor").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    /** The return built from the event log at the same position and preparation date, nothing kept used. */
    private static String afresh(ConfigurableApplicationContext instance, long position) {
        return instance.getBean(ReturnSnapshots.class).build(new Ukprn(UKPRN), YEAR, R07, position, TODAY).sha256();
    }

    private static List<Integer> compStatuses(JsonNode snapshot, String ref) {
        List<Integer> statuses = new ArrayList<>();
        for (JsonNode learner : snapshot.at("/learners")) {
            if (learner.at("/learner/learnRefNumber").asText().equals(ref)) {
                learner.at("/learner/learningDeliveries").forEach(aim -> statuses.add(aim.at("/compStatus").asInt()));
            }
        }
        assertThat(statuses).as("%s's aims", ref).isNotEmpty();
        return statuses;
    }

    private static HttpRequest.Builder request(ConfigurableApplicationContext instance, String path, String user) {
        int port = ((ServletWebServerApplicationContext) instance).getWebServer().getPort();
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }
}
