package dev.rotor.browser.boundary;

import dev.rotor.browser.control.BrowserCookies;
import dev.rotor.browser.control.CsrfGuard;
import dev.rotor.problem.Problem;
import dev.rotor.session.control.RefreshTokens;
import dev.rotor.token.control.AccessTokenIssuer;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The CSRF rule: a state-changing request that a cookie authenticates needs {@code X-CSRF-Token}
 * bound to its session, and an Origin / Sec-Fetch-Site that is not foreign. Sign-in itself gets the
 * Origin check (login CSRF). A refusal is a 403 problem and nothing changes.
 */
@Provider
@Priority(Priorities.AUTHENTICATION - 100)
public class CsrfFilter implements ContainerRequestFilter {

    public static final String HEADER = "X-CSRF-Token";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> REFRESH_COOKIE_PATHS = Set.of("auth/refresh", "auth/logout");

    @Inject
    CsrfGuard csrf;

    @Inject
    BrowserCookies cookies;

    @Inject
    OriginPolicy origins;

    @Context
    HttpServletRequest request;

    @Override
    public void filter(ContainerRequestContext context) {
        if (SAFE_METHODS.contains(context.getMethod())) {
            return;
        }
        String path = context.getUriInfo().getPath(false).replaceFirst("^/", "");
        boolean byAccessCookie = Boolean.TRUE.equals(request.getAttribute(CookieBearerMechanism.COOKIE_AUTHENTICATED));
        boolean byRefreshCookie = REFRESH_COOKIE_PATHS.contains(path);
        if (!byAccessCookie && !byRefreshCookie && !path.equals("auth/login")) {
            return;
        }
        if (!origins.permitsStateChange(request)) {
            context.abortWith(refused("This request comes from another site."));
            return;
        }
        if (path.equals("auth/login")) {
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

    private static String sessionOfAccessToken(ContainerRequestContext context) {
        if (context.getSecurityContext().getUserPrincipal() instanceof JsonWebToken jwt) {
            String sid = AccessTokenIssuer.sessionIdOf(jwt);
            return sid == null ? "" : sid;
        }
        return "";
    }

    private String sessionOfRefreshCookie() {
        String token = cookies.refreshToken(request);
        if (token == null) {
            return null;
        }
        return RefreshTokens.parse(token).map(RefreshTokens.Presented::familyId).orElse("");
    }

    private static jakarta.ws.rs.core.Response refused(String detail) {
        return Problem.of("csrf", "Forbidden", 403, detail).toResponse();
    }
}
