package uk.ilrledger.app.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The learner-events topic as a consumer sees it, and the published JSON Schemas its records name. */
final class PublishedRecords {

    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder
                    .schemaIdResolvers(ids -> ids.mapPrefix("https://ilr-ledger.uk/json-schemas/", "classpath:json-schemas/"))
                    .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

    private PublishedRecords() {
    }

    /** Reads the topic from the start until {@code enough} holds for what was read, or the time is up. */
    static List<ConsumerRecord<String, byte[]>> read(String bootstrapServers, String topic,
            Predicate<List<ConsumerRecord<String, byte[]>>> enough, Duration atMost) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + atMost.toNanos();
            while (!enough.test(read) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(250)).forEach(read::add);
            }
        }
        return read;
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Why the record's value is not valid under the schema its event-type and schema-version headers name. */
    static List<String> schemaErrors(ConsumerRecord<String, byte[]> record, ObjectMapper json) {
        String iri = "https://ilr-ledger.uk/json-schemas/learner-events/" + header(record, "event-type") + ".v"
                + header(record, "schema-version") + ".schema.json";
        try {
            JsonNode value = json.readTree(record.value());
            return SCHEMAS.getSchema(SchemaLocation.of(iri)).validate(value).stream().map(Error::toString).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
