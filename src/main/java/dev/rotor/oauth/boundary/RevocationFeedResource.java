package dev.rotor.oauth.boundary;

import static dev.rotor.platform.JsonSupport.JSON;

import dev.rotor.oauth.control.FeedEntry;
import dev.rotor.oauth.control.FeedPage;
import dev.rotor.oauth.control.RevocationFeed;
import dev.rotor.problem.OAuthError;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;

/**
 * The revocation feed for resource servers: {@code GET /oauth2/revocations?after=<cursor>&wait=<s>}
 * long-polls (up to 25 s, the default) and answers as soon as revocations after the cursor exist.
 * Long-polling rather than Server-Sent Events: a consumer needs only a JAX-RS client, proxies
 * treat it as plain request/response, and every answer carries the cursor to resume from.
 */
@Path("oauth2/revocations")
@PermitAll
public class RevocationFeedResource {

    static final int MAX_WAIT_SECONDS = 25;

    @Inject
    RevocationFeed feed;

    @GET
    @ResourceServerOnly
    @Produces(MediaType.APPLICATION_JSON)
    public void follow(@QueryParam("after") String after, @QueryParam("wait") String wait, @Suspended AsyncResponse response) {
        long cursor;
        long seconds;
        try {
            cursor = Long.parseLong(required(after));
            seconds = wait == null ? MAX_WAIT_SECONDS : Long.parseLong(wait);
        } catch (NumberFormatException e) {
            response.resume(OAuthError.invalidRequest("Parameters after and wait are whole numbers."));
            return;
        }
        if (cursor < 0 || seconds < 0 || seconds > MAX_WAIT_SECONDS) {
            response.resume(OAuthError.invalidRequest("after must be 0 or more; wait from 0 to " + MAX_WAIT_SECONDS + " seconds."));
            return;
        }
        response.setTimeout(seconds + 30, java.util.concurrent.TimeUnit.SECONDS);
        feed.await(cursor, Duration.ofSeconds(seconds), page -> response.resume(answer(page)));
    }

    private static String required(String after) {
        if (after == null || after.isEmpty()) {
            throw new NumberFormatException();
        }
        return after;
    }

    private Response answer(FeedPage page) {
        var entries = JSON.createArrayBuilder();
        page.revocations().forEach(row -> entries.add(entry(row)));
        var body = JSON.createObjectBuilder()
                .add("cursor", page.cursor())
                .add("revocations", entries)
                .add("more", page.more())
                .add("horizon_seconds", feed.horizon().toSeconds());
        if (page.head() != FeedPage.UNKNOWN_HEAD) {
            body.add("head", page.head());
        }
        return Response.ok(body.build().toString(), MediaType.APPLICATION_JSON)
                .header("Cache-Control", "no-store")
                .build();
    }

    private static JsonObject entry(FeedEntry row) {
        var json = JSON.createObjectBuilder()
                .add("seq", row.seq())
                .add("kind", row.kind().name().toLowerCase(java.util.Locale.ROOT));
        if (row.accountId() != null) {
            json.add("sub", row.accountId());
        }
        if (row.keyId() != null) {
            json.add("kid", row.keyId());
        }
        if (row.sessionId() != null) {
            json.add("sid", row.sessionId());
        }
        if (row.minTokenVersion() != null) {
            json.add("min_tv", row.minTokenVersion());
        }
        return json.build();
    }
}
