package uk.ilrledger.schemas.values;

import java.util.Objects;

/**
 * A learner's identity in the ledger: UKPRN plus LearnRefNumber. Its text form
 * {@code 10000001:LRN001} is the aggregate identifier and the Kafka record key.
 */
public record LearnerId(Ukprn ukprn, LearnRefNumber learnRefNumber) {

    public LearnerId {
        Objects.requireNonNull(ukprn, "ukprn");
        Objects.requireNonNull(learnRefNumber, "learnRefNumber");
    }

    public static LearnerId of(int ukprn, String learnRefNumber) {
        return new LearnerId(new Ukprn(ukprn), new LearnRefNumber(learnRefNumber));
    }

    public static LearnerId parse(String text) {
        int colon = text.indexOf(':');
        return new LearnerId(Ukprn.parse(text.substring(0, colon)), new LearnRefNumber(text.substring(colon + 1)));
    }

    public String asString() {
        return ukprn + ":" + learnRefNumber;
    }

    @Override
    public String toString() {
        return asString();
    }
}
