package dev.rotor.logout.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rotor.account.entity.Account;
import dev.rotor.account.entity.Username;
import dev.rotor.audit.entity.AuditEvent;
import dev.rotor.audit.entity.AuditType;
import dev.rotor.client.entity.ClientType;
import dev.rotor.client.entity.RegisteredClient;
import dev.rotor.logout.entity.PendingLogout;
import dev.rotor.platform.InstantConverter;
import dev.rotor.platform.Migrations;
import dev.rotor.platform.MovableClock;
import dev.rotor.platform.RequestFacts;
import dev.rotor.session.control.NoSecondStep;
import dev.rotor.platform.TestPersistence;
import dev.rotor.session.control.Issued;
import dev.rotor.session.control.RefreshResult;
import dev.rotor.session.control.RefreshTokens;
import dev.rotor.session.entity.Session;
import dev.rotor.session.entity.SessionStatus;
import jakarta.persistence.EntityManagerFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every way a session ends writes one logout to the outbox, in the transaction that ends it, for a
 * client that registered a back-channel logout URI, and none for one that did not (nor for the
 * built-ins): on a migrated in-memory H2 with the real session services.
 */
class LogoutOutboxTest {

    static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    static final String SHOP = "shop";
    static final String QUIET = "quiet";
    static final String SHOP_URI = "https://shop.example/backchannel-logout";
    static final List<String> AUDIENCE = List.of("rotor");

    JdbcDataSource h2;
    EntityManagerFactory emf;
    final MovableClock clock = new MovableClock(NOW);
    Wiring rotor;
    Account alice;

    @BeforeEach
    void database() {
        h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:outbox-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Migrations.configure(h2, getClass().getClassLoader(), ZoneId.of("UTC")).load().migrate();
        emf = TestPersistence.on(h2, Account.class, Session.class, AuditEvent.class, RegisteredClient.class, PendingLogout.class,
                InstantConverter.class);
        rotor = new Wiring(emf.createEntityManager(), clock, 50);
        alice = new Account(new Username("alice"), Wiring.PlainHasher.hashOf("pw"), Set.of("user"), Instant.EPOCH);
        tx(() -> {
            rotor.em.persist(alice);
            RegisteredClient shop = new RegisteredClient(SHOP, ClientType.CONFIDENTIAL, NOW);
            shop.setBackchannelLogoutUri(SHOP_URI, NOW);
            rotor.em.persist(shop);
            rotor.em.persist(new RegisteredClient(QUIET, ClientType.CONFIDENTIAL, NOW));
            return null;
        });
    }

    @AfterEach
    void close() {
        rotor.em.close();
        emf.close();
    }

    @Test
    void aLogoutWritesOneRowForAClientWithABackChannelUriAndNoneOtherwise() {
        Issued shop = signIn(SHOP);
        Issued quiet = signIn(QUIET);
        Issued cli = signIn("rotor-cli");
        for (Issued issued : List.of(shop, quiet, cli)) {
            tx(() -> rotor.ends.logout(RefreshTokens.parse(issued.refreshToken()).orElseThrow(), issued.session().clientId(), RequestFacts.NONE));
        }
        List<PendingLogout> rows = outbox();
        assertEquals(1, rows.size());
        PendingLogout row = rows.get(0);
        assertEquals(SHOP, row.clientId());
        assertEquals(alice.id(), row.accountId());
        assertEquals(shop.session().id(), row.sessionId());
        assertEquals(shop.session().id(), row.sid(), "a session with no sign-in is its own sid");
        assertEquals(SHOP_URI, row.uri());
        assertEquals(NOW, row.nextAttemptAt(), "due at once");
        assertEquals(0, row.attempts());
    }

    @Test
    void theSidOfALinkedSessionIsItsSignIn() {
        Issued signIn = signIn("rotor-web");
        Issued app = tx(() -> rotor.sessions.startLinked(alice.id(), SHOP, signIn.session().id(), "openid", NOW, AUDIENCE, RequestFacts.NONE))
                .orElseThrow();
        tx(() -> rotor.ends.endAnySession(app.session().id(), "admin-1", RequestFacts.NONE));
        assertEquals(List.of(signIn.session().id()), outbox().stream().map(PendingLogout::sid).toList());
        assertEquals(List.of(app.session().id()), outbox().stream().map(PendingLogout::sessionId).toList());
    }

    @Test
    void logoutEverywhereWritesOneRowPerEndedSessionOfSuchAClient() {
        signIn(SHOP);
        signIn(SHOP);
        signIn(QUIET);
        assertEquals(3, tx(() -> rotor.ends.endAllByOwner(alice.id(), RequestFacts.NONE)));
        assertEquals(2, outbox().size());
    }

    @Test
    void anAdminsLogoutEverywhereAndADisableWriteRowsToo() {
        signIn(SHOP);
        tx(() -> rotor.ends.endAllByAdmin(alice.id(), "admin-1", RequestFacts.NONE));
        assertEquals(1, outbox().size());
        signIn(SHOP);
        tx(() -> rotor.ends.endAll(alice.id(), SessionStatus.ACCOUNT_DISABLED, AuditType.ADMIN_DISABLED_USER, "admin-1", RequestFacts.NONE));
        assertEquals(2, outbox().size());
    }

    @Test
    void anAdminEndingOneSessionOrItsOwnerEndingItWriteARow() {
        Issued one = signIn(SHOP);
        Issued two = signIn(SHOP);
        tx(() -> rotor.ends.endAnySession(one.session().id(), "admin-1", RequestFacts.NONE));
        tx(() -> {
            rotor.ends.endByOwner(alice.id(), two.session().id(), RequestFacts.NONE);
            return null;
        });
        assertEquals(List.of(one.session().id(), two.session().id()).stream().sorted().toList(),
                outbox().stream().map(PendingLogout::sessionId).sorted().toList());
    }

    @Test
    void aPasswordChangeWritesARowForEverySessionItEndsButNotTheOneItKeeps() {
        Issued kept = signIn(SHOP);
        Issued ended = signIn(SHOP);
        tx(() -> rotor.ends.endAllExcept(alice.id(), kept.session().id(), SessionStatus.PASSWORD_CHANGED, AuditType.PASSWORD_CHANGED,
                alice.id(), RequestFacts.NONE));
        assertEquals(List.of(ended.session().id()), outbox().stream().map(PendingLogout::sessionId).toList());
    }

    @Test
    void aDetectedReuseWritesARow() {
        Issued issued = signIn(SHOP);
        assertInstanceOf(RefreshResult.Rotated.class, refresh(issued.refreshToken(), SHOP));
        clock.advance(Duration.ofMinutes(5)); // past the grace window
        RefreshResult replay = refresh(issued.refreshToken(), SHOP);
        assertEquals(RefreshResult.Refusal.REUSE, assertInstanceOf(RefreshResult.Refused.class, replay).reason());
        assertEquals(List.of(issued.session().id()), outbox().stream().map(PendingLogout::sessionId).toList());
    }

    @Test
    void aReuseOfTheSignInEndsTheAppSessionsLinkedToItAndTellsEachApp() {
        Issued signIn = signIn("rotor-web");
        Issued app = tx(() -> rotor.sessions.startLinked(alice.id(), SHOP, signIn.session().id(), "openid", NOW, AUDIENCE, RequestFacts.NONE))
                .orElseThrow();
        assertInstanceOf(RefreshResult.Rotated.class, refresh(signIn.refreshToken(), "rotor-web"));
        clock.advance(Duration.ofMinutes(5));
        refresh(signIn.refreshToken(), "rotor-web"); // the browser's old token again: reuse
        assertEquals(SessionStatus.SIGN_IN_REUSE, tx(() -> rotor.em.find(Session.class, app.session().id()).status()));
        List<PendingLogout> rows = outbox();
        assertEquals(List.of(app.session().id()), rows.stream().map(PendingLogout::sessionId).toList());
        assertEquals(signIn.session().id(), rows.get(0).sid());
    }

    @Test
    void disablingTheClientWritesARowPerSession() {
        signIn(SHOP);
        signIn(SHOP);
        assertEquals(2, tx(() -> rotor.ends.endAllOfClient(SHOP, SessionStatus.CLIENT_DISABLED, "admin-1", RequestFacts.NONE)));
        assertEquals(2, outbox().size());
    }

    @Test
    void anEvictionWritesARow() {
        rotor = new Wiring(rotor.em, clock, 1);
        Issued first = signIn(SHOP);
        clock.advance(Duration.ofSeconds(1));
        signIn(SHOP);
        assertEquals(List.of(first.session().id()), outbox().stream().map(PendingLogout::sessionId).toList());
    }

    @Test
    void anExpiryFoundByARefreshOrByHousekeepingWritesARow() {
        Issued refreshed = signIn(SHOP);
        Issued idle = signIn(SHOP);
        clock.advance(Duration.ofDays(40));
        refresh(refreshed.refreshToken(), SHOP);
        assertEquals(List.of(refreshed.session().id()), outbox().stream().map(PendingLogout::sessionId).toList());
        assertEquals(1, rotor.expiry.run(clock.instant()));
        assertEquals(2, outbox().size());
        assertEquals(SessionStatus.EXPIRED, tx(() -> rotor.em.find(Session.class, idle.session().id()).status()));
        assertEquals(0, rotor.expiry.run(clock.instant()), "ended once");
    }

    @Test
    void aRolledBackEndWritesNothing() {
        Issued issued = signIn(SHOP);
        assertThrows(IllegalStateException.class, () -> tx(() -> {
            rotor.ends.endAllByOwner(alice.id(), RequestFacts.NONE);
            throw new IllegalStateException("the commit fails");
        }));
        assertEquals(List.of(), outbox());
        assertEquals(SessionStatus.ACTIVE, tx(() -> rotor.em.find(Session.class, issued.session().id()).status()));
    }

    @Test
    void theDeliveryStateIsEmptyWithoutAnyLogout() {
        LogoutOutbox.DeliveryState state = tx(() -> rotor.outbox.stateOf(SHOP));
        assertNull(state.lastDeliveredAt());
        assertNull(state.lastFailedAt());
        assertEquals(0, state.pending());
    }

    private Issued signIn(String clientId) {
        return tx(() -> NoSecondStep.started(rotor.sessions.signIn("alice", "pw", clientId, AUDIENCE, RequestFacts.NONE, true))).orElseThrow();
    }

    private RefreshResult refresh(String token, String clientId) {
        return tx(() -> rotor.refreshes.refresh(RefreshTokens.parse(token).orElseThrow(), clientId, AUDIENCE, RequestFacts.NONE));
    }

    private List<PendingLogout> outbox() {
        return tx(() -> rotor.em.createQuery("SELECT p FROM PendingLogout p ORDER BY p.createdAt, p.sessionId", PendingLogout.class)
                .getResultList());
    }

    private <T> T tx(Supplier<T> step) {
        return TestPersistence.inTransaction(rotor.em, step);
    }
}
