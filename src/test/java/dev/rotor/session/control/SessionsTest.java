package dev.rotor.session.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.account.control.Accounts;
import dev.rotor.account.entity.Account;
import dev.rotor.account.entity.Username;
import dev.rotor.audit.control.AuditLog;
import dev.rotor.audit.entity.AuditEvent;
import dev.rotor.audit.entity.AuditType;
import dev.rotor.platform.RequestFacts;
import dev.rotor.platform.RotorSettings;
import dev.rotor.session.control.RefreshRotation.Refusal;
import dev.rotor.session.control.Sessions.Denied;
import dev.rotor.session.control.Sessions.Refreshed;
import dev.rotor.session.entity.Session;
import dev.rotor.session.entity.SessionStatus;
import dev.rotor.token.control.AccessTokenIssuer;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sessions without a database: a hand-written entity manager keeps rows in a map, answers the
 * named queries Sessions uses and records every row lock, so the tests see which sessions a
 * sign-in evicts, how a page is asked for, and that a refresh token is verified before any lock.
 */
class SessionsTest {

    static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    static final String CLIENT = SessionFixture.CLIENT;
    static final List<String> AUDIENCE = List.of("rotor");
    static final List<String> ORDERS = List.of("urn:rotor:resource-server:orders");

    final Map<String, Object> rows = new HashMap<>();
    final List<String> locked = new ArrayList<>();
    final List<String> ended = new ArrayList<>();
    final List<AuditType> audited = new ArrayList<>();
    final Map<String, Object> lastQuery = new LinkedHashMap<>();
    /** Compare-and-set UPDATEs as (family id, expected generation, new generation). */
    final List<List<Object>> compareAndSets = new ArrayList<>();
    /** When set, runs just before the next compare-and-set: another instance changing the row first. */
    Runnable otherInstanceFirst;
    /** The family last detached: what the compare-and-set writes if the stored row is still as read. */
    Session lastDetached;
    final Account alice = new Account(new Username("alice"), "stored-hash", Set.of("user"), Instant.EPOCH);

    Sessions cut = new Sessions();

    @BeforeEach
    void wire() {
        rows.put(alice.id(), alice);
        cut.em = database();
        cut.self = cut;
        cut.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        cut.settings = RotorSettings.defaults();
        cut.maxPerUser = 50;
        cut.accounts = new Accounts() {
            @Override
            public Optional<Verified> authenticate(String rawUsername, String rawPassword) {
                return rawPassword.equals("right password") ? Optional.of(new Verified(alice, alice.passwordHash(), null)) : Optional.empty();
            }

            @Override
            public Optional<Account> stillValid(Verified verified) {
                cut.em.find(Account.class, verified.account().id(), LockModeType.PESSIMISTIC_WRITE);
                return verified.matchedHash().equals(alice.passwordHash()) ? Optional.of(alice) : Optional.empty();
            }

            @Override
            public Optional<Account> byRawUsername(String rawUsername) {
                return Optional.of(alice);
            }
        };
        cut.audit = new AuditLog() {
            @Override
            public AuditEvent record(AuditType type, String accountId, String actorId, String sessionId, RequestFacts facts,
                                     String detail) {
                audited.add(type);
                return null;
            }
        };
        cut.revocations = new RevocationLog() {
            @Override
            public void sessionEnded(Session family) {
                ended.add(family.id());
            }
        };
        cut.accessTokens = new AccessTokenIssuer() {
            @Override
            public AccessToken issue(Account account, String sessionId, String clientId, List<String> audience) {
                return new AccessToken("access-token-of-" + sessionId + "-for-" + audience, NOW.plusSeconds(900));
            }
        };
        cut.init();
    }

    private SessionFixture.Built session(Instant startedAt) {
        var built = SessionFixture.active().ownedBy(alice.id()).startedAt(startedAt).build();
        rows.put(built.family().id(), built.family());
        return built;
    }

    // --- sign-in and eviction

    @Test
    void aSignInTakesTheAccountsRowLockAndStartsASession() {
        var issued = cut.signIn("alice", "right password", CLIENT, ORDERS, RequestFacts.NONE).orElseThrow();
        assertEquals(List.of(alice.id()), locked);
        assertEquals("access-token-of-" + issued.session().id() + "-for-" + ORDERS, issued.accessToken().value());
        assertEquals(issued.session(), rows.get(issued.session().id()), "persisted");
        assertEquals(NOW.plus(RotorSettings.defaults().refreshIdleTtl()), issued.session().idleExpiresAt());
        assertEquals(List.of(AuditType.SESSION_STARTED, AuditType.LOGIN_SUCCEEDED), audited);
        assertTrue(ended.isEmpty());
    }

    @Test
    void aPasswordChangedBetweenTheCheckAndTheLockStartsNothing() {
        var checkedBeforeTheChange = new Accounts.Verified(alice, "hash-before-the-change", null);
        assertTrue(cut.start("alice", Optional.of(checkedBeforeTheChange), CLIENT, AUDIENCE, RequestFacts.NONE).isEmpty());
        assertEquals(List.of(alice.id()), locked, "decided under the account's row lock");
        assertEquals(List.of(AuditType.LOGIN_FAILED), audited);
        assertEquals(1, rows.size(), "no session row");
    }

    @Test
    void aWrongPasswordStartsNothingAndIsAudited() {
        assertTrue(cut.signIn("alice", "wrong password", CLIENT, AUDIENCE, RequestFacts.NONE).isEmpty());
        assertEquals(List.of(AuditType.LOGIN_FAILED), audited);
        assertEquals(1, rows.size(), "no session row");
    }

    @Test
    void aSignInBeyondTheLimitEndsTheOldestSessionsOnly() {
        cut.maxPerUser = 2;
        var oldest = session(NOW.minusSeconds(7200));
        var newer = session(NOW.minusSeconds(3600));

        cut.signIn("alice", "right password", CLIENT, AUDIENCE, RequestFacts.NONE).orElseThrow();

        assertEquals(SessionStatus.EVICTED, oldest.family().status());
        assertEquals(SessionStatus.ACTIVE, newer.family().status());
        assertEquals(List.of(oldest.family().id()), ended, "the eviction is recorded as a revocation");
        assertEquals(AuditType.SESSION_EVICTED, audited.get(0));
    }

    @Test
    void aSignInUnderTheLimitEvictsNothing() {
        cut.maxPerUser = 3;
        session(NOW.minusSeconds(7200));
        session(NOW.minusSeconds(3600));
        cut.signIn("alice", "right password", CLIENT, AUDIENCE, RequestFacts.NONE).orElseThrow();
        assertTrue(ended.isEmpty());
    }

    // --- paging

    @Test
    void aPageOfSessionsIsAskedForFromItsFirstRow() {
        for (int i = 5; i > 0; i--) {
            session(NOW.minusSeconds(60L * i));
        }
        var page = cut.activeSessions(alice.id(), new dev.rotor.platform.PageRequest(1, 2));
        assertEquals(2, lastQuery.get("firstResult"), "page 1 of size 2 starts at row 2");
        assertEquals(2, lastQuery.get("maxResults"));
        assertEquals(5, page.total());
        assertEquals(1, page.page());
        assertEquals(2, page.size());
        assertEquals(List.of(NOW.minusSeconds(180), NOW.minusSeconds(120)), page.items().stream().map(Session::createdAt).toList());
    }

    // --- refresh: verified before any lock

    @Test
    void aMalformedTokenIsDeniedWithoutTouchingAnyRow() {
        assertEquals(Refusal.MALFORMED, refusal(cut.refresh("not-a-refresh-token", CLIENT, AUDIENCE, RequestFacts.NONE)));
        assertTrue(locked.isEmpty());
        assertTrue(audited.isEmpty());
    }

    @Test
    void aTokenOfAnUnknownSessionIsDenied() {
        var elsewhere = SessionFixture.active().build();
        assertEquals(Refusal.UNKNOWN, refusal(cut.refresh(elsewhere.token(), CLIENT, AUDIENCE, RequestFacts.NONE)));
        assertTrue(locked.isEmpty());
    }

    @Test
    void aForgedTokenNamingARealSessionIsDeniedBeforeAnyLockAndRevokesNothing() {
        var real = session(NOW.minusSeconds(60));
        String forged = RefreshTokens.format(real.family().id(), 0, RefreshTokens.newSecret());

        assertEquals(Refusal.FORGED, refusal(cut.refresh(forged, CLIENT, AUDIENCE, RequestFacts.NONE)));
        assertEquals(Refusal.FORGED, refusal(cut.refresh(forged, CLIENT, AUDIENCE, RequestFacts.NONE)));

        assertTrue(locked.isEmpty(), "no row lock for a token that fails verification");
        assertEquals(SessionStatus.ACTIVE, real.family().status());
        assertTrue(ended.isEmpty());
        assertEquals(List.of(AuditType.REFRESH_REFUSED), audited, "audited once per session per minute");
    }

    @Test
    void theCurrentTokenRotatesByOneCompareAndSetWithoutARowLock() {
        var built = session(NOW.minusSeconds(60));
        var refreshed = assertInstanceOf(Refreshed.class, cut.refresh(built.token(), CLIENT, ORDERS, RequestFacts.NONE));
        assertEquals(List.of(List.of(built.family().id(), 0L, 1L)), compareAndSets);
        assertTrue(locked.isEmpty(), "the common case reads no row under lock");
        assertEquals(1, RefreshTokens.parse(refreshed.issued().refreshToken()).orElseThrow().generation());
        assertEquals("access-token-of-" + built.family().id() + "-for-" + ORDERS, refreshed.issued().accessToken().value(),
                "the new access token is for the audience asked for");
        assertEquals(1, cut.rotationCount());
    }

    @Test
    void aRotationThatLosesTheCompareAndSetIsDecidedAgainUnderTheRowLock() {
        var built = session(NOW.minusSeconds(60));
        // The other instance rotated the same token first; successors are deterministic, so to the same row.
        otherInstanceFirst = () -> rows.put(built.family().id(), copyOf(lastDetached));
        var refreshed = assertInstanceOf(Refreshed.class, cut.refresh(built.token(), CLIENT, AUDIENCE, RequestFacts.NONE));
        assertEquals(List.of(built.family().id()), locked);
        assertEquals(1, RefreshTokens.parse(refreshed.issued().refreshToken()).orElseThrow().generation());
        assertEquals(0, cut.rotationCount(), "answered as the grace-window retry it now is");
    }

    @Test
    void aSessionEndedBetweenTheReadAndTheCompareAndSetIsNotRotated() {
        var built = session(NOW.minusSeconds(60));
        otherInstanceFirst = () -> stored(built).end(SessionStatus.LOGOUT, NOW);
        assertEquals(Refusal.ENDED, refusal(cut.refresh(built.token(), CLIENT, AUDIENCE, RequestFacts.NONE)));
        assertEquals(List.of(built.family().id()), locked);
        assertEquals(0, cut.rotationCount());
    }

    @Test
    void anExpiredSessionIsEndedUnderTheRowLockNotByTheCompareAndSet() {
        var built = session(NOW.minus(RotorSettings.defaults().refreshAbsoluteTtl()).minusSeconds(1));
        assertEquals(Refusal.EXPIRED, refusal(cut.refresh(built.token(), CLIENT, AUDIENCE, RequestFacts.NONE)));
        assertTrue(compareAndSets.isEmpty());
        assertEquals(List.of(built.family().id()), locked);
        assertEquals(SessionStatus.EXPIRED, stored(built).status());
        assertEquals(List.of(built.family().id()), ended);
    }

    @Test
    void aReplayAfterTheGraceWindowEndsTheSessionAndRecordsTheRevocation() {
        var built = session(NOW.minusSeconds(60));
        assertInstanceOf(Refreshed.class, cut.refresh(built.token(), CLIENT, AUDIENCE, RequestFacts.NONE));
        cut.clock = Clock.fixed(NOW.plusSeconds(11), ZoneOffset.UTC);

        assertEquals(Refusal.REUSE, refusal(cut.refresh(built.token(), CLIENT, AUDIENCE, RequestFacts.NONE)));
        assertEquals(SessionStatus.REUSE_DETECTED, stored(built).status());
        assertEquals(List.of(built.family().id()), ended);
        assertTrue(audited.contains(AuditType.REUSE_DETECTED));
    }

    @Test
    void aRetryInsideTheGraceWindowGetsTheSameSuccessorAndCountsNoRotation() {
        var built = session(NOW.minusSeconds(60));
        var first = assertInstanceOf(Refreshed.class, cut.refresh(built.token(), CLIENT, AUDIENCE, RequestFacts.NONE));
        var retry = assertInstanceOf(Refreshed.class, cut.refresh(built.token(), CLIENT, AUDIENCE, RequestFacts.NONE));
        assertEquals(first.issued().refreshToken(), retry.issued().refreshToken());
        assertEquals(1, cut.rotationCount());
        assertTrue(ended.isEmpty());
    }

    private static Refusal refusal(Sessions.RefreshResult result) {
        return assertInstanceOf(Denied.class, result).reason();
    }

    // --- the hand-written database

    private EntityManager database() {
        return fake(EntityManager.class, (proxy, method, args) -> switch (method.getName()) {
            case "find" -> {
                if (args.length == 3) {
                    locked.add((String) args[1]);
                }
                yield rows.get((String) args[1]);
            }
            case "refresh" -> {
                locked.add(args[0] instanceof Account account ? account.id() : ((Session) args[0]).id());
                yield null;
            }
            case "detach" -> {
                // The caller's object leaves the context; the row stays as it was read.
                lastDetached = (Session) args[0];
                rows.put(lastDetached.id(), copyOf(lastDetached));
                yield null;
            }
            case "persist" -> {
                rows.put(((Session) args[0]).id(), args[0]);
                yield null;
            }
            case "createNamedQuery" -> namedQuery((String) args[0]);
            default -> objectMethod(proxy, method.getName(), args);
        });
    }

    /** The named queries of Session that Sessions uses, answered from {@link #rows}, oldest first. */
    private TypedQuery<?> namedQuery(String name) {
        lastQuery.clear();
        lastQuery.put("name", name);
        return fake(TypedQuery.class, (proxy, method, args) -> switch (method.getName()) {
            case "executeUpdate" -> {
                assertEquals("Session.advance", name);
                compareAndSets.add(List.of(lastQuery.get("id"), lastQuery.get("expected"), lastQuery.get("generation")));
                if (otherInstanceFirst != null) {
                    otherInstanceFirst.run();
                }
                Session row = (Session) rows.get((String) lastQuery.get("id"));
                if (row.generation() != (Long) lastQuery.get("expected") || row.status() != SessionStatus.ACTIVE) {
                    yield 0;
                }
                assertEquals(lastDetached.currentHash(), lastQuery.get("currentHash"));
                rows.put(row.id(), copyOf(lastDetached));
                yield 1;
            }
            case "setParameter", "setFirstResult", "setMaxResults", "setLockMode" -> {
                lastQuery.put(args.length == 2 ? (String) args[0] : method.getName().substring(3, 4).toLowerCase()
                        + method.getName().substring(4), args.length == 2 ? args[1] : args[0]);
                yield proxy;
            }
            case "getResultList" -> answer(name).toList();
            case "getResultStream" -> answer(name);
            case "getSingleResult" -> answer(name.replace("Count", "")).count();
            default -> objectMethod(proxy, method.getName(), args);
        });
    }

    private Stream<Session> answer(String name) {
        String accountId = (String) lastQuery.get("accountId");
        Stream<Session> families = rows.values().stream()
                .filter(Session.class::isInstance)
                .map(Session.class::cast)
                .filter(family -> family.accountId().equals(accountId))
                .sorted(Comparator.comparing(Session::createdAt));
        families = switch (name) {
            case "Session.activeByAccount" -> families.filter(family -> family.status() == SessionStatus.ACTIVE);
            case "Session.liveByAccount" -> families.filter(family -> family.isActive((Instant) lastQuery.get("now")));
            default -> throw new UnsupportedOperationException(name);
        };
        int first = (Integer) lastQuery.getOrDefault("firstResult", 0);
        int max = (Integer) lastQuery.getOrDefault("maxResults", Integer.MAX_VALUE);
        return families.skip(first).limit(max);
    }

    private Session stored(SessionFixture.Built built) {
        return (Session) rows.get(built.family().id());
    }

    /** A field-by-field copy: what a fresh read of the same row gives. */
    private static Session copyOf(Session family) {
        try {
            var constructor = Session.class.getDeclaredConstructor();
            constructor.setAccessible(true);
            Session copy = constructor.newInstance();
            for (var field : Session.class.getDeclaredFields()) {
                if (!java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
                    field.setAccessible(true);
                    field.set(copy, field.get(family));
                }
            }
            return copy;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static Object objectMethod(Object proxy, String name, Object[] args) {
        return switch (name) {
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            case "toString" -> "fake";
            default -> throw new UnsupportedOperationException(name + " is not faked");
        };
    }

    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<T> type, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(SessionsTest.class.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
