package uk.ilrledger.projections;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.values.LearnerId;

/**
 * Learners' records as a projection folded them during a rebuild, so the next batch folds onto them
 * without reading and decoding them again, and writes a record once rather than once per batch that
 * changed it: only the rebuild writes its scratch tables, so what it remembers is what it would read.
 * A changed record is written when it is forgotten (beyond {@link #MAX} learners, the least recently
 * touched first, to be read again when next needed) or when the rebuild {@linkplain #finish finishes} a
 * pass over the store. A live handler remembers nothing ({@link #NONE}) and writes every change at once:
 * others write its tables too.
 */
public final class RememberedRecords {

    /** Learners remembered per projection: a few hundred MB at most for large records. */
    static final int MAX = 20_000;

    public static final RememberedRecords NONE = new RememberedRecords(0);

    /** A learner's record to write, with the time of the last event that changed it. */
    public record Changed(LearnerId learner, IlrLearner record, Instant at) {
    }

    /** A remembered record; {@code at} is set while it has changes not yet written. */
    private record Remembered(IlrLearner record, Instant at) {
    }

    private final int max;
    private final Map<LearnerId, Remembered> records;
    /** Changed records forgotten by the last {@link #changed}, to be written with its own. */
    private final List<Changed> forgotten = new ArrayList<>();

    private RememberedRecords(int max) {
        this.max = max;
        this.records = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<LearnerId, Remembered> eldest) {
                if (size() <= RememberedRecords.this.max) {
                    return false;
                }
                if (eldest.getValue().at() != null) {
                    forgotten.add(new Changed(eldest.getKey(), eldest.getValue().record(), eldest.getValue().at()));
                }
                return true;
            }
        };
    }

    /** Records remembered for one rebuild. */
    public static RememberedRecords forRebuild() {
        return forRebuild(MAX);
    }

    /** Records remembered for one rebuild, at most {@code max} learners' at once. */
    static RememberedRecords forRebuild(int max) {
        return new RememberedRecords(max);
    }

    /** The learners' records: those remembered, and the others as {@code read} reads them with one query. */
    public Map<LearnerId, IlrLearner> of(Collection<LearnerId> learners,
            Function<Set<LearnerId>, Map<LearnerId, IlrLearner>> read) {
        Map<LearnerId, IlrLearner> found = new HashMap<>();
        Set<LearnerId> missing = new LinkedHashSet<>();
        for (LearnerId learner : learners) {
            Remembered remembered = max == 0 ? null : records.get(learner);
            if (remembered != null) {
                found.put(learner, remembered.record());
            } else {
                missing.add(learner);
            }
        }
        if (!missing.isEmpty()) {
            found.putAll(read.apply(missing));
        }
        return found;
    }

    /**
     * The run's records, as folded, and those it changed, with the time of each one's last change: a live
     * handler writes the changed ones now, with {@code write}; a rebuild remembers every record and writes
     * now only the changed records it forgets.
     */
    public void changed(Map<LearnerId, IlrLearner> records, Map<LearnerId, Instant> changed, Consumer<List<Changed>> write) {
        if (max == 0) {
            List<Changed> rows = new ArrayList<>(changed.size());
            changed.forEach((learner, at) -> rows.add(new Changed(learner, records.get(learner), at)));
            if (!rows.isEmpty()) {
                write.accept(rows);
            }
            return;
        }
        records.forEach((learner, record) -> {
            if (record == null) {
                return;
            }
            Instant at = changed.get(learner);
            if (at == null) {
                // Unchanged by this run: still unwritten if an earlier run changed it.
                Remembered before = this.records.get(learner);
                at = before == null ? null : before.at();
            }
            this.records.put(learner, new Remembered(record, at));
        });
        writeForgotten(write);
    }

    /** Writes every changed record not written yet; they stay remembered. */
    public void finish(Consumer<List<Changed>> write) {
        List<Changed> rows = new ArrayList<>();
        records.replaceAll((learner, remembered) -> {
            if (remembered.at() == null) {
                return remembered;
            }
            rows.add(new Changed(learner, remembered.record(), remembered.at()));
            return new Remembered(remembered.record(), null);
        });
        if (!rows.isEmpty()) {
            write.accept(rows);
        }
        writeForgotten(write);
    }

    private void writeForgotten(Consumer<List<Changed>> write) {
        if (!forgotten.isEmpty()) {
            List<Changed> rows = List.copyOf(forgotten);
            forgotten.clear();
            write.accept(rows);
        }
    }
}
