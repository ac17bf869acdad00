package uk.ilrledger.app.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * The errors every operation can answer, as {@code application/problem+json} with the
 * {@code ProblemDetail} schema: 400, 401 and 403 for all, 404 where the path names something, 413 and
 * 415 where a body is sent. Statuses only some operations answer (409, 422, 503) are declared on them;
 * this gives those the problem schema too.
 */
@Component
class ErrorResponses implements OpenApiCustomizer {

    static final String SCHEMA = "ProblemDetail";
    static final String MEDIA_TYPE = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private static final Map<String, String> ALWAYS = Map.of(
            "400", "Invalid input: `errors[].field` names each field at fault, `ruleId` the DfE rule that failed",
            "401", "Not signed in",
            "403", "The caller's roles or UKPRN grants do not allow it");

    @Override
    public void customise(OpenAPI api) {
        api.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> {
            ApiResponses responses = operation.getResponses();
            ALWAYS.forEach((status, description) -> declare(responses, status, description));
            if (path.contains("{")) {
                declare(responses, "404", "Nothing of that id that the caller may see");
            }
            if (operation.getRequestBody() != null) {
                declare(responses, "413", "The body is larger than the service accepts");
                declare(responses, "415", "The body is of a media type the operation does not take");
            }
            responses.forEach((status, response) -> {
                if (status.startsWith("4") || status.startsWith("5")) {
                    response.setContent(new Content().addMediaType(MEDIA_TYPE,
                            new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + SCHEMA))));
                }
            });
        }));
        api.getComponents().addSchemas(SCHEMA, problemSchema());
    }

    private static void declare(ApiResponses responses, String status, String description) {
        responses.computeIfAbsent(status, code -> new ApiResponse().description(description));
    }

    /** RFC 7807 with the ledger's members: errors naming fields, the rule that failed. */
    static Schema<?> problemSchema() {
        Schema<?> error = new ObjectSchema()
                .addProperty("field", new StringSchema().description("the field at fault, as a path into the request: "
                        + "`values.withdrawReason`, `learningDeliveries[0].learnPlanEndDate`, `file`"))
                .addProperty("message", new StringSchema())
                .addProperty("line", new IntegerSchema().description("in an ILR file: the line"))
                .addProperty("column", new IntegerSchema().description("in an ILR file: the column"));
        error.setRequired(List.of("field", "message"));
        Schema<?> problem = new ObjectSchema()
                .description("An RFC 7807 problem")
                .addProperty("type", new StringSchema().format("uri").example("urn:ilr-ledger:problem:invalid-field"))
                .addProperty("title", new StringSchema().example("Bad Request"))
                .addProperty("status", new IntegerSchema().example(400))
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema().format("uri"))
                .addProperty("errors", new ArraySchema().items(error))
                .addProperty("ruleId", new StringSchema().description("the DfE validation rule, or the ledger's own "
                        + "(`LDG_…`), that failed").example("LearnActEndDate_04"));
        problem.setRequired(List.of("type", "title", "status"));
        return problem;
    }
}
