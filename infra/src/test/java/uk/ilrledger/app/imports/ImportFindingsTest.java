package uk.ilrledger.app.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.time.LocalDate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.ilrledger.app.Api;
import uk.ilrledger.app.IntegrationTest;
import uk.ilrledger.schemas.learner.LearnerCommand.RegisterImportedLearner;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.testsupport.GeneratedIlrFile;
import uk.ilrledger.testsupport.SampleLearners;

/**
 * A provider's file goes in whole: the DfE's rules become findings on the learners, never a reason
 * to refuse the file, and a failure while recording leaves nothing behind.
 */
@IntegrationTest
class ImportFindingsTest {

    /** Not a generated file's SWSupAimId: two learners given it share it for certain. */
    private static final String SHARED_AIM_ID = "5b0e9c41-7f3a-4d2e-9c1b-2a6f0d8e4b17";

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    CommandBus commandBus;

    @TempDir
    Path work;

    Api api;
    int ukprn;
    String provider;

    @BeforeEach
    void setUp() {
        api = new Api(rest, json);
        ukprn = ThreadLocalRandom.current().nextInt(20_000_000, 99_999_999);
        provider = "/api/providers/" + ukprn;
    }

    @Test
    void aFileWithTheDfEsFlawsImportsWholeListingEachFindingAndImportingItAgainRecordsNothing() throws IOException {
        String file = generated(20);
        file = inLearner(file, "G2", xml -> xml.replace("<Postcode>ZZ99 9ZZ</Postcode>", "<Postcode>ZZ999ZZ</Postcode>"));
        file = inLearner(file, "G3", xml -> xml.replaceFirst("<ULN>(\\d{9})(\\d)</ULN>",
                "<ULN>$1" + ((Character.getNumericValue(between(xml, "<ULN>", "</ULN>").charAt(9)) + 1) % 10) + "</ULN>"));
        file = inLearner(file, "G5", xml -> xml.replaceAll("<LearnPlanEndDate>[^<]+</LearnPlanEndDate>",
                "<LearnPlanEndDate>2025-07-01</LearnPlanEndDate>"));
        file = inLearner(file, "G7", xml -> xml.replace("<AimSeqNumber>2</AimSeqNumber>", "<AimSeqNumber>1</AimSeqNumber>"));
        String g9FirstAim = between(learnerOf(file, "G9"), "<SWSupAimId>", "</SWSupAimId>");
        file = inLearner(file, "G9", xml -> {
            String second = xml.substring(xml.lastIndexOf("<SWSupAimId>"));
            return xml.substring(0, xml.lastIndexOf("<SWSupAimId>"))
                    + second.replaceFirst("<SWSupAimId>[^<]+</SWSupAimId>", "<SWSupAimId>" + g9FirstAim + "</SWSupAimId>");
        });
        for (String ref : List.of("G11", "G13")) {
            file = inLearner(file, ref, xml -> xml.replaceFirst("<SWSupAimId>[^<]+</SWSupAimId>",
                    "<SWSupAimId>" + SHARED_AIM_ID + "</SWSupAimId>"));
        }

        Api.Answer answer = importFile(file, null);

        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        assertThat(answer.body().get("learners").asInt()).isEqualTo(20);
        assertThat(answer.body().get("newLearners").asInt()).as("every learner is taken, flaws and all").isEqualTo(20);
        assertThat(approved(answer).body().get("registered").asInt()).isEqualTo(20);
        List<JsonNode> findings = list(answer.body().get("findings"));
        assertThat(answer.body().get("findingCount").asInt()).isEqualTo(findings.size());

        JsonNode uln = only(findings, "G3", "ULN_04");
        assertThat(uln.get("severity").asText()).isEqualTo("error");
        assertThat(uln.get("entity").asText()).isEqualTo("Learner");
        assertThat(uln.get("field").asText()).isEqualTo("ULN");
        assertThat(uln.get("line").asInt()).isEqualTo(lineOf(file, "G3", "<Learner>"));
        assertThat(uln.get("message").asText()).contains("G3").contains("check digit");

        List<JsonNode> planEnds = all(findings, "G5", "LearnPlanEndDate_02");
        assertThat(planEnds).extracting(f -> f.get("aimSeqNumber").asInt()).containsExactly(1, 2);
        assertThat(planEnds).allSatisfy(f -> {
            assertThat(f.get("entity").asText()).isEqualTo("LearningDelivery");
            assertThat(f.get("field").asText()).isEqualTo("LearnPlanEndDate");
            assertThat(f.get("swSupAimId").asText()).isNotBlank();
        });
        assertThat(planEnds.get(1).get("line").asInt()).as("the second aim's own line")
                .isEqualTo(lineOf(file, "G5", "<LearningDelivery>", 2));

        JsonNode seq = only(findings, "G7", "AimSeqNumber_02");
        assertThat(seq.get("fileValue").asText()).isEqualTo("1");
        assertThat(seq.get("aimSeqNumber").asInt()).as("the ledger numbers the repeated aim").isEqualTo(2);
        assertThat(seq.get("line").asInt()).isEqualTo(lineOf(file, "G7", "<LearningDelivery>", 2));

        JsonNode repeatedId = only(findings, "G9", "SWSupAimId_02");
        assertThat(repeatedId.get("fileValue").asText()).isEqualTo(g9FirstAim);
        assertThat(repeatedId.get("swSupAimId").asText()).as("the ledger's own key for the later aim")
                .isNotEqualTo(g9FirstAim);

        JsonNode shared = only(findings, "G13", "SWSupAimId_03");
        assertThat(shared.get("severity").asText()).isEqualTo("warning");
        assertThat(shared.get("message").asText()).contains(SHARED_AIM_ID).contains("G11");
        assertThat(all(findings, "G11", "SWSupAimId_03")).as("the first to use it is not the one reported").isEmpty();

        JsonNode postcode = only(findings, "G2", "Postcode_14");
        assertThat(postcode.get("severity").asText()).isEqualTo("warning");
        assertThat(postcode.get("fileValue").asText()).isEqualTo("ZZ999ZZ");

        assertThat(findings).extracting(f -> f.get("learnRefNumber").asText())
                .as("a flawless learner has no findings").doesNotContain("G1", "G4", "G6");

        // Each learner's findings are kept and read by anyone who reads the learner, and by the exporter.
        Api.Answer g3 = api.get("exporter", provider + "/learners/G3/findings");
        assertThat(g3.status()).isEqualTo(200);
        JsonNode g3Uln = only(list(g3.body().get("findings")), "G3", "ULN_04");
        assertThat(g3Uln.get("line").asInt()).as("the import's line").isEqualTo(uln.get("line").asInt());
        JsonNode g9 = learnerOnceCaughtUp("G9");
        assertThat(list(g9.get("learningDeliveries"))).extracting(aim -> aim.get("swSupAimId").asText())
                .containsExactly(g9FirstAim, repeatedId.get("swSupAimId").asText());
        JsonNode g7 = learnerOnceCaughtUp("G7");
        assertThat(list(g7.get("learningDeliveries"))).extracting(aim -> aim.get("aimSeqNumber").asInt())
                .containsExactly(1, 2);
        JsonNode g3Learner = learnerOnceCaughtUp("G3");
        assertThat(g3Learner.get("uln").asText()).as("the ULN as the file gave it")
                .isEqualTo(between(learnerOf(file, "G3"), "<ULN>", "</ULN>"));

        long events = events();
        Api.Answer again = importFile(file, null);
        assertThat(again.status()).as(again.body().toString()).isEqualTo(200);

        assertThat(again.status()).as(again.body().toString()).isEqualTo(200);
        assertThat(again.body().get("unchanged").asInt()).isEqualTo(20);
        assertThat(events()).as("the same file again records nothing").isEqualTo(events);
        assertThat(again.body().get("findings")).isEqualTo(answer.body().get("findings"));
        assertThat(all(list(api.get("auditor", provider + "/learners/G3/findings").body().get("findings")), "G3", "ULN_04"))
                .hasSize(1);
    }

    @Test
    void namesOutsideTheDfEsCharacterSetImportWholeAsFindingsOnTheirLearnerThatTheLedgerKeepsListing()
            throws IOException {
        String cyrillic = "\u0418\u0432\u0430\u043d\u043e\u0432";
        String reversed = "Sam\u202Egnp";
        String file = generated(6);
        file = inLearner(file, "G2", xml -> xml.replaceFirst("<FamilyName>[^<]+</FamilyName>",
                "<FamilyName>" + cyrillic + "</FamilyName>"));
        file = inLearner(file, "G4", xml -> xml.replaceFirst("<GivenNames>[^<]+</GivenNames>",
                "<GivenNames>" + reversed + "</GivenNames>"));

        Api.Answer answer = importFile(file, null);

        assertThat(answer.status()).as("the year's XSD takes these names: " + answer.body()).isEqualTo(200);
        assertThat(answer.body().get("newLearners").asInt()).isEqualTo(6);
        List<JsonNode> findings = list(answer.body().get("findings"));
        JsonNode family = only(findings, "G2", "FD_FamilyName_AP");
        assertThat(family.get("severity").asText()).isEqualTo("error");
        assertThat(family.get("entity").asText()).isEqualTo("Learner");
        assertThat(family.get("field").asText()).isEqualTo("FamilyName");
        assertThat(family.get("line").asInt()).isEqualTo(lineOf(file, "G2", "<Learner>"));
        assertThat(family.get("message").asText()).contains("G2").contains("U+0418").doesNotContain(cyrillic);
        JsonNode given = only(findings, "G4", "FD_GivenNames_AP");
        assertThat(given.get("field").asText()).isEqualTo("GivenNames");
        assertThat(given.get("line").asInt()).isEqualTo(lineOf(file, "G4", "<Learner>"));
        assertThat(given.get("message").asText()).contains("U+202E");
        assertThat(findings).extracting(f -> f.get("learnRefNumber").asText())
                .as("a learner with names as the DfE allows them has no finding").doesNotContain("G1", "G3", "G5");

        approved(answer);
        assertThat(learnerOnceCaughtUp("G2").get("familyName").asText()).as("held as the file gave it")
                .isEqualTo(cyrillic);
        Api.Answer g2 = api.get("auditor", provider + "/learners/G2/findings");
        assertThat(g2.status()).isEqualTo(200);
        JsonNode held = only(list(g2.body().get("findings")), "G2", "FD_FamilyName_AP");
        assertThat(held.get("line").asInt()).as("the ledger's finding names the import's line")
                .isEqualTo(family.get("line").asInt());
        learnerOnceCaughtUp("G4");
        assertThat(all(list(api.get("auditor", provider + "/learners/G4/findings").body().get("findings")), "G4",
                "FD_GivenNames_AP")).hasSize(1);
    }

    @Test
    void aFailureRegisteringALearnerInTheMiddleOfALargeFileRecordsNothingAndARetryRecordsTheWholeFile()
            throws IOException {
        int learners = 600;
        String file = generated(learners);
        String failing = "G" + (learners / 2);
        MessageHandlerInterceptor<CommandMessage<?>> refuseOne = (unitOfWork, chain) -> {
            if (unitOfWork.getMessage().getPayload() instanceof RegisterImportedLearner command
                    && command.learner().ukprn().value() == ukprn
                    && command.learner().learnRefNumber().value().equals(failing)) {
                throw DomainProblem.conflict("learnRefNumber", "the store refused the learner");
            }
            return chain.proceed();
        };
        Api.Answer imported = importFile(file, null);
        assertThat(imported.status()).as(imported.body().toString()).isEqualTo(200);
        assertThat(events()).as("nothing is registered before the import is approved").isZero();
        Registration registration = commandBus.registerHandlerInterceptor(refuseOne);
        Api.Answer failed;
        try {
            failed = approval(imported);
        } finally {
            registration.cancel();
        }

        assertThat(failed.status()).as(failed.body().toString()).isEqualTo(409);
        assertThat(failed.text("/detail")).contains("learner " + failing)
                .contains("line " + lineOf(file, failing, "<Learner>")).contains("nothing was registered");
        assertThat(events()).as("the learners before the failure are not kept").isZero();
        assertThat(api.get("auditor", provider + "/imports/" + imported.text("/importId")).text("/status"))
                .isEqualTo("AWAITING_APPROVAL");

        Api.Answer retried = approved(imported);

        assertThat(retried.body().get("registered").asInt()).isEqualTo(learners);
        assertThat(events()).as("one registration per learner, as one clean run records").isEqualTo(learners);
    }

    @Test
    void aRegistrationWhileAFileIsRecordedWaitsAndItsEventComesAfterAllOfTheFiles() throws Exception {
        int learners = 400;
        String file = generated(learners);
        String middle = "G" + (learners / 2);
        CompletableFuture<Api.Answer> registration = new CompletableFuture<>();
        AtomicBoolean waitedWhileRecording = new AtomicBoolean();
        MessageHandlerInterceptor<CommandMessage<?>> registerMidway = (unitOfWork, chain) -> {
            if (unitOfWork.getMessage().getPayload() instanceof RegisterImportedLearner command
                    && command.learner().ukprn().value() == ukprn
                    && command.learner().learnRefNumber().value().equals(middle)) {
                CompletableFuture.runAsync(() -> registration.complete(api.post("admin", provider + "/learners",
                        SampleLearners.apprentice("LATE1", LocalDate.of(2025, 9, 1)))));
                Thread.sleep(2000);
                waitedWhileRecording.set(!registration.isDone());
            }
            return chain.proceed();
        };
        Api.Answer imported = importFile(file, null);
        assertThat(imported.status()).as(imported.body().toString()).isEqualTo(200);
        Registration interceptor = commandBus.registerHandlerInterceptor(registerMidway);
        try {
            approved(imported);
        } finally {
            interceptor.cancel();
        }

        assertThat(registration.get(30, TimeUnit.SECONDS).status()).isEqualTo(201);
        assertThat(waitedWhileRecording).as("the registration waited for the file to commit").isTrue();
        long lastOfFile = jdbc.sql("SELECT max(global_index) FROM domain_event_entry WHERE aggregate_identifier LIKE ?"
                + " AND aggregate_identifier <> ?").params(ukprn + ":%", ukprn + ":LATE1").query(Long.class).single();
        long late = jdbc.sql("SELECT global_index FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(ukprn + ":LATE1").query(Long.class).single();
        assertThat(late).as("no event lands between the file's, where a tracking processor would see a gap")
                .isGreaterThan(lastOfFile);
    }

    private String generated(int learners) throws IOException {
        Path path = work.resolve("generated-" + learners + ".xml");
        GeneratedIlrFile.write(path, ukprn, learners, 20261206L);
        return Files.readString(path, StandardCharsets.UTF_8);
    }

    private Api.Answer importFile(String file, UUID importId) {
        return api.postFile("admin", provider + "/imports?fileName=ILR-flawed.xml"
                        + (importId == null ? "" : "&importId=" + importId),
                file.getBytes(StandardCharsets.UTF_8), MediaType.APPLICATION_XML);
    }

    /** A second person's approval of the import's new learners. */
    private Api.Answer approval(Api.Answer imported) {
        return api.post("approver", provider + "/imports/" + imported.text("/importId") + "/approval",
                Map.of("comment", "file checked against the MIS"));
    }

    private Api.Answer approved(Api.Answer imported) {
        Api.Answer answer = approval(imported);
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        return answer;
    }

    private long events() {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier LIKE ?")
                .param(ukprn + ":%").query(Long.class).single();
    }

    private JsonNode learnerOnceCaughtUp(String ref) {
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("auditor", provider + "/learners/" + ref).status() == 200);
        return api.get("auditor", provider + "/learners/" + ref).body();
    }

    /** The file with one learner's XML changed. */
    private static String inLearner(String file, String ref, UnaryOperator<String> change) {
        int start = learnerStart(file, ref);
        int end = file.indexOf("</Learner>", start);
        return file.substring(0, start) + change.apply(file.substring(start, end)) + file.substring(end);
    }

    private static String learnerOf(String file, String ref) {
        int start = learnerStart(file, ref);
        return file.substring(start, file.indexOf("</Learner>", start));
    }

    private static int learnerStart(String file, String ref) {
        int at = file.indexOf("<LearnRefNumber>" + ref + "</LearnRefNumber>");
        assertThat(at).as(ref + " in the generated file").isPositive();
        return file.lastIndexOf("<Learner>", at);
    }

    /** The line of the {@code nth} {@code tag} in the learner's XML. */
    private static int lineOf(String file, String ref, String tag, int nth) {
        int at = learnerStart(file, ref);
        for (int i = 0; i < nth; i++) {
            at = file.indexOf(tag, i == 0 ? at : at + 1);
        }
        return (int) file.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    private static int lineOf(String file, String ref, String tag) {
        return lineOf(file, ref, tag, 1);
    }

    private static String between(String text, String open, String close) {
        Matcher matcher = Pattern.compile(Pattern.quote(open) + "([^<]*)" + Pattern.quote(close)).matcher(text);
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static List<JsonNode> all(List<JsonNode> findings, String ref, String ruleId) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode finding : findings) {
            if (finding.get("learnRefNumber").asText().equals(ref) && finding.get("ruleId").asText().equals(ruleId)) {
                found.add(finding);
            }
        }
        return found;
    }

    private static JsonNode only(List<JsonNode> findings, String ref, String ruleId) {
        List<JsonNode> found = all(findings, ref, ruleId);
        assertThat(found).as(ruleId + " on " + ref + " among " + findings).hasSize(1);
        return found.get(0);
    }
}
