package uk.ilrledger.testsupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * One real Kafka broker per JVM for integration tests: a Testcontainers broker when Docker is
 * usable, otherwise spring-kafka-test's in-JVM KRaft broker.
 */
public final class TestKafka {

    static final String CONTAINER_IMAGE = "apache/kafka:3.8.0";

    private static final Logger log = LoggerFactory.getLogger(TestKafka.class);

    // Guarded by the class lock; a failure is remembered so later callers fail fast with the same cause.
    private static String bootstrapServers;
    private static IllegalStateException failure;

    private TestKafka() {
    }

    /** {@code host:port} list of the broker for this JVM, started on first call. */
    public static synchronized String bootstrapServers() {
        if (bootstrapServers != null) {
            return bootstrapServers;
        }
        if (failure != null) {
            throw new IllegalStateException(failure.getMessage(), failure);
        }
        try {
            bootstrapServers = start();
            return bootstrapServers;
        } catch (RuntimeException | Error e) {
            failure = new IllegalStateException("No Kafka broker could be started for tests: " + e.getMessage(), e);
            throw failure;
        }
    }

    private static String start() {
        String dockerProblem;
        try {
            dockerProblem = DockerClientFactory.instance().isDockerAvailable() ? null : "no usable Docker environment";
        } catch (Throwable e) {
            dockerProblem = e.toString();
        }
        if (dockerProblem == null) {
            try {
                return startContainer();
            } catch (RuntimeException e) {
                // Docker answers but the container does not start (e.g. the image cannot be pulled).
                dockerProblem = "container did not start: " + e;
                log.warn("Test Kafka: {}; falling back to the embedded broker", dockerProblem);
            }
        }
        return startEmbedded(dockerProblem);
    }

    private static String startContainer() {
        KafkaContainer container = new KafkaContainer(CONTAINER_IMAGE);
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "test-kafka-container-stop"));
        log.info("Test Kafka: Testcontainers {} at {}", CONTAINER_IMAGE, container.getBootstrapServers());
        return container.getBootstrapServers();
    }

    private static String startEmbedded(String whyNotDocker) {
        EmbeddedKafkaKraftBroker broker = newLocalBroker();
        try {
            broker.afterPropertiesSet();
        } catch (RuntimeException | Error e) {
            // A half-started cluster owns non-daemon threads and temporary directories.
            destroyQuietly(broker);
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> destroyQuietly(broker), "test-kafka-embedded-stop"));
        String servers = loopbackBootstrap(broker.getBrokersAsString());
        log.info("Test Kafka: embedded KRaft broker at {} (Docker not used: {})", servers, whyNotDocker);
        return servers;
    }

    private static void destroyQuietly(EmbeddedKafkaKraftBroker broker) {
        try {
            broker.destroy();
        } catch (RuntimeException e) {
            log.warn("Test Kafka: embedded broker did not shut down cleanly: {}", e.toString());
        }
    }

    /** A single-node KRaft broker bound to, and advertising, 127.0.0.1 on a free port. */
    static EmbeddedKafkaKraftBroker newLocalBroker() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        // Port 0 picks a free port; the broker advertises the port it actually bound.
        broker.brokerProperty("listeners", "EXTERNAL://127.0.0.1:0,CONTROLLER://127.0.0.1:0");
        broker.brokerProperty("advertised.listeners", "EXTERNAL://127.0.0.1:0");
        // Without this the broker writes spring.kafka.bootstrap-servers into the system properties,
        // silently redirecting any Spring context in the JVM.
        broker.brokerListProperty(null);
        return broker;
    }

    /** The test kit reports "localhost:port"; the listener is on 127.0.0.1 only, so say that. */
    static String loopbackBootstrap(String brokers) {
        return brokers.replace("localhost:", "127.0.0.1:");
    }
}
