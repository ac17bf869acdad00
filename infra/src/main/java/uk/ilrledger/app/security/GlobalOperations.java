package uk.ilrledger.app.security;

import java.util.function.Supplier;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import uk.ilrledger.schemas.values.ProviderGrants;

/**
 * Operations that act on every provider at once (projection rebuilds, processor failures, the
 * actuator): the role is not enough, the user must be granted every UKPRN.
 */
public final class GlobalOperations implements AuthorizationManager<RequestAuthorizationContext> {

    /** Refused only for want of a grant for every UKPRN, so the answer can say so. */
    public static final class NeedsEveryUkprn extends AuthorizationDecision {
        NeedsEveryUkprn() {
            super(false);
        }
    }

    private final String authority;

    private GlobalOperations(Role role) {
        this.authority = "ROLE_" + role.name();
    }

    public static GlobalOperations forRole(Role role) {
        return new GlobalOperations(role);
    }

    @Override
    @SuppressWarnings("deprecation") // check() is the method AuthorizationManager still requires in 6.5
    public AuthorizationDecision check(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
        var authorities = authentication.get().getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
        if (!authorities.contains(authority)) {
            return new AuthorizationDecision(false);
        }
        return authorities.contains(ProviderGrants.ALL) ? new AuthorizationDecision(true) : new NeedsEveryUkprn();
    }
}
