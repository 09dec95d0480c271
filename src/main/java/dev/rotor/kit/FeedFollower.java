package dev.rotor.kit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Follows Rotor's revocation feed on one daemon thread: finds the feed in Rotor's discovery
 * document, catches up from cursor 0 (everything Rotor still retains, i.e. one access-token
 * lifetime), then long-polls with its cursor. Each answer, even an empty one, counts as contact;
 * without contact for {@code rotor.kit.max-staleness} the kit is stale. Two answers do not:
 * one from cursor 0 that holds back everything (a row may still be committing below the first
 * one Rotor keeps; Rotor answers once it has waited that out), and one whose {@code head} lies
 * below the kit's cursor (Rotor's database was restored or replaced): then the kit starts again
 * from cursor 0, stale (and DOWN) until it has caught up.
 *
 * <p>The client secret goes only to a feed on the origin of {@code rotor.kit.base-url} or
 * {@code rotor.kit.issuer}, and only over https unless that host is this machine or
 * {@code rotor.kit.allow-http=true}.
 */
@ApplicationScoped
public class FeedFollower {

    /** Looked up once: {@code Json.create…} runs a ServiceLoader scan on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();


    private static final Logger LOG = Logger.getLogger(FeedFollower.class.getName());
    static final String FEED_MEMBER = "rotor_revocation_feed_endpoint";

    @Inject
    KitSettings settings;

    private final Revocations revocations = new Revocations();
    Clock clock = Clock.systemUTC();
    private volatile Instant lastContact;
    private volatile long cursor;
    private volatile boolean running;
    private volatile Thread thread;
    private volatile Client client;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        if (thread != null) {
            return;
        }
        running = true;
        ClassLoader application = Thread.currentThread().getContextClassLoader();
        thread = new Thread(() -> {
            Thread.currentThread().setContextClassLoader(application);
            follow();
        }, "rotor-kit-feed");
        thread.setDaemon(true);
        thread.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
        if (client != null) {
            client.close();
        }
    }

    /** True while the kit has not heard from the feed for longer than the configured bound. */
    public boolean stale() {
        Instant contact = lastContact;
        return contact == null || Duration.between(contact, clock.instant()).compareTo(settings.maxStaleness()) > 0;
    }

    public boolean accepts(String accountId, String sessionId, long tokenVersion) {
        return revocations.accepts(accountId, sessionId, tokenVersion);
    }

    /** False when Rotor revoked the signing key {@code kid}. */
    public boolean acceptsKey(String kid) {
        return revocations.acceptsKey(kid);
    }

    Instant lastContact() {
        return lastContact;
    }

    long cursor() {
        return cursor;
    }

    int known() {
        return revocations.size();
    }

    private void follow() {
        long wait = settings.pollWaitSeconds();
        client = ClientBuilder.newBuilder()
                .connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(wait + 10, TimeUnit.SECONDS)
                .build();
        String feed = null;
        boolean failing = false;
        while (running) {
            try {
                if (feed == null) {
                    feed = checkedFeed(discoverFeed());
                }
                boolean more = poll(feed, startingOver ? 0 : wait);
                if (failing) {
                    LOG.info(() -> "Rotor's revocation feed answers again at " + settings.baseUrl());
                    failing = false;
                }
                if (!more && lastContact != null) {
                    revocations.forgetBefore(clock.instant());
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                if (!failing) {
                    LOG.log(Level.WARNING, "Rotor's revocation feed at {0} cannot be read: {1}",
                            new Object[] {settings.baseUrl(), e.getMessage()});
                    failing = true;
                }
                feed = null;
                pause(1000);
            }
        }
    }

    /** True until the first answer from cursor 0 (asked without waiting); later polls long-poll, even while held back. */
    private volatile boolean startingOver = true;

    private String discoverFeed() {
        try (Response response = client.target(settings.baseUrl() + "/.well-known/oauth-authorization-server")
                .request("application/json").get()) {
            if (response.getStatus() != 200) {
                throw new IllegalStateException("discovery answered " + response.getStatus());
            }
            JsonObject metadata = read(response.readEntity(String.class));
            if (!metadata.containsKey(FEED_MEMBER)) {
                throw new IllegalStateException("discovery names no " + FEED_MEMBER);
            }
            return metadata.getString(FEED_MEMBER);
        }
    }

    /**
     * The feed URL that discovery named, when the client secret may go there: on the origin of
     * {@code rotor.kit.base-url} or of {@code rotor.kit.issuer}, over https unless the host is
     * this machine (loopback) or {@code rotor.kit.allow-http=true}.
     */
    String checkedFeed(String named) {
        URI feed;
        try {
            feed = new URI(named);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("discovery names a malformed " + FEED_MEMBER);
        }
        boolean onRotorsOrigin = sameOrigin(feed, settings.baseUrl())
                || settings.issuer().map(issuer -> sameOrigin(feed, issuer)).orElse(false);
        if (!onRotorsOrigin) {
            throw new IllegalStateException("discovery names a feed at " + origin(feed)
                    + ", not on the origin of rotor.kit.base-url or rotor.kit.issuer; the client secret is not sent there");
        }
        if (!"https".equalsIgnoreCase(feed.getScheme()) && !loopback(feed.getHost()) && !settings.allowHttp()) {
            throw new IllegalStateException("the feed at " + origin(feed) + " is not https; the client secret is not sent"
                    + " over plain http (set rotor.kit.allow-http=true on a network you trust)");
        }
        return named;
    }

    private static boolean sameOrigin(URI uri, String other) {
        try {
            return origin(uri).equals(origin(new URI(other)));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String origin(URI uri) {
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : "http".equals(scheme) ? 80 : -1;
        return scheme + "://" + String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static boolean loopback(String host) {
        if (host == null) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        return name.equals("localhost") || name.startsWith("127.") || name.equals("[::1]") || name.equals("::1");
    }

    /** One long-poll; true when the answer was a full page and more may follow at once. */
    private boolean poll(String feed, long waitSeconds) {
        long after = cursor;
        String url = feed + "?after=" + after + "&wait=" + waitSeconds;
        try (Response response = client.target(url).request("application/json")
                .header("Authorization", basic())
                .get()) {
            if (response.getStatus() != 200) {
                throw new IllegalStateException("the feed answered " + response.getStatus()
                        + (response.getStatus() == 401 ? " (check rotor.kit.client-id and rotor.kit.client-secret)" : ""));
            }
            return take(after, read(response.readEntity(String.class)));
        }
    }

    /**
     * Applies one answer to the request made with {@code after}; true when it was a full page and
     * more may follow at once. Restarts from cursor 0 when the answer's head lies below
     * {@code after}; an answer from cursor 0 that holds everything back is no contact.
     */
    boolean take(long after, JsonObject page) {
        long head = page.containsKey("head") ? page.getJsonNumber("head").longValue() : -1;
        if (head >= 0 && after > head) {
            LOG.warning(() -> "Rotor's revocation record ends at " + head + ", below this kit's cursor " + after
                    + " (its database was restored or replaced): reading it again from the start");
            cursor = 0;
            lastContact = null;
            startingOver = true;
            return true;
        }
        startingOver = false;
        Instant forgetAt = clock.instant().plusSeconds(page.getJsonNumber("horizon_seconds").longValue());
        var entries = page.getJsonArray("revocations");
        for (JsonValue value : entries) {
            apply(value.asJsonObject(), forgetAt);
        }
        cursor = page.getJsonNumber("cursor").longValue();
        boolean heldAtStart = after == 0 && entries.isEmpty() && head > 0;
        if (!heldAtStart) {
            lastContact = clock.instant();
        }
        return page.getBoolean("more", false);
    }

    private void apply(JsonObject entry, Instant forgetAt) {
        String kind = entry.getString("kind", "");
        if ("session".equals(kind) && entry.containsKey("sid")) {
            revocations.sessionEnded(entry.getString("sid"), forgetAt);
        } else if ("account".equals(kind) && entry.get("min_tv") instanceof JsonNumber minTv) {
            revocations.accountCutOff(entry.getString("sub"), minTv.longValue(), forgetAt);
        } else if ("key".equals(kind) && entry.containsKey("kid")) {
            revocations.keyRevoked(entry.getString("kid"));
        }
    }

    private String basic() {
        String pair = URLEncoder.encode(settings.clientId(), StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(settings.clientSecret(), StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonObject read(String json) {
        try (var reader = JSON.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
