package dev.rotor.logout.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.LogoutTokenValidator;
import com.sun.net.httpserver.HttpServer;
import dev.rotor.audit.control.AuditLog;
import dev.rotor.audit.entity.AuditEvent;
import dev.rotor.audit.entity.AuditType;
import dev.rotor.logout.entity.PendingLogout;
import dev.rotor.platform.InstantConverter;
import dev.rotor.platform.Migrations;
import dev.rotor.platform.MovableClock;
import dev.rotor.platform.RotorSettings;
import dev.rotor.platform.TestPersistence;
import dev.rotor.token.control.CurrentSigner;
import dev.rotor.token.control.LogoutTokenIssuer;
import dev.rotor.token.control.SigningKeys;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sender against a real HTTP server on this machine: delivery, retries with back-off, timeouts,
 * redirects, giving up, and two instances sharing the outbox; the logout token checked with Nimbus
 * (signature, header, claims, and the OIDC SDK's strict {@link LogoutTokenValidator}).
 */
class LogoutDeliveryTest {

    static final String CLIENT = "shop";

    final Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    final MovableClock clock = new MovableClock(start);
    JdbcDataSource h2;
    EntityManagerFactory emf;
    RSAKey key;
    HttpServer server;
    /** What the server answers, in order; the last one repeats. Negative: sleep that many milliseconds, then 200. */
    final List<Integer> answers = new CopyOnWriteArrayList<>(List.of(200));
    final AtomicInteger requestCount = new AtomicInteger();
    final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
    final AtomicInteger redirectTargetHits = new AtomicInteger();
    Sender here;
    Sender other;

    @BeforeEach
    void setUp() throws Exception {
        h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:delivery-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Migrations.configure(h2, getClass().getClassLoader(), ZoneId.of("UTC")).load().migrate();
        emf = TestPersistence.on(h2, PendingLogout.class, AuditEvent.class, InstantConverter.class);
        key = new RSAKeyGenerator(2048).keyID("key-1").generate();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/logout", exchange -> {
            int n = requestCount.getAndIncrement();
            int answer = answers.get(Math.min(n, answers.size() - 1));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(Map.of("contentType", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")), "body", body));
            if (answer < 0) {
                sleep(-answer);
                answer = 200;
            }
            if (answer == 302) {
                exchange.getResponseHeaders().add("Location", "/elsewhere");
            }
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        server.createContext("/elsewhere", exchange -> {
            redirectTargetHits.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        here = new Sender(emf.createEntityManager());
        other = new Sender(emf.createEntityManager());
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
        here.em.close();
        other.em.close();
        emf.close();
    }

    @Test
    void a200IsDeliveredWithAValidSignedLogoutToken() throws Exception {
        PendingLogout row = pending("sign-in-1");

        assertEquals(1, here.delivery.deliverDue());

        assertEquals(1, received.size());
        assertEquals("application/x-www-form-urlencoded", received.get(0).get("contentType"));
        String body = received.get(0).get("body");
        assertTrue(body.startsWith("logout_token="), body);
        SignedJWT token = SignedJWT.parse(URLDecoder.decode(body.substring("logout_token=".length()), StandardCharsets.UTF_8));
        assertTrue(token.verify(new RSASSAVerifier(key.toPublicJWK())), "signed with the current key");
        assertEquals("logout+jwt", token.getHeader().getType().getType());
        assertEquals("key-1", token.getHeader().getKeyID());
        JWTClaimsSet claims = token.getJWTClaimsSet();
        assertEquals(RotorSettings.defaults().issuer(), claims.getIssuer());
        assertEquals(List.of(CLIENT), claims.getAudience());
        assertEquals("account-1", claims.getSubject());
        assertEquals("sign-in-1", claims.getStringClaim("sid"));
        assertEquals(Map.of(LogoutTokenIssuer.EVENT, Map.of()), claims.getJSONObjectClaim("events"));
        assertNotNull(claims.getJWTID());
        assertEquals(start, claims.getIssueTime().toInstant());
        assertEquals(start.plus(LogoutTokenIssuer.LIFETIME), claims.getExpirationTime().toInstant());
        assertFalse(claims.getClaims().containsKey("nonce"));

        LogoutTokenClaimsSet valid = new LogoutTokenValidator(new Issuer(RotorSettings.defaults().issuer()), new ClientID(CLIENT),
                JWSAlgorithm.RS256, new JWKSet(key.toPublicJWK())).validate(token);
        assertEquals("sign-in-1", valid.getSessionID().getValue());
        assertEquals("account-1", valid.getSubject().getValue());

        PendingLogout after = read(row.id());
        assertEquals(start, after.deliveredAt());
        assertNull(after.nextAttemptAt(), "no longer due");
        assertEquals(1, after.attempts());
        assertEquals(List.of(AuditType.BACKCHANNEL_LOGOUT_DELIVERED), audited());
        assertEquals(0, here.delivery.deliverDue(), "delivered once");
    }

    @Test
    void a500IsRetriedAfterABackOffAndThenDelivered() {
        answers.clear();
        answers.addAll(List.of(500, 200));
        PendingLogout row = pending("s");

        assertEquals(1, here.delivery.deliverDue());
        PendingLogout failed = read(row.id());
        assertEquals("HTTP 500", failed.lastError());
        assertEquals(start.plusSeconds(1), failed.nextAttemptAt());
        assertNull(failed.deliveredAt());
        assertEquals(0, here.delivery.deliverDue(), "not due before its back-off");

        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, here.delivery.deliverDue());
        PendingLogout delivered = read(row.id());
        assertEquals(2, delivered.attempts());
        assertNotNull(delivered.deliveredAt());
        assertEquals(List.of(AuditType.BACKCHANNEL_LOGOUT_FAILED, AuditType.BACKCHANNEL_LOGOUT_DELIVERED), audited());

        LogoutOutbox.DeliveryState state = here.state(CLIENT);
        assertEquals(delivered.deliveredAt(), state.lastDeliveredAt());
        assertNull(state.lastFailedAt(), "the failure was followed by a delivery");
        assertEquals(0, state.pending());
    }

    @Test
    void aServerSlowerThanTheReadTimeoutHoldsTheSenderNoLongerAndIsRetried() {
        here.delivery.readTimeout = Duration.ofMillis(300);
        answers.set(0, -3_000);
        PendingLogout row = pending("s");

        long began = System.nanoTime();
        assertEquals(1, here.delivery.deliverDue());
        long tookMillis = (System.nanoTime() - began) / 1_000_000;

        assertTrue(tookMillis < 2_500, "the round took " + tookMillis + " ms");
        PendingLogout failed = read(row.id());
        assertEquals("read timeout", failed.lastError());
        assertEquals(start.plusSeconds(1), failed.nextAttemptAt(), "due again");
        LogoutOutbox.DeliveryState state = here.state(CLIENT);
        assertEquals(start, state.lastFailedAt());
        assertEquals("read timeout", state.lastError());
        assertEquals(1, state.pending());
    }

    @Test
    void aRedirectIsAFailureAndIsNotFollowed() {
        answers.set(0, 302);
        PendingLogout row = pending("s");

        here.delivery.deliverDue();

        assertEquals("HTTP 302", read(row.id()).lastError());
        assertEquals(0, redirectTargetHits.get());
        assertEquals(1, requestCount.get());
    }

    @Test
    void aClosedPortIsAFailure() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        PendingLogout row = pendingAt("s", "http://127.0.0.1:" + port + "/logout");
        here.delivery.deliverDue();
        assertEquals("connection refused", read(row.id()).lastError());
    }

    @Test
    void aLogoutNeverDeliveredIsGivenUpAfterTheBoundedTime() {
        here.claims.giveUpAfter = Duration.ofSeconds(10);
        answers.set(0, 503);
        PendingLogout row = pending("s");

        for (int round = 0; round < 10 && read(row.id()).nextAttemptAt() != null; round++) {
            here.delivery.deliverDue();
            PendingLogout now = read(row.id());
            if (now.nextAttemptAt() != null) {
                clock.set(now.nextAttemptAt());
            }
        }

        PendingLogout gaveUp = read(row.id());
        assertNotNull(gaveUp.gaveUpAt());
        assertNull(gaveUp.nextAttemptAt());
        assertNull(gaveUp.deliveredAt());
        assertEquals(4, gaveUp.attempts(), "at 0 s, 1 s, 3 s and 7 s; the next (15 s) would be past 10 s");
        assertEquals(Collections.nCopies(4, AuditType.BACKCHANNEL_LOGOUT_FAILED), audited());
        assertEquals(0, here.delivery.deliverDue());
        LogoutOutbox.DeliveryState state = here.state(CLIENT);
        assertEquals("HTTP 503", state.lastError());
        assertEquals(0, state.pending());
    }

    @Test
    void twoInstancesNeverBothSendTheSameLogout() throws Exception {
        answers.set(0, -50); // slow enough for the two rounds to overlap
        for (int i = 0; i < 30; i++) {
            pending("sid-" + i);
        }
        for (int round = 0; round < 5; round++) {
            CountDownLatch go = new CountDownLatch(1);
            var a = CompletableFuture.supplyAsync(() -> await(go, here.delivery::deliverDue));
            var b = CompletableFuture.supplyAsync(() -> await(go, other.delivery::deliverDue));
            go.countDown();
            a.get();
            b.get();
        }
        List<String> sids = new ArrayList<>();
        for (Map<String, String> request : received) {
            String body = request.get("body");
            sids.add(SignedJWT.parse(URLDecoder.decode(body.substring("logout_token=".length()), StandardCharsets.UTF_8))
                    .getJWTClaimsSet().getStringClaim("sid"));
        }
        assertEquals(30, sids.size(), "each row sent once: " + sids);
        assertEquals(30, sids.stream().distinct().count());
        long delivered = tx(here.em, () -> here.em.createQuery("SELECT COUNT(p) FROM PendingLogout p WHERE p.deliveredAt IS NOT NULL AND p.attempts = 1",
                Long.class).getSingleResult());
        assertEquals(30, delivered);
    }

    @Test
    void aClaimLostToAnotherInstanceBetweenItsReadAndItsCompareAndSetSendsNothing() throws Exception {
        pending("s");
        Sender racing = new Sender(emf.createEntityManager(), () -> {
            assertEquals(1, other.claims.claimDue(10).size(), "the other instance claims the row first");
        });
        try {
            assertEquals(List.of(), racing.claims.claimDue(10), "the row was read as due, but its compare-and-set lost");
        } finally {
            racing.em.close();
        }
    }

    @Test
    void theOutcomeOfAnAttemptWhoseLeaseRanOutChangesNothing() {
        PendingLogout row = pending("s");
        LogoutClaims.Claimed slow = here.claims.claimDue(10).get(0);
        clock.advance(LogoutClaims.LEASE.plusSeconds(1));
        LogoutClaims.Claimed taken = other.claims.claimDue(10).get(0);
        assertEquals(2, taken.attempt(), "due again once the lease ran out");

        here.claims.failed(slow, "read timeout");
        assertNull(read(row.id()).lastError(), "the stale outcome is not written");
        other.claims.delivered(taken);
        assertNotNull(read(row.id()).deliveredAt());
        here.claims.failed(slow, "read timeout");
        assertNotNull(read(row.id()).deliveredAt(), "nor after delivery");
        assertNull(read(row.id()).lastError());
    }

    private static int await(CountDownLatch go, Supplier<Integer> round) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return round.get();
    }

    private PendingLogout pending(String sid) {
        return pendingAt(sid, "http://127.0.0.1:" + server.getAddress().getPort() + "/logout");
    }

    private PendingLogout pendingAt(String sid, String uri) {
        PendingLogout row = new PendingLogout(CLIENT, "account-1", sid, "session-" + sid, uri, clock.instant());
        tx(here.em, () -> {
            here.em.persist(row);
            return null;
        });
        return row;
    }

    private PendingLogout read(String id) {
        return tx(here.em, () -> here.em.find(PendingLogout.class, id));
    }

    private List<AuditType> audited() {
        return tx(here.em, () -> here.em.createQuery("SELECT e FROM AuditEvent e ORDER BY e.occurredAt, e.id", AuditEvent.class).getResultList())
                .stream().map(AuditEvent::type).toList();
    }

    private static <T> T tx(EntityManager em, Supplier<T> step) {
        return TestPersistence.inTransaction(em, step);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One instance's sender on its own entity manager, each outbox transaction a resource-local one. */
    final class Sender {
        final EntityManager em;
        final LogoutClaims claims;
        final LogoutDelivery delivery = new LogoutDelivery();
        final LogoutOutbox outbox = new LogoutOutbox();

        Sender(EntityManager em) throws Exception {
            this(em, null);
        }

        /** {@code beforeFirstClaim}, when set, runs once just before this sender's first compare-and-set. */
        Sender(EntityManager real, Runnable beforeFirstClaim) throws Exception {
            Runnable[] hook = {beforeFirstClaim};
            EntityManager em = beforeFirstClaim == null ? real : (EntityManager) java.lang.reflect.Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {EntityManager.class}, (proxy, method, args) -> {
                        if (method.getName().equals("createNamedQuery") && "PendingLogout.claim".equals(args[0]) && hook[0] != null) {
                            Runnable step = hook[0];
                            hook[0] = null;
                            step.run();
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            this.em = em;
            AuditLog audit = new AuditLog();
            Wiring.set(audit, "em", em);
            Wiring.set(audit, "clock", clock);
            claims = new LogoutClaims() {
                @Override
                public List<Claimed> claimDue(int max) {
                    return tx(em, () -> super.claimDue(max));
                }

                @Override
                public void delivered(Claimed claimed) {
                    tx(em, () -> {
                        super.delivered(claimed);
                        return null;
                    });
                }

                @Override
                public void failed(Claimed claimed, String error) {
                    tx(em, () -> {
                        super.failed(claimed, error);
                        return null;
                    });
                }
            };
            claims.em = em;
            claims.audit = audit;
            claims.clock = clock;
            claims.giveUpAfter = Duration.ofHours(1);
            SigningKeys.Signing signing = new SigningKeys.Signing(key.getKeyID(), JWSAlgorithm.RS256, new RSASSASigner(key));
            LogoutTokenIssuer tokens = new LogoutTokenIssuer();
            Wiring.set(tokens, "signer", new CurrentSigner() {
                @Override
                public SigningKeys.Signing choose() {
                    return signing;
                }
            });
            Wiring.set(tokens, "clock", clock);
            Wiring.set(tokens, "settings", RotorSettings.defaults());
            delivery.claims = claims;
            delivery.tokens = tokens;
            delivery.connectTimeout = Duration.ofSeconds(1);
            delivery.readTimeout = Duration.ofSeconds(5);
            delivery.batch = 50;
            outbox.em = em;
        }

        LogoutOutbox.DeliveryState state(String clientId) {
            return tx(em, () -> outbox.stateOf(clientId));
        }
    }
}
