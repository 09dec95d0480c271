package dev.rotor.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rotor as a target: {@code /oauth2/token} for sign-ins and rotations, {@code GET /api/me}
 * (MP JWT + session cut-off) as the protected call and {@code GET /.well-known/jwks.json} as the
 * unprotected JAX-RS GET: a public resource on the same JAX-RS stack that also answers a small
 * JSON document, so the difference between the two is the token check.
 */
final class RotorTarget implements Target {

    static final String CLIENT = "rotor-cli";

    /**
     * Rotor's periodic jobs as {@code /health/ready} counts their runs, with the period the README
     * states for each at the defaults the benchmark starts Rotor with.
     */
    static final List<Report.Timer> TIMERS = List.of(
            new Report.Timer("polls", "revocation-log poll", 500),
            new Report.Timer("watches", "key watch", 500),
            new Report.Timer("feedTicks", "revocation feed ticker", 100),
            new Report.Timer("backchannelTicks", "back-channel logout sender", 500));

    private static final Pattern COUNT = Pattern.compile("\"(\\w+)\"\\s*:\\s*\"?(\\d+)\"?");

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

    @Override
    public Map<String, Long> timerCounts() {
        var answer = http.send(Http.get(base.resolve("/health/ready"), null));
        return timerCounts(answer.body());
    }

    /** The counters of {@link #TIMERS} in a readiness answer. */
    static Map<String, Long> timerCounts(String readiness) {
        Map<String, Long> counts = new LinkedHashMap<>();
        Matcher m = COUNT.matcher(readiness);
        while (m.find()) {
            String name = m.group(1);
            if (TIMERS.stream().anyMatch(timer -> timer.counter().equals(name))) {
                counts.put(name, Long.parseLong(m.group(2)));
            }
        }
        return counts;
    }
}
