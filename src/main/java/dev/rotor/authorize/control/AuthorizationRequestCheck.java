package dev.rotor.authorize.control;

import dev.rotor.client.control.InvalidScope;
import dev.rotor.client.control.OAuthClient;
import dev.rotor.client.control.RedirectUris;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The checks of {@code GET /oauth2/authorize} (RFC 6749 §4.1.1 as OAuth 2.1 and RFC 9700 profile
 * it), decided on the query's parameters alone, in this order:
 * <ol>
 *   <li>the client and the redirect URI: an unknown or disabled client, a repeated, missing (unless
 *       exactly one is registered) or unregistered redirect URI is an {@link ErrorPage}: Rotor then
 *       knows no safe place to send the user, so it never redirects;</li>
 *   <li>everything else is an {@link ErrorRedirect} to that redirect URI: repeated parameters,
 *       {@code response_type} other than {@code code}, a client not allowed
 *       {@code authorization_code}, PKCE (RFC 7636, {@code S256} only, a 43-character challenge;
 *       required for public clients, and for confidential ones unless an OpenID Connect
 *       {@code nonce} is present), scopes ({@code invalid_scope}), {@code prompt}
 *       ({@code none}, {@code login}, {@code consent}; {@code none} alone), {@code max_age} and
 *       {@code acr_values} (at most {@value #MAX_ACR_VALUES} characters; only {@value #MFA} is kept);</li>
 *   <li>else {@link Accepted}, the request to keep while the user signs in.</li>
 * </ol>
 */
public final class AuthorizationRequestCheck {

    /** The RFC 7636 §4.2 S256 challenge: BASE64URL(SHA-256(verifier)), 43 characters without padding. */
    private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern MAX_AGE = Pattern.compile("[0-9]{1,10}");
    private static final Set<String> PROMPTS = Set.of("none", "login", "consent");
    private static final List<String> SINGLE = List.of("client_id", "redirect_uri", "response_type", "scope", "state",
            "code_challenge", "code_challenge_method", "nonce", "prompt", "max_age", "login_hint", "id_token_hint", "acr_values");
    static final int MAX_STATE = 2048;
    static final int MAX_NONCE = 2048;
    static final int MAX_LOGIN_HINT = 256;
    static final int MAX_ACR_VALUES = 512;
    /** The one authentication context class Rotor defines: a sign-in with more than one factor ({@code amr} has {@code mfa}). */
    public static final String MFA = "mfa";

    /** What a request comes to. */
    public sealed interface Decision permits ErrorPage, ErrorRedirect, Accepted {
    }

    /** No redirect: the page tells the user, in plain words, what is wrong. */
    public record ErrorPage(String message) implements Decision {
    }

    /** An RFC 6749 §4.1.2.1 error response to the client's redirect URI. */
    public record ErrorRedirect(String redirectUri, String error, String description, String state) implements Decision {
    }

    /** A request to keep: its client, where the code goes, and what it asks for. */
    public record Accepted(OAuthClient client, String redirectUri, boolean redirectUriSent, String state, List<String> scopes,
                           String codeChallenge, String nonce, String prompt, Long maxAge, String loginHint,
                           String acrValues) implements Decision {

        /** A request of {@link #acrValues()} {@value AuthorizationRequestCheck#MFA}: only a multi-factor sign-in answers it. */
        public boolean requiresMfa() {
            return MFA.equals(acrValues);
        }
    }

    /** The scope rule: the scopes asked for, or {@link InvalidScope} ({@code Scopes::requested}). */
    @FunctionalInterface
    public interface ScopeRule {
        List<String> requested(String scopeParameter, OAuthClient client);
    }

    private AuthorizationRequestCheck() {
    }

    /**
     * Decides a request.
     *
     * @param query   the query's parameters, each with all its values
     * @param clients finds the enabled client of an id
     * @param scopes  the scope rule
     */
    public static Decision decide(Map<String, List<String>> query, Function<String, Optional<OAuthClient>> clients, ScopeRule scopes) {
        List<String> clientIds = values(query, "client_id");
        if (clientIds.size() != 1 || clientIds.get(0).isEmpty()) {
            return new ErrorPage(clientIds.isEmpty() ? "The request names no application (client_id is missing)."
                    : "The request names its application more than once.");
        }
        Optional<OAuthClient> found = clients.apply(clientIds.get(0));
        if (found.isEmpty() || !found.get().enabled()) {
            return new ErrorPage("The application that sent you here is not known to this service, or is disabled.");
        }
        OAuthClient client = found.get();
        List<String> redirects = values(query, "redirect_uri");
        String redirectUri;
        boolean sent;
        if (redirects.size() > 1) {
            return new ErrorPage("The request names its redirect URI more than once.");
        } else if (redirects.isEmpty()) {
            if (client.redirectUris().size() != 1) {
                return new ErrorPage("The request names no redirect URI, and the application has not exactly one registered.");
            }
            redirectUri = client.redirectUris().get(0);
            sent = false;
        } else {
            redirectUri = redirects.get(0);
            if (!RedirectUris.anyMatches(client.redirectUris(), redirectUri)) {
                return new ErrorPage("The redirect URI of the request is not one registered for this application.");
            }
            sent = true;
        }

        List<String> states = values(query, "state");
        String state = states.size() == 1 && states.get(0).length() <= MAX_STATE ? states.get(0) : null;
        for (String name : SINGLE) {
            if (values(query, name).size() > 1) {
                return redirect(redirectUri, "invalid_request", "The parameter " + name + " is repeated.", state);
            }
        }
        if (states.size() == 1 && state == null) {
            return redirect(redirectUri, "invalid_request", "state is longer than " + MAX_STATE + " characters.", null);
        }
        String responseType = single(query, "response_type");
        if (responseType == null || responseType.isEmpty()) {
            return redirect(redirectUri, "invalid_request", "response_type is missing.", state);
        }
        if (!responseType.equals("code")) {
            return redirect(redirectUri, "unsupported_response_type", "Only response_type=code is supported.", state);
        }
        if (!client.allowsGrant(OAuthClient.AUTHORIZATION_CODE)) {
            return redirect(redirectUri, "unauthorized_client", "This application may not use the authorization code grant.", state);
        }
        String nonce = emptyToNull(single(query, "nonce"));
        if (nonce != null && nonce.length() > MAX_NONCE) {
            return redirect(redirectUri, "invalid_request", "nonce is longer than " + MAX_NONCE + " characters.", state);
        }
        String method = single(query, "code_challenge_method");
        String challenge = emptyToNull(single(query, "code_challenge"));
        if (method != null && !method.equals("S256")) {
            return redirect(redirectUri, "invalid_request", "code_challenge_method must be S256.", state);
        }
        if (challenge == null) {
            if (method != null) {
                return redirect(redirectUri, "invalid_request", "code_challenge is missing.", state);
            }
            if (client.isPublic() || nonce == null) {
                return redirect(redirectUri, "invalid_request", "PKCE is required: send code_challenge with code_challenge_method=S256.", state);
            }
        } else {
            if (method == null) {
                return redirect(redirectUri, "invalid_request", "code_challenge_method must be S256 (plain is not supported).", state);
            }
            if (!CHALLENGE.matcher(challenge).matches()) {
                return redirect(redirectUri, "invalid_request", "code_challenge must be 43 base64url characters.", state);
            }
        }
        List<String> asked;
        try {
            asked = scopes.requested(single(query, "scope"), client);
        } catch (InvalidScope e) {
            return redirect(redirectUri, "invalid_scope", "A requested scope is unknown or not allowed to this application.", state);
        }
        String prompt = emptyToNull(single(query, "prompt"));
        if (prompt != null) {
            var prompts = new LinkedHashSet<>(Arrays.asList(prompt.trim().split(" +")));
            if (!PROMPTS.containsAll(prompts) || prompts.contains("none") && prompts.size() > 1) {
                return redirect(redirectUri, "invalid_request", "prompt is none, or any of login and consent.", state);
            }
            prompt = String.join(" ", prompts);
        }
        String maxAgeValue = single(query, "max_age");
        Long maxAge = null;
        if (maxAgeValue != null) {
            if (!MAX_AGE.matcher(maxAgeValue).matches()) {
                return redirect(redirectUri, "invalid_request", "max_age is a number of seconds.", state);
            }
            maxAge = Long.parseLong(maxAgeValue);
        }
        String loginHint = emptyToNull(single(query, "login_hint"));
        if (loginHint != null && loginHint.length() > MAX_LOGIN_HINT) {
            loginHint = null; // a hint only: too long to be a username, so dropped
        }
        String acrValues = emptyToNull(single(query, "acr_values"));
        if (acrValues != null && acrValues.length() > MAX_ACR_VALUES) {
            return redirect(redirectUri, "invalid_request", "acr_values is longer than " + MAX_ACR_VALUES + " characters.", state);
        }
        return new Accepted(client, redirectUri, sent, state, asked, challenge, nonce, prompt, maxAge, loginHint, acrValuesKept(acrValues));
    }

    /**
     * What Rotor keeps of {@code acr_values} (OpenID Connect Core §3.1.2.1, RFC 9470 §4):
     * {@value #MFA} when the list names it, whatever its place; else null. Other values are
     * ignored: Rotor defines no other class, and a voluntary acr request is answered as well as
     * Rotor can.
     */
    static String acrValuesKept(String acrValues) {
        return acrValues != null && Arrays.asList(acrValues.trim().split(" +")).contains(MFA) ? MFA : null;
    }

    /** The prompt values of a kept request's {@code prompt}. */
    public static Set<String> prompts(String prompt) {
        return prompt == null || prompt.isBlank() ? Set.of() : new LinkedHashSet<>(Arrays.asList(prompt.trim().split(" +")));
    }

    private static ErrorRedirect redirect(String redirectUri, String error, String description, String state) {
        return new ErrorRedirect(redirectUri, error, description, state);
    }

    private static List<String> values(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null ? List.of() : values;
    }

    private static String single(Map<String, List<String>> query, String name) {
        List<String> values = values(query, name);
        return values.isEmpty() ? null : values.get(0);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
