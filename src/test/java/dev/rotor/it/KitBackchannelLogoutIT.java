package dev.rotor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rotor.example.orders.OrdersServer;
import dev.rotor.it.support.Api;
import dev.rotor.it.support.Api.Tokens;
import dev.rotor.it.support.Db;
import dev.rotor.it.support.Deployments;
import dev.rotor.it.support.ExampleServer;
import dev.rotor.it.support.Reply;
import dev.rotor.oauth.control.SecretHash;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kit as a back-channel logout receiver, end to end: the orders WAR (kit in WEB-INF/lib,
 * {@code rotor.kit.backchannel-logout.path} set) keeps an {@code HttpSession} registered under a
 * Rotor session's {@code sid}; that session's client has the WAR's endpoint as its back-channel
 * logout URI (set in the database: this build's token endpoint knows only built-in clients); a
 * logout everywhere at Rotor ends the WAR's HTTP session within a few seconds.
 */
class KitBackchannelLogoutIT extends RotorIT {

    static final String SECRET = "orders-bcl-it-secret-0123456789";
    static final String ORDERS = "urn:rotor:resource-server:orders";
    static final String WEB_CLIENT = "orders-web";
    static final String ROTOR = "http://localhost:" + Integer.getInteger("rotor.it.port", 8080);

    static ExampleServer orders;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.rotor("rotor.resource-servers=orders:" + SecretHash.of(SECRET, 1024).format());
    }

    @BeforeAll
    static void startOrders() throws Exception {
        var wars = new LinkedHashMap<String, String>();
        wars.put("orders", "rotor.kit.base-url=" + ROTOR + "\nrotor.kit.client-id=orders\nrotor.kit.client-secret=" + SECRET
                + "\nrotor.kit.backchannel-logout.path=/backchannel-logout\nrotor.kit.backchannel-logout.client-id=" + WEB_CLIENT + "\n");
        orders = OrdersServer.start(wars);
    }

    @AfterAll
    static void stopOrders() throws InterruptedException {
        if (orders != null) {
            orders.close();
        }
    }

    @Test
    void aLogoutEverywhereAtRotorEndsTheWarsOwnHttpSession() throws Exception {
        Db.update("DELETE FROM oauth_client WHERE client_id = ?", WEB_CLIENT);
        Timestamp now = Timestamp.from(Instant.now());
        Db.update("INSERT INTO oauth_client (client_id, name, client_type, enabled, first_party, redirect_uris, web_origins, "
                        + "post_logout_redirect_uris, grant_types, scopes, token_sid, created_at, updated_at, version, backchannel_logout_uri) "
                        + "VALUES (?, ?, 'CONFIDENTIAL', TRUE, FALSE, '', '', '', '', '', ?, ?, ?, 1, ?)",
                WEB_CLIENT, WEB_CLIENT, UUID.randomUUID().toString(), now, now, orders.url("orders") + "/backchannel-logout");

        String name = api.newUser("websession");
        var form = new LinkedHashMap<String, String>(Map.of("grant_type", "password", "username", name, "password", Api.PASSWORD,
                "client_id", Api.CLIENT, "resource", ORDERS));
        Reply grant = api.postForm("/oauth2/token", form);
        assertEquals(200, grant.status(), grant.toString());
        String forOrders = grant.string("access_token");

        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String webSession = orders.url("orders") + "/web-session";
        var started = browser.send(HttpRequest.newBuilder(URI.create(webSession)).header("Authorization", "Bearer " + forOrders)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, started.statusCode(), started.body());
        assertEquals(200, status(browser, webSession), "the WAR's session lives");

        String sid = com.nimbusds.jwt.SignedJWT.parse(forOrders).getJWTClaimsSet().getStringClaim("sid");
        assertEquals(1, Db.update("UPDATE session_family SET client_id = ? WHERE id = ?", WEB_CLIENT, sid));

        Tokens atRotor = api.login(name);
        Instant before = Instant.now();
        assertEquals(204, api.post("/auth/logout-all", atRotor.access()).status());

        Instant deadline = before.plusSeconds(5);
        int alive = 200;
        while (alive == 200 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            alive = status(browser, webSession);
        }
        assertEquals(404, alive, "the WAR's HTTP session ended; outbox: " + Db.query("SELECT * FROM logout_outbox WHERE client_id = ?", WEB_CLIENT));
        System.out.println("back-channel logout ended the WAR's session " + Duration.between(before, Instant.now()).toMillis() + " ms after logout-all");
    }

    private static int status(HttpClient browser, String url) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
