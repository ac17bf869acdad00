package uk.ilrledger.bench;

import static uk.ilrledger.bench.Stats.f;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import uk.ilrledger.command.chain.ChainCheckpoints;
import uk.ilrledger.command.chain.ChainVerifier;

/**
 * B6 verify: the {@code verify} command's whole-store pass (the same {@code ChainVerifier}, every
 * learner's keyed chain recomputed and checked against a checkpoint written just before), in events
 * per second, over reading the same rows with the same ordered cursor query and doing nothing with
 * them. The ratio is what recomputing and comparing the links costs on top of reading them.
 */
final class VerifyBench {

    /** The verifier's pass, without its checks: every column it reads, in its order, at its fetch size. */
    static final String SAME_ROWS = """
            SELECT e.aggregate_identifier, e.sequence_number, e.global_index, e.event_identifier, e.type,
                   e.payload_type, e.payload_revision, e.time_stamp, e.payload, e.meta_data,
                   c.event_identifier, c.previous_hash, c.hash, c.scheme, c.key_id
            FROM domain_event_entry e
            LEFT JOIN learner_event_chain c ON c.aggregate_identifier = e.aggregate_identifier
                                           AND c.sequence_number = e.sequence_number
            WHERE e.type = 'Learner'
            ORDER BY e.aggregate_identifier, e.sequence_number""";

    private final Bench.Harness h;

    VerifyBench(Bench.Harness harness) {
        this.h = harness;
    }

    Bench.Result run() throws Exception {
        ChainCheckpoints checkpoints = h.context.getBean(ChainCheckpoints.class);
        long t0 = System.nanoTime();
        var written = checkpoints.write();
        h.out.printf("B6 checkpoint: %s in %.1f s%n", written.map(w -> f("checkpoint %d, %,d learners' heads",
                w.number(), w.learners())).orElse("none needed"), (System.nanoTime() - t0) / 1e9);

        long start = System.nanoTime();
        long[] lastShown = {start};
        ChainVerifier.Summary summary = h.context.getBean(ChainVerifier.class).verify(new ChainVerifier.Scope.Everyone(),
                (learner, learners, events) -> {
                    if (!learner.intact()) {
                        h.out.println("B6 BROKEN " + learner);
                    }
                    long now = System.nanoTime();
                    if (now - lastShown[0] > 10_000_000_000L) {
                        lastShown[0] = now;
                        h.out.printf("  verify: %,d learners, %,d events checked%n", learners, events);
                    }
                });
        double seconds = (System.nanoTime() - start) / 1e9;
        double system = summary.events() / seconds;
        h.out.printf("B6 system: verify, %,d learners, %,d events in %.1f s = %,.0f events/s; %s%n", summary.learners(),
                summary.events(), seconds, system, summary.intact() ? "intact" : "NOT INTACT " + summary.problems());

        long ceilingStart = System.nanoTime();
        long rows = 0;
        long bytes = 0;
        try (Connection c = h.dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (PreparedStatement s = c.prepareStatement(SAME_ROWS)) {
                s.setFetchSize(1000);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        bytes += rs.getBytes(9).length;
                        byte[] metaData = rs.getBytes(10);
                        bytes += metaData == null ? 0 : metaData.length;
                        bytes += rs.getString(13) == null ? 0 : 1;
                    }
                }
            } finally {
                c.rollback();
            }
        }
        double ceilingSeconds = (System.nanoTime() - ceilingStart) / 1e9;
        double ceiling = rows / ceilingSeconds;
        h.out.printf("B6 ceiling: the same %,d rows read with the same cursor, unchecked, in %.1f s = %,.0f rows/s (%s)%n",
                rows, ceilingSeconds, ceiling, Stats.mb(bytes));

        double ratio = system / ceiling;
        return new Bench.Result("B6", "verify: the whole store's chains and checkpoints, events/s",
                f("%,.0f events/s (%,d learners, %,d events in %.1f s, %s)", system, summary.learners(),
                        summary.events(), seconds, summary.intact() ? "intact" : "NOT intact"),
                f("%,.0f rows/s, the same ordered cursor read unchecked", ceiling), ratio, "≥ 0.5",
                ratio >= 0.5 && summary.intact(),
                f("%,d events of %,d learners verified in %.1f s; the ceiling read %s of payload and metadata",
                        summary.events(), summary.learners(), seconds, Stats.mb(bytes)));
    }
}
