package uk.ilrledger.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.NestedTestConfiguration;
import org.springframework.test.context.NestedTestConfiguration.EnclosingConfiguration;
import org.springframework.test.annotation.DirtiesContext;
import uk.ilrledger.testsupport.SampleLearners;

/**
 * Evidence upload: content-addressed by SHA-256, stored once, typed by its bytes (never by its
 * name), limited in size; and a change can only cite evidence that is stored.
 */
@IntegrationTest
class EvidenceTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcClient jdbc;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(rest, json);
    }

    @Test
    void anUploadAnswers201WithTheSha256OfItsBytesItsSizeAndType() {
        byte[] content = text("Phone note: learner rang on 27 February 2026 to say they have left.");

        Api.Answer uploaded = api.upload("raiser", "phone-note.txt", content);

        assertThat(uploaded.status()).as(uploaded.body().toString()).isEqualTo(201);
        assertThat(uploaded.text("/evidenceId")).as("evidenceId").isEqualTo(sha256(content));
        assertThat(uploaded.body().path("size").asLong()).as("size").isEqualTo(content.length);
        assertThat(uploaded.text("/mediaType")).as("mediaType").isEqualTo("text/plain");
        assertThat(uploaded.text("/fileName")).as("fileName").isEqualTo("phone-note.txt");
        assertThat(rows(sha256(content))).isEqualTo(1);
    }

    @Test
    void theSameBytesUploadedAgainAnswerTheSameEvidenceIdAndAreStoredOnce() {
        byte[] content = text("Withdrawal form signed by the learner.");

        Api.Answer first = api.upload("raiser", "form.txt", content);
        Api.Answer again = api.upload("approver", "form-copy.txt", content);

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).as(again.body().toString()).isEqualTo(201);
        assertThat(again.text("/evidenceId")).as("evidenceId of the second upload")
                .isEqualTo(first.text("/evidenceId")).isEqualTo(sha256(content));
        assertThat(rows(sha256(content))).as("evidence rows for the same bytes").isEqualTo(1);
    }

    static Stream<Arguments> acceptedTypes() {
        return Stream.of(
                Arguments.of("withdrawal-form.pdf", pdf(), "application/pdf"),
                Arguments.of("screenshot.png", png(), "image/png"),
                Arguments.of("note.txt", text("Learner confirmed by phone that they have left."), "text/plain"),
                Arguments.of("learner-email.eml", email(), "message/rfc822"));
    }

    @ParameterizedTest(name = "{0} is accepted as {2}")
    @MethodSource("acceptedTypes")
    void documentsAnApproverCanOpenAreAccepted(String fileName, byte[] content, String mediaType) {
        Api.Answer uploaded = api.upload("raiser", fileName, content);

        assertThat(uploaded.status()).as(uploaded.body().toString()).isEqualTo(201);
        assertThat(uploaded.text("/mediaType")).as("mediaType of " + fileName).isEqualTo(mediaType);
        assertThat(uploaded.text("/evidenceId")).isEqualTo(sha256(content));
        assertThat(uploaded.body().path("size").asLong()).isEqualTo(content.length);
        assertThat(jdbc.sql("SELECT media_type FROM evidence WHERE evidence_id = ?").param(sha256(content))
                .query(String.class).single()).isEqualTo(mediaType);
    }

    static Stream<Arguments> refusedFiles() {
        byte[] executable = randomBinary(1);
        executable[0] = 'M';
        executable[1] = 'Z';
        return Stream.of(
                Arguments.of("tool.exe", executable),
                Arguments.of("bundle.zip", zip()),
                Arguments.of("data.bin", randomBinary(2)),
                // The type is decided by the bytes: a .pdf name does not make a file a PDF.
                Arguments.of("statement.pdf", randomBinary(3)),
                Arguments.of("invoice.pdf", executable.clone()));
    }

    @ParameterizedTest(name = "{0} is refused with 415")
    @MethodSource("refusedFiles")
    void executablesArchivesAndUnknownBinaryAreRefusedWith415(String fileName, byte[] content) {
        long before = allRows();

        Api.Answer refused = api.upload("raiser", fileName, content);

        assertThat(refused.status()).as("HTTP status for " + fileName + "; body " + refused.body()).isEqualTo(415);
        assertThat(refused.headers().getContentType()).hasToString("application/problem+json");
        assertThat(refused.text("/errors/0/field")).isEqualTo("file");
        assertThat(rows(sha256(content))).as("evidence rows for refused " + fileName).isZero();
        assertThat(allRows()).isEqualTo(before);
    }

    @Test
    void anEmptyFileIs400NamingTheFile() {
        long before = allRows();

        Api.Answer refused = api.upload("raiser", "empty.txt", new byte[0]);

        assertThat(refused.status()).as(refused.body().toString()).isEqualTo(400);
        assertThat(refused.text("/errors/0/field")).isEqualTo("file");
        assertThat(allRows()).isEqualTo(before);
    }

    @Test
    void aChangeCitingEvidenceThatIsNotStoredIs400NamingEvidence0AndStoresNothing() {
        String ref = "E" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        assertThat(api.post("admin", "/api/providers/" + SampleLearners.UKPRN + "/learners",
                SampleLearners.apprentice(ref, LocalDate.of(2025, 9, 1))).status()).isEqualTo(201);
        // A well-formed id of bytes that were never uploaded.
        String neverUploaded = sha256(text("never uploaded"));
        long events = events();

        Api.Answer refused = api.post("raiser", "/api/providers/" + SampleLearners.UKPRN + "/learners/" + ref + "/changes",
                Map.of("type", "WITHDRAWAL", "effectiveDate", "2026-02-27",
                        "values", Map.of("learnActEndDate", "2026-02-27", "withdrawReason", 97),
                        "reason", "Learner emailed to say they have left", "evidence", List.of(neverUploaded)));

        assertThat(refused.status()).as(refused.body().toString()).isEqualTo(400);
        assertThat(refused.text("/errors/0/field")).isEqualTo("evidence[0]");
        assertThat(events()).as("events stored by the refused raise").isEqualTo(events);
        assertThat(rows(neverUploaded)).isZero();
    }

    /** The size limit in its own context, set small so the oversized upload stays cheap. */
    @Nested
    @NestedTestConfiguration(EnclosingConfiguration.OVERRIDE)
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
            "ILR_LEDGER_DEMO_PASSWORD=" + IntegrationTest.PASSWORD,
            "ilr-ledger.evidence.max-size=1KB"})
    @ContextConfiguration(initializers = TestInfrastructure.class)
    // Its own application context: closed after the class, so it stops claiming the shared store's
    // processor tokens that the other tests' context needs.
    @DirtiesContext
    class WithA1KbLimit {

        @Autowired
        TestRestTemplate limitedRest;
        @Autowired
        ObjectMapper limitedJson;
        @Autowired
        JdbcClient limitedJdbc;

        private long rows(String evidenceId) {
            return limitedJdbc.sql("SELECT count(*) FROM evidence WHERE evidence_id = ?").param(evidenceId)
                    .query(Long.class).single();
        }

        private long allRows() {
            return limitedJdbc.sql("SELECT count(*) FROM evidence").query(Long.class).single();
        }

        @Test
        void aFileOverTheLimitIs413NamingTheFileAndStoresNothing() {
            Api limited = new Api(limitedRest, limitedJson);
            long before = allRows();
            byte[] twoKb = new byte[2048];
            Arrays.fill(twoKb, (byte) 'x');
            byte[] content = text(new String(twoKb, StandardCharsets.US_ASCII));

            Api.Answer refused = limited.upload("raiser", "long-note.txt", content);

            assertThat(refused.status()).as(refused.body().toString()).isEqualTo(413);
            assertThat(refused.headers().getContentType()).hasToString("application/problem+json");
            assertThat(refused.text("/errors/0/field")).isEqualTo("file");
            assertThat(rows(sha256(content))).isZero();
            assertThat(allRows()).isEqualTo(before);

            // Control: the same context accepts a file under the limit.
            byte[] small = text("short note");
            assertThat(small.length).isLessThan(512);
            Api.Answer accepted = limited.upload("raiser", "short-note.txt", small);
            assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(201);
        }
    }

    // --- helpers ---

    private long rows(String evidenceId) {
        return jdbc.sql("SELECT count(*) FROM evidence WHERE evidence_id = ?").param(evidenceId)
                .query(Long.class).single();
    }

    private long allRows() {
        return jdbc.sql("SELECT count(*) FROM evidence").query(Long.class).single();
    }

    private long events() {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single();
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Text made unique per call, so a file is never already stored by an earlier test. */
    static byte[] text(String text) {
        return (text + "\nRef " + UUID.randomUUID() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A minimal PDF: header, catalogue, page tree, trailer; a comment makes each file unique. */
    static byte[] pdf() {
        return ("%PDF-1.4\n"
                + "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                + "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
                + "% withdrawal form " + UUID.randomUUID() + "\n"
                + "trailer << /Root 1 0 R >>\n"
                + "%%EOF\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A 1x1 PNG that decodes: signature, IHDR, one pixel's IDAT and IEND; a tEXt chunk makes each image unique. */
    static byte[] png() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer header = ByteBuffer.allocate(13).putInt(1).putInt(1)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", header.array());
        chunk(out, "tEXt", ("Comment\0" + UUID.randomUUID()).getBytes(StandardCharsets.ISO_8859_1));
        // One scan line: filter byte 0, then a red pixel.
        java.util.zip.Deflater deflater = new java.util.zip.Deflater();
        deflater.setInput(new byte[] {0, (byte) 0xC0, 0x20, 0x20});
        deflater.finish();
        byte[] pixels = new byte[64];
        int length = deflater.deflate(pixels);
        deflater.end();
        chunk(out, "IDAT", Arrays.copyOf(pixels, length));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    static byte[] email() {
        return ("""
                Return-Path: <learner@example.invalid>\r
                Message-ID: <%s@example.invalid>\r
                From: Sam Example <learner@example.invalid>\r
                To: tracker@provider.example.invalid\r
                Subject: Leaving the apprenticeship\r
                Date: Fri, 27 Feb 2026 09:15:00 +0000\r
                MIME-Version: 1.0\r
                Content-Type: text/plain; charset=utf-8\r
                \r
                I have left the programme as of today.\r
                """).formatted(UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    }

    /** Bytes no magic number matches, differing by seed. */
    static byte[] randomBinary(long seed) {
        byte[] bytes = new byte[512];
        new Random(seed).nextBytes(bytes);
        bytes[0] = 0x07;
        bytes[1] = (byte) 0xF3;
        return bytes;
    }

    static byte[] zip() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("payload.bin"));
            zip.write(randomBinary(4));
            zip.closeEntry();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
