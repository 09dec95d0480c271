package dev.rotor.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

/**
 * Rotor as a target: {@code /oauth2/token} for sign-ins and rotations, {@code GET /api/me}
 * (MP JWT + session cut-off) as the protected call and {@code GET /.well-known/jwks.json} as the
 * unprotected JAX-RS GET: a public resource on the same JAX-RS stack that also answers a small
 * JSON document, so the difference between the two is the token check.
 */
final class RotorTarget implements Target {

    static final String CLIENT = "rotor-cli";

    private final String name;
    private final URI base;
    private final ServerProcess process;
    private final Http http;

    RotorTarget(String name, URI base, ServerProcess process, Http http) {
        this.name = name;
        this.base = base;
        this.process = process;
        this.http = http;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ServerProcess process() {
        return process;
    }

    @Override
    public void prepare(List<String> usernames, String password) {
        for (String username : usernames) {
            var request = Http.json(base.resolve("/auth/register"), null,
                    "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
            var answer = http.send(request);
            if (answer.statusCode() != 201) {
                throw new IllegalStateException(name + ": registering " + username + " answered " + answer.statusCode() + " " + answer.body());
            }
        }
    }

    @Override
    public HttpRequest signIn(String username, String password) {
        return Http.form(base.resolve("/oauth2/token"),
                Map.of("grant_type", "password", "username", username, "password", password, "client_id", CLIENT));
    }

    @Override
    public HttpRequest signInForCalls(String username, String password) {
        return signIn(username, password);
    }

    @Override
    public HttpRequest refresh(String refreshToken) {
        return Http.form(base.resolve("/oauth2/token"),
                Map.of("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", CLIENT));
    }

    @Override
    public HttpRequest protectedCall(String accessToken) {
        return Http.get(base.resolve("/api/me"), accessToken);
    }

    @Override
    public HttpRequest unprotectedCall() {
        return Http.get(base.resolve("/.well-known/jwks.json"), null);
    }
}
