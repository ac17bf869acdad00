package uk.ilrledger.app;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
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
import uk.ilrledger.projections.kafka.KafkaConnection;
import uk.ilrledger.projections.kafka.KafkaEventPublisher;

/**
 * With no configuration the service runs on its own: an embedded PostgreSQL whose data is kept in
 * the data directory, and an in-JVM Kafka broker. Both are beans the data source and the publisher
 * depend on, so Spring stops them only after Axon and the connection pool have shut down.
 */
@Configuration(proxyBeanMethods = false)
public class EmbeddedDefaults {

    /** The data directory, from {@code ILR_LEDGER_DATA_DIR}. */
    public static Path dataDirectory(String configured) {
        return Path.of(configured).toAbsolutePath().normalize();
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(NoDataSourceConfigured.class)
    static class EmbeddedPostgres {

        @Bean(destroyMethod = "close")
        EmbeddedPostgresServer embeddedPostgresServer(
                @Value("${ILR_LEDGER_DATA_DIR:./ilr-ledger-data}") String dataDir) {
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
