package uk.ilrledger.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.ilrledger.testsupport.OwnDatabase;
import uk.ilrledger.testsupport.TestDatabase;

/** The whole bench at a tiny scale: every benchmark runs and prints a ratio. No speed is asserted. */
class BenchSmokeTest {

    @TempDir
    Path directory;

    @Test
    void everyBenchmarkPrintsARatio() throws Exception {
        TestDatabase database = OwnDatabase.create("bench");
        Path markdown = directory.resolve("bench.md");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<Bench.Result> results = Bench.run(new String[] {"--learners", "200", "--events", "4000", "--changes", "40",
                "--clients", "4", "--reads", "100", "--kafka-events", "500", "--lag-changes", "20", "--replay-seconds", "5", "--replay-warmup-seconds", "1",
                "--import-learners", "150", "--import-warm-ups", "1", "--import-files", "2",
                "--markdown", markdown.toString(), "--database-url", database.jdbcUrl(), "--db-user", database.username(),
                "--db-password", database.password()}, new PrintStream(printed, true, StandardCharsets.UTF_8));

        String output = printed.toString(StandardCharsets.UTF_8);
        // B6 runs last, so that it checks what the others appended too.
        assertThat(results).extracting(Bench.Result::id).containsExactly("B1", "B2", "B3", "B4", "B5", "B7", "B9",
                "B6");
        assertThat(results).allSatisfy(r -> assertThat(r.ratio()).isPositive().isFinite());
        for (String id : List.of("B1", "B2", "B3", "B4", "B5", "B6", "B7", "B9")) {
            assertThat(output).containsPattern("(?m)^" + id + " +[0-9.]+×? ");
        }
        assertThat(Files.readString(markdown)).contains("| B1 |", "| B6 |", "| B9 |", "Machine:");
        // B9 takes a warm-up file first and counts the next two; each was imported and approved whole.
        assertThat(output).containsPattern("B9 file 1 of 3 \\([^)]*, 150 learners\\): XSD [0-9.]+ s; import")
                .containsPattern("B9 file 3 of 3 .*approval [0-9.]+ s");
        assertThat(Files.readString(markdown)).containsPattern("B9: import and approval [0-9.]+× the XSD .*the median "
                + "of files 2 to 3");
        // The bulk-loaded links and those the command bus wrote on top verify as one keyed store.
        assertThat(output).containsPattern("B6 system: verify, [0-9,]+ learners, [0-9,]+ events in .*; intact");
    }
}
