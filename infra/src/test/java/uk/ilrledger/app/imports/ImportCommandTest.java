package uk.ilrledger.app.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.ilrledger.app.ImportCommand;
import uk.ilrledger.app.IntegrationTest;
import uk.ilrledger.testsupport.TestDatabase;
import uk.ilrledger.testsupport.TestKafka;
import uk.ilrledger.testsupport.TestPostgres;

/** {@code java -jar ilr-ledger.jar import FILE.xml --ukprn U} against the same store as the running service. */
@IntegrationTest
class ImportCommandTest {

    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path work;

    int ukprn;

    @BeforeEach
    void setUp() {
        ukprn = ThreadLocalRandom.current().nextInt(20_000_000, 99_999_999);
    }

    record Run(int exit, String out, String err) {
    }

    private static Run run(String... options) {
        TestDatabase database = TestPostgres.database();
        List<String> arguments = new ArrayList<>(List.of(options));
        arguments.addAll(List.of("--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--ilr-ledger.kafka.bootstrap-servers=" + TestKafka.bootstrapServers()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ImportCommand.run(arguments, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private long learners() {
        return jdbc.sql("SELECT count(DISTINCT aggregate_identifier) FROM domain_event_entry WHERE aggregate_identifier LIKE ?")
                .param(ukprn + ":%").query(Long.class).single();
    }

    @Test
    void theCommandImportsAFileShowingProgressAndAgainRecordsNothing() throws IOException {
        Path file = work.resolve("ILR-" + ukprn + "-2526-20260302-093000-01.xml");
        GeneratedIlrFile.write(file, ukprn, 1200, 7L);
        UUID importId = UUID.randomUUID();

        Run first = run(file.toString(), "--ukprn", Integer.toString(ukprn), "--import-id", importId.toString());
        Run again = run(file.toString(), "--ukprn", Integer.toString(ukprn));

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("1000 learners checked").contains("of 1200 learners recorded")
                .contains("1200 learners, 1200 registered, 0 corrected, 0 unchanged").contains(importId.toString());
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).contains("1200 learners, 0 registered, 0 corrected, 1200 unchanged");
        assertThat(learners()).isEqualTo(1200);
    }

    @Test
    void aBrokenFileIsRefusedWithEachProblemsLineAndColumnAndExitTwo() throws IOException {
        Path file = work.resolve("broken.xml");
        GeneratedIlrFile.write(file, ukprn, 3, 7L);
        Files.writeString(file, Files.readString(file).replace("<Sex>F</Sex>", "<Sex>FF</Sex>")
                .replace("<Sex>M</Sex>", "<Sex>MM</Sex>"));

        Run run = run(file.toString(), "--ukprn", Integer.toString(ukprn));

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("nothing was imported").containsPattern("line \\d+, column \\d+: .*FF|MM");
        assertThat(learners()).isZero();
    }

    @Test
    void missingArgumentsAreNamed() {
        Run run = run("--ukprn", Integer.toString(ukprn));

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("FILE.xml and --ukprn are required");
    }
}
