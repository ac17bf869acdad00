package uk.ilrledger.app.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.ilrledger.app.Api;
import uk.ilrledger.app.IntegrationTest;
import uk.ilrledger.schemas.ilr.xml.IlrFileHeader;
import uk.ilrledger.schemas.ilr.xml.IlrSchema;
import uk.ilrledger.schemas.ilr.xml.IlrXmlWriter;
import uk.ilrledger.schemas.ilr.xml.Learners;
import uk.ilrledger.schemas.values.Ukprn;
import uk.ilrledger.testsupport.SampleLearners;

/**
 * The hostile-input corpus ({@code src/test/resources/hostile/manifest.tsv}), each case sent over a
 * plain socket to the assembled service: every one is refused with an RFC 7807 problem of the
 * expected status, naming the field where there is one, without a stack trace or a Java name in
 * its body, and leaves the event store, the evidence files and the imports as they were.
 */
@IntegrationTest
class HostileInputTest {

    static final String CORPUS = "/hostile/";
    /** What no answer may show: Java packages and types, exceptions, stack frames, the server's make. */
    static final Pattern JAVA_INSIDE = Pattern.compile(
            "\\b(java|javax|jakarta|sun|org\\.springframework|org\\.apache|org\\.axonframework|com\\.fasterxml|uk\\.ilrledger)\\.[a-z]"
                    + "|[A-Za-z]+(Exception|Error)\\b|\\bat [a-z][\\w$]*(\\.[\\w$]+)+\\(|\\.java:\\d|Caused by|Apache Tomcat"
                    + "|<html|<!doctype",
            Pattern.CASE_INSENSITIVE);
    static final long TWO_GIGABYTES = 2L * 1024 * 1024 * 1024;

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcClient jdbc;
    @LocalServerPort
    int port;

    RawHttp http;
    int ukprn;
    String ref;
    String evidence;
    String change;

    /** One provider with one registered learner and one raised change, for the cases to aim at. */
    @BeforeEach
    void provider() {
        http = new RawHttp(port, IntegrationTest.PASSWORD);
        Api api = new Api(rest, json);
        ukprn = ThreadLocalRandom.current().nextInt(20_000_000, 99_999_999);
        ref = "H" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        evidence = api.upload("raiser", "note.txt", ("withdrawal note " + ref).getBytes(StandardCharsets.UTF_8))
                .text("/evidenceId");
        Api.Answer registered = api.post("admin", "/api/providers/" + ukprn + "/learners",
                SampleLearners.apprentice(ref, LocalDate.of(2025, 9, 1)));
        assertThat(registered.status()).as(registered.body().toString()).isEqualTo(201);
        Api.Answer raised = api.post("raiser", "/api/providers/" + ukprn + "/learners/" + ref + "/changes",
                Map.of("type", "WITHDRAWAL", "effectiveDate", "2026-01-15", "values", Map.of("withdrawReason", 97),
                        "reason", "left for a job", "evidence", List.of(evidence)));
        assertThat(raised.status()).as(raised.body().toString()).isEqualTo(201);
        change = raised.text("/changeId");
    }

    record Case(String name, String user, String method, String target, String headers, String body,
            String uploadName, int status, String field) {
    }

    static List<Case> corpus() {
        List<Case> cases = new ArrayList<>();
        for (String line : resourceText("manifest.tsv").split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] c = line.split("\t", -1);
            assertThat(c).as("columns of: " + line).hasSize(9);
            cases.add(new Case(c[0], c[1], c[2], c[3], c[4], c[5], c[6], Integer.parseInt(c[7]), c[8]));
        }
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> everyCaseIsRefusedWithAProblemAndRecordsNothing() {
        List<Case> cases = corpus();
        assertThat(cases).hasSizeGreaterThan(80);
        System.out.println("hostile-input corpus: " + cases.size() + " cases");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> refused(c)));
    }

    private void refused(Case c) {
        Map<String, Long> before = recorded();

        RawHttp.Answer answer = send(c);

        assertThat(answer.status()).as(c.name() + ": " + answer).isEqualTo(c.status());
        assertThat(answer.contentType()).as(c.name() + ": " + answer).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.path("status").asInt()).as(c.name() + ": status in the body").isEqualTo(c.status());
        assertThat(problem.path("type").asText()).as(c.name() + ": type").isNotBlank();
        assertThat(problem.path("title").asText()).as(c.name() + ": title").isNotBlank();
        assertThat(problem.path("detail").asText()).as(c.name() + ": detail").isNotBlank();
        if (!c.field().equals("-")) {
            List<String> fields = new ArrayList<>();
            problem.path("errors").forEach(error -> fields.add(error.path("field").asText()));
            assertThat(fields).as(c.name() + ": fields named in " + answer).contains(c.field());
        }
        assertThat(JAVA_INSIDE.matcher(answer.text()).find()).as(c.name() + ": Java or server internals in " + answer)
                .isFalse();
        assertThat(recorded()).as(c.name() + ": events, evidence files and imports").isEqualTo(before);
    }

    private Map<String, Long> recorded() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : List.of("domain_event_entry", "evidence", "ilr_import", "evidence_citation")) {
            counts.put(table, jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single());
        }
        return counts;
    }

    private RawHttp.Answer send(Case c) {
        String target = c.target().replace("{ukprn}", Integer.toString(ukprn)).replace("{ref}", ref)
                .replace("{change}", change);
        String user = c.user().equals("-") ? null : c.user();
        Map<String, String> headers = new LinkedHashMap<>();
        String partType = "application/octet-stream";
        if (!c.headers().equals("-")) {
            for (String header : c.headers().split(" \\| ")) {
                if (header.startsWith("part-type=")) {
                    partType = header.substring("part-type=".length());
                    continue;
                }
                int colon = header.indexOf(": ");
                String value = header.substring(colon + 2);
                headers.put(header.substring(0, colon), value.startsWith("gen:") ? new String(generated(value.substring(4)),
                        StandardCharsets.UTF_8) : value);
            }
        }
        String body = c.body();
        boolean chunked = body.startsWith("chunked:");
        body = chunked ? body.substring("chunked:".length()) : body;
        if (body.equals("gen:two-gigabyte-upload")) {
            return twoGigabytes(c, target, user);
        }
        byte[] content;
        if (body.equals("-")) {
            content = null;
        } else if (body.startsWith("upload:")) {
            String source = body.substring("upload:".length());
            byte[] file = source.startsWith("gen:") ? generated(source.substring(4)) : resource(source);
            String name = c.uploadName().startsWith("gen:") ? new String(generated(c.uploadName().substring(4)),
                    StandardCharsets.UTF_8) : c.uploadName();
            Multipart multipart = new Multipart(name, partType, file.length);
            headers.put("Content-Type", multipart.contentType());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(multipart.head());
            out.writeBytes(file);
            out.writeBytes(multipart.tail());
            content = out.toByteArray();
        } else {
            content = body(body);
        }
        if (chunked) {
            headers.put("Transfer-Encoding", "chunked");
            headers.put("Connection", "close");
            byte[] head = http.head(c.method(), target, user, headers);
            return http.exchange(head, out -> {
                for (int at = 0; at < content.length; at += 64 * 1024) {
                    int length = Math.min(64 * 1024, content.length - at);
                    out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(content, at, length);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }, new AtomicLong());
        }
        return http.send(c.method(), target, user, headers, content);
    }

    /**
     * Two gigabytes of a file, generated as they are sent: the server must answer 413 from the declared
     * length and stop reading long before the end, holding none of it.
     */
    private RawHttp.Answer twoGigabytes(Case c, String target, String user) {
        Multipart multipart = new Multipart(c.uploadName(), "application/pdf", TWO_GIGABYTES);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", multipart.contentType());
        headers.put("Content-Length", Long.toString(multipart.head().length + TWO_GIGABYTES + multipart.tail().length));
        headers.put("Connection", "close");
        byte[] block = new byte[1024 * 1024];
        new Random(2026).nextBytes(block);
        AtomicLong written = new AtomicLong();
        RawHttp.Answer answer = http.exchange(http.head(c.method(), target, user, headers), out -> {
            out.write(multipart.head());
            out.write("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII));
            for (long sent = 9; sent < TWO_GIGABYTES; sent += block.length) {
                out.write(block, 0, (int) Math.min(block.length, TWO_GIGABYTES - sent));
            }
            out.write(multipart.tail());
        }, written);
        System.out.printf("2 GB upload: refused with %d after the client had sent %,d bytes (%.1f%% of it)%n",
                answer.status(), written.get(), 100.0 * written.get() / TWO_GIGABYTES);
        assertThat(written.get()).as("bytes sent before the server stopped reading").isLessThan(TWO_GIGABYTES / 4);
        return answer;
    }

    /** One multipart form with the field {@code file}. */
    record Multipart(String fileName, String partType, long length) {
        static final String BOUNDARY = "hostile-input-boundary-7d41";

        String contentType() {
            return "multipart/form-data; boundary=" + BOUNDARY;
        }

        byte[] head() {
            return ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                    + fileName.replace("\"", "%22") + "\"\r\nContent-Type: " + partType + "\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8);
        }

        byte[] tail() {
            return ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        }
    }

    private byte[] body(String spec) {
        if (spec.startsWith("gen:")) {
            return generated(spec.substring(4));
        }
        if (spec.startsWith("file:")) {
            return filled(resourceText(spec.substring(5))).getBytes(StandardCharsets.UTF_8);
        }
        if (spec.startsWith("patch:")) {
            try {
                JsonNode learner = json.readTree(filled(resourceText("learner.json")));
                JsonNode patch = json.readTree(filled(resourceText(spec.substring(6))));
                return json.writeValueAsBytes(merge(learner, patch));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalArgumentException("no such body: " + spec);
    }

    /** The placeholders filled in; {@code ${newRef}} is a learner not yet registered, new at each use. */
    private String filled(String text) {
        return text.replace("${ukprn}", Integer.toString(ukprn)).replace("${ref}", ref).replace("${evidence}", evidence)
                .replace("${newRef}", "R" + UUID.randomUUID().toString().substring(0, 8).toUpperCase());
    }

    /** RFC 7386 JSON merge patch. */
    private static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject() || !target.isObject()) {
            return patch;
        }
        ObjectNode merged = ((ObjectNode) target).deepCopy();
        patch.fields().forEachRemaining(field -> {
            if (field.getValue().isNull()) {
                merged.remove(field.getKey());
            } else {
                merged.set(field.getKey(), merge(merged.path(field.getKey()), field.getValue()));
            }
        });
        return merged;
    }

    /** The cases too big, or too binary, to keep as files. */
    private byte[] generated(String name) {
        String withdrawal = "{\"type\": \"WITHDRAWAL\", \"effectiveDate\": \"2026-01-15\", \"values\": {\"withdrawReason\": %s},"
                + " \"reason\": \"%s\", \"evidence\": [\"" + evidence + "\"]}";
        int tenMegabytes = 10 * 1024 * 1024;
        return switch (name) {
            case "nested-json" -> withdrawal.formatted("[".repeat(100_000) + "]".repeat(100_000), "left")
                    .getBytes(StandardCharsets.UTF_8);
            case "long-number" -> withdrawal.formatted("9".repeat(5000), "left").getBytes(StandardCharsets.UTF_8);
            case "ten-megabyte-reason" -> withdrawal.formatted("97", "a".repeat(tenMegabytes))
                    .getBytes(StandardCharsets.UTF_8);
            case "ten-megabyte-field-name" -> ("{\"" + "a".repeat(tenMegabytes) + "\": 1}").getBytes(StandardCharsets.UTF_8);
            case "thousand-characters" -> ("a".repeat(996) + ".txt").getBytes(StandardCharsets.UTF_8);
            case "name-with-newline" -> "note\u0007.txt".getBytes(StandardCharsets.UTF_8);
            case "twenty-kilobytes" -> "x".repeat(20_000).getBytes(StandardCharsets.US_ASCII);
            case "ten-megabyte-xml-text" -> ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message xmlns=\"ESFA/ILR/2025-26\">"
                    + "<Header><CollectionDetails><Collection>" + "A".repeat(tenMegabytes)
                    + "</Collection></CollectionDetails></Header></Message>\n").getBytes(StandardCharsets.UTF_8);
            case "pdf-with-deflated-javascript" -> pdfWithDeflatedJavaScript();
            case "docm-with-macros" -> documentWithMacros();
            case "valid-ilr-file" -> ilrFile();
            default -> throw new IllegalArgumentException("no generator " + name);
        };
    }

    /** A PDF whose only script is inside a compressed object stream, where a look at the raw bytes misses it. */
    private static byte[] pdfWithDeflatedJavaScript() {
        byte[] objects = "3 0 << /S /JavaScript /JS (app.launchURL\\(\"https://example.invalid\"\\)) >>"
                .getBytes(StandardCharsets.US_ASCII);
        Deflater deflater = new Deflater();
        deflater.setInput(objects);
        deflater.finish();
        byte[] compressed = new byte[1024];
        int length = deflater.deflate(compressed);
        deflater.end();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("%PDF-1.5\n1 0 obj << /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R >> endobj\n"
                + "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
                + "4 0 obj << /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length " + length + " >>\nstream\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(compressed, 0, length);
        out.writeBytes("\nendstream\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** A 2025-26 ILR file of this test's provider with one new learner, as another system would write it. */
    private byte[] ilrFile() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            IlrXmlWriter.write(new IlrFileHeader(IlrSchema.Y2526, new Ukprn(ukprn), LocalDate.of(2026, 3, 2), 1,
                    LocalDateTime.of(2026, 3, 2, 9, 30)), List.of(Learners.apprentice("N" + ref)).iterator(), out, n -> { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A Word document with a VBA project in it. */
    private static byte[] documentWithMacros() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
            zip.write(("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                    + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.ms-word.document.macroEnabled.main+xml\"/>"
                    + "</Types>").getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("word/document.xml"));
            zip.write("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"/>"
                    .getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("word/vbaProject.bin"));
            byte[] macro = new byte[2048];
            new Random(30).nextBytes(macro);
            zip.write(macro);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] resource(String name) {
        try (InputStream in = HostileInputTest.class.getResourceAsStream(CORPUS + name)) {
            assertThat(in).as("corpus file " + name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String resourceText(String name) {
        return new String(resource(name), StandardCharsets.UTF_8);
    }
}
