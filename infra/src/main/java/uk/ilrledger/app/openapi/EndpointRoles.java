package uk.ilrledger.app.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import java.util.List;
import java.util.stream.Collectors;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import uk.ilrledger.app.security.ApiAccess;
import uk.ilrledger.app.security.Role;

/**
 * States on every operation who may call it, taken from the rules the security filter chain
 * enforces ({@link ApiAccess}): {@code x-roles}, {@code x-provider-grant} and a sentence in its
 * description.
 */
@Component
class EndpointRoles implements OpenApiCustomizer {

    @Override
    public void customise(OpenAPI api) {
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                ApiAccess.ruleFor(HttpMethod.valueOf(method.name()), path).ifPresentOrElse(
                        rule -> describe(operation, rule),
                        () -> refusedToAll(operation))));
    }

    /** No rule covers it, so the security filter chain refuses every request. */
    private static void refusedToAll(Operation operation) {
        operation.addExtension("x-roles", List.of());
        append(operation, "**Roles:** none; every request is refused.");
    }

    private static void describe(Operation operation, ApiAccess.Rule rule) {
        operation.addExtension("x-roles", rule.roles().stream().map(Role::name).toList());
        operation.addExtension("x-provider-grant", rule.perProvider());
        String roles = rule.roles().stream().map(role -> "`" + role.name() + "`").collect(Collectors.joining(", "));
        String who = "**Roles:** " + roles + (rule.perProvider() ? ", granted the UKPRN in the path." : ".");
        append(operation, who);
    }

    private static void append(Operation operation, String text) {
        operation.setDescription(operation.getDescription() == null ? text : operation.getDescription() + "\n\n" + text);
    }
}
