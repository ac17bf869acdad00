package uk.ilrledger.projections;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.springframework.core.env.Environment;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.values.LearnerId;

/**
 * Learners' records as a projection folded them during a rebuild, so the next batch folds onto them
 * without reading and decoding them again, and writes a record once rather than once per batch that
 * changed it: only the rebuild writes its scratch tables, so what it remembers is what it would read.
 *
 * <p>Two tiers. The {@link #MAX} learners touched most recently are kept as records. Beyond them, a
 * learner's record is kept packed (its JSON, compressed with lz4), up to
 * {@link #PACKED_BYTES} per projection, and unpacked when next needed; only beyond both is a changed
 * record written, to be read again from the table when next needed. With the first tier alone, a store
 * of 200,000 learners had most records written and read again batch after batch.
 * Every changed record not yet written is written when the rebuild {@linkplain #finish finishes} a pass
 * over the store. A live handler remembers nothing ({@link #NONE}) and writes every change at once:
 * others write its tables too.
 */
public final class RememberedRecords {

    /** Learners remembered as records per projection: a few hundred MB at most for large records. */
    static final int MAX = 20_000;

    /** Bytes of packed records per projection. */
    static final long PACKED_BYTES = 128L * 1024 * 1024;

    /** Records written back to the table per statement when packed ones are written. */
    private static final int WRITE_CHUNK = 2_000;

    /** lz4: zlib's fastest level took more than twice as long to pack a record. */
    private static final LZ4Compressor LZ4 = LZ4Factory.fastestInstance().fastCompressor();
    private static final LZ4SafeDecompressor UNLZ4 = LZ4Factory.fastestInstance().safeDecompressor();

    public static final RememberedRecords NONE = new RememberedRecords(0, 0, null);

    /** A learner's record to write, with the time of the last event that changed it. */
    public record Changed(LearnerId learner, IlrLearner record, Instant at) {
    }

    /** A remembered record; {@code at} is set while it has changes not yet written. */
    private record Remembered(IlrLearner record, Instant at) {
    }

    /** A record kept packed; {@code at} as for {@link Remembered}. */
    private record Packed(byte[] bytes, Instant at) {
    }

    private final int max;
    private final long maxPacked;
    private final Json json;
    private final Map<LearnerId, Remembered> records;
    /** Learners beyond {@link #max}, least recently touched first; a learner is in one tier at most. */
    private final LinkedHashMap<LearnerId, Packed> packed = new LinkedHashMap<>(16, 0.75f, true);
    private long packedBytes;
    /** Records {@link #of} took from the packed tier, until {@link #changed} keeps them again. */
    private final Map<LearnerId, Remembered> taken = new HashMap<>();
    /** Changed records forgotten by the last {@link #changed}, to be written with its own. */
    private final List<Changed> forgotten = new ArrayList<>();

    private RememberedRecords(int max, long maxPacked, Json json) {
        this.max = max;
        this.maxPacked = json == null ? 0 : maxPacked;
        this.json = json;
        this.records = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<LearnerId, Remembered> eldest) {
                if (size() <= RememberedRecords.this.max) {
                    return false;
                }
                forget(eldest.getKey(), eldest.getValue());
                return true;
            }
        };
    }

    /**
     * Records remembered for one rebuild, packed as {@code json} writes them: {@link #MAX} records and
     * {@link #PACKED_BYTES} packed, unless {@code settings} says otherwise
     * ({@code ilr-ledger.rebuild.records-kept}, {@code ilr-ledger.rebuild.packed-bytes}, read as each rebuild
     * starts; less holds less heap and writes and reads more).
     */
    public static RememberedRecords forRebuild(Json json, Environment settings) {
        return forRebuild(settings.getProperty("ilr-ledger.rebuild.records-kept", Integer.class, MAX),
                settings.getProperty("ilr-ledger.rebuild.packed-bytes", Long.class, PACKED_BYTES), json);
    }

    /** Records remembered for one rebuild: at most {@code max} learners' as records, then {@code maxPacked} bytes packed. */
    static RememberedRecords forRebuild(int max, long maxPacked, Json json) {
        return new RememberedRecords(max, maxPacked, json);
    }

    /** The learners' records: those remembered, and the others as {@code read} reads them with one query. */
    public Map<LearnerId, IlrLearner> of(Collection<LearnerId> learners,
            Function<Set<LearnerId>, Map<LearnerId, IlrLearner>> read) {
        Map<LearnerId, IlrLearner> found = new HashMap<>();
        Set<LearnerId> missing = new LinkedHashSet<>();
        for (LearnerId learner : learners) {
            Remembered remembered = max == 0 ? null : records.get(learner);
            if (remembered == null) {
                Packed kept = unpacked(learner);
                if (kept != null) {
                    // Kept aside, not put among the records: that could push out another learner of this
                    // same read, whose changes would then be read from a table not yet holding them.
                    remembered = new Remembered(unpack(kept.bytes()), kept.at());
                    taken.put(learner, remembered);
                }
            }
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
            Instant earlier = unwrittenChange(learner);
            Instant at = changed.get(learner);
            // Unchanged by this run: still unwritten if an earlier run changed it.
            this.records.put(learner, new Remembered(record, at != null ? at : earlier));
        });
        keepTaken();
        writeForgotten(write);
    }

    /** Writes every changed record not written yet; they stay remembered. */
    public void finish(Consumer<List<Changed>> write) {
        keepTaken();
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
        // Packed records are unpacked a chunk at a time, so the heap never holds them all as records.
        List<Changed> chunk = new ArrayList<>(WRITE_CHUNK);
        for (Map.Entry<LearnerId, Packed> entry : packed.entrySet()) {
            Packed kept = entry.getValue();
            if (kept.at() == null) {
                continue;
            }
            chunk.add(new Changed(entry.getKey(), unpack(kept.bytes()), kept.at()));
            entry.setValue(new Packed(kept.bytes(), null));
            if (chunk.size() == WRITE_CHUNK) {
                write.accept(List.copyOf(chunk));
                chunk.clear();
            }
        }
        if (!chunk.isEmpty()) {
            write.accept(List.copyOf(chunk));
        }
        writeForgotten(write);
    }

    /**
     * When the learner's remembered record was last changed, if that change is not written yet; the learner
     * leaves the packed tier, where a run of more learners than are kept as records may have put it since
     * it was read, and the records {@link #of} took aside: one tier only.
     */
    private Instant unwrittenChange(LearnerId learner) {
        Remembered before = records.get(learner);
        if (before == null) {
            before = taken.remove(learner);
        }
        if (before != null) {
            return before.at();
        }
        Packed packedBefore = unpacked(learner);
        return packedBefore == null ? null : packedBefore.at();
    }

    /** Records {@link #of} took from the packed tier that no run handed back are kept as they were. */
    private void keepTaken() {
        taken.forEach(records::put);
        taken.clear();
    }

    /** The learner's packed record, no longer kept packed; null if there is none. */
    private Packed unpacked(LearnerId learner) {
        Packed kept = packed.isEmpty() ? null : packed.remove(learner);
        if (kept != null) {
            packedBytes -= kept.bytes().length;
        }
        return kept;
    }

    /** A learner leaves the records: packed if there is room, else written if changed, else dropped. */
    private void forget(LearnerId learner, Remembered remembered) {
        if (maxPacked == 0) {
            if (remembered.at() != null) {
                forgotten.add(new Changed(learner, remembered.record(), remembered.at()));
            }
            return;
        }
        byte[] bytes = pack(remembered.record());
        packed.put(learner, new Packed(bytes, remembered.at()));
        packedBytes += bytes.length;
        Iterator<Map.Entry<LearnerId, Packed>> eldest = packed.entrySet().iterator();
        while (packedBytes > maxPacked && eldest.hasNext()) {
            Map.Entry<LearnerId, Packed> entry = eldest.next();
            Packed kept = entry.getValue();
            if (kept.at() != null) {
                forgotten.add(new Changed(entry.getKey(), unpack(kept.bytes()), kept.at()));
            }
            packedBytes -= kept.bytes().length;
            eldest.remove();
        }
    }

    /** The record's JSON, compressed, after its length as four bytes. */
    private byte[] pack(IlrLearner record) {
        byte[] text = json.write(record).getBytes(StandardCharsets.UTF_8);
        int bound = LZ4.maxCompressedLength(text.length);
        byte[] buffer = new byte[4 + bound];
        ByteBuffer.wrap(buffer).putInt(text.length);
        int length = LZ4.compress(text, 0, text.length, buffer, 4, bound);
        return Arrays.copyOf(buffer, 4 + length);
    }

    /** Bytes held packed now. */
    long packedBytes() {
        return packedBytes;
    }

    private IlrLearner unpack(byte[] bytes) {
        byte[] text = new byte[ByteBuffer.wrap(bytes).getInt()];
        try {
            UNLZ4.decompress(bytes, 4, bytes.length - 4, text, 0, text.length);
        } catch (LZ4Exception e) {
            throw new IllegalStateException("a packed record cannot be unpacked", e);
        }
        return json.read(text, IlrLearner.class);
    }

    private void writeForgotten(Consumer<List<Changed>> write) {
        if (!forgotten.isEmpty()) {
            List<Changed> rows = List.copyOf(forgotten);
            forgotten.clear();
            write.accept(rows);
        }
    }
}
