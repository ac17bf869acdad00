package uk.ilrledger.app.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.ilrledger.app.CommandRun;
import uk.ilrledger.app.ImportCommand;
import uk.ilrledger.app.IntegrationTest;
import uk.ilrledger.command.imports.IlrImports;
import uk.ilrledger.schemas.values.Ukprn;
import uk.ilrledger.testsupport.GeneratedIlrFile;

/** {@code java -jar ilr-ledger.jar import FILE.xml --ukprn U} against the same store as the running service. */
@IntegrationTest
class ImportCommandTest {

    @Autowired
    IlrImports imports;
    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path work;

    int ukprn;

    @BeforeEach
    void setUp() {
        ukprn = ThreadLocalRandom.current().nextInt(20_000_000, 99_999_999);
    }

    private static CommandRun run(String... options) {
        return CommandRun.of(ImportCommand::run, options);
    }

    private long learners() {
        return jdbc.sql("SELECT count(DISTINCT aggregate_identifier) FROM domain_event_entry WHERE aggregate_identifier LIKE ?")
                .param(ukprn + ":%").query(Long.class).single();
    }

    @Test
    void theCommandStagesAFileShowingProgressAndTheApprovalToMakeAndAgainRecordsNothing() throws IOException {
        Path file = work.resolve("ILR-" + ukprn + "-2526-20260302-093000-01.xml");
        GeneratedIlrFile.write(file, ukprn, 1200, 7L);
        UUID importId = UUID.randomUUID();

        CommandRun first = run(file.toString(), "--ukprn", Integer.toString(ukprn), "--import-id", importId.toString());

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("1000 learners checked").contains("of 1200 learners recorded")
                .contains("1200 learners, 1200 new, 0 differing, 0 unchanged")
                .contains("POST /api/providers/{ukprn}/imports/" + importId + "/approval");
        assertThat(learners()).as("no second person has approved the new learners yet").isZero();

        imports.approve(new Ukprn(ukprn), importId, "approver", null);
        CommandRun again = run(file.toString(), "--ukprn", Integer.toString(ukprn));

        assertThat(learners()).isEqualTo(1200);
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).contains("1200 learners, 0 new, 0 differing, 1200 unchanged; 0 changes raised")
                .doesNotContain("/approval");
        assertThat(learners()).isEqualTo(1200);
    }

    @Test
    void aBrokenFileIsRefusedWithEachProblemsLineAndColumnAndExitTwo() throws IOException {
        Path file = work.resolve("broken.xml");
        GeneratedIlrFile.write(file, ukprn, 3, 7L);
        Files.writeString(file, Files.readString(file).replace("<Sex>F</Sex>", "<Sex>FF</Sex>")
                .replace("<Sex>M</Sex>", "<Sex>MM</Sex>"));

        CommandRun run = run(file.toString(), "--ukprn", Integer.toString(ukprn));

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("nothing was imported").containsPattern("line \\d+, column \\d+: .*FF|MM");
        assertThat(learners()).isZero();
    }

    @Test
    void aLearnerBreakingADfERuleIsTakenAndTheFindingPrintedWithItsLine() throws IOException {
        Path file = work.resolve("flawed.xml");
        GeneratedIlrFile.write(file, ukprn, 3, 7L);
        String uln = Long.toString(GeneratedIlrFile.uln(2));
        String badUln = uln.substring(0, 9) + (Character.getNumericValue(uln.charAt(9)) + 1) % 10;
        String text = Files.readString(file);
        Files.writeString(file, text.replace("<ULN>" + uln + "</ULN>", "<ULN>" + badUln + "</ULN>"));
        int line = (int) text.substring(0, text.lastIndexOf("<Learner>", text.indexOf("<LearnRefNumber>G2<")))
                .chars().filter(c -> c == '\n').count() + 1;

        CommandRun run = run(file.toString(), "--ukprn", Integer.toString(ukprn));

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("3 learners, 3 new")
                .contains("line " + line + ": error ULN_04 Learner.ULN: Learner G2: ULN " + badUln + " fails its check digit");
        assertThat(learners()).as("registered once a second person approves").isZero();
    }

    @Test
    void aLearnRefNumberTwiceIsRefusedNamingTheLearnerAndLine() throws IOException {
        Path file = work.resolve("twice.xml");
        GeneratedIlrFile.write(file, ukprn, 3, 7L);
        Files.writeString(file, Files.readString(file).replace("<LearnRefNumber>G3<", "<LearnRefNumber>G1<"));

        CommandRun run = run(file.toString(), "--ukprn", Integer.toString(ukprn));

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("nothing was imported")
                .containsPattern("line \\d+, column 0: Learner G1: LearnRefNumber is used by an earlier learner");
        assertThat(learners()).isZero();
    }

    @Test
    void missingArgumentsAreNamed() {
        CommandRun run = run("--ukprn", Integer.toString(ukprn));

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("FILE.xml and --ukprn are required");
    }
}
