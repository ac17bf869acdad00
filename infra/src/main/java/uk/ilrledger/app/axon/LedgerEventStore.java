package uk.ilrledger.app.axon;

import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import uk.ilrledger.command.imports.UnrecordedLearners;

/**
 * Axon's embedded event store, loading an aggregate with one read at most. The ledger stores no
 * snapshots, so the snapshot table is not asked first; a learner an import knows to be absent from
 * the store (while it holds the append lock) is not read at all. Events staged in the unit of work
 * count, as in Axon's own.
 */
final class LedgerEventStore extends EmbeddedEventStore {

    LedgerEventStore(Builder builder) {
        super(builder);
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier) {
        DomainEventStream stored = UnrecordedLearners.isUnrecorded(aggregateIdentifier) ? DomainEventStream.empty()
                : storageEngine().readEvents(aggregateIdentifier);
        return DomainEventStream.concat(stored, DomainEventStream.of(stagedDomainEventMessages(aggregateIdentifier)));
    }
}
