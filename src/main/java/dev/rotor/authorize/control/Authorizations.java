package dev.rotor.authorize.control;

import dev.rotor.authorize.entity.AuthorizationRequest;
import dev.rotor.client.control.Clients;
import dev.rotor.client.control.OAuthClient;
import dev.rotor.platform.RequestFacts;
import dev.rotor.platform.RotorSettings;
import dev.rotor.session.entity.Session;
import dev.rotor.session.entity.SessionStatus;
import dev.rotor.token.entity.Authentication;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * Continues a pending authorization request from the sign-in page: decides single sign-on, a
 * fresh sign-in, a second factor ({@code acr_values=mfa}), consent and {@code prompt=none}, and answers with a code (or an error) for the
 * client's redirect URI. The Rotor sign-in is a session of {@value #SIGN_IN_CLIENT} (the browser's
 * own, by its cookie); the code is bound to it.
 */
@ApplicationScoped
public class Authorizations {

    /** The client of Rotor's own browser sign-in. */
    public static final String SIGN_IN_CLIENT = "rotor-web";

    /** The browser's Rotor sign-in as the caller's access token names it. */
    public record SignIn(String accountId, String sessionId) {
    }

    /** What the page does next. */
    public sealed interface Outcome permits Redirect, SignInRequired, ConsentRequired {
    }

    /** Go to this URL (the client's redirect URI with a code or an error). */
    public record Redirect(String url) implements Outcome {
    }

    /**
     * Show the password form; {@code fresh}: even though a sign-in exists, it is too old for this
     * request; {@code secondFactor}: it lacks the second factor the request asks for ({@code acr_values=mfa}).
     */
    public record SignInRequired(boolean fresh, boolean secondFactor) implements Outcome {
        public SignInRequired(boolean fresh) {
            this(fresh, false);
        }
    }

    /** Ask the user whether {@code client} may have {@code scopes}. */
    public record ConsentRequired(OAuthClient client, List<String> scopes) implements Outcome {
    }

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    AuthorizationRequests requests;

    @Inject
    AuthorizationCodes codes;

    @Inject
    Consents consents;

    @Inject
    Clients clients;

    @Inject
    RotorSettings settings;

    @Inject
    Clock clock;

    /** The live request {@code id} and its client; {@link AuthorizationRequestExpired} when either is gone. */
    public Pending pending(String id) {
        AuthorizationRequest request = requests.findLive(id);
        OAuthClient client = clients.findEnabled(request.clientId()).orElseThrow(AuthorizationRequestExpired::new);
        return new Pending(request, client);
    }

    /** A live request and its (enabled) client. */
    public record Pending(AuthorizationRequest request, OAuthClient client) {
        public List<String> scopes() {
            return request.scope() == null || request.scope().isBlank() ? List.of() : List.of(request.scope().trim().split(" +"));
        }

        public Set<String> prompts() {
            return AuthorizationRequestCheck.prompts(request.prompt());
        }
    }

    /**
     * Continues request {@code id} for {@code signIn} (null when the browser is not signed in to
     * Rotor), with the user's answer to the consent question ({@code null}: not asked yet).
     */
    @Transactional
    public Outcome proceed(String id, SignIn signIn, Boolean consent, RequestFacts facts) {
        Pending pending = pending(id);
        AuthorizationRequest request = pending.request();
        OAuthClient client = pending.client();
        Set<String> prompts = pending.prompts();
        boolean none = prompts.contains("none");
        Instant now = clock.instant();

        Session session = signIn == null ? null : em.find(Session.class, signIn.sessionId());
        if (session == null || session.status() != SessionStatus.ACTIVE || !session.isActive(now)
                || !session.accountId().equals(signIn.accountId()) || !SIGN_IN_CLIENT.equals(session.clientId())) {
            return none ? error(request, "login_required", "The user is not signed in.") : new SignInRequired(false);
        }
        if (request.idTokenHintSubject() != null && !request.idTokenHintSubject().equals(session.accountId())) {
            // OpenID Connect Core §3.1.2.1: the user the hint names is not the one signed in.
            return error(request, "login_required", "Another user is signed in than the id_token_hint names.");
        }
        boolean tooOld = prompts.contains("login") && session.createdAt().isBefore(request.createdAt())
                || request.maxAge() != null && session.authTime().plusSeconds(request.maxAge()).isBefore(now);
        if (tooOld) {
            return none ? error(request, "login_required", "The user must sign in again.") : new SignInRequired(true);
        }
        switch (stepUp(request.requiresMfa(), session.authentication(), session.createdAt(), request.createdAt(), none)) {
            case LOGIN_REQUIRED -> {
                return error(request, "login_required", "The user must sign in again with a second factor.");
            }
            case SIGN_IN_AGAIN -> {
                return new SignInRequired(true, true);
            }
            case UNMET -> {
                return error(request, "unmet_authentication_requirements", "The user signed in without a second factor.");
            }
            case ANSWER -> {
                // on to consent
            }
        }
        List<String> scopes = pending.scopes();
        if (!client.firstParty()) {
            boolean ask = prompts.contains("consent") || !consents.has(session.accountId(), client.clientId(), scopes);
            if (ask) {
                if (none) {
                    return error(request, "consent_required", "The user has not allowed this application.");
                }
                if (consent == null) {
                    return new ConsentRequired(client, scopes);
                }
                if (!consent) {
                    return error(request, "access_denied", "The user did not allow this application.");
                }
                consents.grant(session.accountId(), client.clientId(), scopes, session.id(), facts);
            }
        }
        requests.take(request.id());
        String code = codes.issue(request, session.accountId(), session.id(), session.authTime());
        var answer = new LinkedHashMap<String, String>();
        answer.put("code", code);
        answer.put("state", request.state());
        answer.put("iss", settings.issuer());
        return new Redirect(RedirectUrl.of(request.redirectUri(), answer));
    }

    /** What a request of {@code acr_values=mfa} comes to for a sign-in ({@link #stepUp}). */
    enum StepUp {
        /** The request does not ask for a second factor, or the sign-in had one. */
        ANSWER,
        /** {@code prompt=none}, and the sign-in has no second factor: {@code login_required}. */
        LOGIN_REQUIRED,
        /** A sign-in from before the request, without a second factor: the user signs in again (as for {@code prompt=login}). */
        SIGN_IN_AGAIN,
        /** The sign-in made for this request still has no second factor (the account has none): {@code unmet_authentication_requirements}. */
        UNMET
    }

    /**
     * Step-up (RFC 9470 §4, OpenID Connect Core §3.1.2.1 {@code acr_values}): a request asking for
     * {@code mfa} is never answered by a sign-in without a second factor. When the sign-in for it
     * still has none, the request ends with {@code unmet_authentication_requirements} (OpenID
     * Connect Core Error Code unmet_authentication_requirements 1.0), not with a token the resource
     * server would refuse again (RFC 9470 §5).
     */
    static StepUp stepUp(boolean requiresMfa, Authentication authentication, Instant signedInAt, Instant requestedAt, boolean none) {
        if (!requiresMfa || authentication.multiFactor()) {
            return StepUp.ANSWER;
        }
        if (none) {
            return StepUp.LOGIN_REQUIRED;
        }
        return signedInAt.isBefore(requestedAt) ? StepUp.SIGN_IN_AGAIN : StepUp.UNMET;
    }

    /** Answers the request with an error at its redirect URI; the request is used up. */
    private Redirect error(AuthorizationRequest request, String error, String description) {
        requests.take(request.id());
        return new Redirect(errorUrl(request.redirectUri(), error, description, request.state(), settings.issuer()));
    }

    /** An RFC 6749 §4.1.2.1 error response URL, with {@code iss} (RFC 9207). */
    public static String errorUrl(String redirectUri, String error, String description, String state, String issuer) {
        var answer = new LinkedHashMap<String, String>();
        answer.put("error", error);
        answer.put("error_description", description);
        answer.put("state", state);
        answer.put("iss", issuer);
        return RedirectUrl.of(redirectUri, answer);
    }
}
