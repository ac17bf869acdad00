package uk.ilrledger.bench;

import static uk.ilrledger.bench.Stats.f;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import uk.ilrledger.command.erasure.PersonalDataKeys;
import uk.ilrledger.projections.rebuild.ProjectionRebuilder;
import uk.ilrledger.projections.rebuild.ReplayProgress;
import uk.ilrledger.schemas.upcasting.EventTypeNames;
import uk.ilrledger.schemas.values.LearnerId;

/**
 * B2 rebuild: every projection rebuilt from the store by {@link ProjectionRebuilder}, all of them from
 * one read of the store as the replay command does, over reading and decoding the same events with
 * plain JDBC and the event serializer's Jackson mapper, in batches of 2,000 whose learners' keys are
 * read with one query, as the rebuild reads them (decision 28). The rebuild may be cut off after a time
 * window (then it is abandoned and its scratch schema dropped); the ceiling reads as many events as the
 * rebuild reached. Both are timed after a warm-up of their own ({@code --replay-warmup-seconds}), as a
 * running service rebuilds with its code already compiled.
 */
final class RebuildBench {

    /** Events decoded together, as the rebuild's batches. */
    private static final int BATCH = 2_000;

    private static final class Stop extends RuntimeException {
        Stop() {
            super("bench window over", null, false, false);
        }
    }

    private final Bench.Harness h;

    RebuildBench(Bench.Harness harness) {
        this.h = harness;
    }

    Bench.Result run() throws Exception {
        ProjectionRebuilder rebuilder = h.context.getBean(ProjectionRebuilder.class);
        long total = h.head();
        List<String> names = rebuilder.names();
        if (h.options.replayWarmupSeconds() > 0) {
            // As a service rebuilds: with its handlers and decoders compiled by the JIT, not cold. The
            // ceiling warms up over as many events, so neither is timed while the compiler works.
            Window warmup = rebuild(rebuilder, names, h.options.replayWarmupSeconds());
            readAndDecode(warmup.done());
            h.out.printf("B2 warm-up: %,d events rebuilt in %.1f s, then read and decoded, neither counted%n",
                    warmup.done(), warmup.seconds());
        }
        Window window = rebuild(rebuilder, names, h.options.replaySeconds());
        double system = window.done() / window.seconds();
        h.out.printf("B2 system: %s rebuilt together from %,d of %,d events in %.1f s = %.0f events/s%n",
                String.join(", ", names), window.done(), total, window.seconds(), system);
        double ceiling = readAndDecode(window.done());
        h.out.printf("B2 ceiling: read and decoded %,d events with JDBC and Jackson (keys per batch of 2,000) at %.0f events/s%n",
                window.done(), ceiling);
        double ratio = system / ceiling;
        String warmedUp = h.options.replayWarmupSeconds() > 0
                ? f(", after a rebuild cut off after %d s to warm up", h.options.replayWarmupSeconds()) : "";
        return new Bench.Result("B2", "rebuild: every projection replayed, events/s",
                f("%,.0f events/s (%d projections from one read of the store)", system, names.size()),
                f("%,.0f events/s JDBC read + Jackson decode", ceiling), ratio, "≥ 0.25", ratio >= 0.25,
                (window.cut() ? f("rebuild cut off after %d s (of %,d events); ceiling over the first %,d events",
                        h.options.replaySeconds(), total, window.done())
                        : f("full replay of %,d events", total)) + warmedUp);
    }

    /** How far a rebuild got: events applied by every projection, in how long, and whether it was cut off. */
    private record Window(long done, double seconds, boolean cut) {}

    /** Rebuilds every projection, abandoning the rebuild (its scratch schema dropped) once {@code seconds} have passed. */
    private static Window rebuild(ProjectionRebuilder rebuilder, List<String> names, int seconds) {
        long windowNanos = seconds * 1_000_000_000L;
        long start = System.nanoTime();
        long[] done = {0};
        boolean cut = false;
        try {
            rebuilder.rebuild(names, progress -> {
                if (progress.state() == ReplayProgress.State.FAILED) {
                    return; // the abandoned rebuild reports 0 done; keep the count it reached
                }
                done[0] = progress.eventsDone();
                if (progress.state() == ReplayProgress.State.BUILDING && System.nanoTime() - start > windowNanos) {
                    throw new Stop();
                }
            });
        } catch (Stop stopped) {
            cut = true;
        }
        return new Window(done[0], (System.nanoTime() - start) / 1e9, cut);
    }

    /** Events per second reading the first {@code count} events in store order and decoding payload and metadata. */
    private double readAndDecode(long count) throws Exception {
        Serializer serializer = h.context.getBean("eventSerializer", Serializer.class);
        ObjectMapper mapper = ((JacksonSerializer) serializer).getObjectMapper();
        Map<String, Class<?>> types = new HashMap<>();
        long start = System.nanoTime();
        long read = 0;
        try (Connection c = h.dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("SELECT global_index, event_identifier, payload_type, "
                    + "payload_revision, payload, meta_data, time_stamp, aggregate_identifier, sequence_number "
                    + "FROM domain_event_entry WHERE global_index <= (SELECT min(global_index) FROM domain_event_entry) + ? "
                    + "ORDER BY global_index")) {
                s.setFetchSize(1000);
                s.setLong(1, count - 1);
                PersonalDataKeys keys = h.context.getBean(PersonalDataKeys.class);
                List<Object[]> batch = new ArrayList<>(BATCH);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        batch.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getBytes(5), rs.getBytes(6), rs.getString(7), rs.getString(8), rs.getLong(9)});
                        if (batch.size() == BATCH) {
                            read += decode(batch, keys, serializer, mapper, types);
                        }
                    }
                    read += decode(batch, keys, serializer, mapper, types);
                }
            }
            c.commit();
        }
        return read / ((System.nanoTime() - start) / 1e9);
    }

    /** As the rebuild reads a batch: its learners' keys with one query, then each event decoded. */
    private static int decode(List<Object[]> batch, PersonalDataKeys keys, Serializer serializer, ObjectMapper mapper,
            Map<String, Class<?>> types) throws Exception {
        Set<LearnerId> learners = new LinkedHashSet<>();
        for (Object[] row : batch) {
            learners.add(LearnerId.parse((String) row[7]));
        }
        keys.remember(learners);
        for (Object[] row : batch) {
            String typeName = (String) row[2];
            types.computeIfAbsent(typeName, n -> EventTypeNames.typeOf(n)
                    .orElseThrow(() -> new IllegalStateException("unknown event type " + n)));
            // Through the service's own serializer: it opens the personal fields sealed per learner.
            serializer.deserialize(new SimpleSerializedObject<>((byte[]) row[4], byte[].class, typeName, (String) row[3]));
            mapper.readValue((byte[]) row[5], Map.class);
        }
        int decoded = batch.size();
        batch.clear();
        return decoded;
    }
}
