package dev.rotor.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

/**
 * Keycloak as a target, configured through its admin REST API: a realm {@code bench} with
 * refresh-token rotation on and no reuse ({@code revokeRefreshToken=true},
 * {@code refreshTokenMaxReuse=0}: a used refresh token never works again), 15-minute access tokens like
 * Rotor's, and a public client with direct access grants. Sessions for rotation sign in without
 * the {@code openid} scope, so a rotation signs one token as Rotor's does (with it, Keycloak would
 * also sign an ID token); the protected call is {@code GET userinfo}, which needs that scope, so
 * its tokens come from separate sign-ins. The unprotected call is the realm's JWKS.
 */
final class KeycloakTarget implements Target {

    static final String REALM = "bench";
    static final String CLIENT = "bench";
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "bench-admin";

    private final URI base;
    private final ServerProcess process;
    private final Http http;

    KeycloakTarget(URI base, ServerProcess process, Http http) {
        this.base = base;
        this.process = process;
        this.http = http;
    }

    @Override
    public String name() {
        return "Keycloak";
    }

    @Override
    public ServerProcess process() {
        return process;
    }

    @Override
    public void prepare(List<String> usernames, String password) {
        String admin = adminToken();
        expect(http.send(Http.json(base.resolve("/admin/realms"), admin, """
                {"realm":"%s","enabled":true,"sslRequired":"none",
                 "revokeRefreshToken":true,"refreshTokenMaxReuse":0,"accessTokenLifespan":900,
                 "clients":[{"clientId":"%s","publicClient":true,"directAccessGrantsEnabled":true,
                             "standardFlowEnabled":false}]}
                """.formatted(REALM, CLIENT))), "creating realm " + REALM);
        for (String username : usernames) {
            expect(http.send(Http.json(base.resolve("/admin/realms/" + REALM + "/users"), admin, """
                    {"username":"%s","enabled":true,"email":"%s@example.org","emailVerified":true,
                     "firstName":"Bench","lastName":"User",
                     "credentials":[{"type":"password","value":"%s","temporary":false}]}
                    """.formatted(username, username, password))), "creating user " + username);
        }
    }

    private String adminToken() {
        var answer = http.send(Http.form(token("master"),
                Map.of("grant_type", "password", "client_id", "admin-cli", "username", ADMIN, "password", ADMIN_PASSWORD)));
        return Http.field(answer.body(), "access_token")
                .orElseThrow(() -> new IllegalStateException("Keycloak admin sign-in answered " + answer.statusCode() + " " + answer.body()));
    }

    private static void expect(java.net.http.HttpResponse<String> answer, String what) {
        if (answer.statusCode() != 201) {
            throw new IllegalStateException("Keycloak: " + what + " answered " + answer.statusCode() + " " + answer.body());
        }
    }

    private URI token(String realm) {
        return base.resolve("/realms/" + realm + "/protocol/openid-connect/token");
    }

    @Override
    public HttpRequest signIn(String username, String password) {
        return Http.form(token(REALM),
                Map.of("grant_type", "password", "username", username, "password", password, "client_id", CLIENT));
    }

    @Override
    public HttpRequest signInForCalls(String username, String password) {
        return Http.form(token(REALM),
                Map.of("grant_type", "password", "username", username, "password", password, "client_id", CLIENT, "scope", "openid"));
    }

    @Override
    public HttpRequest refresh(String refreshToken) {
        return Http.form(token(REALM), Map.of("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", CLIENT));
    }

    @Override
    public HttpRequest protectedCall(String accessToken) {
        return Http.get(base.resolve("/realms/" + REALM + "/protocol/openid-connect/userinfo"), accessToken);
    }

    @Override
    public HttpRequest unprotectedCall() {
        return Http.get(base.resolve("/realms/" + REALM + "/protocol/openid-connect/certs"), null);
    }
}
