package uk.ilrledger.app.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.handler.HandlerMappingIntrospector;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * The last API rule: a request no rule of {@link ApiAccess} matches. A signed-in caller is let through
 * to a 404 problem when no handler answers the request at all (a path that does not exist), and is
 * refused when one does, so a route added without a rule is still closed to everyone. An anonymous
 * caller is refused, which the entry point answers 401.
 */
final class UnknownApiPaths implements AuthorizationManager<RequestAuthorizationContext> {

    private final HandlerMappingIntrospector introspector;
    private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

    UnknownApiPaths(HandlerMappingIntrospector introspector) {
        this.introspector = introspector;
    }

    @Override
    public AuthorizationDecision check(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
        Authentication caller = authentication.get();
        if (caller == null || !trust.isAuthenticated(caller)) {
            return new AuthorizationDecision(false);
        }
        return new AuthorizationDecision(!handled(context.getRequest()));
    }

    /** Whether a controller or endpoint maps the request, by its path and whatever else it is mapped by. */
    private boolean handled(HttpServletRequest request) {
        List<HandlerMapping> mappings = introspector.getHandlerMappings();
        if (mappings == null) {
            return true;
        }
        Object parsed = request.getAttribute(ServletRequestPathUtils.PATH_ATTRIBUTE);
        if (parsed == null) {
            ServletRequestPathUtils.parseAndCache(request);
        }
        try {
            for (HandlerMapping mapping : mappings) {
                if (mapping instanceof RequestMappingInfoHandlerMapping controllers && controllers.getHandler(request) != null) {
                    return true;
                }
            }
            return false;
        } catch (Exception mappedOtherwise) {
            // A path that is mapped for another method or media type: not an unknown path.
            return true;
        } finally {
            if (parsed == null) {
                ServletRequestPathUtils.clearParsedRequestPath(request);
            }
        }
    }
}
