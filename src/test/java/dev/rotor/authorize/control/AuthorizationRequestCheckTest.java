package dev.rotor.authorize.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.authorize.control.AuthorizationRequestCheck.Accepted;
import dev.rotor.authorize.control.AuthorizationRequestCheck.Decision;
import dev.rotor.authorize.control.AuthorizationRequestCheck.ErrorPage;
import dev.rotor.authorize.control.AuthorizationRequestCheck.ErrorRedirect;
import dev.rotor.client.control.InvalidScope;
import dev.rotor.client.control.OAuthClient;
import dev.rotor.client.entity.ClientType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthorizationRequestCheckTest {

    static final String CB = "https://app.example/cb";
    static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    static OAuthClient client(String id, ClientType type, boolean enabled, List<String> redirects, Set<String> grants) {
        return new OAuthClient(id, id + " app", type, enabled, false, false, redirects, List.of(), List.of(), grants,
                Set.of("openid", "profile"), null, "sid-" + id, null, false);
    }

    static final Map<String, OAuthClient> CLIENTS = Map.of(
            "spa", client("spa", ClientType.PUBLIC, true, List.of(CB), Set.of("authorization_code", "refresh_token")),
            "two", client("two", ClientType.PUBLIC, true, List.of(CB, "https://app.example/other"), Set.of("authorization_code")),
            "loop", client("loop", ClientType.PUBLIC, true, List.of("http://127.0.0.1/cb"), Set.of("authorization_code")),
            "web", client("web", ClientType.CONFIDENTIAL, true, List.of(CB), Set.of("authorization_code")),
            "off", client("off", ClientType.PUBLIC, false, List.of(CB), Set.of("authorization_code")),
            "batch", client("batch", ClientType.CONFIDENTIAL, true, List.of(CB), Set.of("client_credentials")));

    static final AuthorizationRequestCheck.ScopeRule SCOPES = (parameter, client) -> {
        if (parameter == null || parameter.isBlank()) {
            return List.of();
        }
        var asked = new ArrayList<String>();
        for (String scope : parameter.trim().split(" +")) {
            if (!client.scopes().contains(scope)) {
                throw new InvalidScope();
            }
            if (!asked.contains(scope)) {
                asked.add(scope);
            }
        }
        return asked;
    };

    /** A good request of "spa", changed by pairs of (name, value); a null value removes the parameter. */
    static Map<String, List<String>> query(String... changes) {
        var query = new LinkedHashMap<String, List<String>>();
        query.put("response_type", List.of("code"));
        query.put("client_id", List.of("spa"));
        query.put("redirect_uri", List.of(CB));
        query.put("state", List.of("s1"));
        query.put("code_challenge", List.of(CHALLENGE));
        query.put("code_challenge_method", List.of("S256"));
        for (int i = 0; i < changes.length; i += 2) {
            if (changes[i + 1] == null) {
                query.remove(changes[i]);
            } else {
                query.put(changes[i], List.of(changes[i + 1]));
            }
        }
        return query;
    }

    static Decision decide(Map<String, List<String>> query) {
        return AuthorizationRequestCheck.decide(query, id -> Optional.ofNullable(CLIENTS.get(id)), SCOPES);
    }

    static ErrorRedirect redirected(Decision decision, String error) {
        var redirect = assertInstanceOf(ErrorRedirect.class, decision);
        assertEquals(error, redirect.error());
        assertEquals(CB, redirect.redirectUri());
        return redirect;
    }

    @Test
    void aGoodRequestIsAccepted() {
        var accepted = assertInstanceOf(Accepted.class, decide(query("scope", "openid profile openid", "nonce", "n", "prompt", "login",
                "max_age", "0", "login_hint", "ada")));
        assertEquals("spa", accepted.client().clientId());
        assertEquals(CB, accepted.redirectUri());
        assertTrue(accepted.redirectUriSent());
        assertEquals("s1", accepted.state());
        assertEquals(List.of("openid", "profile"), accepted.scopes());
        assertEquals(CHALLENGE, accepted.codeChallenge());
        assertEquals("login", accepted.prompt());
        assertEquals(0L, accepted.maxAge());
        assertEquals("ada", accepted.loginHint());
    }

    @Test
    void acrValuesKeepsMfaAndIgnoresEveryOtherValue() {
        assertNull(assertInstanceOf(Accepted.class, decide(query())).acrValues());
        assertFalse(assertInstanceOf(Accepted.class, decide(query())).requiresMfa());
        assertEquals("mfa", assertInstanceOf(Accepted.class, decide(query("acr_values", "mfa"))).acrValues());
        assertTrue(assertInstanceOf(Accepted.class, decide(query("acr_values", "urn:example:loa2  mfa"))).requiresMfa(),
                "mfa anywhere in the list");
        assertNull(assertInstanceOf(Accepted.class, decide(query("acr_values", "urn:example:loa2 0"))).acrValues(),
                "unknown values are ignored: a voluntary acr request is best effort");
        assertNull(assertInstanceOf(Accepted.class, decide(query("acr_values", "MFA"))).acrValues(), "acr values are case-sensitive");
        assertNull(assertInstanceOf(Accepted.class, decide(query("acr_values", ""))).acrValues());
        redirected(decide(query("acr_values", "mfa " + "x".repeat(AuthorizationRequestCheck.MAX_ACR_VALUES))), "invalid_request");
        var twice = query();
        twice.put("acr_values", List.of("mfa", "mfa"));
        redirected(decide(twice), "invalid_request");
    }

    @Test
    void unknownDisabledOrMissingClientsGetThePage() {
        assertInstanceOf(ErrorPage.class, decide(query("client_id", "nobody")));
        assertInstanceOf(ErrorPage.class, decide(query("client_id", "off")));
        assertInstanceOf(ErrorPage.class, decide(query("client_id", null)));
        var twice = query();
        twice.put("client_id", List.of("spa", "spa"));
        assertInstanceOf(ErrorPage.class, decide(twice));
    }

    @Test
    void badRedirectUrisGetThePageNeverARedirect() {
        for (String uri : List.of("https://app.example/cb/x", "https://app.example/c", "https://APP.example/cb", "https://app.example/CB",
                CB + "#frag", CB + "?x=1", "https://evil.example/cb", "")) {
            assertInstanceOf(ErrorPage.class, decide(query("redirect_uri", uri)), uri);
        }
        var twice = query();
        twice.put("redirect_uri", List.of(CB, CB));
        assertInstanceOf(ErrorPage.class, decide(twice));
    }

    @Test
    void theRedirectUriMayBeLeftOutOnlyWhenExactlyOneIsRegistered() {
        var one = assertInstanceOf(Accepted.class, decide(query("redirect_uri", null)));
        assertEquals(CB, one.redirectUri());
        assertFalse(one.redirectUriSent());
        assertInstanceOf(ErrorPage.class, decide(query("client_id", "two", "redirect_uri", null)));
    }

    @Test
    void aLoopbackRedirectMayUseAnyPort() {
        var accepted = assertInstanceOf(Accepted.class, decide(query("client_id", "loop", "redirect_uri", "http://127.0.0.1:51234/cb")));
        assertEquals("http://127.0.0.1:51234/cb", accepted.redirectUri());
        assertInstanceOf(ErrorPage.class, decide(query("client_id", "loop", "redirect_uri", "http://localhost:51234/cb")));
    }

    @Test
    void responseTypeMustBeCode() {
        assertEquals("s1", redirected(decide(query("response_type", "token")), "unsupported_response_type").state());
        redirected(decide(query("response_type", null)), "invalid_request");
    }

    @Test
    void repeatedParametersAreInvalidRequests() {
        for (String name : List.of("response_type", "scope", "code_challenge", "nonce", "prompt", "max_age", "state")) {
            var query = query("scope", "openid", "nonce", "n", "prompt", "login", "max_age", "5");
            query.put(name, List.of(query.get(name).get(0), query.get(name).get(0)));
            redirected(decide(query), "invalid_request");
        }
    }

    @Test
    void theClientMustAllowTheAuthorizationCodeGrant() {
        redirected(decide(query("client_id", "batch")), "unauthorized_client");
    }

    @Test
    void pkceIsS256Only() {
        redirected(decide(query("code_challenge_method", "plain")), "invalid_request");
        redirected(decide(query("code_challenge_method", null)), "invalid_request");
        redirected(decide(query("code_challenge", "short")), "invalid_request");
        redirected(decide(query("code_challenge", CHALLENGE.substring(1) + "+")), "invalid_request");
        redirected(decide(query("code_challenge", null)), "invalid_request");
    }

    @Test
    void pkceIsRequiredOfPublicClientsAndOfConfidentialOnesWithoutANonce() {
        redirected(decide(query("code_challenge", null, "code_challenge_method", null, "nonce", "n")), "invalid_request");
        redirected(decide(query("client_id", "web", "code_challenge", null, "code_challenge_method", null)), "invalid_request");
        var oidc = assertInstanceOf(Accepted.class,
                decide(query("client_id", "web", "code_challenge", null, "code_challenge_method", null, "nonce", "n")));
        assertNull(oidc.codeChallenge());
        assertEquals("n", oidc.nonce());
    }

    @Test
    void unknownOrDisallowedScopesAreInvalidScope() {
        redirected(decide(query("scope", "openid admin")), "invalid_scope");
    }

    @Test
    void promptAndMaxAgeAreChecked() {
        redirected(decide(query("prompt", "select_account")), "invalid_request");
        redirected(decide(query("prompt", "none login")), "invalid_request");
        assertEquals("login consent", assertInstanceOf(Accepted.class, decide(query("prompt", "login consent"))).prompt());
        redirected(decide(query("max_age", "-1")), "invalid_request");
        redirected(decide(query("max_age", "soon")), "invalid_request");
        redirected(decide(query("max_age", "99999999999")), "invalid_request");
    }

    @Test
    void aMissingStateStaysMissing() {
        assertNull(redirected(decide(query("state", null, "response_type", "token")), "unsupported_response_type").state());
    }

    @Test
    void theResponseUrlKeepsTheRegisteredQueryAndEncodesValues() {
        assertEquals("https://a.example/cb?x=1&error=access_denied&state=a+b%26c&iss=https%3A%2F%2Frotor.example",
                Authorizations.errorUrl("https://a.example/cb?x=1", "access_denied", null, "a b&c", "https://rotor.example"));
        assertEquals("https://a.example/cb?code=c",
                RedirectUrl.of("https://a.example/cb", new LinkedHashMap<>(Map.of("code", "c"))));
    }
}
