package uk.ilrledger.app.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.ProviderGrants;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * Turns an OIDC bearer token into the same authorities a configured user has: {@code ROLE_x} for
 * each role named in the roles claim, a provider grant for each UKPRN in the UKPRNs claim. As a
 * validator it refuses (401) a token without the user name, roles or UKPRNs claims, or with a UKPRN
 * that is not one; role names the service does not know are left out, as an identity provider's
 * token often carries roles of other services too.
 */
public class OidcClaims implements OAuth2TokenValidator<Jwt>, Converter<Jwt, AbstractAuthenticationToken> {

    private final OidcProperties claims;

    public OidcClaims(OidcProperties claims) {
        this.claims = claims;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        List<String> problems = new ArrayList<>();
        if (token.getClaimAsString(claims.userNameClaim()) == null
                || token.getClaimAsString(claims.userNameClaim()).isBlank()) {
            problems.add("the token has no " + claims.userNameClaim() + " claim");
        }
        if (values(token, claims.rolesClaim()) == null) {
            problems.add("the token has no " + claims.rolesClaim() + " claim");
        }
        List<String> ukprns = values(token, claims.ukprnsClaim());
        if (ukprns == null) {
            problems.add("the token has no " + claims.ukprnsClaim() + " claim");
        } else {
            for (String ukprn : ukprns) {
                try {
                    grant(ukprn);
                } catch (DomainProblem malformed) {
                    problems.add("the " + claims.ukprnsClaim() + " claim holds '" + ukprn + "': "
                            + malformed.getMessage());
                }
            }
        }
        return problems.isEmpty() ? OAuth2TokenValidatorResult.success() : OAuth2TokenValidatorResult.failure(
                problems.stream().map(problem -> new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, problem, null)).toList());
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt token) {
        Collection<GrantedAuthority> authorities = new ArrayList<>();
        List<String> known = Arrays.stream(Role.values()).map(Role::name).toList();
        for (String role : values(token, claims.rolesClaim())) {
            String name = role.toUpperCase(Locale.ROOT);
            if (known.contains(name)) {
                authorities.add(new SimpleGrantedAuthority("ROLE_" + name));
            }
        }
        for (String ukprn : values(token, claims.ukprnsClaim())) {
            authorities.add(new SimpleGrantedAuthority(grant(ukprn)));
        }
        return new JwtAuthenticationToken(token, authorities, token.getClaimAsString(claims.userNameClaim()));
    }

    private static String grant(String ukprn) {
        return ukprn.equals("*") ? ProviderGrants.ALL : ProviderGrants.authority(Ukprn.parse(ukprn));
    }

    /** A claim as a list of strings: a JSON array, or one string of names separated by spaces or commas. */
    private static List<String> values(Jwt token, String claim) {
        Object value = token.getClaims().get(claim);
        if (value instanceof Collection<?> many) {
            return many.stream().map(String::valueOf).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        if (value instanceof String || value instanceof Number) {
            return Arrays.stream(String.valueOf(value).split("[\\s,]+")).filter(s -> !s.isEmpty()).toList();
        }
        return null;
    }
}
