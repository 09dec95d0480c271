package dev.rotor.client.control;

import static dev.rotor.platform.TestPersistence.inTransaction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.audit.control.AuditLog;
import dev.rotor.audit.entity.AuditEvent;
import dev.rotor.audit.entity.AuditType;
import dev.rotor.client.control.ClientCredentials.Method;
import dev.rotor.client.entity.ClientSecret;
import dev.rotor.client.entity.ClientType;
import dev.rotor.client.entity.RegisteredClient;
import dev.rotor.platform.InstantConverter;
import dev.rotor.platform.Migrations;
import dev.rotor.platform.MovableClock;
import dev.rotor.platform.RequestFacts;
import dev.rotor.platform.TestPersistence;
import dev.rotor.throttle.control.ClientThrottle;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Client authentication on a migrated H2 database with real client and secret rows; the throttle
 * and the audit log record what they were asked.
 */
class ClientAuthenticationTest {

    static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    static final RequestFacts FACTS = new RequestFacts("192.0.2.9", "test", null);

    final MovableClock clock = new MovableClock(NOW);
    final List<String> audited = new ArrayList<>();
    final List<String> throttled = new ArrayList<>();
    Optional<Duration> addressWait = Optional.empty();
    Optional<Duration> clientWait = Optional.empty();
    EntityManagerFactory emf;
    EntityManager em;
    ClientAuthentication cut;
    String secret;
    String oldSecret;

    @BeforeEach
    void database() {
        var h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:client-auth-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Migrations.configure(h2, getClass().getClassLoader(), ZoneId.of("UTC")).load().migrate();
        emf = TestPersistence.on(h2, RegisteredClient.class, ClientSecret.class, InstantConverter.class);
        em = emf.createEntityManager();
        secret = ClientSecrets.generate();
        oldSecret = ClientSecrets.generate();
        inTransaction(em, () -> {
            var app = new RegisteredClient("batch", ClientType.CONFIDENTIAL, NOW);
            app.setGrantTypes(List.of("client_credentials"), NOW);
            em.persist(app);
            em.persist(new RegisteredClient("spa", ClientType.PUBLIC, NOW));
            var off = new RegisteredClient("off", ClientType.CONFIDENTIAL, NOW);
            off.setEnabled(false, NOW);
            em.persist(off);
            return null;
        });
        inTransaction(em, () -> {
            em.persist(new ClientSecret(UUID.randomUUID().toString(), "batch", ClientSecrets.hash(oldSecret), NOW, NOW.plusSeconds(60)));
            em.persist(new ClientSecret(UUID.randomUUID().toString(), "batch", ClientSecrets.hash(secret), NOW, null));
            em.persist(new ClientSecret(UUID.randomUUID().toString(), "off", ClientSecrets.hash(secret), NOW, null));
            return null;
        });
        var clients = new Clients();
        clients.em = em;
        clients.builtIns = List.of("rotor-web", "rotor-cli");
        clients.builtInPasswordGrant = true;
        cut = new ClientAuthentication();
        cut.em = em;
        cut.clients = clients;
        cut.clock = clock;
        cut.audit = new AuditLog() {
            @Override
            public AuditEvent record(AuditType type, String accountId, String actorId, String sessionId, RequestFacts facts, String detail) {
                audited.add(type + " " + detail);
                return null;
            }
        };
        cut.throttle = new ClientThrottle() {
            @Override
            public Optional<Duration> addressWait(RequestFacts facts) {
                return addressWait;
            }

            @Override
            public Optional<Duration> beforeSecretCheck(String clientId) {
                throttled.add("count " + clientId);
                return clientWait;
            }

            @Override
            public void failed(RequestFacts facts) {
                throttled.add("failed " + facts.clientIp());
            }
        };
    }

    @AfterEach
    void close() {
        em.close();
        emf.close();
    }

    private OAuthClient authenticate(Method method, String id, String presentedSecret) {
        return cut.authenticate(new ClientCredentials(method, id, presentedSecret), FACTS);
    }

    @Test
    void aConfidentialClientAuthenticatesWithAnyOfItsValidSecretsByBasicOrPost() {
        assertEquals("batch", authenticate(Method.BASIC, "batch", secret).clientId());
        assertEquals("batch", authenticate(Method.POST, "batch", secret).clientId());
        assertEquals("batch", authenticate(Method.POST, "batch", oldSecret).clientId(), "two secrets valid at once: rotation");
        assertTrue(audited.isEmpty());
        assertTrue(throttled.isEmpty(), "a right secret writes no throttle row");
    }

    @Test
    void anExpiredSecretIsRefused() {
        clock.advance(Duration.ofSeconds(60));
        assertThrows(InvalidClient.class, () -> authenticate(Method.POST, "batch", oldSecret));
        assertEquals("batch", authenticate(Method.POST, "batch", secret).clientId());
    }

    @Test
    void aWrongOrMissingSecretIsInvalidClientAuditedWithoutTheSecretAndCounted() {
        String wrong = ClientSecrets.generate();
        InvalidClient refused = assertThrows(InvalidClient.class, () -> authenticate(Method.BASIC, "batch", wrong));
        assertEquals(401, refused.status());
        assertEquals("invalid_client", refused.oauth().orElseThrow().error());
        assertThrows(InvalidClient.class, () -> authenticate(Method.NONE, "batch", null));
        assertEquals(List.of("CLIENT_AUTH_FAILED client=batch method=client_secret_basic reason=wrong secret",
                "CLIENT_AUTH_FAILED client=batch method=none reason=no secret"), audited);
        assertFalse(audited.toString().contains(wrong));
        assertEquals(List.of("count batch", "failed 192.0.2.9", "failed 192.0.2.9"), throttled);
    }

    @Test
    void aClientIdBackingOffAnswersWrongSecretsWithSlowDownButStillTakesTheRightOne() {
        clientWait = Optional.of(Duration.ofMillis(2500));
        var waiting = assertThrows(ClientAuthenticationThrottled.class, () -> authenticate(Method.POST, "batch", "wrong"));
        assertEquals(429, waiting.status());
        assertEquals("slow_down", waiting.oauth().orElseThrow().error());
        assertEquals(3, waiting.retryAfterSeconds().getAsLong());
        assertEquals("batch", authenticate(Method.POST, "batch", secret).clientId(), "nobody locks a client out by sending its id");
    }

    @Test
    void aLockedOutAddressWaitsEvenWithTheRightSecret() {
        addressWait = Optional.of(Duration.ofSeconds(30));
        var waiting = assertThrows(ClientAuthenticationThrottled.class, () -> authenticate(Method.BASIC, "batch", secret));
        assertEquals(30, waiting.retryAfterSeconds().getAsLong());
        assertEquals("rotor-cli", authenticate(Method.NONE, "rotor-cli", null).clientId(), "a public client presents nothing to throttle");
    }

    @Test
    void unknownAndDisabledClientsAreInvalidClientAndAnUnknownIdIsNotAudited() {
        assertThrows(InvalidClient.class, () -> authenticate(Method.POST, "my-secret-pasted-here", secret));
        assertThrows(InvalidClient.class, () -> authenticate(Method.POST, "off", secret));
        assertEquals(List.of("CLIENT_AUTH_FAILED reason=unknown client id, method=client_secret_post",
                "CLIENT_AUTH_FAILED client=off method=client_secret_post reason=client disabled"), audited);
    }

    @Test
    void aPublicClientNamesItselfAndIsRefusedWhenItPresentsASecret() {
        assertEquals("spa", authenticate(Method.NONE, "spa", null).clientId());
        assertEquals("rotor-cli", authenticate(Method.BASIC, "rotor-cli", null).clientId(), "Basic with an empty password");
        assertThrows(InvalidClient.class, () -> authenticate(Method.POST, "spa", "anything"));
        assertThrows(InvalidClient.class, () -> authenticate(Method.BASIC, "rotor-cli", "anything"));
    }

    @Test
    void everySecretIsComparedWithNoEarlyExit() {
        var compared = new ArrayList<String>();
        var first = new ClientSecret("1", "batch", ClientSecrets.hash(secret), NOW, null) {
            @Override
            public String secretHash() {
                compared.add("1");
                return super.secretHash();
            }
        };
        var second = new ClientSecret("2", "batch", ClientSecrets.hash(oldSecret), NOW, null) {
            @Override
            public String secretHash() {
                compared.add("2");
                return super.secretHash();
            }
        };
        assertTrue(cut.matchesOneOf(secret, List.of(first, second)));
        assertEquals(List.of("1", "2"), compared, "the second is compared although the first matched");
    }
}
