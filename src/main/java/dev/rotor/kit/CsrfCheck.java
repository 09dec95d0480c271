package dev.rotor.kit;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * The CSRF rule for cookie-authenticated, state-changing requests. Rotor binds its CSRF token to
 * the session with a key the kit does not have, so the kit checks the double submit instead:
 * {@code X-CSRF-Token} must equal Rotor's {@code __Host-rotor-csrf} cookie (a {@code __Host-}
 * cookie cannot be planted from a sibling subdomain and cannot be read cross-origin), and
 * {@code Sec-Fetch-Site} must not be {@code cross-site} and {@code Origin}, if sent, must be
 * this host. A refusal is a 403 problem and the resource method does not run.
 */
@Provider
@Priority(Priorities.AUTHENTICATION - 100)
public class CsrfCheck implements ContainerRequestFilter {

    static final String HEADER = "X-CSRF-Token";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    KitSettings settings;

    @Context
    HttpServletRequest request;

    @Override
    public void filter(ContainerRequestContext context) {
        if (SAFE_METHODS.contains(context.getMethod())
                || !Boolean.TRUE.equals(request.getAttribute(CookieBridge.COOKIE_AUTHENTICATED))) {
            return;
        }
        if (!sameOrigin()) {
            context.abortWith(KitProblems.problem("csrf", "Forbidden", 403, "This request comes from another site."));
            return;
        }
        String cookie = CookieBridge.cookie(request, settings.csrfCookie());
        String header = context.getHeaderString(HEADER);
        if (cookie == null || header == null
                || !MessageDigest.isEqual(cookie.getBytes(StandardCharsets.UTF_8), header.getBytes(StandardCharsets.UTF_8))) {
            context.abortWith(KitProblems.problem("csrf", "Forbidden", 403,
                    "The " + HEADER + " header is missing or does not match the CSRF cookie."));
        }
    }

    private boolean sameOrigin() {
        if ("cross-site".equalsIgnoreCase(request.getHeader("Sec-Fetch-Site"))) {
            return false;
        }
        String origin = request.getHeader("Origin");
        String host = request.getHeader("Host");
        return origin == null || host != null && (origin.equalsIgnoreCase(request.getScheme() + "://" + host)
                || origin.equalsIgnoreCase("https://" + host)); // https: behind a TLS-terminating proxy
    }
}
