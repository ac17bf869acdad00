package uk.ilrledger.app.embedded;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real single-node Kafka broker (KRaft, no ZooKeeper) running inside this JVM, listening on
 * 127.0.0.1 only. Its logs live in a temporary directory and are deleted on close.
 */
public final class EmbeddedKafkaServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaServer.class);

    private final EmbeddedKafkaKraftBroker broker;
    private final String bootstrapServers;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafkaServer(EmbeddedKafkaKraftBroker broker, String bootstrapServers) {
        this.broker = broker;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts the broker on a free port and waits until it accepts clients. */
    public static EmbeddedKafkaServer start() {
        requireTestKitRuntime();
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        // Port 0 picks a free port; the broker advertises the port it actually bound, so clients
        // are sent back to 127.0.0.1 rather than to the host name.
        broker.brokerProperty("listeners", "EXTERNAL://127.0.0.1:0,CONTROLLER://127.0.0.1:0");
        broker.brokerProperty("advertised.listeners", "EXTERNAL://127.0.0.1:0");
        // Otherwise the broker sets the system property spring.kafka.bootstrap-servers behind the
        // application's back; the address is handed over through bootstrapServers() instead.
        broker.brokerListProperty(null);
        try {
            broker.afterPropertiesSet();
        } catch (RuntimeException | Error e) {
            // A half-started cluster owns non-daemon threads that would keep the JVM alive.
            try {
                broker.destroy();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        // The test kit reports "localhost:port" although the listener is bound to 127.0.0.1 only.
        String servers = broker.getBrokersAsString().replace("localhost:", "127.0.0.1:");
        log.info("Embedded Kafka broker ready at {}", servers);
        return new EmbeddedKafkaServer(broker, servers);
    }

    /**
     * Kafka's test kit waits for the broker with JUnit's Assertions, so junit-jupiter-api must be on
     * the runtime classpath even outside tests. Without it the broker starts, then startup dies
     * half-way with NoClassDefFoundError; failing before anything starts is clearer.
     */
    private static void requireTestKitRuntime() {
        try {
            Class.forName("org.junit.jupiter.api.Assertions", false, EmbeddedKafkaServer.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("The embedded Kafka broker needs org.junit.jupiter:junit-jupiter-api "
                    + "at runtime (used by Kafka's KafkaClusterTestKit); do not exclude it from spring-kafka-test", e);
        }
    }

    /** {@code 127.0.0.1:port} of the broker. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Shuts the broker down and deletes its data. Safe to call twice. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            broker.destroy();
            log.info("Embedded Kafka broker at {} stopped", bootstrapServers);
        }
    }
}
