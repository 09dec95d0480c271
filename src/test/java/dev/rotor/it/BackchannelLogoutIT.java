package dev.rotor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.LogoutTokenValidator;
import com.sun.net.httpserver.HttpServer;
import dev.rotor.it.support.Api.Tokens;
import dev.rotor.it.support.Db;
import dev.rotor.it.support.Deployments;
import dev.rotor.it.support.Reply;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Back-channel logout in the container: a logout-all ends two sessions of clients with back-channel
 * logout URIs (served here, one of them answering only after 10 s); the logout-all answers at once,
 * the fast app gets a logout token that the Nimbus OIDC SDK validates against Rotor's JWKS within
 * 2 s, and the slow app's attempt times out, is audited and stays due. The sessions' client ids
 * are set in the database: the token endpoint of this build knows only the built-in clients.
 */
class BackchannelLogoutIT extends RotorIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.rotor();
    }

    HttpServer app;
    final BlockingQueue<String> fastBodies = new LinkedBlockingQueue<>();
    final BlockingQueue<Instant> fastArrivals = new LinkedBlockingQueue<>();

    @BeforeEach
    void startApp() throws Exception {
        app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        app.createContext("/fast", exchange -> {
            fastArrivals.add(Instant.now());
            fastBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        app.createContext("/slow", exchange -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        app.setExecutor(Executors.newCachedThreadPool());
        app.start();
    }

    @AfterEach
    void stopApp() {
        app.stop(0);
    }

    @Test
    void aLogoutEverywhereReachesEachAppAtOnceAndASlowAppSlowsNothing() throws Exception {
        String fast = "fast-" + UUID.randomUUID().toString().substring(0, 8);
        String slow = "slow-" + UUID.randomUUID().toString().substring(0, 8);
        registerClient(fast, "http://127.0.0.1:" + app.getAddress().getPort() + "/fast");
        registerClient(slow, "http://127.0.0.1:" + app.getAddress().getPort() + "/slow");
        String name = api.newUser("bcl");
        Tokens first = api.login(name);
        Tokens second = api.login(name);
        String fastSid = api.me(first.access()).string("sessionId");
        String slowSid = api.me(second.access()).string("sessionId");
        String accountId = api.me(first.access()).string("id");
        assertEquals(1, Db.update("UPDATE session_family SET client_id = ? WHERE id = ?", fast, fastSid));
        assertEquals(1, Db.update("UPDATE session_family SET client_id = ? WHERE id = ?", slow, slowSid));

        Instant before = Instant.now();
        Reply ended = api.post("/auth/logout-all", first.access());
        Duration answeredIn = Duration.between(before, Instant.now());
        assertEquals(204, ended.status(), ended.toString());
        assertTrue(answeredIn.toMillis() < 2_000, "the logout answered in " + answeredIn + ", sending nothing itself");

        String body = fastBodies.poll(2, TimeUnit.SECONDS);
        assertNotNull(body, "the fast app was told within 2 s");
        Instant arrived = fastArrivals.poll();
        assertTrue(Duration.between(before, arrived).toMillis() < 2_000, "arrived after " + Duration.between(before, arrived));
        SignedJWT token = SignedJWT.parse(URLDecoder.decode(body.substring("logout_token=".length()), StandardCharsets.UTF_8));
        String issuer = api.get("/.well-known/oauth-authorization-server", null).string("issuer");
        JWKSet keys = JWKSet.parse(api.get("/.well-known/jwks.json", null).body());
        LogoutTokenClaimsSet claims = new LogoutTokenValidator(new Issuer(issuer), new ClientID(fast),
                JWSAlgorithm.parse(token.getHeader().getAlgorithm().getName()), keys).validate(token);
        assertEquals(fastSid, claims.getSessionID().getValue());
        assertEquals(accountId, claims.getSubject().getValue());

        awaitRow(fast, "delivered_at IS NOT NULL", Duration.ofSeconds(10));
        Map<String, Object> slowRow = awaitRow(slow, "last_error IS NOT NULL", Duration.ofSeconds(15));
        assertEquals("read timeout", slowRow.get("last_error"));
        assertTrue(slowRow.get("next_attempt_at") != null, "retried later");
        assertFalse(Db.query("SELECT id FROM audit_event WHERE type = 'BACKCHANNEL_LOGOUT_DELIVERED' AND account_id = ?", accountId).isEmpty());
        assertFalse(Db.query("SELECT id FROM audit_event WHERE type = 'BACKCHANNEL_LOGOUT_FAILED' AND account_id = ?", accountId).isEmpty());
    }

    private static void registerClient(String clientId, String backchannelUri) {
        Timestamp now = Timestamp.from(Instant.now());
        Db.update("INSERT INTO oauth_client (client_id, name, client_type, enabled, first_party, redirect_uris, web_origins, "
                        + "post_logout_redirect_uris, grant_types, scopes, token_sid, created_at, updated_at, version, backchannel_logout_uri) "
                        + "VALUES (?, ?, 'CONFIDENTIAL', TRUE, FALSE, '', '', '', '', '', ?, ?, ?, 1, ?)",
                clientId, clientId, UUID.randomUUID().toString(), now, now, backchannelUri);
    }

    private static Map<String, Object> awaitRow(String clientId, String condition, Duration within) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (true) {
            List<Map<String, Object>> rows = Db.query("SELECT * FROM logout_outbox WHERE client_id = ? AND " + condition, clientId);
            if (!rows.isEmpty()) {
                return rows.get(0);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no outbox row of " + clientId + " with " + condition + ": "
                        + Db.query("SELECT * FROM logout_outbox WHERE client_id = ?", clientId));
            }
            Thread.sleep(100);
        }
    }
}
