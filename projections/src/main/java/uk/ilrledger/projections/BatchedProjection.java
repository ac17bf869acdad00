package uk.ilrledger.projections;

import java.util.List;
import java.util.function.Consumer;
import uk.ilrledger.schemas.learner.LearnerErased;

/**
 * A read model that applies a run of events, in store order, in the caller's transaction, with a few
 * batched statements rather than several per event: what the events of the run and a map of the rows
 * they touch can answer is not looked up again. Its live processor's handler applies each event as a
 * run of one; a rebuild applies whole batches, so one code keeps the tables and rebuilds them.
 */
public interface BatchedProjection {

    /** Applies the events, which are those this projection's handlers take, in store order. */
    void apply(List<StoredEvent> events);

    /**
     * This projection as one rebuild applies it, batch after batch, to tables nothing else writes: it may
     * remember what it wrote for the next batch rather than read it back (the same rows either way).
     */
    default BatchedProjection rebuilding() {
        return this;
    }

    /**
     * Writes what this projection, as a rebuild applies it, kept back from the batches it was given (rows it
     * writes once rather than once per batch); the rebuild calls it in a transaction of its own once it has
     * read to the end of the store, before the catch-up and again before the swap.
     */
    default void finish() {
    }

    /**
     * Applies the events in runs, each ending at a learner's erasure (decision 33), and erases the learner's
     * rows once its run is written: rows that earlier events of the same batch add are erased with those
     * written before. Erasures are rare, so a batch is nearly always one run.
     */
    static void applyInRuns(List<StoredEvent> events, Consumer<List<StoredEvent>> run, Consumer<LearnerErased> erase) {
        int from = 0;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).payload() instanceof LearnerErased erased) {
                run.accept(events.subList(from, i + 1));
                erase.accept(erased);
                from = i + 1;
            }
        }
        if (from < events.size()) {
            run.accept(events.subList(from, events.size()));
        }
    }
}
