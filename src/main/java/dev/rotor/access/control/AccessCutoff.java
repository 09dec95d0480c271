package dev.rotor.access.control;

import dev.rotor.account.entity.Account;
import dev.rotor.client.entity.RegisteredClient;
import dev.rotor.session.control.RevocationLog;
import dev.rotor.session.entity.Session;
import dev.rotor.session.entity.Revocation;
import dev.rotor.session.entity.SessionStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Decides whether a verified access token is still good: its session ({@code sid}) has not ended
 * or passed its absolute expiry, and its token version ({@code tv}) is not below the account's.
 * A client-credentials token's {@code sid} is its client's {@code tokenSid}: it is good while that
 * client is enabled with that {@code tokenSid} (disabling it records the sid's end in the log).
 *
 * <p>Both facts are cached in memory: the database is asked once per session and account, then
 * the cache is kept in step by the {@link RevocationLog}: at once for revocations made on this
 * instance, within {@code rotor.revocations.poll-interval} for those made on others. Updates only
 * ever move a cut-off forward, so a late or repeated entry cannot undo a revocation.
 */
@ApplicationScoped
public class AccessCutoff {

    /** Past this many entries a cache is emptied and refilled on demand, bounding memory. */
    static final int MAX_ENTRIES = 200_000;

    /**
     * What the cut-off needs to know of a session, or of a client's client-credentials tokens: their
     * {@code sid} is the client's {@code tokenSid}, not a session, and {@code client} names the
     * client, the one subject such a token may have. They carry no token version: no account cuts them off.
     */
    record SessionFacts(boolean active, Instant absoluteExpiresAt, String client) {
        static final SessionFacts ENDED = new SessionFacts(false, Instant.MIN, null);

        SessionFacts(boolean active, Instant absoluteExpiresAt) {
            this(active, absoluteExpiresAt, null);
        }

        static SessionFacts ofClient(String clientId) {
            return new SessionFacts(true, Instant.MAX, clientId);
        }

        boolean accepts(Instant now) {
            return active && now.isBefore(absoluteExpiresAt);
        }
    }

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    Clock clock;

    private final Map<String, SessionFacts> sessions = new ConcurrentHashMap<>();
    private final Map<String, Long> minTokenVersions = new ConcurrentHashMap<>();
    private final AtomicLong databaseReads = new AtomicLong();

    Function<String, SessionFacts> sessionLoader = this::loadSession;
    Function<String, Long> accountLoader = this::loadMinTokenVersion;

    /** Whether the verified token these claims were read from is still good. */
    public boolean accepts(AccessClaims claims) {
        return accepts(claims.subject(), claims.sessionId(), claims.tokenVersion());
    }

    public boolean accepts(String accountId, String sessionId, long tokenVersion) {
        if (accountId == null || sessionId == null) {
            return false;
        }
        SessionFacts session = cached(sessions, sessionId, sessionLoader);
        if (!session.accepts(clock.instant())) {
            return false;
        }
        if (session.client() != null) { // a client's own token: its sid says all, it has no account
            return session.client().equals(accountId);
        }
        return tokenVersion >= cached(minTokenVersions, accountId, accountLoader);
    }

    void onRevoked(@Observes(during = TransactionPhase.AFTER_SUCCESS) Revocation revocation) {
        apply(revocation);
    }

    /** Applies one log entry; idempotent, and never moves a cut-off backwards. */
    public void apply(Revocation revocation) {
        switch (revocation.kind()) {
            case SESSION -> sessions.put(revocation.sessionId(), SessionFacts.ENDED);
            case ACCOUNT -> minTokenVersions.merge(revocation.accountId(), revocation.minTokenVersion(), Math::max);
            case KEY -> { } // this service follows its keys itself (PublishedKeys); the entry is for resource servers
        }
    }

    /** Forgets everything, so the next check of each session and account asks the database. */
    public void clear() {
        sessions.clear();
        minTokenVersions.clear();
    }

    /** How often the cache had to ask the database (for tests and the benchmark note). */
    public long databaseReads() {
        return databaseReads.get();
    }

    private <V> V cached(Map<String, V> cache, String key, Function<String, V> loader) {
        V value = cache.get(key);
        if (value != null) {
            return value;
        }
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        return cache.computeIfAbsent(key, k -> {
            databaseReads.incrementAndGet();
            return loader.apply(k);
        });
    }

    /** A session's facts; for an id that is no session, the enabled client whose {@code tokenSid} it is, if any. */
    private SessionFacts loadSession(String sessionId) {
        Session session = em.find(Session.class, sessionId);
        if (session != null) {
            return session.status() != SessionStatus.ACTIVE ? SessionFacts.ENDED : new SessionFacts(true, session.absoluteExpiresAt());
        }
        return em.createNamedQuery("RegisteredClient.byTokenSid", RegisteredClient.class)
                .setParameter("sid", sessionId)
                .getResultStream()
                .filter(RegisteredClient::isEnabled)
                .findFirst()
                .map(client -> SessionFacts.ofClient(client.clientId()))
                .orElse(SessionFacts.ENDED);
    }

    private Long loadMinTokenVersion(String accountId) {
        Account account = em.find(Account.class, accountId);
        return account == null ? Long.MAX_VALUE : account.tokenVersion();
    }
}
