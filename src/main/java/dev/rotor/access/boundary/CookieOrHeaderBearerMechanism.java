package dev.rotor.access.boundary;

import dev.rotor.access.control.AccessTokenCheck;
import dev.rotor.access.control.Caller;
import dev.rotor.access.control.CookieNames;
import dev.rotor.problem.Challenge;
import dev.rotor.token.control.PublishedKeys;
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
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContextWrapper;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import dev.rotor.token.control.PublishedKeys;

/**
 * The one authentication mechanism for access tokens, whichever way they come: a plain
 * {@code Authorization: Bearer} header (API clients) or the HttpOnly access cookie (browsers).
 * MicroProfile JWT still does the verifying. Payara's own MP-JWT cookie mode cannot read a
 * browser's Cookie header (it expects {@code $Version=1;} at its start), so this mechanism, chosen
 * over Payara's as a CDI alternative, hands the cookie's token to Payara's mechanism as an
 * {@code Authorization: Bearer} header when the request has none, and notes on the request's
 * {@link Caller} that the access cookie carried it, so the CSRF rule applies.
 *
 * <p>Only a cookie whose token is signed by one of our keys and unexpired is handed on, whatever the
 * path: a stale access cookie must not turn sign-in or refresh into a 401. A request with neither
 * credential is answered "nothing to authenticate" here, as Payara's mechanism would. Whether the
 * endpoint needs the caller is decided per resource method by {@link NeedsCaller}.
 *
 * <p>A token MP JWT accepted once is accepted again from {@link VerifiedTokens} until it expires or
 * its key stops verifying, without Payara parsing and verifying it again. Either way the token's
 * claims go to the {@link Caller}.
 */
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
@ApplicationScoped
public class CookieOrHeaderBearerMechanism implements HttpAuthenticationMechanism {

    private static final String BEARER = "Bearer ";

    @Inject
    BeanManager beanManager;

    @Inject
    CookieNames cookies;

    @Inject
    Caller caller;

    @Inject
    AccessTokenCheck tokens;

    @Inject
    PublishedKeys keys;

    @Inject
    Clock clock;

    final VerifiedTokens verified = new VerifiedTokens();

    /** Payara's MP-JWT mechanism, looked up on first use (package-private so a test can put a fake here). */
    volatile HttpAuthenticationMechanism mpJwt;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) throws AuthenticationException {
        String authorization = request.getHeader("Authorization");
        if (authorization != null) {
            // the same rule as Payara's mechanism: anything else is its to refuse
            if (!authorization.startsWith(BEARER)) {
                return mpJwt().validateRequest(request, response, context);
            }
            String token = authorization.substring(BEARER.length());
            VerifiedTokens.Entry known = verified.find(token, clock.instant(), keys::verifies);
            return known != null ? logIn(known, context) : askMpJwt(request, token, response, context);
        }
        String token = cookies.accessToken(request);
        VerifiedTokens.Entry known = token == null ? null : verified.find(token, clock.instant(), keys::verifies);
        if (known == null && (token == null || !tokens.isSignedAndUnexpired(token))) {
            // No credential: what Payara's mechanism would answer too, without its per-request
            // CDI lookup (14 % of a public request's CPU when it was profiled).
            return context.doNothing();
        }
        caller.presentedAccessCookie();
        return known != null ? logIn(known, context) : askMpJwt(new WithBearer(request, token), token, response, context);
    }

    /**
     * Logs the caller in with a result MP JWT gave for this token before, as Payara's mechanism does
     * with a valid one, and hands the token's claims to the {@link Caller}.
     */
    private AuthenticationStatus logIn(VerifiedTokens.Entry known, HttpMessageContext context) {
        CredentialValidationResult result = known.result();
        context.getClientSubject().getPrincipals().add(result.getCallerPrincipal());
        caller.loggedIn(known.claims());
        return context.notifyContainerAboutLogin(result);
    }

    /**
     * Payara's mechanism decides; a token it accepts is remembered with its result and claims. A
     * token it refuses is noted on the request for the container's error page, so the 401 names
     * {@code invalid_token} (RFC 6750 §3.1).
     */
    private AuthenticationStatus askMpJwt(HttpServletRequest request, String token, HttpServletResponse response,
                                          HttpMessageContext context) throws AuthenticationException {
        var watched = new Watched(context);
        AuthenticationStatus status = mpJwt().validateRequest(request, response, watched);
        if (status == AuthenticationStatus.SUCCESS && watched.accepted != null) {
            VerifiedTokens.Entry entry = verified.remember(token, watched.accepted, clock.instant());
            if (entry != null) {
                caller.loggedIn(entry.claims());
            }
        } else if (status == AuthenticationStatus.SEND_FAILURE) {
            request.setAttribute(Challenge.TOKEN_REFUSED, Boolean.TRUE);
        }
        return status;
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

    /** Payara's MP-JWT mechanism: the other HttpAuthenticationMechanism bean. */
    private HttpAuthenticationMechanism mpJwt() {
        if (mpJwt == null) {
            Bean<?> bean = beanManager.getBeans(HttpAuthenticationMechanism.class, Any.Literal.INSTANCE).stream()
                    .filter(candidate -> !candidate.getBeanClass().equals(CookieOrHeaderBearerMechanism.class))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("MP-JWT authentication is not installed"));
            mpJwt = (HttpAuthenticationMechanism) beanManager.getReference(bean, HttpAuthenticationMechanism.class,
                    beanManager.createCreationalContext(bean));
        }
        return mpJwt;
    }

    /** The context handed to Payara's mechanism, noting the result it logs the caller in with. */
    private static final class Watched extends HttpMessageContextWrapper {

        CredentialValidationResult accepted;

        Watched(HttpMessageContext context) {
            super(context);
        }

        @Override
        public AuthenticationStatus notifyContainerAboutLogin(CredentialValidationResult result) {
            accepted = result;
            return super.notifyContainerAboutLogin(result);
        }
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
