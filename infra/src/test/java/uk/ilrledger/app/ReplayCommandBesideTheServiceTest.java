package uk.ilrledger.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import uk.ilrledger.app.processors.SegmentShares;
import uk.ilrledger.app.scaleout.InProcessInstances;
import uk.ilrledger.testsupport.OwnDatabase;
import uk.ilrledger.testsupport.TestDatabase;
import uk.ilrledger.testsupport.TestKafka;

/**
 * {@code replay} run from the command line while the service runs on the same database: the running
 * instance gives up the projection's segments for the rebuild (so its swap moves every token) and
 * takes its share again afterwards, as for a rebuild asked of the admin API.
 */
class ReplayCommandBesideTheServiceTest {

    private static final String[] SHARING = {"--ilr-ledger.processors.segments=2",
            "--ilr-ledger.processors.claim-interval=500ms", "--ilr-ledger.processors.claim-timeout=3s"};

    @TempDir
    Path work;

    private InProcessInstances instances;

    @AfterEach
    void stop() {
        if (instances != null) {
            instances.close();
        }
    }

    @Test
    void theRunningServiceGivesUpTheProjectionForTheRebuildAndTakesItBackAfter() throws Exception {
        TestDatabase database = OwnDatabase.create("replaycli");
        instances = new InProcessInstances(work, "replay-command-test-only");
        ConfigurableApplicationContext service = instances.start(database, SHARING);
        SegmentShares shares = service.getBean(SegmentShares.class);
        await().atMost(Duration.ofMinutes(1)).until(() -> held(shares, "event-log").equals(List.of(0, 1)));

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CompletableFuture<Integer> replay = CompletableFuture.supplyAsync(() -> CommandLine.run(new String[] {
                "replay", "event-log",
                "--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--ilr-ledger.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                "--ilr-ledger.chain.anchor-dir=" + work.resolve("anchors"), "--ILR_LEDGER_DATA_DIR=" + work.resolve("data"),
                SHARING[0], SHARING[1], SHARING[2]},
                new PrintStream(printed, true, StandardCharsets.UTF_8), System.err));
        boolean gaveUpAll = false;
        while (!replay.isDone()) {
            List<Integer> now = held(shares, "event-log");
            gaveUpAll |= now.isEmpty();
            Thread.sleep(50);
        }

        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(replay.get(1, TimeUnit.SECONDS)).as(output).isZero();
        assertThat(output).contains("event-log: paused on every running instance of the service until rebuilt")
                .contains("event-log: rebuilt from");
        assertThat(gaveUpAll).as("the service held none of the event log's segments during the rebuild").isTrue();
        await("the service takes the event log back once the command is done").atMost(Duration.ofMinutes(1))
                .until(() -> held(shares, "event-log").equals(List.of(0, 1)));
    }

    private static List<Integer> held(SegmentShares shares, String processor) {
        return shares.shares().stream().filter(share -> share.processor().equals(processor))
                .findFirst().map(SegmentShares.Share::held).orElse(List.of());
    }
}
