package uk.ilrledger.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.ilrledger.testsupport.OwnDatabase;
import uk.ilrledger.testsupport.TestDatabase;

/**
 * The R14 of a generated provider (employer changes, prior learning, breaks and restarts, withdrawals,
 * completions and outcomes, corrections, QA, rejected requests), exported as the service does, reading
 * the return once: the same bytes as writing each learner straight from the store behind the header,
 * and a file its year's XSD accepts. No speed is asserted.
 */
class OnePassExportTest {

    @TempDir
    Path directory;

    @Test
    void theFileReadOnceHoldsTheSameBytesAsTheFileWrittenStraightFromTheStore() throws Exception {
        TestDatabase database = OwnDatabase.create("onepass");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<Bench.Result> results = Bench.run(new String[] {"--learners", "400", "--events", "9000", "--seed", "7",
                "--steps", "B3", "--markdown", directory.resolve("bench.md").toString(), "--database-url",
                database.jdbcUrl(), "--db-user", database.username(), "--db-password", database.password()},
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(results).extracting(Bench.Result::id).containsExactly("B3");
        assertThat(output).containsPattern("B3 system: ILR-10000001-2526-[0-9]{8}-[0-9]{6}-01\\.xml, [1-9][0-9,]* learners");
        // The check throws, failing the run, when the two files differ; the line says it ran.
        assertThat(output).containsPattern("B3 same bytes: read once and written straight from the store, "
                + "SHA-256 [0-9a-f]{64} both");
        // Validated against the XSD before the ratio is printed (else the run fails).
        assertThat(output).containsPattern("B3 export / XSD: the export took [0-9.]+ s, parsing and validating");
    }
}
