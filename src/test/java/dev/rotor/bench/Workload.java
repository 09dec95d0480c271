package dev.rotor.bench;

import java.util.List;
import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;

/**
 * The client-side state of the load on one target: N sessions, each refreshing its own chain
 * (session i belongs to driver thread i mod T, so no two threads ever hold the same chain), one
 * access token per thread for the protected call, and the accounts sign-ins use. Each phase is
 * a function from a thread number to the HTTP status of one operation.
 */
final class Workload {

    static final String PASSWORD = "bench password 2026";

    private final Target target;
    private final Http http;
    private final int threads;
    private final List<String> users;
    private final List<String> signInUsers;
    private final String[] refreshTokens;
    private final String[] callTokens;
    private final int[] nextSession;
    private final int[] nextUser;
    private long callTokensFetched;

    private Workload(Target target, Http http, int sessions, int threads, List<String> users, List<String> signInUsers) {
        this.target = target;
        this.http = http;
        this.threads = threads;
        this.users = users;
        this.signInUsers = signInUsers;
        this.refreshTokens = new String[sessions];
        this.callTokens = new String[threads];
        this.nextSession = IntStream.range(0, threads).toArray();
        this.nextUser = IntStream.range(0, threads).map(t -> t % signInUsers.size()).toArray();
    }

    /**
     * Creates the accounts on the target and signs in every session and every caller. The sign-in
     * phase uses accounts of its own: each sign-in starts a session, and Rotor keeps at most
     * {@code rotor.sessions.max-per-user} (50) per account by ending the oldest, which would
     * otherwise be the sessions the rotation phase refreshes.
     */
    static Workload open(Target target, Http http, Options options) {
        List<String> users = IntStream.rangeClosed(1, options.users()).mapToObj(i -> "bench-" + i).toList();
        List<String> signInUsers = IntStream.rangeClosed(1, options.users()).mapToObj(i -> "bench-sign-in-" + i).toList();
        target.prepare(java.util.stream.Stream.concat(users.stream(), signInUsers.stream()).toList(), PASSWORD);
        var workload = new Workload(target, http, options.sessions(), options.threads(), users, signInUsers);
        for (int i = 0; i < workload.refreshTokens.length; i++) {
            workload.refreshTokens[i] = workload.token(target.signIn(users.get(i % users.size()), PASSWORD), "refresh_token");
        }
        workload.renewCallTokens();
        return workload;
    }

    Target target() {
        return target;
    }

    /**
     * Fresh access tokens for the protected calls once the current ones are five minutes old
     * (both servers' tokens live 15 minutes); called between measurements, never inside one.
     */
    void renewCallTokensIfOld() {
        if (System.nanoTime() - callTokensFetched > java.time.Duration.ofMinutes(5).toNanos()) {
            renewCallTokens();
        }
    }

    private void renewCallTokens() {
        for (int t = 0; t < threads; t++) {
            callTokens[t] = token(target.signInForCalls(users.get(t % users.size()), PASSWORD), "access_token");
        }
        callTokensFetched = System.nanoTime();
    }

    IntUnaryOperator operation(Phase phase) {
        return switch (phase) {
            case ROTATION -> this::rotate;
            case PROTECTED -> thread -> http.status(target.protectedCall(callTokens[thread]));
            case UNPROTECTED -> thread -> http.status(target.unprotectedCall());
            case SIGN_IN -> this::signIn;
        };
    }

    private int rotate(int thread) {
        int session = nextSession[thread];
        nextSession[thread] = session + threads < refreshTokens.length ? session + threads : thread;
        try {
            var answer = http.send(target.refresh(refreshTokens[session]));
            if (answer.statusCode() == 200) {
                refreshTokens[session] = Http.field(answer.body(), "refresh_token").orElseThrow();
            }
            return answer.statusCode();
        } catch (java.io.UncheckedIOException e) {
            return -1;
        }
    }

    private int signIn(int thread) {
        int user = nextUser[thread];
        nextUser[thread] = (user + threads) % signInUsers.size();
        return http.status(target.signIn(signInUsers.get(user), PASSWORD));
    }

    private String token(java.net.http.HttpRequest request, String field) {
        var answer = http.send(request);
        return Http.field(answer.body(), field).orElseThrow(() -> new IllegalStateException(
                target.name() + ": sign-in answered " + answer.statusCode() + " " + answer.body()));
    }
}
