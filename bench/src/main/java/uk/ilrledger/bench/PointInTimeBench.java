package uk.ilrledger.bench;

import static uk.ilrledger.bench.Stats.f;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.postgresql.Driver;
import uk.ilrledger.query.LearnerQueryController;

/**
 * B4 point in time: one client reading random learners of the provider {@code asOf} the end of
 * September 2026 through the query side (the event-log query and the fold), latency per read, over
 * the same SQL run by pgbench ({@code -M prepared}, one client, per-transaction log). Without
 * pgbench the ceiling is the same SQL through plain JDBC, and says so.
 */
final class PointInTimeBench {

    static final String SQL = """
            SELECT global_index, learn_ref_number, event_identifier, recorded_at, change_id, effective_date, event_type,
                   payload
            FROM learner_event_log WHERE ukprn = %s AND learn_ref_number = %s
              AND (CAST(%s AS timestamptz) IS NULL OR recorded_at <= %s) ORDER BY global_index""";

    private final Bench.Harness h;

    PointInTimeBench(Bench.Harness harness) {
        this.h = harness;
    }

    Bench.Result run() throws Exception {
        LearnerQueryController reads = h.context.getBean(LearnerQueryController.class);
        int learners = h.options.learners();
        int count = h.options.reads();
        int warmUp = Math.min(200, count);
        SplittableRandom rnd = new SplittableRandom(h.options.seed());
        String ukprn = Integer.toString(Bench.Harness.PROVIDER);
        for (int i = 0; i < warmUp; i++) {
            reads.learner(ukprn, ProviderGenerator.learnRefNumber(rnd.nextInt(1, learners + 1)), Bench.Harness.AS_OF, null);
        }
        double[] latencies = new double[count];
        for (int i = 0; i < count; i++) {
            String ref = ProviderGenerator.learnRefNumber(rnd.nextInt(1, learners + 1));
            long t = System.nanoTime();
            reads.learner(ukprn, ref, Bench.Harness.AS_OF, null);
            latencies[i] = (System.nanoTime() - t) / 1e6;
        }
        double p50 = Stats.percentile(latencies, 50);
        double p99 = Stats.percentile(latencies, 99);
        h.out.printf("B4 system: %,d asOf reads, p50 %.2f ms, p99 %.2f ms%n", count, p50, p99);

        double[] ceiling;
        String how;
        Path pgbench = pgbench();
        if (pgbench != null) {
            ceiling = pgbench(pgbench, learners, warmUp, count);
            how = "pgbench -M prepared, 1 client";
        } else {
            ceiling = jdbc(learners, warmUp, count);
            how = "plain JDBC (pgbench not found)";
        }
        double c50 = Stats.percentile(ceiling, 50);
        double c99 = Stats.percentile(ceiling, 99);
        h.out.printf("B4 ceiling: %s, p50 %.2f ms, p99 %.2f ms%n", how, c50, c99);
        double ratio = p99 / c99;
        return new Bench.Result("B4", "point in time: learner asOf read latency",
                f("p50 %.2f ms, p99 %.2f ms", p50, p99), f("p50 %.2f ms, p99 %.2f ms (%s)", c50, c99, how), ratio,
                "p99 ≤ 3×", ratio <= 3.0,
                f("%,d reads of random learners asOf %s, one client; ratio is p99 over p99", count, Bench.Harness.AS_OF));
    }

    static Path pgbench() {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                candidates.add(Path.of(dir, "pgbench"));
            }
        }
        for (String version : List.of("17", "16", "15", "14", "13")) {
            candidates.add(Path.of("/usr/lib/postgresql/" + version + "/bin/pgbench"));
        }
        return candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
    }

    private double[] pgbench(Path pgbench, int learners, int warmUp, int count) throws Exception {
        Properties url = Driver.parseURL(h.database.url(), null);
        Path dir = Files.createTempDirectory("ilr-bench-pgbench");
        try {
            Path script = dir.resolve("asof.sql");
            String asOf = "'" + Bench.Harness.AS_OF + "'";
            Files.writeString(script, "\\set n random(1, " + learners + ")\n"
                    + SQL.formatted(Bench.Harness.PROVIDER, "'L' || lpad(:n::text, 7, '0')", asOf, asOf)
                    .replace('\n', ' ') + ";\n", StandardCharsets.UTF_8);
            String host = url.getProperty("PGHOST", "127.0.0.1");
            String port = url.getProperty("PGPORT", "5432");
            String db = url.getProperty("PGDBNAME");
            exec(dir, pgbench.toString(), "-n", "-M", "prepared", "-h", host, "-p", port, "-U", h.database.user(),
                    "-c", "1", "-t", Integer.toString(warmUp), "-f", script.toString(), db);
            exec(dir, pgbench.toString(), "-n", "-M", "prepared", "-h", host, "-p", port, "-U", h.database.user(),
                    "-c", "1", "-t", Integer.toString(count), "-l", "--log-prefix=" + dir.resolve("log"),
                    "-f", script.toString(), db);
            List<Double> latencies = new ArrayList<>();
            try (var logs = Files.list(dir)) {
                for (Path log : logs.filter(p -> p.getFileName().toString().startsWith("log")).toList()) {
                    for (String line : Files.readAllLines(log)) {
                        String[] parts = line.trim().split("\\s+");
                        if (parts.length >= 3) {
                            latencies.add(Long.parseLong(parts[2]) / 1000.0);
                        }
                    }
                }
            }
            return latencies.stream().mapToDouble(Double::doubleValue).toArray();
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private void exec(Path dir, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", h.database.password());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("pgbench failed: " + output);
        }
    }

    private double[] jdbc(int learners, int warmUp, int count) throws Exception {
        SplittableRandom rnd = new SplittableRandom(h.options.seed());
        double[] latencies = new double[count];
        try (Connection c = h.dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(SQL.formatted("?", "?", "?", "?"))) {
            for (int i = -warmUp; i < count; i++) {
                s.setInt(1, Bench.Harness.PROVIDER);
                s.setString(2, ProviderGenerator.learnRefNumber(rnd.nextInt(1, learners + 1)));
                s.setTimestamp(3, Timestamp.from(Bench.Harness.AS_OF));
                s.setTimestamp(4, Timestamp.from(Bench.Harness.AS_OF));
                long t = System.nanoTime();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rs.getString(8);
                    }
                }
                if (i >= 0) {
                    latencies[i] = (System.nanoTime() - t) / 1e6;
                }
            }
        }
        return latencies;
    }
}
