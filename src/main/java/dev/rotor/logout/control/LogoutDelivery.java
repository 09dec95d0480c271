package dev.rotor.logout.control;

import dev.rotor.logout.control.LogoutClaims.Claimed;
import dev.rotor.token.control.LogoutTokenIssuer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends due back-channel logouts, off any request thread ({@link LogoutDeliveryTicker} calls
 * {@link #deliverDue}): claims them ({@link LogoutClaims}), POSTs each a fresh logout token
 * ({@link LogoutTokenIssuer}) as {@code application/x-www-form-urlencoded} {@code logout_token=…},
 * all at once, with a connect timeout ({@code rotor.backchannel.connect-timeout}, 2 s) and a
 * response timeout ({@code rotor.backchannel.read-timeout}, 5 s), never following a redirect; a 2xx
 * is delivered, anything else (a timeout, a refused connection, 3xx, 4xx, 5xx) a failed attempt.
 * One round at a time per instance.
 */
@ApplicationScoped
public class LogoutDelivery {

    private static final Logger LOG = Logger.getLogger(LogoutDelivery.class.getName());

    @Inject
    LogoutClaims claims;

    @Inject
    LogoutTokenIssuer tokens;

    @Inject
    @ConfigProperty(name = "rotor.backchannel.connect-timeout", defaultValue = "PT2S")
    Duration connectTimeout;

    @Inject
    @ConfigProperty(name = "rotor.backchannel.read-timeout", defaultValue = "PT5S")
    Duration readTimeout;

    /** At most this many logouts in flight per round. */
    @Inject
    @ConfigProperty(name = "rotor.backchannel.batch", defaultValue = "50")
    int batch;

    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile HttpClient http;

    /** One round: claims what is due, sends it, records each outcome. Returns how many were attempted. */
    public int deliverDue() {
        if (!busy.compareAndSet(false, true)) {
            return 0;
        }
        try {
            List<Claimed> claimed = claims.claimDue(batch);
            List<CompletableFuture<String>> outcomes = new ArrayList<>();
            for (Claimed one : claimed) {
                outcomes.add(send(one));
            }
            long bound = connectTimeout.plus(readTimeout).plusSeconds(1).toMillis();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(bound);
            for (int i = 0; i < claimed.size(); i++) {
                String error = await(outcomes.get(i), deadline);
                if (error == null) {
                    claims.delivered(claimed.get(i));
                } else {
                    claims.failed(claimed.get(i), error);
                }
            }
            return claimed.size();
        } finally {
            busy.set(false);
        }
    }

    /** POSTs a logout token for {@code claimed}; completes with null when delivered, else with what went wrong. */
    private CompletableFuture<String> send(Claimed claimed) {
        HttpRequest request;
        try {
            String token = tokens.issue(claimed.clientId(), claimed.accountId(), claimed.sid());
            request = HttpRequest.newBuilder(URI.create(claimed.uri()))
                    .timeout(readTimeout)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("logout_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)))
                    .build();
        } catch (RuntimeException e) {
            LOG.warning(() -> "Back-channel logout to client " + claimed.clientId() + " not sent: " + e.getClass().getSimpleName());
            return CompletableFuture.completedFuture(e.getClass().getSimpleName());
        }
        try {
            return http().sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .handle((response, failure) -> failure != null ? describe(failure)
                            : response.statusCode() / 100 == 2 ? null : "HTTP " + response.statusCode());
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(describe(e));
        }
    }

    private static String await(CompletableFuture<String> outcome, long deadlineNanos) {
        try {
            return outcome.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            outcome.cancel(true);
            return "read timeout";
        } catch (ExecutionException e) {
            return describe(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** What went wrong, for the outbox and the audit: never a message that could carry the token. */
    static String describe(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return "connect timeout";
        }
        if (cause instanceof HttpTimeoutException) {
            return "read timeout";
        }
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        return cause.getClass().getSimpleName();
    }

    private HttpClient http() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                if (http == null) {
                    http = HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(connectTimeout)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .build();
                }
                client = http;
            }
        }
        return client;
    }
}
