package uk.ilrledger.app.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
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
import org.junit.jupiter.api.io.TempDir;
import uk.ilrledger.app.faults.BesideTheOtherTests;

@BesideTheOtherTests
class EmbeddedServersTest {

    @TempDir
    Path dataDirectory;

    @Test
    void postgresKeepsItsDataAcrossRestarts() throws SQLException {
        long started = System.nanoTime();
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDirectory)) {
            report("PostgreSQL first start (initdb)", started);
            assertThat(server.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + server.port() + "/ilr_ledger");
            assertThat(server.dataDirectory()).isEqualTo(dataDirectory.toAbsolutePath().normalize());
            execute(server, "create table restart_probe (id int primary key, label text not null)");
            execute(server, "insert into restart_probe values (1, 'kept')");
            assertThat(query(server, "show fsync")).isEqualTo("on");
        }

        started = System.nanoTime();
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDirectory)) {
            report("PostgreSQL restart on existing data", started);
            assertThat(query(server, "select label from restart_probe where id = 1")).isEqualTo("kept");
        }
    }

    @Test
    void postgresRefusesADataDirectoryAlreadyInUse() {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDirectory)) {
            assertThatThrownBy(() -> EmbeddedPostgresServer.start(dataDirectory))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use");
        }
    }

    @Test
    void postgresTakesOverFromAServerOrphanedByAKilledJvm() throws Exception {
        Process child = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                OrphanMaker.class.getName(), dataDirectory.toString())
                .redirectErrorStream(true)
                .start();
        long orphanPid = awaitOrphanPid(child);
        // SIGKILL: no shutdown hooks run, so the postmaster outlives the JVM that started it.
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive)).contains(true);

        long started = System.nanoTime();
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDirectory)) {
            report("PostgreSQL start after a killed run", started);
            assertThat(query(server, "select label from orphan_probe")).isEqualTo("survived");
        }
        assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
    }

    @Test
    void postgresIgnoresAPidFileNamingAnUnrelatedProcess() throws Exception {
        EmbeddedPostgresServer.start(dataDirectory).close();
        // As after a reboot: postmaster.pid names a PID that now belongs to something else.
        Process unrelated = new ProcessBuilder("sleep", "300").start();
        try {
            List<String> pidFile = new ArrayList<>(List.of(
                    Long.toString(unrelated.pid()), dataDirectory.toAbsolutePath().toString(), "0", "1", "", "", ""));
            Files.write(dataDirectory.resolve("postmaster.pid"), pidFile);

            try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDirectory)) {
                assertThat(query(server, "select current_database()")).isEqualTo("ilr_ledger");
            }
            assertThat(unrelated.isAlive()).isTrue();
        } finally {
            unrelated.destroyForcibly();
        }
    }

    @Test
    void kafkaRoundTripsARecordByKey() throws Exception {
        long started = System.nanoTime();
        try (EmbeddedKafkaServer kafka = EmbeddedKafkaServer.start()) {
            report("Kafka start", started);
            String servers = kafka.bootstrapServers();
            assertThat(servers).matches("127\\.0\\.0\\.1:\\d+");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
                // Clients reconnect to the advertised address, so it must be the loopback one too.
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                        .extracting(node -> node.host() + ":" + node.port())
                        .containsExactly(servers);
            }

            String topic = "embedded-probe";
            String key = "key-" + UUID.randomUUID();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
                producer.send(new ProducerRecord<>(topic, key, "hello")).get(30, TimeUnit.SECONDS);
            }
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                    ConsumerConfig.GROUP_ID_CONFIG, "embedded-probe",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
                consumer.subscribe(List.of(topic));
                String value = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (value == null && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                        if (key.equals(record.key())) {
                            value = record.value();
                        }
                    }
                }
                assertThat(value).isEqualTo("hello");
            }
            started = System.nanoTime();
        }
        report("Kafka close", started);
    }

    /** Run in a child JVM: starts a server, writes a row, reports the postmaster PID, then waits to be killed. */
    static final class OrphanMaker {
        public static void main(String[] args) throws Exception {
            EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Path.of(args[0]));
            execute(server, "create table orphan_probe (label text)");
            execute(server, "insert into orphan_probe values ('survived')");
            String pid = Files.readAllLines(server.dataDirectory().resolve("postmaster.pid")).get(0).trim();
            System.out.println("ORPHAN-PID " + pid);
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    private static long awaitOrphanPid(Process child) throws Exception {
        BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        String line;
        while ((line = output.readLine()) != null) {
            if (line.startsWith("ORPHAN-PID ")) {
                long pid = Long.parseLong(line.substring("ORPHAN-PID ".length()));
                // Keep draining so the child never blocks on a full pipe before it is killed.
                Thread drain = new Thread(() -> {
                    try {
                        while (output.readLine() != null) {
                            // discarded
                        }
                    } catch (java.io.IOException closed) {
                        // The child was killed and its output closed: nothing more to drain.
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return pid;
            }
            seen.add(line);
        }
        throw new AssertionError("child JVM ended without starting PostgreSQL:\n" + String.join("\n", seen));
    }

    private static void execute(EmbeddedPostgresServer server, String sql) throws SQLException {
        try (Connection connection = connect(server); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String query(EmbeddedPostgresServer server, String sql) throws SQLException {
        try (Connection connection = connect(server);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            assertThat(result.next()).isTrue();
            return result.getString(1);
        }
    }

    private static Connection connect(EmbeddedPostgresServer server) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
    }

    private static void report(String what, long startedNanos) {
        System.out.printf("[timing] %s: %d ms%n", what, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos));
    }
}
