package dev.rotor.session.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.RecordingEvent;
import dev.rotor.account.control.Accounts;
import dev.rotor.account.control.PasswordHasher;
import dev.rotor.account.entity.Account;
import dev.rotor.account.entity.Username;
import dev.rotor.audit.control.AuditLog;
import dev.rotor.audit.entity.AuditEvent;
import dev.rotor.audit.entity.AuditType;
import dev.rotor.platform.MovableClock;
import dev.rotor.platform.InstantConverter;
import dev.rotor.platform.Migrations;
import dev.rotor.platform.PageRequest;
import dev.rotor.platform.RequestFacts;
import dev.rotor.platform.RotorSettings;
import dev.rotor.platform.TestPersistence;
import dev.rotor.session.control.RefreshResult.Refusal;
import dev.rotor.session.control.RefreshResult.Refused;
import dev.rotor.session.control.RefreshResult.Retried;
import dev.rotor.session.control.RefreshResult.Rotated;
import dev.rotor.session.entity.Revocation;
import dev.rotor.session.entity.Session;
import dev.rotor.session.entity.SessionStatus;
import dev.rotor.token.control.AccessTokenIssuer;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.LockModeType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Signing in, refreshing and ending sessions on a migrated in-memory H2 database: the real named
 * queries, the real compare-and-set {@code UPDATE}, real row locks, real audit and revocation rows.
 * Two instances share the database, so a test can let the other one change a row between this
 * one's read and its write. The entity manager of this instance is wrapped only to record which
 * rows it locks and how many compare-and-sets it runs.
 */
class SessionsTest {

    static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    static final String CLIENT = SessionFixture.CLIENT;
    static final List<String> AUDIENCE = List.of("rotor");
    static final List<String> ORDERS = List.of("urn:rotor:resource-server:orders");

    JdbcDataSource h2;
    EntityManagerFactory emf;
    final MovableClock clock = new MovableClock(NOW);
    Account alice;

    /** This instance: its row locks and compare-and-sets are recorded. */
    Instance here;
    /** Another instance on the same database (another connection), for the races. */
    Instance other;
    /** Rows this instance locked, by id, in order. */
    final List<String> locked = new ArrayList<>();
    /** How many compare-and-set UPDATEs this instance ran. */
    int compareAndSets;
    /** When set, runs once just before this instance's next compare-and-set: another instance changing the row first. */
    Runnable otherInstanceFirst;
    /** When set, runs once just before this instance locks a session row it has already read. */
    Runnable otherInstanceBeforeTheLock;

    @BeforeEach
    void database() throws Exception {
        h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:sessions-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Migrations.configure(h2, getClass().getClassLoader(), ZoneId.of("UTC")).load().migrate();
        emf = TestPersistence.on(h2, Account.class, Session.class, AuditEvent.class, InstantConverter.class);
        EntityManager em = emf.createEntityManager();
        here = new Instance(recording(em));
        other = new Instance(emf.createEntityManager());
        alice = new Account(new Username("alice"), FakeHasher.hashOf("right password"), Set.of("user"), Instant.EPOCH);
        inTransaction(here, () -> {
            em.persist(alice);
            return null;
        });
    }

    @AfterEach
    void close() {
        here.em.close();
        other.em.close();
        emf.close();
    }

    // --- sign-in and eviction

    @Test
    void aSignInTakesTheAccountsRowLockAndStartsASession() throws Exception {
        var issued = signIn("right password").orElseThrow();
        assertEquals(List.of(alice.id()), locked);
        assertEquals("access-token-of-" + issued.session().id() + "-for-" + ORDERS, issued.accessToken().value());
        assertEquals(List.of(issued.session().id() + " ACTIVE 0"), sessionRows(), "persisted");
        assertEquals(issued.session().currentHash(),
                RefreshTokens.hash(RefreshTokens.parse(issued.refreshToken()).orElseThrow().secret()), "the token is the row's");
        assertEquals(NOW.plus(RotorSettings.defaults().refreshIdleTtl()), issued.session().idleExpiresAt());
        assertEquals(List.of(AuditType.LOGIN_SUCCEEDED, AuditType.SESSION_STARTED), audited());
        assertTrue(revocations().isEmpty());
    }

    @Test
    void aPasswordChangedBetweenTheCheckAndTheLockStartsNothing() throws Exception {
        Accounts.Verified checkedBeforeTheChange = here.accounts.authenticate("alice", "right password").orElseThrow();
        inTransaction(other, () -> {
            other.em.find(Account.class, alice.id(), LockModeType.PESSIMISTIC_WRITE).changePassword(FakeHasher.hashOf("new password"));
            return null;
        });

        assertTrue(inTransaction(here, () -> here.sessions.startIfStillValid("alice", Optional.of(checkedBeforeTheChange), CLIENT,
                AUDIENCE, RequestFacts.NONE, true)) instanceof SignInOutcome.Refused);

        assertEquals(List.of(alice.id()), locked, "decided under the account's row lock");
        assertEquals(List.of(AuditType.LOGIN_FAILED), audited());
        assertTrue(sessionRows().isEmpty(), "no session row");
    }

    @Test
    void aWrongPasswordStartsNothingAndIsAudited() throws Exception {
        assertTrue(signIn("wrong password").isEmpty());
        assertEquals(List.of(AuditType.LOGIN_FAILED), audited());
        assertTrue(sessionRows().isEmpty(), "no session row");
    }

    @Test
    void aSignInBeyondTheLimitEndsTheOldestSessionsOnly() throws Exception {
        here.sessions.maxPerUser = 2;
        var oldest = session(NOW.minusSeconds(7200));
        var newer = session(NOW.minusSeconds(3600));

        var issued = signIn("right password").orElseThrow();

        assertEquals(SessionStatus.EVICTED, status(oldest));
        assertEquals(SessionStatus.ACTIVE, status(newer));
        assertEquals(SessionStatus.ACTIVE, status(issued.session().id()));
        assertEquals(List.of("SESSION " + oldest.family().id() + " EVICTED"), revocations(), "the eviction is recorded as a revocation");
        assertEquals(List.of(AuditType.LOGIN_SUCCEEDED, AuditType.SESSION_EVICTED, AuditType.SESSION_STARTED), audited());
    }

    @Test
    void aSignInUnderTheLimitEvictsNothing() throws Exception {
        here.sessions.maxPerUser = 3;
        session(NOW.minusSeconds(7200));
        session(NOW.minusSeconds(3600));
        signIn("right password").orElseThrow();
        assertEquals(3, sessionRows().stream().filter(row -> row.contains(" ACTIVE ")).count());
        assertTrue(revocations().isEmpty());
    }

    // --- paging

    @Test
    void aPageOfSessionsHoldsTheLiveOnesOldestFirstFromItsFirstRow() {
        for (int i = 5; i > 0; i--) {
            session(NOW.minusSeconds(60L * i));
        }
        var ended = SessionFixture.active().ownedBy(alice.id()).startedAt(NOW.minusSeconds(3600)).build();
        ended.family().end(SessionStatus.LOGOUT, NOW.minusSeconds(1800));
        persist(ended);
        persist(SessionFixture.active().ownedBy(alice.id()).startedAt(NOW.minusSeconds(7200)).idleTtl(Duration.ofMinutes(30)).build());

        var page = here.sessions.activeSessions(alice.id(), new PageRequest(1, 2));

        assertEquals(5, page.total(), "neither the ended nor the idle-expired session counts");
        assertEquals(1, page.page());
        assertEquals(2, page.size());
        assertEquals(List.of(NOW.minusSeconds(180), NOW.minusSeconds(120)), page.items().stream().map(Session::createdAt).toList(),
                "page 1 of size 2 starts at the third live session");
    }

    // --- refresh: verified once, before any lock

    @Test
    void aTokenOfAnUnknownSessionIsRefused() throws Exception {
        var elsewhere = SessionFixture.active().ownedBy(alice.id()).build();
        assertEquals(Refusal.UNKNOWN, refusal(refresh(elsewhere.token(), AUDIENCE)));
        assertTrue(locked.isEmpty());
        assertTrue(audited().isEmpty());
    }

    @Test
    void aForgedTokenNamingARealSessionIsRefusedBeforeAnyLockAndRevokesNothing() throws Exception {
        var real = session(NOW.minusSeconds(60));
        String forged = RefreshTokens.format(real.family().id(), 0, RefreshTokens.newSecret());

        assertEquals(Refusal.FORGED, refusal(refresh(forged, AUDIENCE)));
        assertEquals(Refusal.FORGED, refusal(refresh(forged, AUDIENCE)));

        assertTrue(locked.isEmpty(), "no row lock for a token that fails verification");
        assertEquals(0, compareAndSets);
        assertEquals(SessionStatus.ACTIVE, status(real));
        assertTrue(revocations().isEmpty());
        assertEquals(List.of(AuditType.REFRESH_REFUSED), audited(), "audited once per session per minute");
    }

    @Test
    void theCurrentTokenRotatesByOneCompareAndSetWithoutARowLock() throws Exception {
        var built = session(NOW.minusSeconds(60));
        var rotated = assertInstanceOf(Rotated.class, refresh(built.token(), ORDERS));

        assertEquals(1, compareAndSets);
        assertTrue(locked.isEmpty(), "the common case reads no row under lock");
        var next = RefreshTokens.parse(rotated.issued().refreshToken()).orElseThrow();
        assertEquals(1, next.generation());
        assertEquals(List.of(built.family().id() + " ACTIVE 1"), sessionRows(), "written by the compare-and-set");
        assertTrue(RefreshTokens.verify(next, stored(built)).isPresent(), "the stored hash is the new token's");
        assertEquals("access-token-of-" + built.family().id() + "-for-" + ORDERS, rotated.issued().accessToken().value(),
                "the new access token is for the audience asked for");
        assertEquals(1, here.refreshes.rotationCount());
        assertTrue(audited().isEmpty(), "rotations are counted, not audited");
    }

    @Test
    void aRotationThatLosesTheCompareAndSetIsDecidedAgainUnderTheRowLock() throws Exception {
        var built = session(NOW.minusSeconds(60));
        List<String> theOthersToken = new ArrayList<>();
        // The other instance rotates the same token first; successors are deterministic, so to the same row.
        otherInstanceFirst = () -> theOthersToken.add(inTransaction(other,
                () -> other.refreshes.refresh(built.presented(), CLIENT, AUDIENCE, RequestFacts.NONE)).granted().orElseThrow().refreshToken());

        var retried = assertInstanceOf(Retried.class, refresh(built.token(), AUDIENCE));

        assertEquals(List.of(built.family().id()), locked);
        assertEquals(theOthersToken, List.of(retried.issued().refreshToken()), "the very successor the other instance handed out");
        assertEquals(List.of(built.family().id() + " ACTIVE 1"), sessionRows(), "one rotation, no second branch");
        assertEquals(0, here.refreshes.rotationCount(), "answered as the grace-window retry it now is");
    }

    @Test
    void aSessionEndedBetweenTheReadAndTheCompareAndSetIsNotRotated() throws Exception {
        var built = session(NOW.minusSeconds(60));
        otherInstanceFirst = () -> inTransaction(other, () -> {
            other.ends.endByOwner(alice.id(), built.family().id(), RequestFacts.NONE);
            return null;
        });
        assertEquals(Refusal.ENDED, refusal(refresh(built.token(), AUDIENCE)));
        assertEquals(List.of(built.family().id()), locked);
        assertEquals(List.of(built.family().id() + " LOGOUT 0"), sessionRows());
        assertEquals(0, here.refreshes.rotationCount());
    }

    @Test
    void aRowThatRotatedBetweenTheReadAndTheLockIsFollowedOnFromWhereTheTokenWasVerified() throws Exception {
        var built = session(NOW.minusSeconds(60));
        String gen1 = assertInstanceOf(Rotated.class, refresh(built.token(), AUDIENCE)).issued().refreshToken();
        // The previous token comes back inside the grace window, but before this instance locks the
        // row, the other one rotates it again: the previous token is now two generations back.
        otherInstanceBeforeTheLock = () -> inTransaction(other,
                () -> other.refreshes.refresh(RefreshTokens.parse(gen1).orElseThrow(), CLIENT, AUDIENCE, RequestFacts.NONE));

        assertEquals(Refusal.REUSE, refusal(refresh(built.token(), AUDIENCE)));

        assertEquals(List.of(built.family().id() + " REUSE_DETECTED 2"), sessionRows());
        assertEquals(List.of("SESSION " + built.family().id() + " REUSE_DETECTED"), revocations());
    }

    @Test
    void anExpiredSessionIsEndedUnderTheRowLockNotByTheCompareAndSet() throws Exception {
        var built = session(NOW.minus(RotorSettings.defaults().refreshAbsoluteTtl()).minusSeconds(1));
        assertEquals(Refusal.EXPIRED, refusal(refresh(built.token(), AUDIENCE)));
        assertEquals(0, compareAndSets);
        assertEquals(List.of(built.family().id()), locked);
        assertEquals(SessionStatus.EXPIRED, status(built));
        assertEquals(List.of("SESSION " + built.family().id() + " EXPIRED"), revocations());
        assertEquals(List.of(AuditType.REFRESH_REFUSED), audited());
    }

    @Test
    void aReplayAfterTheGraceWindowEndsTheSessionAndRecordsTheRevocation() throws Exception {
        var built = session(NOW.minusSeconds(60));
        assertInstanceOf(Rotated.class, refresh(built.token(), AUDIENCE));
        clock.set(NOW.plusSeconds(11));

        assertEquals(Refusal.REUSE, refusal(refresh(built.token(), AUDIENCE)));
        assertEquals(SessionStatus.REUSE_DETECTED, status(built));
        assertEquals(List.of("SESSION " + built.family().id() + " REUSE_DETECTED"), revocations(), "in the same transaction");
        assertEquals(List.of(AuditType.REUSE_DETECTED), audited());
        assertEquals(List.of(built.family().id()), here.ended.fired.stream().map(e -> e.session().id()).toList());
    }

    @Test
    void aRetryInsideTheGraceWindowGetsTheSameSuccessorAndCountsNoRotation() throws Exception {
        var built = session(NOW.minusSeconds(60));
        var first = assertInstanceOf(Rotated.class, refresh(built.token(), AUDIENCE));
        clock.set(NOW.plusSeconds(9));
        var retry = assertInstanceOf(Retried.class, refresh(built.token(), AUDIENCE));
        assertEquals(first.issued().refreshToken(), retry.issued().refreshToken());
        assertEquals(1, here.refreshes.rotationCount());
        assertEquals(NOW.plusSeconds(9), stored(built).lastUsedAt(), "the retry is a use");
        assertTrue(revocations().isEmpty());
    }

    @Test
    void aRefreshForAnotherClientOrADisabledAccountIsRefusedAndEndsNothing() throws Exception {
        var built = session(NOW.minusSeconds(60));
        assertEquals(Refusal.OTHER_CLIENT, refusal(inTransaction(here,
                () -> here.refreshes.refresh(built.presented(), "rotor-web", AUDIENCE, RequestFacts.NONE))));
        inTransaction(here, () -> {
            here.em.find(Account.class, alice.id()).disable();
            return null;
        });
        assertEquals(Refusal.ACCOUNT_DISABLED, refusal(refresh(built.token(), AUDIENCE)));
        assertEquals(List.of(built.family().id() + " ACTIVE 0"), sessionRows());
        assertTrue(revocations().isEmpty());
    }

    // --- ending sessions

    @Test
    void aLogoutByRefreshTokenEndsOnlyItsOwnClientsGenuineSession() throws Exception {
        var built = session(NOW.minusSeconds(60));
        String forged = RefreshTokens.format(built.family().id(), 0, RefreshTokens.newSecret());
        assertEquals(Revoked.NOTHING, inTransaction(here, () -> here.ends.logout(RefreshTokens.parse(forged).orElseThrow(), CLIENT, RequestFacts.NONE)));
        assertEquals(Revoked.OTHER_CLIENT, inTransaction(here, () -> here.ends.logout(built.presented(), "rotor-web", RequestFacts.NONE)));
        assertEquals(SessionStatus.ACTIVE, status(built));

        assertEquals(Revoked.ENDED, inTransaction(here, () -> here.ends.logout(built.presented(), CLIENT, RequestFacts.NONE)));
        assertEquals(SessionStatus.LOGOUT, status(built));
        assertEquals(List.of("SESSION " + built.family().id() + " LOGOUT"), revocations());
        assertEquals(Revoked.NOTHING, inTransaction(here, () -> here.ends.logout(built.presented(), CLIENT, RequestFacts.NONE)), "spent");
    }

    @Test
    void endingAllButOneKeepsThatOneAndRecordsEachOtherEnd() throws Exception {
        var keep = session(NOW.minusSeconds(120));
        var other1 = session(NOW.minusSeconds(60));
        var other2 = session(NOW.minusSeconds(30));

        assertEquals(2, inTransaction(here, () -> here.ends.endAllExcept(alice.id(), keep.family().id(), SessionStatus.PASSWORD_CHANGED,
                AuditType.PASSWORD_CHANGED, alice.id(), RequestFacts.NONE)));

        assertEquals(SessionStatus.ACTIVE, status(keep));
        assertEquals(SessionStatus.PASSWORD_CHANGED, status(other1));
        assertEquals(SessionStatus.PASSWORD_CHANGED, status(other2));
        assertEquals(List.of("SESSION " + other1.family().id() + " PASSWORD_CHANGED", "SESSION " + other2.family().id() + " PASSWORD_CHANGED"),
                revocations());
    }

    @Test
    void endingAllSessionsEndsEveryOneAndCutsOffTheAccountsAccessTokens() throws Exception {
        var a = session(NOW.minusSeconds(60));
        var b = session(NOW.minusSeconds(30));

        assertEquals(2, inTransaction(here, () -> here.ends.endAllByOwner(alice.id(), RequestFacts.NONE)));

        assertEquals(SessionStatus.LOGOUT_ALL, status(a));
        assertEquals(SessionStatus.LOGOUT_ALL, status(b));
        assertEquals(List.of("ACCOUNT null LOGOUT_ALL"), revocations(), "one cut-off for the account, not one row per session");
        assertEquals(1, here.em.find(Account.class, alice.id()).tokenVersion(), "access tokens issued until now are cut off");
        assertEquals(List.of(AuditType.LOGOUT_ALL), audited());
        assertEquals(List.of(a.family().id(), b.family().id()), here.ended.fired.stream().map(e -> e.session().id()).toList(),
                "each ended session is announced, though one cut-off covers their tokens");
    }

    // --- linked sessions (the front door's single sign-on)

    @Test
    void aReuseInASignInsFamilyEndsEveryActiveFamilyLinkedToItAndNoOther() throws Exception {
        var signIn = session(NOW.minusSeconds(60));
        String shop = linkedApp(signIn, "shop");
        String wiki = linkedApp(signIn, "wiki");
        String loggedOut = linkedApp(signIn, "blog");
        inTransaction(here, () -> {
            here.ends.endByOwner(alice.id(), loggedOut, RequestFacts.NONE);
            return null;
        });
        String unrelated = linkedApp(session(NOW.minusSeconds(30)), "shop");
        assertInstanceOf(Rotated.class, refresh(signIn.token(), AUDIENCE));
        clock.set(NOW.plusSeconds(11));

        assertEquals(Refusal.REUSE, refusal(refresh(signIn.token(), AUDIENCE)));
        assertEquals(SessionStatus.REUSE_DETECTED, status(signIn));
        assertEquals(SessionStatus.SIGN_IN_REUSE, status(shop));
        assertEquals(SessionStatus.SIGN_IN_REUSE, status(wiki));
        assertEquals(SessionStatus.LOGOUT, status(loggedOut), "an ended family keeps its own end");
        assertEquals(SessionStatus.ACTIVE, status(unrelated), "linked to another sign-in");
        List<String> revoked = revocations();
        assertTrue(revoked.containsAll(List.of("SESSION " + signIn.family().id() + " REUSE_DETECTED",
                "SESSION " + shop + " SIGN_IN_REUSE", "SESSION " + wiki + " SIGN_IN_REUSE")), revoked.toString());
        assertEquals(4, revoked.size(), "the logout, the sign-in and its two live apps: " + revoked);
        assertEquals(3, audited().stream().filter(type -> type == AuditType.REUSE_DETECTED).count());
    }

    @Test
    void aReuseInAnAppsFamilyEndsThatFamilyOnly() throws Exception {
        var signIn = session(NOW.minusSeconds(60));
        Issued app = inTransaction(here, () -> here.sessions.startLinked(alice.id(), "shop", signIn.family().id(), "openid", NOW,
                AUDIENCE, RequestFacts.NONE)).orElseThrow();
        String sibling = linkedApp(signIn, "wiki");
        RefreshToken first = RefreshTokens.parse(app.refreshToken()).orElseThrow();
        assertInstanceOf(Rotated.class, inTransaction(here, () -> here.refreshes.refresh(first, "shop", AUDIENCE, RequestFacts.NONE)));
        clock.set(NOW.plusSeconds(11));

        assertEquals(Refusal.REUSE, refusal(inTransaction(here, () -> here.refreshes.refresh(first, "shop", AUDIENCE, RequestFacts.NONE))));
        assertEquals(SessionStatus.REUSE_DETECTED, status(app.session().id()));
        assertEquals(SessionStatus.ACTIVE, status(signIn), "the sign-in lives on");
        assertEquals(SessionStatus.ACTIVE, status(sibling), "and so does every other app it signed in");
        assertEquals(List.of("SESSION " + app.session().id() + " REUSE_DETECTED"), revocations());
    }

    /** An app session started through the front door, linked to {@code signIn}; its id. */
    private String linkedApp(SessionFixture.Built signIn, String clientId) {
        return inTransaction(here, () -> here.sessions.startLinked(alice.id(), clientId, signIn.family().id(), "openid", NOW,
                AUDIENCE, RequestFacts.NONE)).orElseThrow().session().id();
    }

    // --- helpers

    private Optional<Issued> signIn(String password) {
        return inTransaction(here, () -> NoSecondStep.started(here.sessions.signIn("alice", password, CLIENT, ORDERS, RequestFacts.NONE, true)));
    }

    private RefreshResult refresh(String token, List<String> audience) {
        return inTransaction(here, () -> here.refreshes.refresh(RefreshTokens.parse(token).orElseThrow(), CLIENT, audience, RequestFacts.NONE));
    }

    private static Refusal refusal(RefreshResult result) {
        return assertInstanceOf(Refused.class, result).reason();
    }

    private SessionFixture.Built session(Instant startedAt) {
        return persist(SessionFixture.active().ownedBy(alice.id()).startedAt(startedAt).build());
    }

    private SessionFixture.Built persist(SessionFixture.Built built) {
        inTransaction(other, () -> {
            other.em.persist(built.family());
            return null;
        });
        return built;
    }

    private Session stored(SessionFixture.Built built) {
        other.em.clear();
        return other.em.find(Session.class, built.family().id());
    }

    private SessionStatus status(SessionFixture.Built built) {
        return status(built.family().id());
    }

    private SessionStatus status(String sessionId) {
        other.em.clear();
        return other.em.find(Session.class, sessionId).status();
    }

    /** Every session row as "id STATUS generation", oldest first. */
    private List<String> sessionRows() throws Exception {
        return query("SELECT id, status, generation FROM session_family ORDER BY created_at", 3);
    }

    /** Every revocation row as "KIND session-id REASON", in the order written. */
    private List<String> revocations() throws Exception {
        return query("SELECT kind, session_id, reason FROM revocation ORDER BY seq", 3);
    }

    /** The audit trail's event types, by name (one clock instant, so no order to rely on). */
    private List<AuditType> audited() throws Exception {
        return query("SELECT type FROM audit_event ORDER BY type", 1).stream().map(AuditType::valueOf).toList();
    }

    private List<String> query(String sql, int columns) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = h2.getConnection(); ResultSet result = connection.createStatement().executeQuery(sql)) {
            while (result.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(result.getString(i));
                }
                rows.add(String.join(" ", values));
            }
        }
        return rows;
    }

    private static <T> T inTransaction(Instance instance, Supplier<T> step) {
        return TestPersistence.inTransaction(instance.em, step);
    }

    /** One Rotor instance's session services on its own entity manager; the clock is shared. */
    final class Instance {
        final EntityManager em;
        final Accounts accounts = new Accounts();
        final Sessions sessions = new Sessions();
        final Refreshes refreshes = new Refreshes();
        final SessionEnds ends = new SessionEnds();
        /** The {@link SessionEnded} events this instance fired, in order. */
        final RecordingEvent<SessionEnded> ended = new RecordingEvent<>();

        Instance(EntityManager em) throws Exception {
            this.em = em;
            var audit = new AuditLog();
            set(audit, "em", em);
            set(audit, "clock", clock);
            var revocations = new RevocationLog();
            revocations.em = em;
            revocations.revoked = new RecordingEvent<Revocation>();
            revocations.ended = ended;
            revocations.clock = clock;
            revocations.settings = RotorSettings.defaults();
            revocations.signal = new RevocationSignal();
            revocations.signal.postgres = false; // H2: nothing to announce
            set(accounts, "em", em);
            set(accounts, "clock", clock);
            set(accounts, "hasher", new FakeHasher());
            var accessTokens = new AccessTokenIssuer() {
                @Override
                public AccessToken issue(Account account, String sessionId, String clientId, List<String> audience, String scope,
                                     dev.rotor.token.entity.Authentication authentication) {
                    return new AccessToken("access-token-of-" + sessionId + "-for-" + audience, clock.instant().plusSeconds(900));
                }
            };

            sessions.em = em;
            sessions.self = sessions;
            sessions.accounts = accounts;
            sessions.accessTokens = accessTokens;
            sessions.audit = audit;
            sessions.revocations = revocations;
            sessions.secondSteps = new NoSecondStep();
            sessions.clock = clock;
            sessions.settings = RotorSettings.defaults();
            sessions.maxPerUser = 50;

            refreshes.em = em;
            refreshes.accessTokens = accessTokens;
            refreshes.audit = audit;
            refreshes.revocations = revocations;
            refreshes.ends = ends;
            refreshes.clock = clock;
            refreshes.settings = RotorSettings.defaults();
            refreshes.init();

            ends.em = em;
            ends.audit = audit;
            ends.revocations = revocations;
            ends.clock = clock;
        }
    }

    /**
     * This instance's entity manager: the real one, with a note of every row it locks and every
     * compare-and-set it runs, and the hooks that let the other instance go first.
     */
    private EntityManager recording(EntityManager real) {
        return (EntityManager) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {EntityManager.class}, (proxy, method, args) -> {
            String name = method.getName();
            if (name.equals("find") && args.length >= 3 && args[2] instanceof LockModeType) {
                locked.add((String) args[1]);
            } else if (name.equals("refresh") && args.length >= 2 && args[1] instanceof LockModeType) {
                locked.add(args[0] instanceof Account account ? account.id() : ((Session) args[0]).id());
            }
            if (args != null && args.length >= 2 && args[1] == LockModeType.PESSIMISTIC_WRITE && (args[0] == Session.class || args[0] instanceof Session)) {
                runOnce(() -> otherInstanceBeforeTheLock, () -> otherInstanceBeforeTheLock = null);
            }
            if (name.equals("createNamedQuery") && "Session.advance".equals(args[0])) {
                compareAndSets++;
                runOnce(() -> otherInstanceFirst, () -> otherInstanceFirst = null);
            }
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private static void runOnce(Supplier<Runnable> hook, Runnable clear) {
        Runnable step = hook.get();
        if (step != null) {
            clear.run();
            step.run();
        }
    }

    private static void set(Object target, String field, Object value) throws Exception {
        var f = target.getClass().getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }

    /** Passwords "hashed" as plain text with a prefix: these tests are about sessions, not hashing. */
    static final class FakeHasher extends PasswordHasher {
        static String hashOf(String password) {
            return "plain:" + password;
        }

        @Override
        public String hash(String rawPassword) {
            return hashOf(rawPassword);
        }

        @Override
        public boolean matches(String rawPassword, String storedHash) {
            return hashOf(rawPassword).equals(storedHash);
        }

        @Override
        public void spendDecoyHash(String rawPassword) {
        }

        @Override
        public boolean needsRehash(String storedHash) {
            return false;
        }
    }
}
