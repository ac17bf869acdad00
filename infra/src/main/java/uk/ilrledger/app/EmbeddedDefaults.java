package uk.ilrledger.app;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.unit.DataSize;
import uk.ilrledger.app.embedded.EmbeddedKafkaServer;
import uk.ilrledger.app.embedded.EmbeddedPostgresServer;
import uk.ilrledger.command.chain.ChainKey;
import uk.ilrledger.projections.kafka.KafkaConnection;
import uk.ilrledger.projections.kafka.KafkaEventPublisher;

/**
 * With no configuration the service runs on its own: an embedded PostgreSQL whose data is kept in
 * the data directory, and an in-JVM Kafka broker. Both are beans the data source and the publisher
 * depend on, so Spring stops them only after Axon and the connection pool have shut down. The
 * chain key, unless configured, is a key file in the data directory ({@link #chainKey}).
 */
@Configuration(proxyBeanMethods = false)
public class EmbeddedDefaults {

    /** Where the data directory is when {@code ILR_LEDGER_DATA_DIR} is not set. */
    public static final String DEFAULT_DATA_DIR = "./ilr-ledger-data";

    /** The data directory, from {@code ILR_LEDGER_DATA_DIR}. */
    public static Path dataDirectory(String configured) {
        return Path.of(configured).toAbsolutePath().normalize();
    }

    /**
     * The embedded default's chain key: beside PostgreSQL's data, not in it, so a copy of the database
     * (a dump, a backup, its files) does not carry the key that vouches for it.
     */
    public static Path chainKeyFile(Path dataDirectory) {
        return dataDirectory.resolve("keys").resolve("chain.key");
    }

    /** The key from the key file, made on first use: 32 random bytes, base64, readable by the owner only. */
    public static ChainKey chainKey(Path dataDirectory) {
        Path file = chainKeyFile(dataDirectory);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                restrict(file.getParent(), "rwx------");
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                Path staged = Files.createTempFile(file.getParent(), ".chain-", ".key");
                try {
                    restrict(staged, "rw-------");
                    Files.writeString(staged, Base64.getEncoder().encodeToString(secret) + "\n");
                    // A second instance starting at the same moment keeps the key the first one wrote.
                    Files.createLink(file, staged);
                } catch (FileAlreadyExistsException e) {
                    // the other one's
                } finally {
                    Files.deleteIfExists(staged);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the chain key file " + file, e);
        }
        return existingChainKey(dataDirectory).orElseThrow();
    }

    /** The key file's key, if the file exists; never makes one (for commands that only read). */
    public static Optional<ChainKey> existingChainKey(Path dataDirectory) {
        Path file = chainKeyFile(dataDirectory);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ChainKey.fromBase64(null, Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the chain key file " + file, e);
        }
    }

    private static void restrict(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: its own access rules apply.
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(NoDataSourceConfigured.class)
    static class EmbeddedPostgres {

        @Bean(destroyMethod = "close")
        EmbeddedPostgresServer embeddedPostgresServer(
                @Value("${ILR_LEDGER_DATA_DIR:" + DEFAULT_DATA_DIR + "}") String dataDir) {
            return EmbeddedPostgresServer.start(dataDirectory(dataDir).resolve("postgres"));
        }

        @Bean(destroyMethod = "close")
        DataSource dataSource(EmbeddedPostgresServer server) {
            HikariDataSource dataSource = new HikariDataSource();
            dataSource.setJdbcUrl(server.jdbcUrl());
            dataSource.setUsername(server.username());
            dataSource.setPassword(server.password());
            dataSource.setMaximumPoolSize(10);
            dataSource.setPoolName("ilr-ledger");
            return dataSource;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "ilr-ledger.kafka.bootstrap-servers", matchIfMissing = true, havingValue = "embedded")
    static class EmbeddedKafka {

        @Bean(destroyMethod = "close")
        EmbeddedKafkaServer embeddedKafkaServer() {
            return EmbeddedKafkaServer.start();
        }

        @Bean
        KafkaConnection kafkaConnection(EmbeddedKafkaServer server,
                @Value("${ilr-ledger.kafka.topic:" + KafkaConnection.DEFAULT_TOPIC + "}") String topic,
                @Value("${ilr-ledger.kafka.max-request-size:1MB}") DataSize maxRequestSize) {
            return new KafkaConnection(server.bootstrapServers(), topic, Math.toIntExact(maxRequestSize.toBytes()));
        }

        /**
         * The embedded broker starts empty every time, so the publisher starts again from the first
         * event: the token row goes before the processors start, and Axon begins at the tail.
         */
        @Bean
        @DependsOn("flywayInitializer")
        InitializingBean republishToFreshBroker(JdbcClient jdbc) {
            return () -> jdbc.sql("DELETE FROM token_entry WHERE processor_name = ?")
                    .param(KafkaEventPublisher.PROCESSING_GROUP)
                    .update();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(ExternalKafkaConfigured.class)
    static class ExternalKafka {

        @Bean
        KafkaConnection kafkaConnection(@Value("${ilr-ledger.kafka.bootstrap-servers}") String bootstrapServers,
                @Value("${ilr-ledger.kafka.topic:" + KafkaConnection.DEFAULT_TOPIC + "}") String topic,
                @Value("${ilr-ledger.kafka.max-request-size:1MB}") DataSize maxRequestSize) {
            return new KafkaConnection(bootstrapServers, topic, Math.toIntExact(maxRequestSize.toBytes()));
        }
    }

    /** True when no {@code spring.datasource.url} is set: then PostgreSQL runs embedded. */
    static class NoDataSourceConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !context.getEnvironment().containsProperty("spring.datasource.url");
        }
    }

    static class ExternalKafkaConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String servers = context.getEnvironment().getProperty("ilr-ledger.kafka.bootstrap-servers", "embedded");
            return !servers.equals("embedded");
        }
    }
}
