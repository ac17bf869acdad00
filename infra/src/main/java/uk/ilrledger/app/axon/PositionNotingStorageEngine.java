package uk.ilrledger.app.axon;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import uk.ilrledger.projections.StorePositions;

/**
 * Axon's JDBC storage engine, noting each event's own {@code global_index} as it reads the event's row
 * for the tracking processors, so that a projection needing it (the event log) asks nothing more of
 * the database: before, that was one query per event.
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
        return event;
    }
}
