package uk.ilrledger.projections;

import java.util.Collection;
import uk.ilrledger.schemas.values.LearnerId;

/**
 * Learners as two parallel arrays, so one statement reads the rows of every learner of a batch:
 * {@code WHERE } {@link #MATCH} with the arrays as its two parameters.
 */
public record LearnerKeys(Integer[] ukprns, String[] learnRefNumbers) {

    public static final String MATCH = "(ukprn, learn_ref_number) IN "
            + "(SELECT * FROM unnest(CAST(? AS integer[]), CAST(? AS text[])))";

    public static LearnerKeys of(Collection<LearnerId> learners) {
        return new LearnerKeys(learners.stream().map(l -> l.ukprn().value()).toArray(Integer[]::new),
                learners.stream().map(l -> l.learnRefNumber().value()).toArray(String[]::new));
    }

    public Object[] params() {
        return new Object[] {ukprns, learnRefNumbers};
    }
}
