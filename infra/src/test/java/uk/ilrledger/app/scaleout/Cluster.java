package uk.ilrledger.app.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import uk.ilrledger.testsupport.TestDatabase;

/**
 * Instances of the service as processes on loopback, one slot each, and a client that sends each
 * request to the instance it is given and, when that one does not answer (stopped, killed, starting)
 * or answers 503, to the next live one. It counts the answers per instance, the 5xx seen, and the
 * requests that had to go elsewhere.
 */
final class Cluster implements AutoCloseable {

    static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    /** An answer, and whether an instance before it failed to answer (a lost answer may have been recorded). */
    record Answer(int status, String body, String instance, boolean failedOver) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        boolean ok() {
            return status / 100 == 2;
        }
    }

    private final Path work;
    private final TestDatabase database;
    private final String topic;
    private final String password;
    private final List<String> settings;
    private final List<LedgerProcess> slots = new CopyOnWriteArrayList<>();
    private final List<String> names = new CopyOnWriteArrayList<>();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final Map<String, AtomicInteger> answeredBy = new ConcurrentHashMap<>();
    final Map<Integer, AtomicInteger> serverErrors = new ConcurrentSkipListMap<>();
    final AtomicInteger failedOver = new AtomicInteger();

    Cluster(Path work, TestDatabase database, String topic, String password, List<String> settings) {
        this.work = work;
        this.database = database;
        this.topic = topic;
        this.password = password;
        this.settings = settings;
    }

    /** Starts the instances named, all at once, and waits until each is ready; answers their slots. */
    List<Integer> start(String... named) throws Exception {
        List<Integer> started = new ArrayList<>();
        for (String name : named) {
            names.add(name);
            slots.add(LedgerProcess.start(name, work, database, topic, password, settings));
            started.add(slots.size() - 1);
        }
        for (int slot : started) {
            slots.get(slot).awaitReady(http);
        }
        return started;
    }

    int size() {
        return slots.size();
    }

    LedgerProcess instance(int slot) {
        return slots.get(slot);
    }

    String name(int slot) {
        return names.get(slot);
    }

    /** SIGKILL: no shutdown hook runs, no claim is released. */
    void kill(int slot) throws InterruptedException {
        slots.get(slot).kill();
    }

    /** SIGTERM and wait: the instance finishes its requests, releases its segments and exits. */
    void stop(int slot) throws InterruptedException {
        LedgerProcess instance = slots.get(slot);
        instance.process().destroy();
        instance.process().waitFor();
    }

    /** Starts the instance in the slot again (on a new port) and waits until it is ready. */
    void restart(int slot) throws Exception {
        LedgerProcess again = LedgerProcess.start(names.get(slot) + "-again", work, database, topic, password, settings);
        slots.set(slot, again);
        again.awaitReady(http);
    }

    boolean alive(int slot) {
        return slots.get(slot).process().isAlive();
    }

    /** Sends to the instance in {@code slot}, or to the next that answers; keeps trying for a minute. */
    Answer send(int slot, String method, String user, String path, String body) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        boolean elsewhere = false;
        while (Instant.now().isBefore(deadline)) {
            for (int attempt = 0; attempt < slots.size(); attempt++) {
                int at = (slot + attempt) % slots.size();
                LedgerProcess target = slots.get(at);
                if (!target.process().isAlive()) {
                    elsewhere = true;
                    continue;
                }
                try {
                    HttpRequest.Builder request = HttpRequest.newBuilder(target.uri(path))
                            .timeout(Duration.ofSeconds(60))
                            .header("Authorization", basic(user));
                    request = body == null ? request.GET()
                            : request.header("Content-Type", "application/json")
                                    .method(method, HttpRequest.BodyPublishers.ofString(body));
                    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() >= 500) {
                        serverErrors.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                    }
                    if (response.statusCode() == 503) {
                        elsewhere = true;
                        continue;
                    }
                    answeredBy.computeIfAbsent(names.get(at), n -> new AtomicInteger()).incrementAndGet();
                    if (elsewhere) {
                        failedOver.incrementAndGet();
                    }
                    return new Answer(response.statusCode(), response.body(), names.get(at), elsewhere);
                } catch (IOException gone) {
                    elsewhere = true;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no instance answered " + method + " " + path + " for a minute");
    }

    Answer get(int slot, String user, String path) throws InterruptedException {
        return send(slot, "GET", user, path, null);
    }

    Answer post(int slot, String user, String path, Object body) throws Exception {
        return send(slot, "POST", user, path, body instanceof String text ? text : JSON.writeValueAsString(body));
    }

    /** A request to exactly this instance, with no failing over. */
    HttpResponse<String> direct(int slot, String method, String user, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(slots.get(slot).uri(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", basic(user));
        request = body == null ? request.GET() : request.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The segments of a processor the instance holds, from its readiness details. */
    List<Integer> held(int slot, String processor) throws Exception {
        List<Integer> held = new ArrayList<>();
        JSON.readTree(direct(slot, "GET", "admin", "/actuator/health/readiness", null).body())
                .at("/components/processorShares/details/processors/" + processor + "/held")
                .forEach(segment -> held.add(segment.asInt()));
        return held;
    }

    SortedMap<Integer, Integer> serverErrors() {
        SortedMap<Integer, Integer> counts = new TreeMap<>();
        serverErrors.forEach((status, count) -> counts.put(status, count.get()));
        return counts;
    }

    SortedMap<String, Integer> answeredBy() {
        SortedMap<String, Integer> counts = new TreeMap<>();
        answeredBy.forEach((name, count) -> counts.put(name, count.get()));
        return counts;
    }

    void resetCounts() {
        answeredBy.clear();
        serverErrors.clear();
        failedOver.set(0);
    }

    String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    String tails() {
        StringBuilder tails = new StringBuilder();
        for (LedgerProcess instance : slots) {
            tails.append("--- ").append(instance.name()).append('\n').append(instance.tail()).append('\n');
        }
        return tails.toString();
    }

    @Override
    public void close() throws InterruptedException {
        for (LedgerProcess instance : slots) {
            instance.kill();
        }
    }
}
