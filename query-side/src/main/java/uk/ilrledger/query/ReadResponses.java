package uk.ilrledger.query;

/** What the OpenAPI document says of answers every read of the projections can give. */
public final class ReadResponses {

    /** 503: {@code ProcessorsCaughtUp} gave up waiting. */
    public static final String PROJECTIONS_BEHIND = "The projections it reads have not reached the event store's head "
            + "in time, or one is stuck on a failure; `Retry-After` says when to ask again";

    private ReadResponses() {
    }
}
