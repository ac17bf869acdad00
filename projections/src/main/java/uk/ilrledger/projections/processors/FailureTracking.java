package uk.ilrledger.projections.processors;

import java.util.concurrent.Callable;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps every event a tracking processor hands to its handlers. A failure is recorded with the event
 * and rethrown, so the processor rolls back and retries with back-off as before; an event an ADMIN
 * resolved is passed over by this processor only, and the skip is written with its token. After a
 * batch's last event it has the projections apply the runs of events they gathered ({@link LiveRuns}).
 * Subscribing processors are left alone: their failure fails the command, which stores nothing.
 */
public final class FailureTracking implements MessageHandlerInterceptor<EventMessage<?>> {

    private static final Logger log = LoggerFactory.getLogger(FailureTracking.class);

    private final String processor;
    private final ProcessorFailures failures;
    /** Where a tracking processor keeps the segment in its unit of work (Axon's TrackingEventProcessor). */
    private final String segmentResource;

    public FailureTracking(String processor, ProcessorFailures failures) {
        this.processor = processor;
        this.failures = failures;
        this.segmentResource = "Processor[" + processor + "]/SegmentId";
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        Object segment = unitOfWork.getResource(segmentResource);
        if (!(segment instanceof Integer segmentId)) {
            return chain.proceed();
        }
        EventMessage<?> event = unitOfWork.getMessage();
        String eventId = event.getIdentifier();
        if (failures.isResolved(processor, eventId)) {
            log.warn("{} passes over event {} as an ADMIN resolved", processor, eventId);
            failures.skipped(processor, eventId);
            recorded(segmentId, event, () -> {
                applyRunsAfterLast(unitOfWork);
                return null;
            });
            return null;
        }
        boolean wasFailing = failures.isFailingHere(processor, eventId);
        Object result = recorded(segmentId, event, () -> {
            Object handled = chain.proceed();
            applyRunsAfterLast(unitOfWork);
            return handled;
        });
        if (wasFailing) {
            failures.handled(processor, eventId);
            unitOfWork.onRollback(u -> failures.handlingRolledBack(processor, eventId));
        }
        return result;
    }

    /**
     * After a batch's last event, the runs the projections gathered over the batch are applied
     * ({@link LiveRuns}): here, so that a failure among them is recorded, against the event that failed.
     */
    private static void applyRunsAfterLast(UnitOfWork<? extends EventMessage<?>> unitOfWork) {
        if (unitOfWork instanceof BatchingUnitOfWork<?> batch && batch.isLastMessage()) {
            LiveRuns.flush(unitOfWork);
        }
    }

    /** Runs the work; a failure is recorded with its event (the one it names, else this one) and rethrown. */
    private Object recorded(int segmentId, EventMessage<?> event, Callable<Object> work) throws Exception {
        try {
            return work.call();
        } catch (Exception | Error e) {
            if (!(e instanceof ProcessorFailures.Outage)) {
                try {
                    failures.record(processor, segmentId, e instanceof ProcessorFailures.OfEvent of ? of.event() : event, e);
                } catch (RuntimeException unrecorded) {
                    e.addSuppressed(unrecorded);
                }
            }
            throw e;
        }
    }
}
