package dev.rotor.kit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Same-origin deployments: lets a browser authenticate with Rotor's HttpOnly access cookie while
 * MicroProfile JWT still verifies the token. Payara's MP-JWT cookie mode cannot read a browser's
 * Cookie header, so this mechanism, chosen over Payara's as a CDI alternative, hands the cookie's
 * token to it as {@code Authorization: Bearer} when the request has no Authorization header, and
 * marks the request so {@link CsrfCheck} applies. An expired cookie is left out (see {@link #unexpired}). (Rotor's own copy lives in Rotor; the kit
 * depends on nothing of Rotor's.) The cookie's token carries this resource server's audience, and
 * so passes MP JWT here, only when Rotor lists this resource server in {@code rotor.cookies.resource-servers}.
 */
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
@ApplicationScoped
public class CookieBridge implements HttpAuthenticationMechanism {

    static final String COOKIE_AUTHENTICATED = "dev.rotor.kit.cookie-authenticated";
    private static final Pattern EXP = Pattern.compile("\"exp\"\\s*:\\s*(\\d{1,18})\\b");

    @Inject
    BeanManager beanManager;

    @Inject
    KitSettings settings;

    private volatile HttpAuthenticationMechanism mpJwt;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) throws AuthenticationException {
        HttpServletRequest effective = request;
        if (request.getHeader("Authorization") == null) {
            String token = cookie(request, settings.accessCookie());
            if (token != null && unexpired(token, Instant.now())) {
                request.setAttribute(COOKIE_AUTHENTICATED, Boolean.TRUE);
                effective = new WithBearer(request, token);
            }
        }
        return mpJwt().validateRequest(effective, response, context);
    }

    @Override
    public AuthenticationStatus secureResponse(HttpServletRequest request, HttpServletResponse response,
                                               HttpMessageContext context) throws AuthenticationException {
        return mpJwt().secureResponse(request, response, context);
    }

    @Override
    public void cleanSubject(HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        mpJwt().cleanSubject(request, response, context);
    }

    /**
     * Whether the cookie's token claims an {@code exp} still ahead. An expired cookie is left out
     * rather than handed to MP JWT, so it does not turn a request to a public method into a 401;
     * this reads no signature, MP JWT still verifies everything that is handed over.
     */
    static boolean unexpired(String token, Instant now) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || token.length() > 8192) {
            return false;
        }
        try {
            var exp = EXP.matcher(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            return exp.find() && Long.parseLong(exp.group(1)) > now.getEpochSecond();
        } catch (IllegalArgumentException malformed) { // bad base64, or a number too long for a long
            return false;
        }
    }

    static String cookie(HttpServletRequest request, String name) {
        Cookie[] all = request.getCookies();
        if (all == null) {
            return null;
        }
        for (Cookie cookie : all) {
            if (name.equals(cookie.getName()) && !cookie.getValue().isEmpty()) {
                return cookie.getValue();
            }
        }
        return null;
    }

    /** Payara's MP-JWT mechanism: the other HttpAuthenticationMechanism bean. */
    private HttpAuthenticationMechanism mpJwt() {
        if (mpJwt == null) {
            Bean<?> bean = beanManager.getBeans(HttpAuthenticationMechanism.class, Any.Literal.INSTANCE).stream()
                    .filter(candidate -> !candidate.getBeanClass().equals(CookieBridge.class))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "MP-JWT authentication is not installed: the JAX-RS Application needs @LoginConfig(authMethod = \"MP-JWT\")"));
            mpJwt = (HttpAuthenticationMechanism) beanManager.getReference(bean, HttpAuthenticationMechanism.class,
                    beanManager.createCreationalContext(bean));
        }
        return mpJwt;
    }

    /** The request as MP JWT should see it: with the cookie's token as a Bearer credential. */
    private static final class WithBearer extends HttpServletRequestWrapper {

        private final String authorization;

        WithBearer(HttpServletRequest request, String token) {
            super(request);
            this.authorization = "Bearer " + token;
        }

        @Override
        public String getHeader(String name) {
            return "Authorization".equalsIgnoreCase(name) ? authorization : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return "Authorization".equalsIgnoreCase(name)
                    ? Collections.enumeration(List.of(authorization))
                    : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = Collections.list(super.getHeaderNames());
            names.add("Authorization");
            return Collections.enumeration(names);
        }
    }
}
