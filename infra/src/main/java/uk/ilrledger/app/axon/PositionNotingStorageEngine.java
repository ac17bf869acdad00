package uk.ilrledger.app.axon;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.SerializedObject;
import uk.ilrledger.projections.StorePositions;

/**
 * Axon's JDBC storage engine, noting each event's own {@code global_index} as it reads the event's row
 * for the tracking processors, so that a projection needing it (the event log) asks nothing more of
 * the database: before, that was one query per event.
 *
 * <p>Each event read hands its message a timestamp already read, by {@link StoredTimestamps}; Axon's own
 * entry parses its string with a general formatter every time it is asked. (Axon's gap check, inside
 * its own method, still parses it once more.)
 */
final class PositionNotingStorageEngine extends JdbcEventStorageEngine {

    private final StorePositions positions;

    PositionNotingStorageEngine(Builder builder, StorePositions positions) {
        super(builder);
        this.positions = positions;
    }

    @Override
    protected TrackedEventData<?> getTrackedEventData(ResultSet resultSet, GapAwareTrackingToken previousToken)
            throws SQLException {
        TrackedEventData<?> event = super.getTrackedEventData(resultSet, previousToken);
        positions.noted(event.getEventIdentifier(), resultSet.getLong(schema().globalIndexColumn()));
        return new TrackedDomainEventData<>(event.trackingToken(), timestamped((DomainEventData<?>) event, resultSet));
    }

    @Override
    protected DomainEventData<?> getDomainEventData(ResultSet resultSet) throws SQLException {
        return timestamped(super.getDomainEventData(resultSet), resultSet);
    }

    private <T> DomainEventData<T> timestamped(DomainEventData<T> event, ResultSet resultSet) throws SQLException {
        Object stored = readTimeStamp(resultSet, schema().timestampColumn());
        return new Timestamped<>(event, StoredTimestamps.parse(stored.toString()));
    }

    /** An event read from the store, with its timestamp already read. */
    private record Timestamped<T>(DomainEventData<T> event, Instant timestamp) implements DomainEventData<T> {

        @Override
        public String getType() {
            return event.getType();
        }

        @Override
        public String getAggregateIdentifier() {
            return event.getAggregateIdentifier();
        }

        @Override
        public long getSequenceNumber() {
            return event.getSequenceNumber();
        }

        @Override
        public String getEventIdentifier() {
            return event.getEventIdentifier();
        }

        @Override
        public Instant getTimestamp() {
            return timestamp;
        }

        @Override
        public SerializedObject<T> getMetaData() {
            return event.getMetaData();
        }

        @Override
        public SerializedObject<T> getPayload() {
            return event.getPayload();
        }
    }
}
