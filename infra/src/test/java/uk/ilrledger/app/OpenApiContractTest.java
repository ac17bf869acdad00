package uk.ilrledger.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import uk.ilrledger.app.security.Role;
import uk.ilrledger.schemas.learner.ChangeProposal;

/** The OpenAPI document clients generate their code from, read as a client reads it. */
@IntegrationTest
class OpenApiContractTest {

    static final String RAISE = "/api/providers/{ukprn}/learners/{learnRefNumber}/changes";
    static final String PROBLEM = "application/problem+json";

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ObjectMapper json;

    JsonNode document;

    @BeforeEach
    void read() throws Exception {
        ResponseEntity<String> answer = rest.getForEntity("/v3/api-docs", String.class);
        assertThat(answer.getStatusCode().value()).as("/v3/api-docs without signing in").isEqualTo(200);
        document = json.readTree(answer.getBody());
    }

    @Test
    void theDocumentSaysWhatTheServiceIsAndHowToSignIn() {
        JsonNode info = document.path("info");
        assertThat(info.path("title").asText()).isEqualTo("ILR Ledger API");
        assertThat(info.path("description").asText()).contains("Individualised Learner Record", "application/problem+json");
        assertThat(info.path("version").asText()).as("version").isNotBlank().doesNotContain("@").isNotEqualTo("v0");

        JsonNode schemes = document.path("components").path("securitySchemes");
        assertThat(schemes.path("basic").path("type").asText()).isEqualTo("http");
        assertThat(schemes.path("basic").path("scheme").asText()).isEqualTo("basic");
        assertThat(document.path("security").toString()).as("every operation needs the scheme").contains("\"basic\"");
        assertThat(rest.getForEntity("/swagger-ui/index.html", String.class).getStatusCode().value())
                .as("Swagger UI").isEqualTo(200);
    }

    @Test
    void everyOperationNamesTheRolesThatMayCallItAndAnswersProblemsForItsErrors() {
        List<String> roles = Arrays.stream(Role.values()).map(Role::name).toList();
        List<String> operations = new ArrayList<>();
        eachOperation((name, operation) -> {
            operations.add(name);
            List<String> allowed = new ArrayList<>();
            operation.path("x-roles").forEach(role -> allowed.add(role.asText()));
            assertThat(allowed).as("x-roles of " + name).isNotEmpty().isSubsetOf(roles);
            assertThat(operation.path("description").asText()).as("description of " + name)
                    .contains(allowed.stream().map(role -> "`" + role + "`").toList());
            assertThat(operation.path("x-provider-grant").isBoolean()).as("x-provider-grant of " + name).isTrue();

            List<String> problems = new ArrayList<>();
            operation.path("responses").fields().forEachRemaining(response -> {
                if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                    assertThat(response.getValue().path("content").path(PROBLEM).path("schema").path("$ref").asText())
                            .as(response.getKey() + " of " + name).isEqualTo("#/components/schemas/ProblemDetail");
                    problems.add(response.getKey());
                }
            });
            assertThat(problems).as("problem responses of " + name).contains("400", "401", "403");
            List<String> successes = new ArrayList<>();
            operation.path("responses").fieldNames().forEachRemaining(status -> {
                if (status.startsWith("2")) {
                    successes.add(status);
                }
            });
            assertThat(successes).as("success responses of " + name).hasSize(1);
        });
        assertThat(operations).as("operations in the document").hasSizeGreaterThan(20)
                .contains("POST " + RAISE, "GET /api/evidence/{evidenceId}", "POST /api/admin/replays/{projection}");
        assertThat(document.at("/components/schemas/ProblemDetail/properties/errors/items/properties/field/type").asText())
                .isEqualTo("string");
    }

    @Test
    void statusCodesAreTheOnesTheApiAnswers() {
        assertThat(statuses("post", "/api/providers/{ukprn}/learners")).contains("201", "409").doesNotContain("200");
        assertThat(statuses("post", RAISE)).contains("201", "404", "409", "413", "415").doesNotContain("200");
        assertThat(statuses("post", "/api/evidence")).contains("201", "413", "415");
        assertThat(statuses("post", "/api/providers/{ukprn}/returns/{year}/{period}/submissions"))
                .contains("201", "404", "409", "503");
        assertThat(statuses("post", "/api/providers/{ukprn}/imports")).contains("200", "409", "413", "415");
        assertThat(statuses("get", "/api/providers/{ukprn}/returns/{year}/{period}/ilr.xml")).contains("200", "422", "503");
        assertThat(statuses("post", "/api/admin/replays/{projection}")).contains("202", "409");
        assertThat(document.at("/paths/~1api~1providers~1{ukprn}~1returns~1{year}~1{period}~1ilr.xml/get/responses/200"
                + "/content").has("application/xml")).as("the export answers XML").isTrue();
    }

    @Test
    void raisingAChangeTakesOneBodySchemaPerChangeTypeWithThatTypesValues() {
        JsonNode body = document.at("/paths/" + RAISE.replace("/", "~1") + "/post/requestBody/content/application~1json/schema");
        assertThat(body.path("discriminator").path("propertyName").asText()).isEqualTo("type");

        Map<String, Class<?>> expected = new LinkedHashMap<>();
        for (JsonSubTypes.Type type : ChangeProposal.class.getAnnotation(JsonSubTypes.class).value()) {
            expected.put(type.name(), type.value());
        }
        Map<String, JsonNode> documented = new LinkedHashMap<>();
        for (JsonNode option : body.path("oneOf")) {
            JsonNode raise = schema(option.path("$ref").asText());
            assertThat(raise.at("/properties/type/enum")).as(option.toString()).hasSize(1);
            documented.put(raise.at("/properties/type/enum/0").asText(), raise);
        }
        assertThat(documented.keySet()).as("change types of the raise body").containsExactlyElementsOf(expected.keySet());

        documented.forEach((type, raise) -> {
            assertThat(body.path("discriminator").path("mapping").path(type).asText()).as("mapping of " + type)
                    .isNotEmpty();
            assertThat(raise.path("required").toString()).contains("\"type\"", "\"effectiveDate\"", "\"reason\"",
                    "\"evidence\"");
            JsonNode values = schema(raise.at("/properties/values/$ref").asText());
            List<String> fields = new ArrayList<>();
            values.path("properties").fieldNames().forEachRemaining(fields::add);
            assertThat(fields).as("values of " + type).containsExactlyElementsOf(
                    Arrays.stream(expected.get(type).getRecordComponents()).map(RecordComponent::getName).toList());
            assertThat(values.path("additionalProperties").asBoolean(true)).as("unknown fields in " + type).isFalse();
        });
        assertThat(schema("#/components/schemas/WithdrawalValues").at("/properties/learnActEndDate/format").asText())
                .isEqualTo("date");
        assertThat(schema("#/components/schemas/WithdrawalValues").at("/properties/withdrawReason/type").asText())
                .isEqualTo("integer");
    }

    private List<String> statuses(String method, String path) {
        List<String> statuses = new ArrayList<>();
        document.path("paths").path(path).path(method).path("responses").fieldNames().forEachRemaining(statuses::add);
        assertThat(statuses).as(method + " " + path + " is documented").isNotEmpty();
        return statuses;
    }

    private JsonNode schema(String ref) {
        assertThat(ref).startsWith("#/components/schemas/");
        JsonNode schema = document.path("components").path("schemas").path(ref.substring(ref.lastIndexOf('/') + 1));
        assertThat(schema.isMissingNode()).as(ref).isFalse();
        return schema;
    }

    private void eachOperation(BiConsumer<String, JsonNode> check) {
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(
                operation -> check.accept(operation.getKey().toUpperCase() + " " + path.getKey(), operation.getValue())));
    }
}
