package uk.ilrledger.projections;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.testsupport.SampleLearners;

/**
 * What a rebuilding projection writes of its learners' records: each changed record once, with its last
 * change's time, when it is forgotten or the rebuild finishes, never an older version after a newer one;
 * and, live, every change at once.
 */
class RememberedRecordsTest {

    private static final Instant T1 = Instant.parse("2026-01-05T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-02-05T10:00:00Z");
    private static final Json JSON = new Json(JsonMapper.builder().findAndAddModules().build());

    /** The table the records are written to: the last row written per learner, and how many writes. */
    private final Map<LearnerId, RememberedRecords.Changed> table = new HashMap<>();
    private final List<Integer> writes = new ArrayList<>();

    private void write(List<RememberedRecords.Changed> rows) {
        writes.add(rows.size());
        rows.forEach(row -> table.put(row.learner(), row));
    }

    private static IlrLearner record(String ref, LocalDate start) {
        return SampleLearners.apprentice(ref, start);
    }

    private static LearnerId id(String ref) {
        return LearnerId.of(SampleLearners.UKPRN, ref);
    }

    /** One run: the learners' records as folded, and which of them changed when. */
    private static void run(RememberedRecords remembered, Map<LearnerId, IlrLearner> records,
            Map<LearnerId, Instant> changed, Consumer<List<RememberedRecords.Changed>> write) {
        remembered.of(records.keySet(), missing -> Map.of());
        remembered.changed(records, changed, write);
    }

    @Test
    void aRebuildWritesEachChangedRecordOnceWhenItFinishesWithItsLastChange() {
        RememberedRecords remembered = RememberedRecords.forRebuild(10, 0, null);
        IlrLearner first = record("A1", LocalDate.of(2025, 9, 1));
        IlrLearner second = record("A1", LocalDate.of(2025, 10, 1));
        run(remembered, Map.of(id("A1"), first), Map.of(id("A1"), T1), this::write);
        run(remembered, Map.of(id("A1"), second), Map.of(id("A1"), T2), this::write);
        // A run that reads the learner and leaves it as it was keeps its change unwritten.
        run(remembered, Map.of(id("A1"), second), Map.of(), this::write);
        assertThat(table).as("nothing written before the rebuild finishes").isEmpty();

        assertThat(remembered.of(Set.of(id("A1")), missing -> {
            throw new AssertionError("a remembered learner is read again: " + missing);
        })).containsEntry(id("A1"), second);

        remembered.finish(this::write);
        assertThat(writes).containsExactly(1);
        assertThat(table.get(id("A1"))).isEqualTo(new RememberedRecords.Changed(id("A1"), second, T2));

        remembered.finish(this::write);
        assertThat(writes).as("a finished record is not written again").containsExactly(1);
    }

    @Test
    void aForgottenChangedRecordIsWrittenWhenForgottenAndReadAgainWhenNeeded() {
        RememberedRecords remembered = RememberedRecords.forRebuild(2, 0, null);
        IlrLearner a = record("A1", LocalDate.of(2025, 9, 1));
        run(remembered, Map.of(id("A1"), a), Map.of(id("A1"), T1), this::write);
        run(remembered, Map.of(id("B2"), record("B2", LocalDate.of(2025, 9, 1))), Map.of(), this::write);
        assertThat(table).isEmpty();
        // A third learner: A1, touched least recently, is forgotten and written with this run's rows.
        run(remembered, Map.of(id("C3"), record("C3", LocalDate.of(2025, 9, 1))), Map.of(id("C3"), T2), this::write);
        assertThat(table).containsOnlyKeys(id("A1"));
        assertThat(table.get(id("A1"))).isEqualTo(new RememberedRecords.Changed(id("A1"), a, T1));

        List<LearnerId> readAgain = new ArrayList<>();
        Map<LearnerId, IlrLearner> found = remembered.of(List.of(id("A1"), id("C3")), missing -> {
            readAgain.addAll(missing);
            return Map.of(id("A1"), table.get(id("A1")).record());
        });
        assertThat(readAgain).containsExactly(id("A1"));
        assertThat(found).containsOnlyKeys(id("A1"), id("C3"));

        // B2 never changed: forgotten or finished, it is never written.
        remembered.finish(this::write);
        assertThat(table).containsOnlyKeys(id("A1"), id("C3"));
    }

    @Test
    void beyondTheRecordsKeptARecordIsKeptPackedAndUnpackedAsItWasNotWrittenAndReadAgain() {
        RememberedRecords remembered = RememberedRecords.forRebuild(1, 1 << 20, JSON);
        IlrLearner a1 = record("A1", LocalDate.of(2025, 9, 1));
        IlrLearner a2 = record("A1", LocalDate.of(2025, 10, 1));
        IlrLearner b = record("B2", LocalDate.of(2025, 9, 1));
        run(remembered, Map.of(id("A1"), a1), Map.of(id("A1"), T1), this::write);
        run(remembered, Map.of(id("B2"), b), Map.of(id("B2"), T1), this::write);
        assertThat(table).as("A1 is packed, not written").isEmpty();

        Map<LearnerId, IlrLearner> found = remembered.of(List.of(id("A1"), id("B2")), missing -> {
            throw new AssertionError("a packed learner is read again: " + missing);
        });
        assertThat(found).containsEntry(id("A1"), a1).containsEntry(id("B2"), b);
        // A1 changes again; B2, unchanged by this run, is packed with its earlier change still unwritten.
        remembered.changed(Map.of(id("A1"), a2, id("B2"), b), Map.of(id("A1"), T2), this::write);
        assertThat(table).isEmpty();

        remembered.finish(this::write);
        assertThat(table).containsOnlyKeys(id("A1"), id("B2"));
        assertThat(table.get(id("A1"))).as("the last change, once").isEqualTo(new RememberedRecords.Changed(id("A1"), a2, T2));
        assertThat(table.get(id("B2"))).isEqualTo(new RememberedRecords.Changed(id("B2"), b, T1));
        assertThat(writes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(2);

        remembered.finish(this::write);
        assertThat(writes.stream().mapToInt(Integer::intValue).sum()).as("nothing written twice").isEqualTo(2);
    }

    @Test
    void readingPackedRecordsNeverPushesOutAnotherLearnerOfTheSameRead() {
        IlrLearner a = record("A1", LocalDate.of(2025, 9, 1));
        IlrLearner b = record("B2", LocalDate.of(2025, 9, 1));
        // C3 packs larger than B2: it carries the aims of four learners.
        List<uk.ilrledger.schemas.ilr.LearningDelivery> aims = new ArrayList<>();
        for (String ref : List.of("C3", "D4", "E5", "F6")) {
            aims.addAll(record(ref, LocalDate.of(2025, 9, 1)).learningDeliveries());
        }
        IlrLearner c = record("C3", LocalDate.of(2025, 9, 1)).withLearningDeliveries(aims);
        // Room for exactly A1 and B2 packed, with C3 kept as the one record.
        RememberedRecords sizing = RememberedRecords.forRebuild(1, 1 << 20, JSON);
        fill(sizing, a, b, c, rows -> { });
        RememberedRecords remembered = RememberedRecords.forRebuild(1, sizing.packedBytes(), JSON);
        fill(remembered, a, b, c, this::write);
        assertThat(table).isEmpty();

        // Reading B2 and A1 together: had B2 gone back among the records, C3 would be packed in its place and,
        // larger, push A1 out of the packed tier, to be read from a table that does not hold its change yet.
        Map<LearnerId, IlrLearner> found = remembered.of(List.of(id("B2"), id("A1")), missing -> {
            throw new AssertionError("read from the table: " + missing);
        });
        assertThat(found).containsEntry(id("A1"), a).containsEntry(id("B2"), b);
        remembered.changed(found, Map.of(), this::write);
        remembered.finish(this::write);
        assertThat(table.values()).containsExactlyInAnyOrder(new RememberedRecords.Changed(id("A1"), a, T1),
                new RememberedRecords.Changed(id("B2"), b, T1), new RememberedRecords.Changed(id("C3"), c, T1));
    }

    /** A1, then B2, then C3, each changed at T1: C3 kept as the record, A1 and B2 packed, A1 the eldest. */
    private static void fill(RememberedRecords remembered, IlrLearner a, IlrLearner b, IlrLearner c,
            Consumer<List<RememberedRecords.Changed>> write) {
        run(remembered, Map.of(id("A1"), a), Map.of(id("A1"), T1), write);
        run(remembered, Map.of(id("B2"), b), Map.of(id("B2"), T1), write);
        run(remembered, Map.of(id("C3"), c), Map.of(id("C3"), T1), write);
    }

    @Test
    void beyondThePackedBytesAChangedRecordIsWrittenAndReadAgainWhenNeeded() {
        // Room for one packed record only: the third learner pushes the first out of both tiers.
        RememberedRecords remembered = RememberedRecords.forRebuild(1, 1, JSON);
        IlrLearner a = record("A1", LocalDate.of(2025, 9, 1));
        run(remembered, Map.of(id("A1"), a), Map.of(id("A1"), T1), this::write);
        run(remembered, Map.of(id("B2"), record("B2", LocalDate.of(2025, 9, 1))), Map.of(), this::write);
        assertThat(table.get(id("A1"))).isEqualTo(new RememberedRecords.Changed(id("A1"), a, T1));

        List<LearnerId> readAgain = new ArrayList<>();
        remembered.of(List.of(id("A1")), missing -> {
            readAgain.addAll(missing);
            return Map.of(id("A1"), table.get(id("A1")).record());
        });
        assertThat(readAgain).containsExactly(id("A1"));
        remembered.finish(this::write);
        assertThat(table).as("B2 never changed, so is never written").containsOnlyKeys(id("A1"));
    }

    @Test
    void aLiveHandlerWritesEveryChangeAtOnceAndRemembersNothing() {
        RememberedRecords live = RememberedRecords.NONE;
        IlrLearner a = record("A1", LocalDate.of(2025, 9, 1));
        Map<LearnerId, IlrLearner> records = new LinkedHashMap<>();
        records.put(id("A1"), a);
        records.put(id("B2"), record("B2", LocalDate.of(2025, 9, 1)));
        run(live, records, Map.of(id("A1"), T1), this::write);
        assertThat(writes).containsExactly(1);
        assertThat(table).containsOnlyKeys(id("A1"));

        List<LearnerId> read = new ArrayList<>();
        live.of(List.of(id("A1")), missing -> {
            read.addAll(missing);
            return Map.of();
        });
        assertThat(read).as("live, every record is read from its table").containsExactly(id("A1"));
        live.finish(this::write);
        assertThat(writes).containsExactly(1);
    }
}
