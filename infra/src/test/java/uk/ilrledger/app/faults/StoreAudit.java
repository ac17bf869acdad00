package uk.ilrledger.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import uk.ilrledger.testsupport.TestDatabase;

/**
 * What the store holds after a fault, checked by event id against what the clients were told:
 * each approval answered 2xx is one {@code ChangeApproved} and one applied ILR event, no change is
 * raised, approved or applied twice, no event id is stored twice, every learner's hash chain
 * verifies, every processor reaches the store's head, and the topic holds every event (records
 * repeated after a crash are told apart by their {@code event-id} header).
 */
final class StoreAudit {

    /** What was found; {@link #row} is the line of the fault table. */
    record Findings(int acknowledged, List<String> lost, List<String> doubled, int chains, List<String> brokenChains,
            List<String> missingFromKafka, List<String> unknownToTheStore, int events, int kafkaRecords) {

        int found() {
            return acknowledged - lost.size();
        }

        String row(String fault, SortedMap<Integer, Integer> serverErrors) {
            String errors = serverErrors.isEmpty() ? "none" : serverErrors.entrySet().stream()
                    .map(e -> e.getValue() + " × " + e.getKey()).collect(Collectors.joining(", "));
            return "| " + String.join(" | ", fault, Integer.toString(ChangeLoad.CLIENTS), Integer.toString(acknowledged),
                    Integer.toString(found()), Integer.toString(lost.size()), Integer.toString(doubled.size()),
                    (chains - brokenChains.size()) + " of " + chains, errors) + " |";
        }

        void assertNothingLostOrDoubled() {
            assertThat(acknowledged).as("approvals answered 2xx").isPositive();
            assertThat(lost).as("approvals answered 2xx but not in the store").isEmpty();
            assertThat(doubled).as("changes or events stored more than once").isEmpty();
            assertThat(brokenChains).as("hash chains that no longer verify").isEmpty();
            assertThat(chains).as("learners' chains verified").isEqualTo(ChangeLoad.CLIENTS * ChangeLoad.LEARNERS_PER_CLIENT);
            assertThat(missingFromKafka).as("stored events never published").isEmpty();
            assertThat(unknownToTheStore).as("published events the store does not have").isEmpty();
        }
    }

    static final String HEADER = """
            | fault | clients | approvals acknowledged | found in store | lost | doubled | chains verified | 5xx seen (count × status) |
            |---|---|---|---|---|---|---|---|""";

    private StoreAudit() {
    }

    /** Waits for the processors, then checks the store, the chains and the topic. */
    static Findings of(LedgerClient client, TestDatabase database, String kafka, String topic, Set<UUID> acknowledged)
            throws Exception {
        awaitProcessors(client, Duration.ofSeconds(120));

        Map<String, Integer> eventIds = new HashMap<>();
        Map<String, Map<String, Integer>> byChange = new HashMap<>();
        Set<String> learners = new TreeSet<>();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password()); Statement query = connection.createStatement();
             ResultSet rows = query.executeQuery("""
                     SELECT event_identifier, aggregate_identifier, payload_type, payload
                     FROM domain_event_entry WHERE type = 'Learner' ORDER BY global_index""")) {
            while (rows.next()) {
                eventIds.merge(rows.getString(1), 1, Integer::sum);
                learners.add(rows.getString(2));
                JsonNode payload = LedgerClient.JSON.readTree(new String(rows.getBytes(4), StandardCharsets.UTF_8));
                if (payload.hasNonNull("changeId")) {
                    String kind = switch (rows.getString(3)) {
                        case "ChangeRaised", "ChangeApproved", "ChangeRejected" -> rows.getString(3);
                        default -> "applied";
                    };
                    byChange.computeIfAbsent(payload.get("changeId").asText(), id -> new HashMap<>())
                            .merge(kind, 1, Integer::sum);
                }
            }
        }

        List<String> lost = new ArrayList<>();
        for (UUID id : acknowledged) {
            Map<String, Integer> events = byChange.getOrDefault(id.toString(), Map.of());
            if (events.getOrDefault("ChangeApproved", 0) == 0 || events.getOrDefault("applied", 0) == 0) {
                lost.add(id + " " + events);
            }
        }
        List<String> doubled = new ArrayList<>();
        eventIds.forEach((id, count) -> {
            if (count > 1) {
                doubled.add("event " + id + " stored " + count + " times");
            }
        });
        byChange.forEach((id, events) -> events.forEach((kind, count) -> {
            if (count > 1) {
                doubled.add("change " + id + ": " + kind + " " + count + " times");
            }
        }));

        List<String> broken = new ArrayList<>();
        for (String learner : learners) {
            String[] parts = learner.split(":", 2);
            LedgerClient.Answer verification = client.get("auditor",
                    "/api/providers/" + parts[0] + "/learners/" + parts[1] + "/verification");
            if (verification.status() != 200 || !"true".equals(verification.at("/intact"))) {
                broken.add(learner + ": " + verification.status() + " " + verification.text());
            }
        }

        Map<String, Integer> published = published(kafka, topic, eventIds.keySet(), Duration.ofSeconds(60));
        List<String> missing = eventIds.keySet().stream().filter(id -> !published.containsKey(id)).sorted().toList();
        List<String> unknown = published.keySet().stream().filter(id -> !eventIds.containsKey(id)).sorted().toList();
        int records = published.values().stream().mapToInt(Integer::intValue).sum();
        return new Findings(acknowledged.size(), lost, doubled, learners.size(), broken, missing, unknown,
                eventIds.size(), records);
    }

    /** Every tracking processor at the store's head, with no failure open. */
    static void awaitProcessors(LedgerClient client, Duration atMost) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            LedgerClient.Answer processors = client.get("admin", "/api/admin/projections");
            List<String> behind = new ArrayList<>();
            if (processors.status() != 200) {
                behind.add(processors.status() + " " + processors.text());
            } else {
                processors.body().forEach(p -> {
                    if (!p.get("caughtUp").asBoolean()) {
                        behind.add(p.toString());
                    }
                });
            }
            if (behind.isEmpty()) {
                return;
            }
            assertThat(System.nanoTime()).as("processors not caught up after %s: %s", atMost, behind)
                    .isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    /** Records on the topic per event id, read from the start until every expected id is there or the time is up. */
    private static Map<String, Integer> published(String kafka, String topic, Set<String> expected, Duration atMost) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "fault-audit-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, Integer> byId = new LinkedHashMap<>();
        Set<String> waiting = new HashSet<>(expected);
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + atMost.toNanos();
            while (!waiting.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(250)).forEach(record -> {
                    Header header = record.headers().lastHeader("event-id");
                    String id = header == null ? "(no event-id)" : new String(header.value(), StandardCharsets.UTF_8);
                    byId.merge(id, 1, Integer::sum);
                    waiting.remove(id);
                });
            }
        }
        return byId;
    }
}
