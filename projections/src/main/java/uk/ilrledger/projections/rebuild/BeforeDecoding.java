package uk.ilrledger.projections.rebuild;

import java.util.List;
import org.axonframework.eventhandling.EventMessage;

/**
 * Readies, with a query or two for the whole batch, what decoding a rebuild's batch of stored events will
 * need (the learners' keys that open their sealed personal fields, decision 33), so that decoding does not
 * look it up event by event.
 */
public interface BeforeDecoding {

    /** Called with each batch of events, still undecoded, before any of them is decoded. */
    void batch(List<? extends EventMessage<?>> events);
}
