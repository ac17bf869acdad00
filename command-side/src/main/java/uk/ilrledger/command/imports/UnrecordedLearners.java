package uk.ilrledger.command.imports;

import java.util.Set;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Learners a unit of work knows the event store holds nothing of: an import found them absent while
 * it holds the append lock, so none can be recorded meanwhile. Loading one of them needs no read of
 * the store (the event store asks {@link #isUnrecorded}); its events staged in the unit of work still
 * count.
 */
public final class UnrecordedLearners {

    private static final String RESOURCE = UnrecordedLearners.class.getName();

    private UnrecordedLearners() {
    }

    /** Declares {@code aggregates} absent from the store for the rest of {@code unitOfWork}. */
    static void declare(UnitOfWork<?> unitOfWork, Set<String> aggregates) {
        unitOfWork.root().resources().put(RESOURCE, Set.copyOf(aggregates));
    }

    /** Whether the current unit of work knows the store holds no event of {@code aggregateIdentifier}. */
    public static boolean isUnrecorded(String aggregateIdentifier) {
        if (!CurrentUnitOfWork.isStarted()) {
            return false;
        }
        Set<String> unrecorded = CurrentUnitOfWork.get().root().getResource(RESOURCE);
        return unrecorded != null && unrecorded.contains(aggregateIdentifier);
    }
}
