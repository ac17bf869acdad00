package uk.ilrledger.app.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestContextManager;
import uk.ilrledger.app.Api;
import uk.ilrledger.app.IntegrationTest;
import uk.ilrledger.schemas.ilr.xml.IlrFileHeader;
import uk.ilrledger.schemas.ilr.xml.IlrSchema;
import uk.ilrledger.schemas.ilr.xml.IlrXmlWriter;
import uk.ilrledger.schemas.ilr.xml.Learners;
import uk.ilrledger.schemas.learner.ChangeProposal;
import uk.ilrledger.schemas.values.ChangeType;
import uk.ilrledger.schemas.values.Ukprn;
import uk.ilrledger.testsupport.SampleLearners;

/**
 * Property: whatever a client sends as a change (every change type, its values mixed and spoiled) or
 * as an ILR file (a valid file with bytes flipped, cut, repeated or hostile text put in), the answer
 * is never a 5xx, every refusal is an RFC 7807 problem without Java names, and a refused request
 * records nothing. Fixed seeds keep the build repeatable; change them to look elsewhere.
 */
class HostileFuzzTest {

    /** The integration tests' own service (Spring's context cache gives the same one), reached over HTTP. */
    @IntegrationTest
    static class Service {
    }

    static ApplicationContext context;
    static RawHttp http;
    static JdbcClient jdbc;
    static ObjectMapper json = new ObjectMapper();
    static int ukprn;
    static String ref;
    static String evidence;

    @BeforeContainer
    static void service() {
        context = new TestContextManager(Service.class).getTestContext().getApplicationContext();
        int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        http = new RawHttp(port, IntegrationTest.PASSWORD);
        jdbc = context.getBean(JdbcClient.class);
        Api api = new Api(context.getBean(TestRestTemplate.class), context.getBean(ObjectMapper.class));
        ukprn = 30_000_000 + (int) (Math.random() * 60_000_000);
        ref = "F" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        evidence = api.upload("raiser", "note.txt", ("fuzz " + ref).getBytes(StandardCharsets.UTF_8)).text("/evidenceId");
        Api.Answer registered = api.post("admin", "/api/providers/" + ukprn + "/learners",
                SampleLearners.apprentice(ref, LocalDate.of(2025, 9, 1)));
        assertThat(registered.status()).as(registered.body().toString()).isEqualTo(201);
    }

    // --- change bodies ---

    @Property(tries = 100, seed = "20261206")
    void aChangeBodyIsNeverA5xxAndARefusalRecordsNothing(@ForAll("changeBodies") byte[] body) {
        answersWithoutAServerErrorAndRefusesWithoutRecording("POST",
                "/api/providers/" + ukprn + "/learners/" + ref + "/changes", "raiser", "application/json", body);
    }

    @Provide
    Arbitrary<byte[]> changeBodies() {
        Arbitrary<Object> type = Arbitraries.oneOf(
                Arbitraries.of(ChangeType.values()).map(ChangeType::name),
                Arbitraries.of(ChangeType.values()).map(t -> t.name().toLowerCase()),
                Arbitraries.strings().ofMaxLength(20), Arbitraries.integers(), Arbitraries.just(null));
        Arbitrary<Map<String, Object>> values = Arbitraries.maps(valueNames(), jsonValue(2)).ofMaxSize(5);
        Arbitrary<Object> reason = Arbitraries.oneOf(hostileText(), Arbitraries.just("left for a job"),
                Arbitraries.just(null), Arbitraries.integers());
        Arbitrary<List<Object>> evidenceIds = Arbitraries.oneOf(Arbitraries.just(evidence), hostileText()).list()
                .ofMaxSize(3);
        Arbitrary<List<Object>> aims = Arbitraries.oneOf(Arbitraries.of("1", "2", "ZPROG001"), hostileText(),
                Arbitraries.integers()).list().ofMaxSize(3);
        Arbitrary<Map<String, Object>> changes = Combinators.combine(type, date(), values, reason, evidenceIds, aims,
                Arbitraries.of("", "approvedBy", "changeId", "status")).as((t, d, v, r, e, a, extra) -> {
                    Map<String, Object> change = new LinkedHashMap<>();
                    change.put("type", t);
                    change.put("effectiveDate", d);
                    change.put("values", v);
                    change.put("reason", r);
                    change.put("evidence", e);
                    if (!a.isEmpty()) {
                        change.put("aims", a);
                    }
                    if (!extra.isEmpty()) {
                        change.put(extra, "raiser");
                    }
                    return change;
                });
        return Combinators.combine(changes, spoiling()).as((change, spoil) -> spoil.apply(write(change)));
    }

    /** Every ILR field any change type takes, and some no change takes. */
    private static Arbitrary<String> valueNames() {
        List<String> names = new ArrayList<>();
        for (Class<?> proposal : ChangeProposal.class.getPermittedSubclasses()) {
            for (RecordComponent component : proposal.getRecordComponents()) {
                names.add(component.getName());
            }
        }
        names.addAll(List.of("familyName", "uln", "__proto__", "values", ""));
        return Arbitraries.of(names.stream().distinct().toList());
    }

    private static Arbitrary<Object> date() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, 2000).map(days -> (Object) LocalDate.of(2024, 8, 1).plusDays(days)
                        .toString()),
                Arbitraries.of("2026-02-30", "2026-13-01", "0000-00-00", "+10000-01-01", "1899-12-31", "2100-01-01",
                        "15/01/2026", "2026-01-15T00:00:00Z", ""),
                Arbitraries.integers().map(n -> (Object) n), Arbitraries.just(null));
    }

    /** Text a form would never send: control characters, surrogates, markup, SQL, very long. */
    private static Arbitrary<Object> hostileText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMinLength(1).ofMaxLength(5)
                        .map(control -> "text" + control),
                Arbitraries.of("'; DROP TABLE domain_event_entry;--", "<script>alert(1)</script>", "../../etc/passwd",
                        "\ud800", "\uffff", "\u202eevil", "%00", "${jndi:ldap://127.0.0.1/x}", "\\u0000"),
                Arbitraries.integers().between(4_001, 20_000).map("x"::repeat))
                .map(text -> (Object) text);
    }

    /** Any JSON value, nested up to {@code depth}. */
    private static Arbitrary<Object> jsonValue(int depth) {
        List<Arbitrary<Object>> kinds = new ArrayList<>(List.of(
                Arbitraries.integers().map(n -> (Object) n),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(20).negate(), BigInteger.TEN.pow(30))
                        .map(n -> (Object) n),
                Arbitraries.doubles().map(n -> (Object) n),
                Arbitraries.of(true, false).map(b -> (Object) b),
                hostileText(), date(), Arbitraries.just(null)));
        if (depth > 0) {
            kinds.add(jsonValue(depth - 1).list().ofMaxSize(3).map(list -> (Object) list));
            kinds.add(Arbitraries.maps(valueNames(), jsonValue(depth - 1)).ofMaxSize(3).map(map -> (Object) map));
        }
        return Arbitraries.oneOf(kinds);
    }

    /** Most bodies are sent as written; some are cut short, have a byte changed, or a piece repeated. */
    private static Arbitrary<java.util.function.UnaryOperator<byte[]>> spoiling() {
        Arbitrary<Double> at = Arbitraries.doubles().between(0, 1);
        return Arbitraries.oneOf(
                Arbitraries.just(java.util.function.UnaryOperator.identity()),
                Arbitraries.just(java.util.function.UnaryOperator.identity()),
                at.map(f -> bytes -> Arrays.copyOf(bytes, (int) (bytes.length * f))),
                Combinators.combine(at, Arbitraries.bytes()).as((f, b) -> bytes -> {
                    byte[] changed = bytes.clone();
                    if (changed.length > 0) {
                        changed[(int) ((changed.length - 1) * f)] = b;
                    }
                    return changed;
                }),
                Combinators.combine(at, Arbitraries.integers().between(2, 50)).as((f, times) -> bytes -> {
                    int from = (int) (bytes.length * f);
                    int to = Math.min(bytes.length, from + 10);
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.write(bytes, 0, to);
                    for (int i = 0; i < times; i++) {
                        out.write(bytes, from, to - from);
                    }
                    out.write(bytes, to, bytes.length - to);
                    return out.toByteArray();
                }));
    }

    private static byte[] write(Object value) {
        try {
            return json.writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- ILR files ---

    private static final Pattern ELEMENT_TEXT = Pattern.compile(">([^<]+)<");
    private static final List<String> HOSTILE_XML = List.of(
            "<!DOCTYPE Message [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>", "&e;", "&#0;", "&#x1;", "\u0001",
            "<![CDATA[", "]]>", "<Learner>", "</Learner>", "<?xml version=\"1.1\"?>", "99999999999999999999",
            "2026-02-30", "-1", "'; DROP TABLE ilr_import;--", "\ud83d\ude00", "<xi:include href=\"/etc/passwd\"/>",
            "A".repeat(100_000));

    @Property(tries = 40, seed = "20261206")
    void anIlrFileIsNeverA5xxAndARefusalRecordsNothing(@ForAll("ilrFiles") IlrUpload upload) {
        answersWithoutAServerErrorAndRefusesWithoutRecording("POST",
                "/api/providers/" + upload.ukprn() + "/imports?fileName=ILR-fuzz.xml", "admin", "application/xml",
                upload.content());
    }

    record IlrUpload(int ukprn, byte[] content) {
        @Override
        public String toString() {
            return ukprn + ": " + new String(content, StandardCharsets.UTF_8);
        }
    }

    @Provide
    Arbitrary<IlrUpload> ilrFiles() {
        Arbitrary<Integer> provider = Arbitraries.integers().between(30_000_000, 99_999_999);
        Arbitrary<Double> at = Arbitraries.doubles().between(0, 1);
        Arbitrary<Integer> kind = Arbitraries.integers().between(0, 4);
        return Combinators.combine(provider, kind, at, at, Arbitraries.of(HOSTILE_XML), Arbitraries.bytes())
                .as((ukprn, how, where, howMuch, snippet, b) -> {
                    String file = new String(ilrFile(ukprn), StandardCharsets.UTF_8);
                    int position = (int) (file.length() * where);
                    String spoiled = switch (how) {
                        case 0 -> file.substring(0, position) + snippet + file.substring(position);
                        case 1 -> replaceText(file, where, snippet);
                        case 2 -> file.substring(0, position)
                                + file.substring(Math.min(file.length(), position + (int) (200 * howMuch)));
                        case 3 -> file.substring(0, position) + file.substring(position, Math.min(file.length(),
                                position + (int) (400 * howMuch))).repeat(2) + file.substring(Math.min(file.length(),
                                position + (int) (400 * howMuch)));
                        default -> null;
                    };
                    if (spoiled == null) {
                        byte[] bytes = file.getBytes(StandardCharsets.UTF_8);
                        bytes[(int) ((bytes.length - 1) * where)] = b;
                        return new IlrUpload(ukprn, bytes);
                    }
                    return new IlrUpload(ukprn, spoiled.getBytes(StandardCharsets.UTF_8));
                });
    }

    /** The text of one element, picked by {@code where}, replaced by {@code snippet}. */
    private static String replaceText(String file, double where, String snippet) {
        List<int[]> texts = new ArrayList<>();
        Matcher matcher = ELEMENT_TEXT.matcher(file);
        while (matcher.find()) {
            texts.add(new int[] {matcher.start(1), matcher.end(1)});
        }
        int[] text = texts.get((int) ((texts.size() - 1) * where));
        return file.substring(0, text[0]) + snippet + file.substring(text[1]);
    }

    private static byte[] ilrFile(int ukprn) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            IlrXmlWriter.write(new IlrFileHeader(IlrSchema.Y2526, new Ukprn(ukprn), LocalDate.of(2026, 3, 2), 1,
                    LocalDateTime.of(2026, 3, 2, 9, 30)), List.of(Learners.apprentice("FUZZ" + (ukprn % 1000))).iterator(),
                    out, n -> { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    // --- the property itself ---

    private static void answersWithoutAServerErrorAndRefusesWithoutRecording(String method, String target, String user,
            String contentType, byte[] body) {
        Map<String, Long> before = recorded();

        RawHttp.Answer answer = http.send(method, target, user, Map.of("Content-Type", contentType), body);

        assertThat(answer.status()).as(answer.toString()).isLessThan(500);
        if (answer.status() >= 400) {
            assertThat(answer.contentType()).as(answer.toString()).startsWith("application/problem+json");
            assertThat(answer.json().path("status").asInt()).as(answer.toString()).isEqualTo(answer.status());
            assertThat(HostileInputTest.JAVA_INSIDE.matcher(answer.text()).find()).as("Java names in " + answer)
                    .isFalse();
            assertThat(recorded()).as("recorded by the refused " + answer).isEqualTo(before);
        }
    }

    private static Map<String, Long> recorded() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : List.of("domain_event_entry", "evidence", "ilr_import")) {
            counts.put(table, jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single());
        }
        return counts;
    }
}
