package uk.ilrledger.app.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import uk.ilrledger.app.Api;
import uk.ilrledger.app.ExportCommand;
import uk.ilrledger.app.CommandRun;
import uk.ilrledger.app.IntegrationTest;
import uk.ilrledger.schemas.ilr.xml.IlrSchema;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.learner.LearnerCommand.RegisterLearner;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.schemas.values.Ukprn;
import uk.ilrledger.testsupport.SampleLearners;

/** {@code java -jar ilr-ledger.jar export …} against the same store as the running service. */
@IntegrationTest
class ExportCommandTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ObjectMapper json;

    @TempDir
    Path out;

    Api api;
    int ukprn;

    @BeforeEach
    void setUp() {
        api = new Api(rest, json);
        ukprn = ThreadLocalRandom.current().nextInt(20_000_000, 99_999_999);
    }

    private void register(IlrLearner learner) {
        Api.Answer answer = api.post("admin", "/api/providers/" + ukprn + "/learners", learner);
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(201);
    }

    @Autowired
    CommandGateway commands;

    /**
     * A learner the year's schema refuses, as the store can still hold one registered before
     * registration checked values: straight to the aggregate, past the API that now refuses it.
     */
    private void storedBeforeEdgeChecks(IlrLearner learner) {
        commands.sendAndWait(new RegisterLearner(new LearnerId(Ukprn.parse(String.valueOf(ukprn)),
                learner.learnRefNumber()), learner, "admin"));
    }

    private static CommandRun export(String... options) {
        return CommandRun.of(ExportCommand::run, options);
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            return files.toList();
        }
    }

    @Test
    void theCommandWritesTheWholeFileUnderItsDfENameShowingProgress() throws IOException {
        register(SampleLearners.apprentice("CLI001", LocalDate.of(2025, 9, 1)));
        register(SampleLearners.apprentice("CLI002", LocalDate.of(2025, 11, 3)));

        // No waiting here: the command itself waits until the projections have read these events.
        CommandRun run = export("--ukprn", Integer.toString(ukprn), "--year", "2526", "--period", "R14", "--out", out.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(files()).as("the file only, no temporary file left").singleElement();
        Path written = files().get(0);
        IlrFile file = IlrFile.valid(IlrSchema.Y2526, Files.readAllBytes(written));
        assertThat(written.getFileName().toString()).matches("ILR-" + ukprn + "-2526-\\d{8}-\\d{6}-01\\.xml")
                .isEqualTo(file.expectedName());
        assertThat(file.all("LearnRefNumber")).containsExactly("CLI001", "CLI002");
        assertThat(run.out()).contains("exporting 2 learners of UKPRN " + ukprn + ", 2526 R14, as " + written.getFileName())
                .contains("2 of 2 learners written")
                .contains("wrote " + written);
        assertThat(Files.getPosixFilePermissions(written)).as("personal data: readable by its owner only")
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));

        String next = rest.withBasicAuth("exporter", IntegrationTest.PASSWORD).exchange("/api/providers/" + ukprn
                + "/returns/2526/R14/ilr.xml", HttpMethod.GET, null, byte[].class).getHeaders()
                .getContentDisposition().getFilename();
        assertThat(next).as("the command and the API share the serial numbers: nothing submitted, so 01 again")
                .endsWith("-01.xml").isNotEqualTo(written.getFileName().toString());
    }

    @Test
    void aReturnTheDfEWouldRefuseExitsWithEveryReasonAndWritesNothing() throws IOException {
        IlrLearner sample = SampleLearners.apprentice("CLI003", LocalDate.of(2025, 9, 1));
        IlrLearner.Builder refused = sample.toBuilder();
        refused.familyName = "Smith2";
        refused.givenNames = "Ann|Marie";
        storedBeforeEdgeChecks(refused.build());

        CommandRun run = export("--ukprn", Integer.toString(ukprn), "--year", "2526", "--period", "R14", "--out", out.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("2 values the ILR 2025-26 schema refuses; nothing was exported")
                .contains("learner CLI003, FamilyName \"Smith2\": '2' (U+0032) is not allowed in a name")
                .contains("learner CLI003, GivenNames \"Ann|Marie\": '|' (U+007C) is not allowed in a name");
        assertThat(files()).isEmpty();
    }

    @Test
    void badArgumentsAreRefusedWithTheUsageBeforeTheStoreIsOpened() {
        CommandRun missing = export("--ukprn", Integer.toString(ukprn), "--year", "2526");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("--ukprn, --year and --period are required").contains("usage:");

        CommandRun nowhere = export("--ukprn", Integer.toString(ukprn), "--year", "2526", "--period", "R14",
                "--out", out.resolve("missing").toString());
        assertThat(nowhere.exit()).isEqualTo(2);
        assertThat(nowhere.err()).contains("is not a directory");

        CommandRun badPeriod = export("--ukprn", Integer.toString(ukprn), "--year", "2526", "--period", "R15");
        assertThat(badPeriod.exit()).isEqualTo(2);
        assertThat(badPeriod.err()).contains("R01 to R14");
    }
}
