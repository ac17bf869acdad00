package uk.ilrledger.app.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import uk.ilrledger.app.Api;
import uk.ilrledger.app.CheckCommand;
import uk.ilrledger.app.CommandRun;
import uk.ilrledger.app.ExportCommand;
import uk.ilrledger.app.IntegrationTest;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.learner.LearnerCommand.RegisterLearner;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.schemas.values.Uln;
import uk.ilrledger.schemas.values.Ukprn;
import uk.ilrledger.testsupport.GeneratedIlrFile;
import uk.ilrledger.testsupport.SampleLearners;

/**
 * Findings over the whole ledger: the year's DfE rules run over each learner as the return holds
 * them, each finding naming the import or approved change it appeared with; a correction clears one,
 * an unrelated change is never blocked by one, the export counts them and a strict one refuses.
 */
@IntegrationTest
class LedgerFindingsTest {

    private static final String FILE_NAME = "ILR-flawed.xml";

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ObjectMapper json;
    @Autowired
    CommandGateway commands;

    @TempDir
    Path work;

    Api api;
    int ukprn;
    String provider;
    String file;
    String badUlnLearner;
    String importId;

    @BeforeEach
    void setUp() throws IOException {
        api = new Api(rest, json);
        ukprn = ThreadLocalRandom.current().nextInt(20_000_000, 99_999_999);
        provider = "/api/providers/" + ukprn;
        Path path = work.resolve("generated.xml");
        GeneratedIlrFile.write(path, ukprn, 12, 20261206L);
        file = Files.readString(path, StandardCharsets.UTF_8);
        // An apprentice still in learning, so a withdrawal can be raised for them.
        badUlnLearner = IntStream.rangeClosed(1, 12).filter(n -> n % 2 == 1).mapToObj(n -> "G" + n)
                .filter(ref -> !learnerOf(ref).contains("<CompStatus>3</CompStatus>")).findFirst().orElseThrow();
        file = inLearner(file, badUlnLearner, xml -> xml.replaceFirst("<ULN>(\\d{10})</ULN>",
                "<ULN>" + failingCheckDigit(xml) + "</ULN>"));
        file = inLearner(file, "G4", xml -> xml.replace("<Postcode>ZZ99 9ZZ</Postcode>", "<Postcode>ZZ999ZZ</Postcode>"));
        file = inLearner(file, "G6", xml -> xml.replaceAll("<LearnPlanEndDate>[^<]+</LearnPlanEndDate>",
                "<LearnPlanEndDate>2025-07-01</LearnPlanEndDate>"));
        Api.Answer imported = api.postFile("admin", provider + "/imports?fileName=" + FILE_NAME,
                file.getBytes(StandardCharsets.UTF_8), MediaType.APPLICATION_XML);
        assertThat(imported.status()).as(imported.body().toString()).isEqualTo(200);
        importId = imported.text("/importId");
        // Its new learners are registered once a second person approves the import (decision 22).
        Api.Answer approved = api.post("approver", provider + "/imports/" + importId + "/approval",
                Map.of("comment", "file checked against the MIS"));
        assertThat(approved.status()).as(approved.body().toString()).isEqualTo(200);
    }

    @Test
    void aReturnsFindingsNameTheImportAndTheLineAndACorrectionClearingOneDropsTheCount() throws InterruptedException {
        Api.Answer before = returnFindings("");

        assertThat(before.status()).as(before.body().toString()).isEqualTo(200);
        assertThat(before.headers().getFirst("ILR-Ledger-Store-Position")).isNotBlank();
        assertThat(before.body().get("learners").asInt()).isEqualTo(12);
        List<JsonNode> findings = list(before.body().get("findings"));
        assertThat(before.body().get("errors").asLong()).isEqualTo(findings.stream()
                .filter(f -> f.get("severity").asText().equals("error")).count());
        JsonNode uln = only(findings, badUlnLearner, "ULN_04");
        assertThat(uln.get("severity").asText()).isEqualTo("error");
        assertThat(uln.get("field").asText()).isEqualTo("ULN");
        assertThat(uln.get("line").asInt()).isEqualTo(lineOf(badUlnLearner, "<Learner>"));
        assertThat(uln.get("message").asText()).startsWith("Learner " + badUlnLearner + " (line " + uln.get("line") + "): ULN");
        JsonNode cause = uln.get("appearedWith");
        assertThat(cause.get("eventType").asText()).isEqualTo("LearnerRegistered");
        assertThat(cause.get("raisedBy").asText()).isEqualTo("admin");
        assertThat(cause.get("importId").asText()).isEqualTo(importId);
        assertThat(cause.get("fileName").asText()).isEqualTo(FILE_NAME);
        assertThat(cause.get("eventIdentifier").asText()).isNotBlank();
        assertThat(only(findings, "G4", "Postcode_14").get("severity").asText()).isEqualTo("warning");
        int g6Aims = learnerOf("G6").split("<LearningDelivery>", -1).length - 1;
        assertThat(all(findings, "G6", "LearnPlanEndDate_02")).extracting(f -> f.get("aimSeqNumber").asInt())
                .as("every aim of G6 ends before it starts").containsExactlyElementsOf(
                        IntStream.rangeClosed(1, g6Aims).boxed().toList());
        Thread.sleep(5);
        Instant beforeCorrection = Instant.now();
        Thread.sleep(5);

        String correction = approved(badUlnLearner, "CORRECTION", "2026-03-01",
                Map.of("learner", Map.of("uln", GeneratedIlrFile.uln(Integer.parseInt(badUlnLearner.substring(1))))));

        Api.Answer after = returnFindings("");
        assertThat(all(list(after.body().get("findings")), badUlnLearner, "ULN_04")).isEmpty();
        assertThat(after.body().get("errors").asLong()).as("one error fewer").isEqualTo(before.body().get("errors").asLong() - 1);
        assertThat(after.body().get("warnings").asLong()).isEqualTo(before.body().get("warnings").asLong());
        Api.Answer asItWas = returnFindings("?asOf=" + beforeCorrection);
        assertThat(asItWas.body().get("errors").asLong()).isEqualTo(before.body().get("errors").asLong());
        assertThat(all(list(asItWas.body().get("findings")), badUlnLearner, "ULN_04")).hasSize(1);

        Api.Answer learner = api.get("auditor", provider + "/learners/" + badUlnLearner + "/findings?year=2526");
        assertThat(learner.status()).as(learner.body().toString()).isEqualTo(200);
        assertThat(all(list(learner.body().get("findings")), badUlnLearner, "ULN_04")).isEmpty();
        List<JsonNode> history = list(learner.body().get("history"));
        JsonNode registered = history.get(0);
        assertThat(registered.at("/event/eventType").asText()).isEqualTo("LearnerRegistered");
        assertThat(registered.get("appeared").findValuesAsText("ruleId")).contains("ULN_04");
        JsonNode cleared = history.get(history.size() - 1);
        assertThat(cleared.at("/event/eventType").asText()).isEqualTo("RecordCorrected");
        assertThat(cleared.at("/event/changeId").asText()).isEqualTo(correction);
        assertThat(cleared.at("/event/raisedBy").asText()).isEqualTo("raiser");
        assertThat(cleared.at("/event/approvedBy").asText()).isEqualTo("approver");
        assertThat(cleared.get("cleared").findValuesAsText("ruleId")).containsExactly("ULN_04");
        assertThat(cleared.get("appeared")).isEmpty();
    }

    @Test
    void aLearnerImportedWithABadUlnCanStillBeWithdrawnAndTheFindingStaysWithTheImport() {
        approved(badUlnLearner, "WITHDRAWAL", "2026-03-15", Map.of("learnActEndDate", "2026-03-15", "withdrawReason", 97));

        JsonNode uln = only(list(returnFindings("").body().get("findings")), badUlnLearner, "ULN_04");
        assertThat(uln.at("/appearedWith/importId").asText()).isEqualTo(importId);
        JsonNode learner = api.get("auditor", provider + "/learners/" + badUlnLearner).body();
        assertThat(learner.at("/learningDeliveries/0/compStatus").asInt()).isEqualTo(3);
    }

    @Test
    void theExportSaysHowManyFindingsAndAStrictOneRefusesListingThem() {
        JsonNode counts = returnFindings("").body();
        String summary = counts.get("errors").asLong() + " errors, " + counts.get("warnings").asLong()
                + (counts.get("warnings").asLong() == 1 ? " warning" : " warnings");

        ResponseEntity<byte[]> written = rest.withBasicAuth("exporter", IntegrationTest.PASSWORD)
                .exchange(provider + "/returns/2526/R14/ilr.xml", HttpMethod.GET, null, byte[].class);
        assertThat(written.getStatusCode().value()).isEqualTo(200);
        assertThat(written.getHeaders().getFirst("ILR-Ledger-Findings")).isEqualTo(summary);

        Api.Answer strict = api.get("exporter", provider + "/returns/2526/R14/ilr.xml?strict=true");
        assertThat(strict.status()).isEqualTo(422);
        assertThat(strict.text("/type")).isEqualTo("urn:ilr-ledger:problem:return-has-findings");
        assertThat(strict.text("/detail")).contains(summary);
        JsonNode uln = only(list(strict.body().get("findings")), badUlnLearner, "ULN_04");
        assertThat(uln.get("field").asText()).isEqualTo("ULN");
        assertThat(uln.get("line").asInt()).isEqualTo(lineOf(badUlnLearner, "<Learner>"));
        assertThat(strict.body().get("findings").get(0).get("severity").asText()).as("errors first").isEqualTo("error");
    }

    @Test
    void theCheckCommandPrintsEachFindingAndExitsOneOnAnError() {
        CommandRun run = check("--ukprn", Integer.toString(ukprn), "--year", "2526", "--period", "R14");

        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).contains(badUlnLearner + " line " + lineOf(badUlnLearner, "<Learner>")
                + " ULN_04 error Learner.ULN: Learner " + badUlnLearner)
                .contains("G4 line " + lineOf("G4", "<Learner>") + " Postcode_14 warning Learner.Postcode")
                .contains("2526 R14 return of UKPRN " + ukprn + " (12 learners");
        assertThat(check("--ukprn", Integer.toString(ukprn), "--year", "2526", "--period", "R15").exit())
                .as("an unknown period: the check could not run").isEqualTo(2);
    }

    @Test
    void aReturnWithOnlyWarningsPassesTheCheckUnlessStrict() {
        int other = ukprn + 1;
        IlrLearner.Builder learner = SampleLearners.apprentice("W1", LocalDate.of(2025, 9, 1)).toBuilder();
        learner.postcode = "ZZ999ZZ";
        Api.Answer registered = api.post("admin", "/api/providers/" + other + "/learners", learner.build());
        assertThat(registered.status()).as(registered.body().toString()).isEqualTo(201);

        CommandRun run = check("--ukprn", Integer.toString(other), "--year", "2526", "--period", "R14");
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("W1 line - Postcode_14 warning").contains("0 errors, 1 warning");
        assertThat(check("--ukprn", Integer.toString(other), "--year", "2526", "--period", "R14", "--strict").exit())
                .isEqualTo(1);

        IlrLearner.Builder badUln = SampleLearners.apprentice("W2", LocalDate.of(2025, 9, 1)).toBuilder();
        badUln.uln = failing(badUln.uln);
        commands.sendAndWait(new RegisterLearner(new LearnerId(Ukprn.parse(String.valueOf(other)),
                badUln.learnRefNumber), badUln.build(), "admin"));
        CommandRun withError = check("--ukprn", Integer.toString(other), "--year", "2526", "--period", "R14");
        assertThat(withError.exit()).isEqualTo(1);
        assertThat(withError.out()).contains("W2 line - ULN_04 error Learner.ULN: Learner W2: ULN");
    }

    @Test
    void theExportCommandSaysHowManyFindingsAndAStrictOneWritesNothing() throws IOException {
        Path out = Files.createDirectory(work.resolve("out"));
        String[] options = {"--ukprn", Integer.toString(ukprn), "--year", "2526", "--period", "R14", "--out",
                out.toString()};
        JsonNode counts = returnFindings("").body();

        CommandRun strict = CommandRun.of(ExportCommand::run, Stream.concat(Stream.of(options), Stream.of("--strict"))
                .toArray(String[]::new));
        assertThat(strict.exit()).isEqualTo(2);
        assertThat(strict.err()).contains(badUlnLearner + " line " + lineOf(badUlnLearner, "<Learner>") + " ULN_04 error")
                .contains("a strict export refuses a return with an error finding");
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files).as("nothing written").isEmpty();
        }

        CommandRun written = CommandRun.of(ExportCommand::run, options);
        assertThat(written.exit()).as(written.err()).isZero();
        assertThat(written.out()).contains("findings: " + counts.get("errors").asLong() + " errors, ");
    }

    private static CommandRun check(String... options) {
        return CommandRun.of(CheckCommand::run, options);
    }

    private Api.Answer returnFindings(String query) {
        return api.get("exporter", provider + "/returns/2526/R14/findings" + query);
    }

    /** Raised by the raiser, approved by the approver; the change's id. */
    private String approved(String ref, String type, String effective, Map<String, Object> values) {
        String evidence = api.upload("raiser", "note.txt", (type + " " + ref + " " + provider)
                .getBytes(StandardCharsets.UTF_8)).text("/evidenceId");
        Api.Answer raised = api.post("raiser", provider + "/learners/" + ref + "/changes", Map.of("type", type,
                "effectiveDate", effective, "values", values, "reason", type + " of " + ref,
                "evidence", List.of(evidence)));
        assertThat(raised.status()).as(raised.body().toString()).isEqualTo(201);
        Api.Answer approved = api.post("approver", "/api/changes/" + raised.text("/changeId") + "/approval", Map.of());
        assertThat(approved.status()).as(approved.body().toString()).isEqualTo(200);
        return raised.text("/changeId");
    }

    /** The learner's ULN with its last digit changed so the check digit fails. */
    private static String failingCheckDigit(String learnerXml) {
        Uln valid = new Uln(Long.parseLong(learnerXml.replaceFirst("(?s).*<ULN>(\\d{10})</ULN>.*", "$1")));
        return Long.toString(failing(valid).value());
    }

    private static Uln failing(Uln valid) {
        long base = valid.value() / 10 * 10;
        return IntStream.range(0, 10).mapToObj(d -> new Uln(base + d)).filter(u -> !u.checkDigitValid())
                .findFirst().orElseThrow();
    }

    private String learnerOf(String ref) {
        int start = learnerStart(file, ref);
        return file.substring(start, file.indexOf("</Learner>", start));
    }

    private static String inLearner(String file, String ref, UnaryOperator<String> change) {
        int start = learnerStart(file, ref);
        int end = file.indexOf("</Learner>", start);
        return file.substring(0, start) + change.apply(file.substring(start, end)) + file.substring(end);
    }

    private static int learnerStart(String file, String ref) {
        int at = file.indexOf("<LearnRefNumber>" + ref + "</LearnRefNumber>");
        assertThat(at).as(ref + " in the generated file").isPositive();
        return file.lastIndexOf("<Learner>", at);
    }

    private int lineOf(String ref, String tag) {
        int at = file.indexOf(tag, learnerStart(file, ref));
        return (int) file.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static List<JsonNode> all(List<JsonNode> findings, String ref, String ruleId) {
        return findings.stream().filter(f -> f.get("learnRefNumber").asText().equals(ref)
                && f.get("ruleId").asText().equals(ruleId)).toList();
    }

    private static JsonNode only(List<JsonNode> findings, String ref, String ruleId) {
        List<JsonNode> found = all(findings, ref, ruleId);
        assertThat(found).as(ruleId + " on " + ref + " among " + findings).hasSize(1);
        return found.get(0);
    }
}
