package uk.ilrledger.app.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where an OIDC bearer token carries what a configured user has in configuration
 * ({@code ilr-ledger.security.oidc.*}): the claim holding the user's name, the claim listing their
 * roles (names of {@link Role}) and the claim listing the UKPRNs granted ({@code *} for all). Which
 * tokens are trusted (issuer, key set, audiences) is Spring Boot's
 * {@code spring.security.oauth2.resourceserver.jwt.*}; without those, bearer tokens are not accepted.
 */
@ConfigurationProperties("ilr-ledger.security.oidc")
public record OidcProperties(
        @DefaultValue("sub") String userNameClaim,
        @DefaultValue("roles") String rolesClaim,
        @DefaultValue("ukprns") String ukprnsClaim) {

    public OidcProperties {
        if (blank(userNameClaim) || blank(rolesClaim) || blank(ukprnsClaim)) {
            throw new IllegalArgumentException("ilr-ledger.security.oidc: user-name-claim, roles-claim and "
                    + "ukprns-claim must name a claim");
        }
    }

    private static boolean blank(String claim) {
        return claim == null || claim.isBlank();
    }
}
