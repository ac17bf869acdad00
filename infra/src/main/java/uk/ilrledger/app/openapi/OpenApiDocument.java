package uk.ilrledger.app.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}): what the
 * service is, how callers sign in, and, added to every operation by the customizers of this package,
 * who may call it, the problems it answers and the values of each change type.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiDocument {

    /** The security schemes by name: HTTP basic, and OIDC bearer tokens where an identity provider is configured. */
    static final String BASIC = "basic";
    static final String BEARER = "bearer";

    private static final String DESCRIPTION = """
            An event-sourced history of a training provider's Individualised Learner Record (ILR). \
            Every change of circumstance is raised by one person with its evidence, approved or rejected \
            by a second, and recorded as an immutable event; the current ILR, the audit history, the \
            tracker queue and the R-returns are built from those events.

            **Signing in.** HTTP basic, or an OIDC bearer token where the service is configured to trust an \
            identity provider (roles and UKPRNs in the token's claims). Each user has roles (`RAISER`, `APPROVER`, `AUDITOR`, `EXPORTER`, \
            `ADMIN`) and is limited to the UKPRNs granted; every operation lists the roles that may call \
            it (`x-roles`) and whether the UKPRN in its path must be granted (`x-provider-grant`).

            **Conventions.** JSON field names are the ILR's element names in lowerCamelCase; dates \
            `yyyy-MM-dd`, instants ISO-8601 UTC; collection years `2526`, periods `R01`…`R14`. Unknown \
            fields are refused. Writes take an optional client id (`changeId`, `importId`) that makes a \
            retry safe.

            **Errors** are RFC 7807 `application/problem+json` (`ProblemDetail`) naming the field at fault \
            in `errors[].field`, and the DfE rule in `ruleId` where one failed. A refused request has \
            stored nothing.""";

    @Bean
    OpenAPI ledgerApi(@Value("${ilr-ledger.api.version:development}") String version) {
        return new OpenAPI()
                .info(new Info()
                        .title("ILR Ledger API")
                        .description(DESCRIPTION)
                        .version(version))
                .components(new Components()
                        .addSecuritySchemes(BASIC, new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP)
                                .scheme("basic")
                                .description("A configured user, or a demo user of the embedded default"))
                        .addSecuritySchemes(BEARER, new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP)
                                .scheme("bearer")
                                .bearerFormat("JWT")
                                .description("A token of the configured OIDC identity provider, its roles and "
                                        + "UKPRNs in claims (`roles` and `ukprns` unless configured otherwise)")))
                .addSecurityItem(new SecurityRequirement().addList(BASIC))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }
}
