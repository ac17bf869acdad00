package uk.ilrledger.projections.processors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import uk.ilrledger.projections.BatchedProjection;
import uk.ilrledger.projections.StoredEvent;

/**
 * How a live tracking processor hands its events to a {@link BatchedProjection}: a batch's events are
 * gathered, in store order, and applied as one run once its last event has been handled (by
 * {@link #flush}, which the processors' failure tracking calls then), so that a batch of a hundred
 * events costs the projection a few statements rather than a few per event. Outside a processor's
 * batch (a subscribing processor, a direct call) an event is applied at once.
 *
 * <p>A run is applied under a savepoint. If it fails, it is rolled back to the savepoint and applied
 * again one event at a time, as the projection would have taken them one by one: the event that fails
 * alone is the one the failure is recorded against ({@link RunFailed}), so an ADMIN resolving it passes
 * over the right event; if none fails alone, the batch goes on, each event applied.
 */
@Component
public class LiveRuns {

    private static final Logger log = LoggerFactory.getLogger(LiveRuns.class);

    /** Where a batch's runs are kept in its unit of work. */
    private static final String RUNS = LiveRuns.class.getName();

    private final TransactionTemplate savepoint;

    public LiveRuns(PlatformTransactionManager transactionManager) {
        this.savepoint = new TransactionTemplate(transactionManager);
        // Inside the processor's transaction: a savepoint there, rolled back to if the run fails.
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /** Applies the event: at once, or with the rest of its batch when the batch's last event has been handled. */
    public void apply(BatchedProjection projection, StoredEvent event) {
        if (!CurrentUnitOfWork.isStarted() || !(CurrentUnitOfWork.get() instanceof BatchingUnitOfWork<?> batch)) {
            projection.apply(List.of(event));
            return;
        }
        Runs runs = batch.getOrComputeResource(RUNS, key -> {
            Runs created = new Runs();
            // Only if a run was not applied after the last event (it always is): never commit a token past unapplied events.
            batch.onPrepareCommit(u -> created.applyAll());
            return created;
        });
        runs.of(projection).add(event);
    }

    /** Applies every run gathered in the batch; the events are applied once, whoever calls this first. */
    public static void flush(UnitOfWork<?> unitOfWork) {
        Runs runs = unitOfWork.getResource(RUNS);
        if (runs != null) {
            runs.applyAll();
        }
    }

    /** A run's events failed together, and this one fails alone: the failure is recorded against it. */
    public static final class RunFailed extends RuntimeException implements ProcessorFailures.OfEvent {

        private final transient EventMessage<?> event;

        RunFailed(EventMessage<?> event, RuntimeException cause) {
            super("event " + event.getIdentifier() + " (" + event.getPayloadType().getSimpleName()
                    + ") could not be applied: " + cause.getMessage(), cause);
            this.event = event;
        }

        @Override
        public EventMessage<?> event() {
            return event;
        }
    }

    /** The runs of one batch, a run per projection, applied in the order the projections first took an event. */
    private final class Runs {

        private final Map<BatchedProjection, List<StoredEvent>> runs = new LinkedHashMap<>();

        List<StoredEvent> of(BatchedProjection projection) {
            return runs.computeIfAbsent(projection, p -> new ArrayList<>());
        }

        void applyAll() {
            for (Map.Entry<BatchedProjection, List<StoredEvent>> entry : runs.entrySet()) {
                List<StoredEvent> run = List.copyOf(entry.getValue());
                entry.getValue().clear();
                if (!run.isEmpty()) {
                    applyRun(entry.getKey(), run);
                }
            }
        }
    }

    private void applyRun(BatchedProjection projection, List<StoredEvent> run) {
        try {
            savepoint.executeWithoutResult(status -> projection.apply(run));
            return;
        } catch (RuntimeException together) {
            if (run.size() == 1) {
                throw new RunFailed(run.get(0).message(), together);
            }
            log.warn("{}: a run of {} events failed together ({}); applying them one at a time",
                    projection.getClass().getSimpleName(), run.size(), together.toString());
        }
        for (StoredEvent event : run) {
            try {
                savepoint.executeWithoutResult(status -> projection.apply(List.of(event)));
            } catch (RuntimeException alone) {
                throw new RunFailed(event.message(), alone);
            }
        }
    }
}
