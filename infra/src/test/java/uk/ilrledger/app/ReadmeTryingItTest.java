package uk.ilrledger.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * README's "Trying it", pasted as a new user would: the service started with the password its first
 * block exports, and its second block run by bash against it, only the address changed. The
 * withdrawal it raises must then be approved in the learner's history, so the README cannot drift.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestInfrastructure.class)
@DirtiesContext
class ReadmeTryingItTest {

    static final Path README = Path.of("..", "README.md");
    static final String DEFAULT_API = "API=http://localhost:8080/api";
    static final Pattern EXPORTED_PASSWORD = Pattern.compile("export ILR_LEDGER_DEMO_PASSWORD=(\\S+)");

    /** The day the README was last tried by hand: its dates are in a collection year still open then. */
    @TestConfiguration
    static class Today {
        @Bean
        @Primary
        Clock today() {
            return Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC);
        }
    }

    @DynamicPropertySource
    static void passwordTheServiceIsStartedWith(DynamicPropertyRegistry properties) throws IOException {
        String password = exportedPassword();
        properties.add("ILR_LEDGER_DEMO_PASSWORD", () -> password);
    }

    /** The password the first block exports before it starts the service. */
    static String exportedPassword() throws IOException {
        String start = blocks().get(0);
        Matcher exported = EXPORTED_PASSWORD.matcher(start);
        assertThat(exported.find()).as("the first block exports ILR_LEDGER_DEMO_PASSWORD:\n" + start).isTrue();
        assertThat(exported.start()).as("the password is exported before the service starts")
                .isLessThan(start.indexOf("java -jar"));
        return exported.group(1);
    }

    @LocalServerPort
    int port;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    ObjectMapper json;

    @Test
    void theClientBlockPastedIntoBashRecordsAnApprovedWithdrawalWithItsEvidence(@TempDir Path shell)
            throws Exception {
        String block = blocks().get(1);
        assertThat(block).as("the client block's API address").containsOnlyOnce(DEFAULT_API);
        String script = "set -eu -o pipefail\n" + block.replace(DEFAULT_API, "API=http://localhost:" + port + "/api");

        Process bash = new ProcessBuilder("bash", "-c", script).directory(shell.toFile()).redirectErrorStream(true).start();
        assertThat(bash.waitFor(2, TimeUnit.MINUTES)).as("the block finishes").isTrue();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(bash.exitValue()).as("bash's exit status; it printed:\n" + output).isZero();
        assertThat(output).as("what the user sees").doesNotContain("\"status\":4").doesNotContain("\"status\":5");
        JsonNode history = json.readTree(rest.withBasicAuth("auditor", exportedPassword())
                .getForObject("/api/providers/10000001/learners/LRN001/history", String.class));
        JsonNode withdrawal = entry(history, "WITHDRAWAL");
        assertThat(withdrawal).as("a withdrawal in the history " + history).isNotNull();
        assertThat(withdrawal.path("status").asText()).isEqualTo("APPROVED");
        assertThat(withdrawal.path("raisedBy").asText()).isEqualTo("raiser");
        assertThat(withdrawal.path("decidedBy").asText()).isEqualTo("approver");
        String evidenceId = withdrawal.path("evidence").path(0).asText();
        byte[] email = Files.readAllBytes(shell.resolve("withdrawal-email.txt"));
        assertThat(evidenceId).as("the e-mail the block wrote is the evidence").isEqualTo(EvidenceTest.sha256(email));
        assertThat(output).as("the block ends by downloading that e-mail").endsWith(new String(email, StandardCharsets.UTF_8));
    }

    private static JsonNode entry(JsonNode history, String type) {
        for (JsonNode entry : history) {
            if (entry.path("type").asText().equals(type)) {
                return entry;
            }
        }
        return null;
    }

    /** The shell blocks of README's "Trying it" section, in order. */
    static List<String> blocks() throws IOException {
        String readme = Files.readString(README);
        int start = readme.indexOf("\n## Trying it");
        int end = readme.indexOf("\n## ", start + 1);
        Matcher block = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL).matcher(readme.substring(start, end));
        List<String> blocks = new ArrayList<>();
        while (block.find()) {
            blocks.add(block.group(1));
        }
        assertThat(blocks).as("README's Trying it: a block starting the service, then the client's").hasSize(2);
        return blocks;
    }
}
