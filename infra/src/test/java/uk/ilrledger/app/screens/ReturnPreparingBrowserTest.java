package uk.ilrledger.app.screens;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import uk.ilrledger.app.IntegrationTest;
import uk.ilrledger.projections.currentilr.CurrentIlrProjection;
import uk.ilrledger.projections.processors.ProcessorsCaughtUp;
import uk.ilrledger.query.returns.CachedReturns;
import uk.ilrledger.query.returns.ReturnSnapshots;
import uk.ilrledger.query.returns.ReturnsInBackground;
import uk.ilrledger.schemas.learner.LearnerCommand;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.schemas.values.ReturnPeriod;
import uk.ilrledger.schemas.values.Ukprn;
import uk.ilrledger.testsupport.SampleLearners;

/**
 * A return not kept yet is built in the background and its page answers at once: with the wait set to
 * 0 ms, its first view says it is being prepared (axe-core: no WCAG 2.2 AA violation), then shows the
 * return without the user doing anything; a second user opening it meanwhile joins the build under way;
 * a user without the provider's grant is not allowed, as before; a build that fails ends on the
 * screen's error answer, not on the preparing page.
 *
 * <p>The build is held up for as long as the test needs by holding an exclusive lock on the event log it
 * reads, which is what a large provider's build would take its time over.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(properties = {
        "ilr-ledger.screens.return-wait=0ms",
        // Nothing builds a return ahead of its first view here.
        "ilr-ledger.returns.prepare-ahead=false",
        "ilr-ledger.users[0].name=auditor", "ilr-ledger.users[0].password={noop}" + IntegrationTest.PASSWORD,
        "ilr-ledger.users[0].roles=AUDITOR", "ilr-ledger.users[0].ukprns=*",
        "ilr-ledger.users[1].name=exporter", "ilr-ledger.users[1].password={noop}" + IntegrationTest.PASSWORD,
        "ilr-ledger.users[1].roles=EXPORTER", "ilr-ledger.users[1].ukprns=*",
        "ilr-ledger.users[2].name=one-provider", "ilr-ledger.users[2].password={noop}" + IntegrationTest.PASSWORD,
        "ilr-ledger.users[2].roles=AUDITOR", "ilr-ledger.users[2].ukprns=" + SampleLearners.UKPRN})
// Its own application context (its wait, its users): closed after the class, as ScreensBrowserTest's.
@DirtiesContext
class ReturnPreparingBrowserTest {

    static final int UKPRN = 10009056;
    static final int FAILING_UKPRN = 10009064;
    static final CollectionYear YEAR = CollectionYear.parse("2526");
    static final ReturnPeriod R07 = ReturnPeriod.parse("R07");
    static final LocalDate START = LocalDate.of(2025, 9, 1);

    @LocalServerPort
    int port;
    @Autowired
    CommandGateway bus;
    @Autowired
    ProcessorsCaughtUp caughtUp;
    @Autowired
    CachedReturns cached;
    @Autowired
    ReturnsInBackground inBackground;
    @Autowired
    DataSource dataSource;

    Browser browser;

    @BeforeAll
    void startBrowser() {
        browser = new Browser(port);
    }

    @AfterAll
    void stopBrowser() throws Exception {
        browser.close();
    }

    @BeforeEach
    void signedOut() {
        browser.open("/sign-in");
        if (!browser.all("form.sign-out").isEmpty()) {
            browser.signOut();
        }
    }

    @Test
    void aReturnNotKeptSaysItIsBeingPreparedThenShowsItselfAndASecondViewJoinsTheBuild() throws Exception {
        String path = "/providers/" + UKPRN + "/returns/2526/R07";
        register(UKPRN, "RW", 30);
        assertThat(cached.keeps(new Ukprn(UKPRN), YEAR, R07)).as("nobody has asked for the return yet").isFalse();
        long wholeBuilds = cached.wholeBuilds();
        long started = inBackground.started();

        // Access is as before: a user without the provider's grant is not allowed, and starts nothing.
        browser.signIn("one-provider", IntegrationTest.PASSWORD);
        browser.open(path);
        assertThat(browser.text("h1")).isEqualTo("Not allowed");
        assertThat(browser.all("#return-preparing")).isEmpty();
        SignedIn stranger = new SignedIn(port);
        stranger.signIn("one-provider", IntegrationTest.PASSWORD);
        assertThat(stranger.get(path + "/preparation").statusCode()).isEqualTo(403);
        assertThat(inBackground.started()).as("no build for a refused view").isEqualTo(started);
        browser.open("/");
        browser.signOut();

        browser.signIn("auditor", IntegrationTest.PASSWORD);

        SignedIn exporter = new SignedIn(port);
        exporter.signIn("exporter", IntegrationTest.PASSWORD);
        try (Connection held = holdEventLog()) {
            browser.open(path);
            WebElement status = browser.waitFor(By.id("return-preparing"));
            assertThat(status.getText()).contains("This return is being prepared");
            assertThat(status.getAttribute("role")).isEqualTo("status");
            assertThat(status.getAttribute("aria-live")).isEqualTo("polite");
            assertThat(browser.find("title").getAttribute("textContent")).isEqualTo("Return – ILR Ledger");
            assertThat(browser.text("h1")).isEqualTo("2526 R07 return for UKPRN " + UKPRN);
            assertThat(browser.text("#provider-learners")).isEqualTo("30");
            assertThat(browser.find("#refresh").getAttribute("href")).as("usable without JavaScript")
                    .endsWith(path);
            browser.assertAccessible("return being prepared");

            // A second user, here without JavaScript, opens the same return meanwhile: the build under way.
            HttpResponse<String> second = exporter.get(path);
            assertThat(second.statusCode()).isEqualTo(202);
            assertThat(second.body()).contains("id=\"return-preparing\"").contains(">Refresh</a>");
            assertThat(exporter.get(path + "/preparation").statusCode()).as("still being built").isEqualTo(204);
            assertThat(inBackground.started()).as("one build, joined by the second view").isEqualTo(started + 1);
            held.rollback();
        }

        // Nobody clicks anything: the page's poll finds the build done and the page shows the return.
        browser.waitFor(By.id("learners"));
        assertThat(browser.path()).isEqualTo(path);
        assertThat(browser.text("#learner-count")).isEqualTo("30");
        assertThat(browser.all("#return-preparing")).isEmpty();
        assertThat(exporter.get(path + "/preparation").headers().firstValue("Location")).as("built: to the return")
                .hasValue(path);
        assertThat(exporter.page(path)).contains("learners 1 to 30 of 30");
        assertThat(cached.wholeBuilds()).as("built whole once, for both users").isEqualTo(wholeBuilds + 1);
        assertThat(inBackground.started()).isEqualTo(started + 1);
    }

    @Test
    void aBuildThatFailsEndsOnTheScreensErrorAnswerNotOnThePreparingPage() throws Exception {
        String path = "/providers/" + FAILING_UKPRN + "/returns/2526/R07";
        register(FAILING_UKPRN, "RF", 3);
        browser.signIn("auditor", IntegrationTest.PASSWORD);
        long unknown = -Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L) - 1;
        try {
            try (Connection held = holdEventLog()) {
                browser.open(path);
                browser.waitFor(By.id("return-preparing"));
                // An event this version of the ledger cannot read: the build fails once the lock is let go.
                try (PreparedStatement insert = held.prepareStatement("""
                        INSERT INTO learner_event_log (global_index, ukprn, learn_ref_number, sequence_number,
                            event_identifier, event_type, recorded_at, payload)
                        VALUES (?, ?, 'RF000', 0, ?, 'NoSuchEvent', now(), '{}')""")) {
                    insert.setLong(1, unknown);
                    insert.setInt(2, FAILING_UKPRN);
                    insert.setString(3, "unreadable-" + UUID.randomUUID());
                    insert.executeUpdate();
                }
                held.commit();
            }
            browser.waitForTextContaining("body", "the server could not answer this request");
            assertThat(browser.all("#return-preparing")).as("no spinner for ever").isEmpty();
            assertThat(inBackground.building(new Ukprn(FAILING_UKPRN), YEAR, R07)).isFalse();
        } finally {
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement delete = connection.prepareStatement(
                         "DELETE FROM learner_event_log WHERE global_index = ?")) {
                delete.setLong(1, unknown);
                delete.executeUpdate();
            }
        }
    }

    /**
     * A transaction holding the event log's table exclusively, so that a build reading it waits until the
     * transaction ends; the page's own reads (the processors' positions, the current ILR) go on.
     */
    private Connection holdEventLog() throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL lock_timeout = '20s'");
            statement.execute("LOCK TABLE learner_event_log IN ACCESS EXCLUSIVE MODE");
        } catch (SQLException failed) {
            connection.close();
            throw failed;
        }
        return connection; // closed without a commit: rolled back by the pool
    }

    private void register(int ukprn, String prefix, int learners) {
        String run = UUID.randomUUID().toString().substring(0, 4).toUpperCase();
        for (int n = 1; n <= learners; n++) {
            String ref = prefix + run + String.format("%03d", n);
            bus.sendAndWait(new LearnerCommand.RegisterLearner(LearnerId.of(ukprn, ref),
                    SampleLearners.apprentice(ref, START), "auditor"));
        }
        List<String> sources = new ArrayList<>(ReturnSnapshots.SOURCES);
        sources.add(CurrentIlrProjection.PROCESSING_GROUP);
        caughtUp.await(sources, Duration.ofMinutes(1), lags -> { });
    }
}
