package uk.ilrledger.app.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import uk.ilrledger.testsupport.OwnDatabase;
import uk.ilrledger.app.processors.SegmentShares;
import uk.ilrledger.testsupport.TestDatabase;

/**
 * Two instances of the service on one database, each with processors of two segments: an instance is
 * ready (the probe's 200) only once its migrations are applied and it holds its share of every
 * processor's segments; the first instance alone holds them all, a second one takes half of each, and
 * when the first stops the second holds them all again. Liveness does not depend on any of it.
 */
class SharedSegmentsReadinessTest {

    private static final String PASSWORD = "readiness-test-only";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] PROCESSORS = {"change-queue", "current-ilr", "event-log", "kafka-publisher",
            "learner-history", "return-submissions"};

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
    void anInstanceIsReadyOnceItHoldsItsShareOfEveryProcessorsSegments() throws Exception {
        TestDatabase database = OwnDatabase.create("ready");
        ConfigurableApplicationContext first = start(database);

        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(probe(first, "readiness")).isEqualTo(200));
        JsonNode readiness = health(first, "readiness");
        assertThat(readiness.at("/components/migrations/status").asText()).isEqualTo("UP");
        assertThat(readiness.at("/components/readinessState/status").asText()).isEqualTo("UP");
        assertThat(readiness.at("/components/processorShares/details/instances").asInt()).isEqualTo(1);
        assertThat(held(first)).as("alone, it holds both segments of every processor")
                .containsOnlyKeys(PROCESSORS).allSatisfy((name, held) -> assertThat(held).containsExactly(0, 1));
        assertThat(health(first, "liveness").at("/components").fieldNames()).toIterable().containsExactly("livenessState");

        // A second instance whose first does not share (as one that stopped announcing itself): not ready.
        first.getBean(SegmentShares.class).stop();
        ConfigurableApplicationContext second = start(database);
        assertThat(probe(second, "liveness")).isEqualTo(200);
        assertThat(probe(second, "readiness")).as("it holds none of its share").isEqualTo(503);
        assertThat(health(second, "readiness").at("/components/processorShares/status").asText()).isEqualTo("DOWN");
        assertThat(held(second)).allSatisfy((name, held) -> assertThat(held).isEmpty());

        // The first announces itself again and gives up half: both ready, each segment held once.
        first.getBean(SegmentShares.class).start();
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            assertThat(probe(second, "readiness")).isEqualTo(200);
            Map<String, List<Integer>> a = held(first);
            Map<String, List<Integer>> b = held(second);
            for (String processor : PROCESSORS) {
                assertThat(a.get(processor)).as(processor + " on the first").hasSize(1);
                assertThat(b.get(processor)).as(processor + " on the second").hasSize(1);
                TreeSet<Integer> both = new TreeSet<>(a.get(processor));
                both.addAll(b.get(processor));
                assertThat(both).as(processor + " on both").containsExactly(0, 1);
            }
        });
        assertThat(health(second, "readiness").at("/components/processorShares/details/instances").asInt()).isEqualTo(2);

        // The first stops: the second takes every segment.
        first.close();
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(held(second))
                .allSatisfy((name, held) -> assertThat(held).containsExactly(0, 1)));
        assertThat(probe(second, "readiness")).isEqualTo(200);
    }

    private ConfigurableApplicationContext start(TestDatabase database) {
        return instances.start(database, "--ilr-ledger.processors.segments=2",
                "--ilr-ledger.processors.claim-interval=500ms", "--ilr-ledger.processors.claim-timeout=3s");
    }

    /** Each processor's segments this instance holds, as its readiness details list them for an ADMIN. */
    private Map<String, List<Integer>> held(ConfigurableApplicationContext instance) throws Exception {
        Map<String, List<Integer>> held = new TreeMap<>();
        health(instance, "readiness").at("/components/processorShares/details/processors").fields()
                .forEachRemaining(p -> {
                    List<Integer> segments = new ArrayList<>();
                    p.getValue().get("held").forEach(s -> segments.add(s.asInt()));
                    held.put(p.getKey(), segments);
                });
        return held;
    }

    private int probe(ConfigurableApplicationContext instance, String group) throws IOException, InterruptedException {
        return http.send(request(instance, "/actuator/health/" + group).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private JsonNode health(ConfigurableApplicationContext instance, String group) throws Exception {
        HttpResponse<String> response = http.send(request(instance, "/actuator/health/" + group)
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static HttpRequest.Builder request(ConfigurableApplicationContext instance, String path) {
        int port = ((ServletWebServerApplicationContext) instance).getWebServer().getPort();
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
    }
}
