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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Follows Rotor's revocation feed on one daemon thread: finds the feed in Rotor's discovery
 * document, catches up from cursor 0 (everything Rotor still retains, i.e. one access-token
 * lifetime), then long-polls with its cursor. Each answer, even an empty one, counts as contact;
 * without contact for {@code rotor.kit.max-staleness} the kit is stale.
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
    private final Clock clock = Clock.systemUTC();
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
                    feed = discoverFeed();
                }
                boolean more = poll(feed, cursor == 0 && lastContact == null ? 0 : wait);
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

    /** One long-poll; true when the answer was a full page and more may follow at once. */
    private boolean poll(String feed, long waitSeconds) {
        String url = feed + "?after=" + cursor + "&wait=" + waitSeconds;
        try (Response response = client.target(url).request("application/json")
                .header("Authorization", basic())
                .get()) {
            if (response.getStatus() != 200) {
                throw new IllegalStateException("the feed answered " + response.getStatus()
                        + (response.getStatus() == 401 ? " (check rotor.kit.client-id and rotor.kit.client-secret)" : ""));
            }
            JsonObject page = read(response.readEntity(String.class));
            Instant forgetAt = clock.instant().plusSeconds(page.getJsonNumber("horizon_seconds").longValue());
            for (JsonValue value : page.getJsonArray("revocations")) {
                apply(value.asJsonObject(), forgetAt);
            }
            cursor = page.getJsonNumber("cursor").longValue();
            lastContact = clock.instant();
            return page.getBoolean("more", false);
        }
    }

    private void apply(JsonObject entry, Instant forgetAt) {
        String kind = entry.getString("kind", "");
        if ("session".equals(kind) && entry.containsKey("sid")) {
            revocations.sessionEnded(entry.getString("sid"), forgetAt);
        } else if ("account".equals(kind) && entry.get("min_tv") instanceof JsonNumber minTv) {
            revocations.accountCutOff(entry.getString("sub"), minTv.longValue(), forgetAt);
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
