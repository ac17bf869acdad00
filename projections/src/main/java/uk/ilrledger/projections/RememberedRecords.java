package uk.ilrledger.projections;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.values.LearnerId;

/**
 * Learners' records as a projection last wrote them during a rebuild, so the next batch folds onto them
 * without reading and decoding them again: only the rebuild writes its scratch tables, so what it wrote is
 * what it would read. The learners least recently touched are forgotten beyond {@link #MAX} (then read
 * again). A live handler remembers nothing ({@link #NONE}): others write its tables too.
 */
public final class RememberedRecords {

    /** Learners remembered per projection: a few hundred MB at most for large records. */
    static final int MAX = 20_000;

    public static final RememberedRecords NONE = new RememberedRecords(0);

    private final int max;
    private final Map<LearnerId, IlrLearner> records;

    private RememberedRecords(int max) {
        this.max = max;
        this.records = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<LearnerId, IlrLearner> eldest) {
                return size() > RememberedRecords.this.max;
            }
        };
    }

    /** Records remembered for one rebuild. */
    public static RememberedRecords forRebuild() {
        return new RememberedRecords(MAX);
    }

    /** The learners' records: those remembered, and the others as {@code read} reads them with one query. */
    public Map<LearnerId, IlrLearner> of(Collection<LearnerId> learners,
            Function<Set<LearnerId>, Map<LearnerId, IlrLearner>> read) {
        Map<LearnerId, IlrLearner> found = new HashMap<>();
        Set<LearnerId> missing = new LinkedHashSet<>();
        for (LearnerId learner : learners) {
            IlrLearner record = max == 0 ? null : records.get(learner);
            if (record != null) {
                found.put(learner, record);
            } else {
                missing.add(learner);
            }
        }
        if (!missing.isEmpty()) {
            found.putAll(read.apply(missing));
        }
        return found;
    }

    /** The records as written now. */
    public void wrote(Map<LearnerId, IlrLearner> written) {
        if (max > 0) {
            written.forEach((learner, record) -> {
                if (record != null) {
                    records.put(learner, record);
                }
            });
        }
    }
}
