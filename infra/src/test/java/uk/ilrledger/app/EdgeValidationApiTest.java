package uk.ilrledger.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearnerEmploymentStatus;
import uk.ilrledger.schemas.ilr.xml.IlrFileHeader;
import uk.ilrledger.schemas.ilr.xml.IlrSchema;
import uk.ilrledger.schemas.ilr.xml.IlrXmlWriter;
import uk.ilrledger.schemas.ilr.xml.Learners;
import uk.ilrledger.schemas.values.Ukprn;
import uk.ilrledger.testsupport.SampleLearners;

/**
 * What a hostile or careless client sends is refused at the edge, before it becomes an event: each
 * refusal is a problem naming the field, and the store is as it was.
 */
@IntegrationTest
class EdgeValidationApiTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcClient jdbc;

    Api api;
    int ukprn;
    String provider;
    String ref;
    String evidence;

    @BeforeEach
    void setUp() {
        api = new Api(rest, json);
        ukprn = ThreadLocalRandom.current().nextInt(20_000_000, 99_999_999);
        provider = "/api/providers/" + ukprn;
        ref = "E" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        evidence = api.upload("raiser", "form.txt", ("form " + ref).getBytes(StandardCharsets.UTF_8)).text("/evidenceId");
    }

    private void registered() {
        Api.Answer answer = api.post("admin", provider + "/learners", SampleLearners.apprentice(ref, LocalDate.of(2025, 9, 1)));
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(201);
    }

    /** A withdrawal as a client would write it; each probe spoils one part of it. */
    private ObjectNode withdrawal() {
        ObjectNode body = json.createObjectNode();
        body.put("type", "WITHDRAWAL");
        body.put("effectiveDate", "2026-01-15");
        body.putObject("values").put("withdrawReason", 97);
        body.put("reason", "left for a job elsewhere");
        body.putArray("evidence").add(evidence);
        return body;
    }

    private Api.Answer raise(ObjectNode body) {
        return api.postRaw("raiser", provider + "/learners/" + ref + "/changes", body.toString());
    }

    private long events() {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier LIKE ?")
                .param(ukprn + ":%").query(Long.class).single();
    }

    private static void refused(Api.Answer answer, int status, String field) {
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(status);
        assertThat(answer.headers().getContentType()).hasToString("application/problem+json");
        assertThat(answer.text("/errors/0/field")).as(answer.body().toString()).isEqualTo(field);
    }

    /** The refusal's message, for what it says about the value. */
    private String aRefusedChangeStoresNothing(ObjectNode body, int status, String field) {
        registered();
        long before = events();

        Api.Answer answer = raise(body);

        refused(answer, status, field);
        assertThat(events()).as("nothing stored").isEqualTo(before);
        return answer.text("/errors/0/message");
    }

    @Test
    void aReasonHoldingUPlus0000IsRefused() {
        ObjectNode body = withdrawal();
        body.put("reason", "left\u0000");
        assertThat(aRefusedChangeStoresNothing(body, 400, "reason")).startsWith("U+0000 at character 5");
    }

    @Test
    void aReasonLongerThan4000CharactersIsRefused() {
        ObjectNode body = withdrawal();
        body.put("reason", "a".repeat(4001));
        aRefusedChangeStoresNothing(body, 400, "reason");
    }

    @Test
    void aTenMegabyteBodyIsRefusedAsTooLargeBeforeItIsRead() {
        ObjectNode body = withdrawal();
        body.put("reason", "a".repeat(10 * 1024 * 1024));
        aRefusedChangeStoresNothing(body, 413, "body");
    }

    @Test
    void aChangeTypeGivenByItsPositionIsRefused() {
        ObjectNode body = withdrawal();
        body.put("type", 5);
        assertThat(aRefusedChangeStoresNothing(body, 400, "type")).startsWith("5 is not one of [WITHDRAWAL");
    }

    @Test
    void aWithdrawReasonWithAFractionIsRefusedNotTruncated() {
        ObjectNode body = withdrawal();
        body.putObject("values").put("withdrawReason", 97.5);
        assertThat(aRefusedChangeStoresNothing(body, 400, "values.withdrawReason")).isEqualTo("97.5 is not a whole number");
    }

    @Test
    void aWithdrawReasonWrittenAsTextIsRefused() {
        ObjectNode body = withdrawal();
        body.putObject("values").put("withdrawReason", "97");
        assertThat(aRefusedChangeStoresNothing(body, 400, "values.withdrawReason")).isEqualTo("expected a whole number");
    }

    @Test
    void anEffectiveDateWrittenAsANumberIsRefusedNotReadAsEpochDays() {
        ObjectNode body = withdrawal();
        body.put("effectiveDate", 20260115);
        assertThat(aRefusedChangeStoresNothing(body, 400, "effectiveDate"))
                .isEqualTo("a date is a \"yyyy-MM-dd\" string, not the number 20260115");
    }

    @Test
    void anEffectiveDateWithAnExpandedYearIsRefused() {
        ObjectNode body = withdrawal();
        body.put("effectiveDate", "+100000-01-01");
        assertThat(aRefusedChangeStoresNothing(body, 400, "effectiveDate"))
                .isEqualTo("'+100000-01-01' is not a date written yyyy-MM-dd");
    }

    @Test
    void anEffectiveDateOutsideTheLedgersBoundsIsRefused() {
        ObjectNode body = withdrawal();
        body.put("effectiveDate", "1899-12-31");
        aRefusedChangeStoresNothing(body, 400, "effectiveDate");
    }

    @Test
    void anUnknownFieldIsRefusedByName() {
        ObjectNode body = withdrawal();
        body.put("colour", "blue");
        aRefusedChangeStoresNothing(body, 400, "colour");
    }

    @Test
    void anUnknownValueIsRefusedByItsPathInValues() {
        ObjectNode body = withdrawal();
        ((ObjectNode) body.get("values")).put("withdrawnReason", 97);
        aRefusedChangeStoresNothing(body, 400, "values.withdrawnReason");
    }

    @Test
    void anEndDateOtherThanTheEffectiveDateIsRefused() {
        ObjectNode body = withdrawal();
        ((ObjectNode) body.get("values")).put("learnActEndDate", "2026-01-14");
        aRefusedChangeStoresNothing(body, 400, "values.learnActEndDate");
    }

    @Test
    void aControlCharacterInAnOutGradeIsRefused() {
        ObjectNode body = withdrawal();
        body.put("type", "OUTCOME");
        body.putObject("values").put("outcome", 1).put("outGrade", "PA\u0007SS");
        aRefusedChangeStoresNothing(body, 400, "values.outGrade");
    }

    @Test
    void aCorrectionToAValueNoIlrFileCanHoldIsRefused() {
        ObjectNode body = withdrawal();
        body.put("type", "CORRECTION");
        body.putObject("values").putObject("learner").put("familyName", "Smith2");
        aRefusedChangeStoresNothing(body, 400, "values.learner.familyName");
    }

    @Test
    void approvalCommentsAndRejectionReasonsAreCheckedToo() {
        registered();
        String changeId = raise(withdrawal()).text("/changeId");
        long before = events();

        refused(api.post("approver", "/api/changes/" + changeId + "/approval", Map.of("comment", "ok\u0001")), 400,
                "comment");
        refused(api.post("approver", "/api/changes/" + changeId + "/rejection", Map.of("reason", "no\u0000")), 400,
                "reason");
        refused(api.post("approver", provider + "/learners/" + ref + "/qa-verification",
                Map.of("comment", "x".repeat(4001))), 400, "comment");

        assertThat(events()).as("nothing stored").isEqualTo(before);
        assertThat(api.get("approver", "/api/changes/" + changeId).text("/status")).isEqualTo("RAISED");
    }

    private void aRefusedRegistrationStoresNothing(IlrLearner learner, String... fields) {
        Api.Answer answer = api.post("admin", provider + "/learners", learner);

        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(400);
        List<String> named = new ArrayList<>();
        answer.body().get("errors").forEach(error -> named.add(error.get("field").asText()));
        assertThat(named).containsExactly(fields);
        assertThat(events()).as("nothing stored").isZero();
        assertThat(api.get("auditor", provider + "/learners/" + ref).status()).isEqualTo(404);
    }

    @Test
    void aFamilyNameHoldingUPlus0000IsRefusedAtRegistration() {
        IlrLearner.Builder learner = SampleLearners.apprentice(ref, LocalDate.of(2025, 9, 1)).toBuilder();
        learner.familyName = "Ex\u0000ample";
        aRefusedRegistrationStoresNothing(learner.build(), "familyName");
    }

    @Test
    void namesWithApostrophesAccentsAndSemicolonsAreRegisteredAsTyped() {
        IlrLearner.Builder learner = SampleLearners.apprentice(ref, LocalDate.of(2025, 9, 1)).toBuilder();
        learner.familyName = "O'Brien-Núñez; Ørsted";
        learner.givenNames = "Zoë Siân O\u2019Neill";

        Api.Answer answer = api.post("admin", provider + "/learners", learner.build());

        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(201);
        assertThat(answer.text("/familyName")).isEqualTo("O'Brien-Núñez; Ørsted");
        assertThat(answer.text("/givenNames")).isEqualTo("Zoë Siân O\u2019Neill");
    }

    @Test
    void namesOutsideTheIlrCharacterSetAreRefusedAtRegistrationEachNamed() {
        IlrLearner.Builder learner = SampleLearners.apprentice(ref, LocalDate.of(2025, 9, 1)).toBuilder();
        learner.familyName = "\u5c71\u7530";
        learner.givenNames = "Sam\u202Egnp.exe";
        aRefusedRegistrationStoresNothing(learner.build(), "familyName", "givenNames");
    }

    @Test
    void anEmpIdFailingItsCheckDigitIsRefusedAtRegistrationAsOnAChangeOfEmployer() {
        IlrLearner registered = SampleLearners.apprentice(ref, LocalDate.of(2025, 9, 1));
        IlrLearner.Builder learner = registered.toBuilder();
        learner.learnerEmploymentStatuses = registered.learnerEmploymentStatuses().stream()
                .map(status -> status.empId() == null ? status : new LearnerEmploymentStatus(status.empStat(),
                        status.dateEmpStatApp(), 123456780, status.employmentStatusMonitorings()))
                .toList();
        aRefusedRegistrationStoresNothing(learner.build(), "learnerEmploymentStatuses[0].empId");
    }

    @Test
    void codesOutsideTheYearsCodeListsAreRefusedAtRegistrationEachNamed() {
        IlrLearner.Builder learner = SampleLearners.apprentice(ref, LocalDate.of(2025, 9, 1)).toBuilder();
        learner.sex = "X";
        learner.ethnicity = 999;
        learner.llddHealthProb = 7;
        aRefusedRegistrationStoresNothing(learner.build(), "ethnicity", "sex", "llddHealthProb");
    }

    @Test
    void aDateOfBirthWrittenAsAnArrayIsRefusedAtRegistration() throws IOException {
        ObjectNode learner = json.valueToTree(SampleLearners.apprentice(ref, LocalDate.of(2025, 9, 1)));
        learner.putArray("dateOfBirth").add(2000).add(1).add(1);

        Api.Answer answer = api.postRaw("admin", provider + "/learners", learner.toString());

        refused(answer, 400, "dateOfBirth");
        assertThat(events()).isZero();
    }

    /** A 2025-26 file of this test's provider, as another system would write it. */
    private String file(IlrLearner learner) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            IlrXmlWriter.write(new IlrFileHeader(IlrSchema.Y2526, new Ukprn(ukprn), LocalDate.of(2026, 3, 2), 1,
                    LocalDateTime.of(2026, 3, 2, 9, 30)), List.of(learner).iterator(), out, n -> { });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private Api.Answer importFile(String file) {
        return api.postFile("admin", provider + "/imports?fileName=ILR-test.xml", file.getBytes(StandardCharsets.UTF_8),
                MediaType.APPLICATION_XML);
    }

    private long imports() {
        return jdbc.sql("SELECT count(*) FROM ilr_import WHERE ukprn = ?").param(ukprn).query(Long.class).single();
    }

    @Test
    void anXml11FileIsRefusedAndNothingIsImported() {
        String xml = file(Learners.apprentice(ref)).replaceFirst("version=\"1.0\"", "version=\"1.1\"")
                .replaceFirst("<FamilyName>[^<]*</FamilyName>", "<FamilyName>Ex&#x1;ample</FamilyName>");
        assertThat(xml).startsWith("<?xml version=\"1.1\"");

        Api.Answer answer = importFile(xml);

        refused(answer, 400, "file");
        assertThat(answer.text("/errors/0/message")).contains("XML 1.0");
        assertThat(events()).isZero();
        assertThat(imports()).isZero();
    }

    @Test
    void anImportsFileNameHoldingAControlCharacterIsRefusedSinceItIsWrittenIntoEvents() {
        Api.Answer answer = api.postFile("admin", provider + "/imports?fileName=ILR\u0001.xml",
                file(Learners.apprentice(ref)).getBytes(StandardCharsets.UTF_8), MediaType.APPLICATION_XML);

        refused(answer, 400, "fileName");
        assertThat(events()).isZero();
        assertThat(imports()).isZero();
    }

    @Test
    void anImportedLearnerWhoseNameHoldsCharactersTheApiRefusesIsStillRecorded() {
        IlrLearner.Builder learner = Learners.apprentice(ref).toBuilder();
        learner.familyName = "\u5c71\u7530";
        String xml = file(learner.build());

        Api.Answer answer = importFile(xml);

        // The schema's name pattern lets it through; a file is recorded as it is (decision 18).
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        assertThat(answer.body().get("newLearners").asInt()).isEqualTo(1);
        Api.Answer approved = api.post("approver", provider + "/imports/" + answer.text("/importId") + "/approval",
                Map.of("comment", "checked against the enrolment form"));
        assertThat(approved.status()).as(approved.body().toString()).isEqualTo(200);
        assertThat(imports()).isEqualTo(1);
        assertThat(events()).as("the learner is registered as the file has it").isPositive();
    }

    @Test
    void anImportsFileNameThatIsAPathIsRefused() {
        Api.Answer answer = api.postFile("admin", provider + "/imports?fileName=../../etc/passwd",
                file(Learners.apprentice(ref)).getBytes(StandardCharsets.UTF_8), MediaType.APPLICATION_XML);

        refused(answer, 400, "fileName");
        assertThat(events()).isZero();
        assertThat(imports()).isZero();
    }

    @Test
    void anImportedLearnerIsCheckedAgainstTheCodeListsAndKeptWithAFindingOnItsLine() {
        IlrLearner.Builder bad = Learners.apprentice(ref).toBuilder();
        bad.sex = "X";
        String xml = file(bad.build());

        Api.Answer answer = importFile(xml);

        // The schema lets "X" through; the year's code list does not. A registration is refused for it
        // (above), while an import records the learner as the file has it and lists the breach (decision 18).
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        JsonNode finding = answer.body().get("findings").get(0);
        assertThat(finding.get("ruleId").asText()).isEqualTo("Sex_01");
        assertThat(finding.get("learnRefNumber").asText()).isEqualTo(ref);
        assertThat(finding.get("field").asText()).isEqualTo("Sex");
        assertThat(finding.get("line").asInt()).isPositive();
        assertThat(imports()).isEqualTo(1);
    }
}
