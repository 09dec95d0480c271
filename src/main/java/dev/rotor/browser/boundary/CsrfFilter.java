package dev.rotor.browser.boundary;

import dev.rotor.access.boundary.FilterOrder;
import dev.rotor.access.boundary.NeedsCaller;
import dev.rotor.access.control.Caller;
import dev.rotor.browser.control.CsrfGuard;
import dev.rotor.browser.control.RefreshCookie;
import dev.rotor.problem.Problem;
import dev.rotor.session.control.RefreshToken;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The CSRF rule, bound to the matched resource method, never to a spelling of its path: a
 * state-changing request that a cookie authenticates needs {@code X-CSRF-Token} bound to its
 * session, and an Origin / Sec-Fetch-Site that is not foreign. Sign-in gets the Origin check
 * (login CSRF). A refusal is a 403 problem and nothing changes. Whether a method needs a caller is
 * {@link NeedsCaller}'s decision, the same one that binds the access-token checks to it.
 */
@Provider
@Priority(FilterOrder.CSRF)
public class CsrfFilter implements ContainerRequestFilter {

    public static final String HEADER = "X-CSRF-Token";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    CsrfGuard csrf;

    @Inject
    RefreshCookie refreshCookie;

    @Inject
    OriginPolicy origins;

    @Inject
    Caller caller;

    @Context
    HttpServletRequest request;

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext context) {
        if (SAFE_METHODS.contains(context.getMethod())) {
            return;
        }
        Method method = resource.getResourceMethod(); // ResourceInfo is a proxy: asked once, and the class only if needed
        if (method == null) {
            return;
        }
        CsrfProof proof = method.getAnnotation(CsrfProof.class);
        boolean byAccessCookie = caller.byAccessCookie() && NeedsCaller.of(resource.getResourceClass(), method);
        if (proof == null && !byAccessCookie) {
            return; // a bearer token, a form post of the OAuth endpoints, or no credentials at all
        }
        if (!origins.permitsStateChange(request.getHeader("Origin"), request.getHeader("Sec-Fetch-Site"),
                request.getScheme(), request.getHeader("Host"))) {
            context.abortWith(refused("This request comes from another site."));
            return;
        }
        if (proof != null && proof.value() == CsrfProof.Kind.ORIGIN) {
            return;
        }
        String sessionId = byAccessCookie ? sessionOfAccessToken(context) : sessionOfRefreshCookie();
        if (sessionId == null) {
            return; // no session cookie at all: the endpoint answers 401 and changes nothing
        }
        if (!csrf.matches(sessionId, context.getHeaderString(HEADER))) {
            context.abortWith(refused("The " + HEADER + " header is missing or does not match this session."));
        }
    }

    private String sessionOfAccessToken(ContainerRequestContext context) {
        if (context.getSecurityContext().getUserPrincipal() instanceof JsonWebToken jwt) {
            String sid = caller.claims(jwt).sessionId();
            return sid == null ? "" : sid;
        }
        return "";
    }

    private String sessionOfRefreshCookie() {
        if (!refreshCookie.present(request)) {
            return null;
        }
        return refreshCookie.token(request).map(RefreshToken::sessionId).orElse("");
    }

    private static jakarta.ws.rs.core.Response refused(String detail) {
        return Problem.of("csrf", "Forbidden", 403, detail).toResponse();
    }
}
