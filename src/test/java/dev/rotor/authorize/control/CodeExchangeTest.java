package dev.rotor.authorize.control;

import static dev.rotor.platform.TestPersistence.inTransaction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.RecordingEvent;
import dev.rotor.account.entity.Account;
import dev.rotor.account.entity.Username;
import dev.rotor.audit.control.AuditLog;
import dev.rotor.audit.entity.AuditEvent;
import dev.rotor.authorize.entity.AuthorizationCode;
import dev.rotor.authorize.entity.AuthorizationRequest;
import dev.rotor.client.control.ClientSecrets;
import dev.rotor.client.control.OAuthClient;
import dev.rotor.client.entity.ClientType;
import dev.rotor.platform.InstantConverter;
import dev.rotor.platform.Migrations;
import dev.rotor.platform.MovableClock;
import dev.rotor.platform.RequestFacts;
import dev.rotor.platform.RotorSettings;
import dev.rotor.platform.TestPersistence;
import dev.rotor.session.control.Issued;
import dev.rotor.session.control.RefreshTokens;
import dev.rotor.session.control.RevocationLog;
import dev.rotor.session.control.RevocationSignal;
import dev.rotor.session.control.SessionEnds;
import dev.rotor.session.control.Sessions;
import dev.rotor.session.entity.Revocation;
import dev.rotor.session.entity.Session;
import dev.rotor.session.entity.SessionStatus;
import dev.rotor.token.control.AccessTokenIssuer;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redeeming authorization codes on a migrated in-memory H2 database: real code, session, audit and
 * revocation rows, the real compare-and-set, {@code Sessions.startLinked} and {@code SessionEnds}.
 */
class CodeExchangeTest {

    static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    static final String APP = "shop";
    static final String REDIRECT = "https://shop.example/callback";
    static final List<String> AUDIENCE = List.of("rotor");
    /** RFC 7636 Appendix B. */
    static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    final MovableClock clock = new MovableClock(NOW);
    final OAuthClient shop = client(APP);
    EntityManagerFactory emf;
    EntityManager em;
    CodeExchange cut;
    Account alice;
    Session signIn;

    @BeforeEach
    void database() throws Exception {
        var h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:codes-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Migrations.configure(h2, getClass().getClassLoader(), ZoneId.of("UTC")).load().migrate();
        emf = TestPersistence.on(h2, Account.class, Session.class, AuditEvent.class, AuthorizationCode.class, AuthorizationRequest.class,
                InstantConverter.class);
        em = emf.createEntityManager();

        var audit = new AuditLog();
        set(audit, "em", em);
        set(audit, "clock", clock);
        var revocations = new RevocationLog();
        set(revocations, "em", em);
        set(revocations, "revoked", new RecordingEvent<Revocation>());
        set(revocations, "ended", new RecordingEvent<dev.rotor.session.control.SessionEnded>());
        set(revocations, "clock", clock);
        set(revocations, "settings", RotorSettings.defaults());
        var signal = new RevocationSignal();
        set(signal, "postgres", Boolean.FALSE);
        set(revocations, "signal", signal);
        var sessions = new Sessions();
        set(sessions, "em", em);
        set(sessions, "self", sessions);
        set(sessions, "accessTokens", new AccessTokenIssuer() {
            @Override
            public AccessToken issue(Account account, String sessionId, String clientId, List<String> audience, String scope,
                                     dev.rotor.token.entity.Authentication authentication) {
                return new AccessToken("access-token-of-" + sessionId, clock.instant().plusSeconds(900));
            }
        });
        set(sessions, "audit", audit);
        set(sessions, "revocations", revocations);
            set(sessions, "secondSteps", new dev.rotor.session.control.NoSecondStep());
        set(sessions, "clock", clock);
        set(sessions, "settings", RotorSettings.defaults());
        set(sessions, "maxPerUser", 50);
        var ends = new SessionEnds();
        set(ends, "em", em);
        set(ends, "audit", audit);
        set(ends, "revocations", revocations);
        set(ends, "clock", clock);
        cut = new CodeExchange();
        cut.em = em;
        cut.sessions = sessions;
        cut.ends = ends;
        cut.clock = clock;

        alice = new Account(new Username("alice"), "not-a-real-hash", Set.of("user"), Instant.EPOCH);
        signIn = new Session(Session.newId(), alice.id(), "rotor-web", RequestFacts.NONE, NOW, Duration.ofDays(30), Duration.ofDays(7),
                RefreshTokens.newChainSeed(), RefreshTokens.hash(RefreshTokens.newSecret()));
        inTransaction(em, () -> {
            em.persist(alice);
            em.persist(signIn);
            return null;
        });
    }

    @AfterEach
    void close() {
        em.close();
        emf.close();
    }

    private static OAuthClient client(String id) {
        return new OAuthClient(id, id, ClientType.PUBLIC, true, false, false, List.of(REDIRECT), List.of(), List.of(),
                Set.of("authorization_code", "refresh_token"), Set.of("openid", "profile"), null, null, null, false);
    }

    /** A code as the authorize side stores it: only its SHA-256, 60 s, bound to everything. */
    private String code(String clientId, boolean redirectSent, String challenge) {
        String code = ClientSecrets.generate();
        var request = new AuthorizationRequest("req-" + UUID.randomUUID(), clientId, REDIRECT, redirectSent, "state", "openid profile",
                challenge, null, null, null, null, NOW, NOW.plusSeconds(600));
        inTransaction(em, () -> {
            em.persist(new AuthorizationCode(ClientSecrets.hash(code), request, alice.id(), signIn.id(), NOW.minusSeconds(5), clock.instant(),
                    clock.instant().plusSeconds(60)));
            return null;
        });
        return code;
    }

    private Optional<Issued> redeem(String code, OAuthClient client, String redirect, String verifier) {
        return inTransaction(em, () -> cut.redeem(code, client, redirect, verifier, AUDIENCE, RequestFacts.NONE).map(CodeExchange.Redeemed::issued));
    }

    private AuthorizationCode row(String code) {
        return em.find(AuthorizationCode.class, ClientSecrets.hash(code));
    }

    private List<String> audited() {
        return em.createQuery("SELECT e.type FROM AuditEvent e", Object.class).getResultList().stream().map(String::valueOf).toList();
    }

    private List<String> revocations() {
        return em.createNativeQuery("SELECT kind, session_id, reason FROM revocation ORDER BY seq").getResultList().stream()
                .map(row -> ((Object[]) row)[0] + " " + ((Object[]) row)[1] + " " + ((Object[]) row)[2]).toList();
    }

    @Test
    void theRfc7636AppendixBVector() {
        assertEquals(CHALLENGE, CodeExchange.s256(VERIFIER));
        assertTrue(CodeExchange.pkceMatches(CHALLENGE, VERIFIER));
    }

    @Test
    void aCodeStartsASessionLinkedToTheSignInAndRecordsIt() {
        String code = code(APP, true, CHALLENGE);
        Issued issued = redeem(code, shop, REDIRECT, VERIFIER).orElseThrow();
        Session session = em.find(Session.class, issued.session().id());
        assertEquals(APP, session.clientId());
        assertEquals(signIn.id(), session.signInId());
        assertEquals("openid profile", session.scope());
        assertEquals(NOW.minusSeconds(5), session.authTime());
        assertEquals(session.id(), row(code).sessionId());
        assertEquals(NOW, row(code).usedAt());
    }

    @Test
    void aSecondUseIsRefusedAndEndsTheSessionTheFirstStarted() {
        String code = code(APP, true, CHALLENGE);
        String first = redeem(code, shop, REDIRECT, VERIFIER).orElseThrow().session().id();
        assertTrue(redeem(code, shop, REDIRECT, VERIFIER).isEmpty());
        assertEquals(SessionStatus.CODE_REUSED, em.find(Session.class, first).status());
        assertEquals(List.of("SESSION " + first + " CODE_REUSED"), revocations());
        assertTrue(audited().contains("CODE_REUSED"), audited().toString());
        assertEquals(SessionStatus.ACTIVE, em.find(Session.class, signIn.id()).status(), "the sign-in itself lives on");
    }

    @Test
    void pkceFailuresAreRefusedAndLeaveTheCodeUnused() {
        String code = code(APP, true, CHALLENGE);
        assertTrue(redeem(code, shop, REDIRECT, null).isEmpty(), "missing verifier");
        assertTrue(redeem(code, shop, REDIRECT, CHALLENGE).isEmpty(), "plain: the challenge itself as verifier");
        assertTrue(redeem(code, shop, REDIRECT, "x".repeat(43)).isEmpty(), "wrong verifier");
        assertNull(row(code).usedAt());
        assertTrue(redeem(code, shop, REDIRECT, VERIFIER).isPresent(), "the right one still works");
    }

    @Test
    void aMalformedVerifierIsInvalidRequest() {
        String code = code(APP, true, CHALLENGE);
        var refused = assertThrows(InvalidCodeVerifier.class, () -> redeem(code, shop, REDIRECT, "too-short"));
        assertEquals("invalid_request", refused.oauth().orElseThrow().error());
        assertThrows(InvalidCodeVerifier.class, () -> redeem(code, shop, REDIRECT, VERIFIER + "+"));
        assertThrows(InvalidCodeVerifier.class, () -> redeem(code, shop, REDIRECT, "a".repeat(129)));
    }

    @Test
    void aVerifierWithoutAChallengeIsRefused() {
        String code = code(APP, true, null);
        assertTrue(redeem(code, shop, REDIRECT, VERIFIER).isEmpty());
        assertTrue(redeem(code, shop, REDIRECT, null).isPresent());
    }

    @Test
    void aCodeOfAnotherClientAnExpiredCodeAndAnUnknownCodeAreRefused() {
        String code = code(APP, true, CHALLENGE);
        assertTrue(redeem(code, client("other"), REDIRECT, VERIFIER).isEmpty());
        assertTrue(redeem("no-such-code", shop, REDIRECT, VERIFIER).isEmpty());
        clock.advance(Duration.ofSeconds(60));
        assertTrue(redeem(code, shop, REDIRECT, VERIFIER).isEmpty());
        assertTrue(audited().isEmpty(), "nothing started, nothing ended");
    }

    @Test
    void theRedirectUriMustBeSentAndEqualWhenTheRequestSentOne() {
        String code = code(APP, true, CHALLENGE);
        assertTrue(redeem(code, shop, null, VERIFIER).isEmpty());
        assertTrue(redeem(code, shop, REDIRECT + "/", VERIFIER).isEmpty());
        assertTrue(redeem(code, shop, REDIRECT.toUpperCase(), VERIFIER).isEmpty());
        String unsent = code(APP, false, CHALLENGE);
        assertTrue(redeem(unsent, shop, "https://shop.example/other", VERIFIER).isEmpty());
        assertTrue(redeem(unsent, shop, null, VERIFIER).isPresent(), "not sent on the request: not needed here");
    }

    @Test
    void aSignInThatEndedMeanwhileStartsNothing() {
        String code = code(APP, true, CHALLENGE);
        inTransaction(em, () -> {
            em.find(Session.class, signIn.id()).end(SessionStatus.LOGOUT, NOW);
            return null;
        });
        assertTrue(redeem(code, shop, REDIRECT, VERIFIER).isEmpty());
        assertNotNull(row(code).usedAt(), "spent: the sign-in it stood for is gone");
    }

    private static void set(Object target, String field, Object value) throws Exception {
        Class<?> type = target.getClass();
        while (type != null) {
            try {
                Field f = type.getDeclaredField(field);
                f.setAccessible(true);
                f.set(target, value);
                return;
            } catch (NoSuchFieldException notHere) {
                type = type.getSuperclass();
            }
        }
        throw new NoSuchFieldException(field);
    }
}
