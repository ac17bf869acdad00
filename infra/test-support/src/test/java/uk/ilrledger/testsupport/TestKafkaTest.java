package uk.ilrledger.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class TestKafkaTest {

    @Test
    void brokerRoundTripsARecordByKey() throws Exception {
        String servers = TestKafka.bootstrapServers();
        assertThat(TestKafka.bootstrapServers()).isSameAs(servers);

        String topic = "fixture-probe-" + UUID.randomUUID();
        String key = "key-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(topic, "other", "noise")).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topic, key, "hello")).get(30, TimeUnit.SECONDS);
        }

        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.GROUP_ID_CONFIG, "fixture-probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            Optional<ConsumerRecord<String, String>> found = Optional.empty();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (found.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        found = Optional.of(record);
                    }
                }
            }
            assertThat(found).as("record with key %s", key).isPresent();
            assertThat(found.get().value()).isEqualTo("hello");
        }
    }

    @Test
    void embeddedBrokerAdvertisesTheLoopbackAddress() throws Exception {
        String servers = TestKafka.bootstrapServers();
        if (!servers.startsWith("127.0.0.1:")) {
            return; // a container broker advertises whatever Testcontainers maps
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            List<String> advertised = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                    .map(node -> node.host() + ":" + node.port())
                    .toList();
            assertThat(advertised).containsExactly(servers);
        }
    }

    @Test
    void embeddedBrokerIsReachedThroughTheLoopbackAddress() {
        assertThat(TestKafka.loopbackBootstrap("localhost:4000,localhost:4001"))
                .isEqualTo("127.0.0.1:4000,127.0.0.1:4001");
    }
}
