package uk.ilrledger.app.axon;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.AbstractEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import uk.ilrledger.command.erasure.PersonalDataKeys;
import uk.ilrledger.command.imports.UnrecordedLearners;
import uk.ilrledger.schemas.learner.LearnerEvent;

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
 * A unit of work that commits inside a database transaction still open (an import's approval, one per
 * chunk of learners) wakes nobody until that transaction commits, when it wakes the reader once.
 *
 * <p>An import's unit of work, which holds its learners' keys ({@link PersonalDataKeys#prepareForSealing}),
 * has its events serialized and sealed on a thread of their own as they are published, while its
 * thread goes on deciding the next learners (decision 27). Axon keeps a message's serialized form, per
 * serializer, under a lock of the message's holder of serialized forms, which the publishing thread
 * makes before handing the message over (Axon makes it lazily and unguarded). So the append finds each
 * event's bytes made, or waits for the one being made, or makes it itself: the bytes stored, hashed into
 * the chain and published are made once, whichever thread made them. That thread never touches the
 * database: it seals only with the keys lent to it.
 */
final class LedgerEventStore extends EmbeddedEventStore {

    private static final Logger log = LoggerFactory.getLogger(LedgerEventStore.class);

    private final long wakeDelayMillis;
    private final AtomicBoolean wakeScheduled = new AtomicBoolean();
    private final ScheduledExecutorService waker;
    private final Serializer eventSerializer;
    private final ExecutorService serializerAhead;
    /** Bound to a database transaction whose commit will wake the processors. */
    private final Object wakePending = new Object();

    LedgerEventStore(Builder builder, Duration wakeDelay) {
        super(builder);
        this.wakeDelayMillis = wakeDelay.toMillis();
        this.waker = wakeDelayMillis <= 0 ? null : Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "event-store-waker");
            thread.setDaemon(true);
            return thread;
        });
        this.eventSerializer = storageEngine() instanceof AbstractEventStorageEngine engine
                ? engine.getEventSerializer() : null;
        this.serializerAhead = eventSerializer == null ? null : Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "event-serializer-ahead");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    protected List<? extends EventMessage<?>> intercept(List<? extends EventMessage<?>> events) {
        List<? extends EventMessage<?>> intercepted = super.intercept(events);
        if (serializerAhead != null) {
            PersonalDataKeys.lend().ifPresent(keys -> {
                List<EventMessage<?>> covered = new ArrayList<>(intercepted.size());
                for (EventMessage<?> event : intercepted) {
                    if (event.getPayload() instanceof LearnerEvent learnerEvent && keys.covers(learnerEvent.learner())) {
                        covered.add(event);
                    }
                }
                if (!covered.isEmpty()) {
                    // Axon makes a message's holder of serialized forms lazily, unguarded: two threads asking
                    // at once can each make one, and each seal the payload with a nonce of its own, so that
                    // the chain hashes one ciphertext and the store keeps another. The holder is made here,
                    // on the publishing thread, before the other thread can see the message.
                    covered.forEach(event -> event.serializeMetaData(eventSerializer, byte[].class));
                    try {
                        serializerAhead.execute(() -> keys.sealWith(() -> covered.forEach(this::serializeAhead)));
                    } catch (RejectedExecutionException shutDown) {
                        // shutting down: the append serializes them itself
                    }
                }
            });
        }
        return intercepted;
    }

    private void serializeAhead(EventMessage<?> event) {
        try {
            event.serializePayload(eventSerializer, byte[].class);
        } catch (RuntimeException e) {
            // Nothing is kept of a failed attempt: the append serializes the event again, and fails there if it must.
            log.warn("event {} could not be serialized ahead of its append; the append will: {}",
                    event.getIdentifier(), e.toString());
        }
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier) {
        DomainEventStream stored = UnrecordedLearners.isUnrecorded(aggregateIdentifier) ? DomainEventStream.empty()
                : storageEngine().readEvents(aggregateIdentifier);
        return DomainEventStream.concat(stored, DomainEventStream.of(stagedDomainEventMessages(aggregateIdentifier)));
    }

    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            // The unit of work committed inside a database transaction that is still open (an import's
            // approval commits one per chunk of learners): no reader can see its events until that
            // transaction commits. Waking the processors now would only have each of them look, find
            // nothing, and ask the store for the next event beyond the gap, past every row the open
            // transaction has written so far. They are woken once, when it commits.
            wakeAfterTheTransaction();
            return;
        }
        wakeProcessors();
    }

    private void wakeAfterTheTransaction() {
        if (TransactionSynchronizationManager.hasResource(wakePending)) {
            return;
        }
        TransactionSynchronizationManager.bindResource(wakePending, Boolean.TRUE);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(wakePending);
                if (status == STATUS_COMMITTED) {
                    wakeProcessors();
                }
            }
        });
    }

    private void wakeProcessors() {
        if (waker == null) {
            super.afterCommit(List.of());
        } else if (wakeScheduled.compareAndSet(false, true)) {
            try {
                waker.schedule(this::wake, wakeDelayMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException shutDown) {
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
        if (serializerAhead != null) {
            serializerAhead.shutdownNow();
        }
        super.shutDown();
    }
}
