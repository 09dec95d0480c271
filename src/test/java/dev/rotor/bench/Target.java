package dev.rotor.bench;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

/**
 * One server under test, as the load driver sees it: the four requests it sends, and the
 * preparation (users, realm) that must exist before the first one. Rotor and Keycloak each
 * answer the token requests in OAuth 2.0 form (RFC 6749 §5.1), so the driver reads both alike.
 */
interface Target {

    String name();

    /** The running server process (for CPU and memory readings). */
    ServerProcess process();

    /** Creates the accounts the sign-ins and sessions use; called once, before any load. */
    void prepare(List<String> usernames, String password);

    /** A password sign-in whose answer holds a refresh token (and an access token for refresh-only tokens). */
    HttpRequest signIn(String username, String password);

    /** A password sign-in whose access token the protected call accepts. */
    HttpRequest signInForCalls(String username, String password);

    HttpRequest refresh(String refreshToken);

    /** A protected read that verifies the access token (and checks its session). */
    HttpRequest protectedCall(String accessToken);

    /** The nearest cheap, public GET on the same server. */
    HttpRequest unprotectedCall();

    /** How often each of the server's periodic jobs has fired since it started, by job; empty when it does not say. */
    default Map<String, Long> timerCounts() {
        return Map.of();
    }
}
