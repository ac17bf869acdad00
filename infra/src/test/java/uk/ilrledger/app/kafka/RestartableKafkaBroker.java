package uk.ilrledger.app.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real single-node KRaft broker that can be stopped and started again, as an outage looks to its
 * clients: while stopped nothing listens on its port; started again, it serves the same port with
 * the log it had, so records written before the outage are still there.
 */
public final class RestartableKafkaBroker implements AutoCloseable {

    private final EmbeddedKafkaKraftBroker kit;
    private final String bootstrapServers;

    private RestartableKafkaBroker(EmbeddedKafkaKraftBroker kit, String bootstrapServers) {
        this.kit = kit;
        this.bootstrapServers = bootstrapServers;
    }

    public static RestartableKafkaBroker start() {
        // A restarted broker binds its configured port again, so the port must be fixed, not 0.
        int port = freePort();
        EmbeddedKafkaKraftBroker kit = new EmbeddedKafkaKraftBroker(1, 1);
        kit.brokerProperty("listeners", "EXTERNAL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:0");
        kit.brokerProperty("advertised.listeners", "EXTERNAL://127.0.0.1:" + port);
        kit.brokerListProperty(null);
        try {
            kit.afterPropertiesSet();
        } catch (RuntimeException | Error e) {
            kit.destroy();
            throw e;
        }
        return new RestartableKafkaBroker(kit, "127.0.0.1:" + port);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Shuts the broker down; the controller and the log directory stay. */
    public void stop() {
        broker().shutdown();
        broker().awaitShutdown();
    }

    /** Starts the broker again and waits until it answers clients. */
    public void restart() {
        broker().startup();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("broker at " + bootstrapServers + " did not come back", e);
        }
    }

    private BrokerServer broker() {
        return kit.getCluster().brokers().values().iterator().next();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        kit.destroy();
    }
}
