package uk.ilrledger.app.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.ilrledger.app.Api;
import uk.ilrledger.app.IntegrationTest;
import uk.ilrledger.schemas.ilr.xml.IlrSchema;
import uk.ilrledger.query.returns.ReturnsCalendar;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.learner.LearnerCommand.RegisterLearner;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.schemas.values.Ukprn;
import uk.ilrledger.testsupport.SampleLearners;

/** GET …/returns/{year}/{period}/ilr.xml on the assembled service and its real store. */
@IntegrationTest
class IlrExportApiTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcClient jdbc;

    Api api;
    int ukprn;
    String provider;

    @BeforeEach
    void setUp() {
        api = new Api(rest, json);
        ukprn = ThreadLocalRandom.current().nextInt(20_000_000, 99_999_999);
        provider = "/api/providers/" + ukprn;
    }

    private void register(IlrLearner learner) {
        Api.Answer answer = api.post("admin", provider + "/learners", learner);
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

    /** Waits until the return has read every event of the provider recorded so far. */
    private void caughtUp(String year) {
        long last = jdbc.sql("SELECT coalesce(max(global_index), 0) FROM domain_event_entry WHERE aggregate_identifier LIKE ?")
                .param(ukprn + ":%").query(Long.class).single();
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("exporter", provider + "/returns/" + year + "/R14")
                .body().get("position").asLong() >= last);
    }

    private ResponseEntity<byte[]> export(String user, String year, String period) {
        return rest.withBasicAuth(user, IntegrationTest.PASSWORD)
                .exchange(provider + "/returns/" + year + "/" + period + "/ilr.xml", HttpMethod.GET, null, byte[].class);
    }

    private long exportsRecorded() {
        return jdbc.sql("SELECT count(*) FROM ilr_export WHERE ukprn = ?").param(ukprn).query(Long.class).single();
    }

    @Test
    void anExporterDownloadsTheReturnAsAFileNamedByTheDfEsRulesAndValidAgainstTheYearsSchema() {
        register(SampleLearners.apprentice("EXP002", LocalDate.of(2025, 9, 1)));
        register(SampleLearners.apprentice("EXP001", LocalDate.of(2025, 10, 6)));
        caughtUp("2526");

        ResponseEntity<byte[]> response = export("exporter", "2526", "R14");

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getHeaders().getContentType()).isNotNull()
                .satisfies(type -> assertThat(type.isCompatibleWith(MediaType.APPLICATION_XML)).isTrue());
        IlrFile file = IlrFile.valid(IlrSchema.Y2526, response.getBody());
        String name = response.getHeaders().getContentDisposition().getFilename();
        assertThat(response.getHeaders().getContentDisposition().isAttachment()).isTrue();
        assertThat(name).matches("ILR-" + ukprn + "-2526-\\d{8}-\\d{6}-01\\.xml").isEqualTo(file.expectedName());
        assertThat(file.header("UKPRN")).isEqualTo(Integer.toString(ukprn));
        assertThat(file.all("UKPRN")).as("header and LearningProvider").containsExactly(Integer.toString(ukprn),
                Integer.toString(ukprn));
        assertThat(file.header("SerialNo")).isEqualTo("01");
        LocalDateTime now = LocalDateTime.now(ReturnsCalendar.UK);
        assertThat(file.dateTime()).isBetween(now.minusMinutes(1), now);
        assertThat(file.filePreparationDate()).isBeforeOrEqualTo(file.dateTime().toLocalDate());
        assertThat(file.all("LearnRefNumber")).containsExactly("EXP001", "EXP002");
        assertThat(file.aimSeqNumbers(0)).containsExactly("1", "2");
        assertThat(file.aimSeqNumbers(1)).containsExactly("1", "2");
        assertThat(file.all("EPAOrgID")).containsExactly("EPA0001", "EPA0001");
        assertThat(file.all("DateOfBirth")).containsExactly("2000-01-01", "2000-01-01");
    }

    @Test
    void eachExportOfAUkprnAndYearCarriesTheNextFreeSerialNumberAndALaterDateTime() {
        register(SampleLearners.apprentice("SER001", LocalDate.of(2025, 9, 1)));
        caughtUp("2526");

        IlrFile first = IlrFile.valid(IlrSchema.Y2526, export("exporter", "2526", "R14").getBody());
        IlrFile second = IlrFile.valid(IlrSchema.Y2526, export("exporter", "2526", "R13").getBody());
        ResponseEntity<byte[]> otherYear = export("exporter", "2627", "R03");

        assertThat(List.of(first.header("SerialNo"), second.header("SerialNo"))).as("nothing submitted yet")
                .containsExactly("01", "01");
        assertThat(second.dateTime()).as("dated after the previous file, even within the same second")
                .isAfter(first.dateTime());
        assertThat(second.dateTime()).as("and not in the future").isBeforeOrEqualTo(LocalDateTime.now(ReturnsCalendar.UK));
        IlrFile next = IlrFile.valid(IlrSchema.Y2627, otherYear.getBody());
        assertThat(next.header("Year")).isEqualTo("2627");
        assertThat(next.header("SerialNo")).as("numbered per year").isEqualTo("01");
        assertThat(otherYear.getHeaders().getContentDisposition().getFilename()).isEqualTo(next.expectedName())
                .startsWith("ILR-" + ukprn + "-2627-");
        assertThat(exportsRecorded()).isEqualTo(3);
    }

    @Test
    void exportsAtTheSameMomentTakeDifferentDateTimesSoDifferentFileNames() {
        register(SampleLearners.apprentice("RACE01", LocalDate.of(2025, 9, 1)));
        caughtUp("2526");

        List<CompletableFuture<ResponseEntity<byte[]>>> racing = IntStream.range(0, 3)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> export("exporter", "2526", "R14"))).toList();
        List<IlrFile> files = racing.stream().map(CompletableFuture::join)
                .map(response -> IlrFile.valid(IlrSchema.Y2526, response.getBody())).toList();

        assertThat(files).extracting(file -> file.header("SerialNo")).containsOnly("01");
        assertThat(files).extracting(IlrFile::dateTime).doesNotHaveDuplicates();
        assertThat(files).extracting(IlrFile::expectedName).doesNotHaveDuplicates();
    }

    @Test
    void valuesTheDfERefusesAreAllReportedAndNothingIsExported() {
        IlrLearner.Builder digit = SampleLearners.apprentice("BAD001", LocalDate.of(2025, 9, 1)).toBuilder();
        digit.familyName = "Smith2";
        storedBeforeEdgeChecks(digit.build());
        IlrLearner.Builder accent = SampleLearners.apprentice("BAD002", LocalDate.of(2025, 9, 1)).toBuilder();
        accent.familyName = "Zoë";
        accent.postcode = "ZZ99 9ZÉ";
        storedBeforeEdgeChecks(accent.build());
        caughtUp("2526");

        Api.Answer answer = api.get("exporter", provider + "/returns/2526/R14/ilr.xml");

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.text("/detail")).isEqualTo("2 values the ILR 2025-26 schema refuses; nothing was exported");
        JsonNode errors = answer.body().get("errors");
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).get("learnRefNumber").asText()).isEqualTo("BAD001");
        assertThat(errors.get(0).get("field").asText()).isEqualTo("familyName");
        assertThat(errors.get(0).get("value").asText()).isEqualTo("Smith2");
        assertThat(errors.get(0).get("character").asText()).isEqualTo("2");
        assertThat(errors.get(1).get("learnRefNumber").asText()).isEqualTo("BAD002");
        assertThat(errors.get(1).get("field").asText()).isEqualTo("postcode");
        assertThat(errors.get(1).get("character").asText()).isEqualTo("É");
        assertThat(errors.get(1).get("message").asText())
                .startsWith("learner BAD002, Postcode \"ZZ99 9ZÉ\": 'É' (U+00C9) is not allowed in the DfE's character set");
        assertThat(exportsRecorded()).as("no SerialNo used").isZero();
        assertThat(api.get("auditor", provider + "/learners/BAD002").text("/postcode")).as("nothing altered")
                .isEqualTo("ZZ99 9ZÉ");
    }

    @Test
    void anEmptyReturnIsRefusedBecauseTheDfERefusesAFileWithoutLearners() {
        Api.Answer answer = api.get("exporter", provider + "/returns/2526/R14/ilr.xml");

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.text("/detail")).contains("holds no learner");
        assertThat(exportsRecorded()).isZero();
    }

    @Test
    void onlyYearsWithASchemaCanBeExported() {
        Api.Answer answer = api.get("exporter", provider + "/returns/2425/R14/ilr.xml");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.text("/errors/0/field")).isEqualTo("year");
        assertThat(answer.text("/detail")).contains("2526").contains("2627");
    }

    @Test
    void aFileCannotBePreparedAsOfAMomentStillToCome() {
        Api.Answer answer = api.get("exporter", provider + "/returns/2526/R14/ilr.xml?asOf=2099-01-01T00:00:00Z");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("/errors/0/field")).isEqualTo("asOf");
    }

    @Test
    void aRaiserCannotExport() {
        assertThat(export("raiser", "2526", "R14").getStatusCode().value()).isEqualTo(403);
    }
}
