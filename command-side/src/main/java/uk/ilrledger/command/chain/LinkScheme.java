package uk.ilrledger.command.chain;

import java.util.Arrays;
import java.util.Optional;

/** How a link in {@code learner_event_chain} was computed, as recorded in its {@code scheme} column. */
public enum LinkScheme {

    /** The first scheme: a plain SHA-256 anyone with SQL access could recompute. Still checked for old links. */
    SHA256("sha256"),
    /** HMAC-SHA256 with the chain key over everything stored for the event. */
    HMAC_SHA256("hmac-sha256");

    private final String column;

    LinkScheme(String column) {
        this.column = column;
    }

    public String column() {
        return column;
    }

    public static Optional<LinkScheme> of(String column) {
        return Arrays.stream(values()).filter(s -> s.column.equals(column)).findFirst();
    }
}
