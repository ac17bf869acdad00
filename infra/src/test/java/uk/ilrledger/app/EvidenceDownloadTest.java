package uk.ilrledger.app;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.ilrledger.app.ConfiguredUsers.user;
import static uk.ilrledger.app.ProviderRequests.text;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import uk.ilrledger.testsupport.GeneratedIlrFile;
import uk.ilrledger.testsupport.SampleLearners;

/**
 * Downloading evidence: the approvers, auditors and admins of a provider whose change or import cites
 * a file get its bytes, as do the raiser who uploaded it and the raiser who cited it; everyone else
 * gets the 404 of a file that does not exist.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {IntegrationTest.KEEP_2425_OPEN, IntegrationTest.KEEP_2526_OPEN})
@ContextConfiguration(initializers = TestInfrastructure.class)
@DirtiesContext
class EvidenceDownloadTest {

    static final int PROVIDER = SampleLearners.UKPRN;
    static final int OTHER = 10000002;

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcClient jdbc;

    Api api;
    ProviderRequests requests;

    @DynamicPropertySource
    static void users(DynamicPropertyRegistry registry) {
        ConfiguredUsers.register(registry,
                user("raiser", "RAISER", "10000001"),
                user("colleague", "RAISER", "10000001"),
                user("approver", "APPROVER", "10000001"),
                user("auditor", "AUDITOR", "10000001"),
                user("admin", "ADMIN", "*"),
                user("exporter", "EXPORTER", "*"),
                // Every reading role, but on another provider.
                user("other-provider", "RAISER,APPROVER,AUDITOR,ADMIN", "10000002"));
    }

    @BeforeEach
    void setUp() {
        api = new Api(rest, json);
        requests = new ProviderRequests(api);
    }

    @Test
    void theApproverAuditorAdminAndRaiserOfTheCitingProviderGetTheFileAsUploaded() {
        byte[] pdf = EvidenceTest.pdf();
        String evidenceId = uploaded("raiser", "Withdrawal form; 27.02 (Sam).pdf", pdf);
        cite("raiser", evidenceId);

        for (String user : List.of("approver", "auditor", "admin", "raiser")) {
            ResponseEntity<byte[]> file = download(user, evidenceId);

            assertThat(file.getStatusCode().value()).as(user + "'s download").isEqualTo(200);
            assertThat(file.getBody()).as("bytes " + user + " downloads").isEqualTo(pdf);
            assertThat(file.getHeaders().getContentType()).as("media type").isEqualTo(MediaType.APPLICATION_PDF);
            assertThat(file.getHeaders().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(file.getHeaders().getContentDisposition().isAttachment()).as("an attachment").isTrue();
            assertThat(file.getHeaders().getContentDisposition().getFilename())
                    .as("the stored name with only safe characters").isEqualTo("Withdrawal_form__27.02__Sam_.pdf");
        }
    }

    @Test
    void aRaiserWhoNeitherUploadedNorCitedTheFileAndUsersOfAnotherProviderGetTheSame404AsForNoFile() {
        String evidenceId = uploaded("raiser", "email.txt", text("cited by a change of 10000001"));
        cite("raiser", evidenceId);
        String neverStored = EvidenceTest.sha256(text("never uploaded"));
        Api.Answer missing = api.get("approver", "/api/evidence/" + neverStored);
        assertThat(missing.status()).isEqualTo(404);

        for (String user : List.of("colleague", "other-provider")) {
            Api.Answer refused = api.get(user, "/api/evidence/" + evidenceId);

            assertThat(refused.status()).as(user + "'s download; " + refused.body()).isEqualTo(404);
            assertThat(refused.headers().getContentType()).hasToString("application/problem+json");
            assertThat(refused.text("/type")).as("the problem of a file that is not there")
                    .isEqualTo(missing.text("/type"));
            assertThat(refused.text("/errors/0/field")).isEqualTo("evidenceId");
        }
    }

    @Test
    void evidenceNoChangeCitesYetIsTheUploadersAlone() {
        String evidenceId = uploaded("raiser", "note.txt", text("uploaded, not yet cited"));

        assertThat(download("raiser", evidenceId).getStatusCode().value()).as("the uploader").isEqualTo(200);
        assertThat(api.get("approver", "/api/evidence/" + evidenceId).status()).as("an approver").isEqualTo(404);
        assertThat(api.get("auditor", "/api/evidence/" + evidenceId).status()).as("an auditor").isEqualTo(404);
    }

    @Test
    void aRaiserWhoCitedFileSomeoneElseUploadedMayReadIt() {
        String evidenceId = uploaded("raiser", "letter.txt", text("uploaded by raiser, cited by colleague"));
        cite("colleague", evidenceId);

        assertThat(download("colleague", evidenceId).getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void anExporterMayReadNoEvidence() {
        String evidenceId = uploaded("raiser", "email.txt", text("exporters send returns, not evidence"));
        cite("raiser", evidenceId);

        Api.Answer refused = api.get("exporter", "/api/evidence/" + evidenceId);

        assertThat(refused.status()).as(refused.body().toString()).isEqualTo(403);
    }

    @Test
    void anImportedIlrFileIsReadByTheImportingProvidersAuditorsOnly(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ILR.xml");
        GeneratedIlrFile.write(file, PROVIDER, 2, 16);
        byte[] xml = Files.readAllBytes(file);
        Api.Answer imported = api.postFile("admin", "/api/providers/" + PROVIDER + "/imports?fileName=ILR.xml", xml,
                MediaType.APPLICATION_XML);
        assertThat(imported.status()).as(imported.body().toString()).isIn(200, 201);
        String evidenceId = EvidenceTest.sha256(xml);

        ResponseEntity<byte[]> auditors = download("auditor", evidenceId);

        assertThat(auditors.getStatusCode().value()).isEqualTo(200);
        assertThat(auditors.getBody()).isEqualTo(xml);
        assertThat(auditors.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_XML);
        assertThat(api.get("other-provider", "/api/evidence/" + evidenceId).status()).isEqualTo(404);
    }

    @Test
    void changesRaisedBeforeCitationsWereKeptAreReadFromTheirStoredEvents() throws IOException {
        String evidenceId = uploaded("raiser", "email.txt", text("raised before the table existed"));
        cite("raiser", evidenceId);
        jdbc.sql("DELETE FROM evidence_citation WHERE evidence_id = ?").param(evidenceId).update();
        assertThat(api.get("approver", "/api/evidence/" + evidenceId).status()).as("without its citation").isEqualTo(404);

        jdbc.sql(backfill()).update();

        assertThat(download("approver", evidenceId).getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void aMalformedIdIs400NamingEvidenceId() {
        Api.Answer refused = api.get("approver", "/api/evidence/not-a-sha");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text("/errors/0/field")).isEqualTo("evidenceId");
    }

    /** The migration's statement that fills the table from the changes already stored. */
    private static String backfill() throws IOException {
        String migration = new ClassPathResource("db/migration/command/V20261206_2130__evidence_citation.sql")
                .getContentAsString(StandardCharsets.UTF_8);
        return migration.substring(migration.indexOf("INSERT INTO"));
    }

    private ResponseEntity<byte[]> download(String user, String evidenceId) {
        return rest.withBasicAuth(user, IntegrationTest.PASSWORD)
                .exchange("/api/evidence/" + evidenceId, HttpMethod.GET, null, byte[].class);
    }

    private String uploaded(String user, String fileName, byte[] content) {
        return requests.uploaded(user, fileName, content);
    }

    /** A learner of the provider whose withdrawal {@code raiser} raises citing the evidence. */
    private void cite(String raiser, String evidenceId) {
        String ref = requests.register(PROVIDER, "EV");
        Api.Answer raised = requests.raiseWithdrawal(raiser, PROVIDER, ref, evidenceId);
        assertThat(raised.status()).as(raised.body().toString()).isEqualTo(201);
    }
}
