package uk.ilrledger.app.axon;

import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import uk.ilrledger.projections.StorePositions;
import uk.ilrledger.projections.processors.FailureTracking;
import uk.ilrledger.projections.processors.ProcessorFailures;

/**
 * Axon on PostgreSQL through JDBC: the table layout Flyway creates, and errors that never vanish.
 * Axon's default listener error handler logs a failing event handler and moves on, which would
 * silently lose projection rows; here the error propagates, the tracking processor rolls back the
 * batch with its token and retries with back-off (the failure recorded, see {@link FailureTracking}),
 * and a subscribing handler fails the command.
 */
@Configuration(proxyBeanMethods = false)
public class AxonConfiguration {

    @Bean
    EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .eventIdentifierColumn("event_identifier")
                .metaDataColumn("meta_data")
                .payloadColumn("payload")
                .payloadRevisionColumn("payload_revision")
                .payloadTypeColumn("payload_type")
                .timestampColumn("time_stamp")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .build();
    }

    /**
     * Events a stream reads from the store per query. A rebuild reads the whole store through one stream:
     * at Axon's 100, that was a round trip per 100 events, and the reading thread spent as long waiting for
     * them as decoding them (decision 28, "Rebuild in stages"). A processor that is caught up reads only
     * what is there; an aggregate's events are read in queries of this many rows too.
     */
    static final int READ_BATCH = 1_000;

    /**
     * Axon's JDBC storage engine, built exactly as Axon's auto-configuration builds it, noting the
     * positions of the events it reads for the processors ({@link PositionNotingStorageEngine}), and
     * reading {@link #READ_BATCH} events per query where Axon reads 100; declared here because that
     * configuration steps back once the application declares its own event store.
     */
    @Bean
    EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
            PersistenceExceptionResolver persistenceExceptionResolver,
            @Qualifier("eventSerializer") Serializer eventSerializer, org.axonframework.config.Configuration configuration,
            ConnectionProvider connectionProvider, TransactionManager transactionManager, EventSchema eventSchema,
            StorePositions positions) {
        return new PositionNotingStorageEngine(JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(eventSchema)
                .batchSize(READ_BATCH), positions);
    }

    /**
     * A duplicate (aggregate, sequence number) is a concurrent append, which Axon reports as a
     * {@code ConcurrencyException} (409): PostgreSQL's unique violation (SQLState 23505), found also
     * behind the batch exception Axon's batched append gets, which Axon's own resolver does not see
     * through; else Axon's resolver, as auto-configured.
     */
    @Bean
    PersistenceExceptionResolver jdbcSQLErrorCodesResolver() {
        JdbcSQLErrorCodesResolver axons = new JdbcSQLErrorCodesResolver();
        return exception -> uniqueViolation(exception) || axons.isDuplicateKeyViolation(exception);
    }

    static boolean uniqueViolation(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    if ("23505".equals(next.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Axon's embedded event store as Axon's auto-configuration builds it, loading aggregates without
     * asking for a snapshot the ledger never stores (decision 27), and waking the tracking processors
     * at most once per {@code ilr-ledger.processors.wake-delay} after appends (decision 35).
     */
    @Bean
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration,
            Environment environment) {
        return new LedgerEventStore(EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class)),
                environment.getProperty("ilr-ledger.processors.wake-delay", Duration.class, Duration.ZERO));
    }

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }

    /**
     * The token store with an owner name of its own per application context: Axon's default (the JVM's
     * name) would let two contexts in one JVM, such as a test run's, both believe they hold a claim.
     */
    @Bean
    TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer, TokenSchema tokenSchema,
            Environment environment) {
        return JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .schema(tokenSchema)
                .serializer(serializer)
                .nodeId(ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID())
                .claimTimeout(ProcessorSegments.from(environment).claimTimeout())
                .build();
    }

    /**
     * Every tracking processor records the event it fails on, with the error, where the health page and
     * the admin listing show it, and passes over an event only once an ADMIN resolved its failure.
     */
    @Bean
    ConfigurerModule errorsPropagate(ProcessorFailures failures) {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance())
                .registerDefaultErrorHandler(c -> PropagatingErrorHandler.instance())
                .registerDefaultHandlerInterceptor((c, processor) -> new FailureTracking(processor, failures)));
    }
}
