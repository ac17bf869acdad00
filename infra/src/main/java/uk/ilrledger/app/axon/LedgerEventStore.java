package uk.ilrledger.app.axon;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import uk.ilrledger.command.imports.UnrecordedLearners;

/**
 * Axon's embedded event store, loading an aggregate with one read at most. The ledger stores no
 * snapshots, so the snapshot table is not asked first; a learner an import knows to be absent from
 * the store (while it holds the append lock) is not read at all. Events staged in the unit of work
 * count, as in Axon's own.
 *
 * <p>Axon wakes the tracking processors' shared reader after every committed append, so under a
 * steady stream of commands every processor runs a transaction (and moves its token) for each
 * command's few events, on the cores the commands need. Here the reader is woken at most once per
 * {@code wakeDelay} after an append: while commands keep coming, each wake-up reads everything
 * committed since, and each processor handles it as one batch (decision 35). Zero wakes it at once,
 * as Axon does; a processor never waits longer than the delay for an event this instance appended.
 */
final class LedgerEventStore extends EmbeddedEventStore {

    private final long wakeDelayMillis;
    private final AtomicBoolean wakeScheduled = new AtomicBoolean();
    private final ScheduledExecutorService waker;

    LedgerEventStore(Builder builder, Duration wakeDelay) {
        super(builder);
        this.wakeDelayMillis = wakeDelay.toMillis();
        this.waker = wakeDelayMillis <= 0 ? null : Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "event-store-waker");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier) {
        DomainEventStream stored = UnrecordedLearners.isUnrecorded(aggregateIdentifier) ? DomainEventStream.empty()
                : storageEngine().readEvents(aggregateIdentifier);
        return DomainEventStream.concat(stored, DomainEventStream.of(stagedDomainEventMessages(aggregateIdentifier)));
    }

    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        if (waker == null) {
            super.afterCommit(events);
        } else if (wakeScheduled.compareAndSet(false, true)) {
            try {
                waker.schedule(this::wake, wakeDelayMillis, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException shutDown) {
                wakeScheduled.set(false);
            }
        }
    }

    private void wake() {
        wakeScheduled.set(false);
        super.afterCommit(List.of());
    }

    @Override
    public void shutDown() {
        if (waker != null) {
            waker.shutdownNow();
        }
        super.shutDown();
    }
}
