package dev.rotor.session.control;

import dev.rotor.account.entity.Account;
import dev.rotor.session.entity.Family;
import dev.rotor.session.entity.SessionStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Decides whether a verified access token is still good on this service: its session ({@code sid})
 * has not ended and it was issued no earlier than the account's tokens-valid-after.
 *
 * <p>Both facts are cached in memory: the database is asked once per session and account, then
 * kept in step by {@link SessionsEnded} events from this instance. Other resource servers do not
 * see this cut-off; for them a token lives until {@code exp} ({@code rotor.access.ttl}).
 */
@ApplicationScoped
public class AccessCutoff {

    /** Past this many entries a cache is emptied and refilled on demand, bounding memory. */
    static final int MAX_ENTRIES = 200_000;

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    private final Map<String, Boolean> sessionActive = new ConcurrentHashMap<>();
    private final Map<String, Optional<Instant>> tokensValidAfter = new ConcurrentHashMap<>();
    private final AtomicLong databaseReads = new AtomicLong();

    Function<String, Boolean> sessionLoader = this::loadSessionActive;
    Function<String, Optional<Instant>> accountLoader = this::loadTokensValidAfter;

    public boolean accepts(String accountId, String sessionId, long issuedAtEpochSecond) {
        if (accountId == null || sessionId == null) {
            return false;
        }
        boolean active = cached(sessionActive, sessionId, sessionLoader);
        if (!active) {
            return false;
        }
        Optional<Instant> validAfter = cached(tokensValidAfter, accountId, accountLoader);
        return validAfter.map(cutoff -> issuedAtEpochSecond >= cutoff.getEpochSecond()).orElse(true);
    }

    void onSessionsEnded(@Observes(during = TransactionPhase.AFTER_SUCCESS) SessionsEnded event) {
        apply(event);
    }

    void apply(SessionsEnded event) {
        event.sessionIds().forEach(id -> sessionActive.put(id, Boolean.FALSE));
        if (event.tokensValidAfter() != null) {
            tokensValidAfter.put(event.accountId(), Optional.of(event.tokensValidAfter()));
        }
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

    private Boolean loadSessionActive(String sessionId) {
        Family family = em.find(Family.class, sessionId);
        return family != null && family.status() == SessionStatus.ACTIVE;
    }

    private Optional<Instant> loadTokensValidAfter(String accountId) {
        Account account = em.find(Account.class, accountId);
        return account == null ? Optional.of(Instant.MAX) : Optional.ofNullable(account.tokensValidAfter());
    }
}
