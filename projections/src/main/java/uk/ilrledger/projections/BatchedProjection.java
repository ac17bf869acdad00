package uk.ilrledger.projections;

import java.util.List;

/**
 * A read model that applies a run of events, in store order, in the caller's transaction, with a few
 * batched statements rather than several per event: what the events of the run and a map of the rows
 * they touch can answer is not looked up again. Its live processor's handler applies each event as a
 * run of one; a rebuild applies whole batches, so one code keeps the tables and rebuilds them.
 */
public interface BatchedProjection {

    /** Applies the events, which are those this projection's handlers take, in store order. */
    void apply(List<StoredEvent> events);
}
