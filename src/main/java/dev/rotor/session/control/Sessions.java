package dev.rotor.session.control;

import dev.rotor.account.control.Accounts;
import dev.rotor.account.control.NoSuchAccount;
import dev.rotor.account.entity.Account;
import dev.rotor.audit.control.AuditLog;
import dev.rotor.audit.entity.AuditType;
import dev.rotor.platform.RequestFacts;
import dev.rotor.session.control.RefreshRotation.Outcome;
import dev.rotor.session.control.RefreshRotation.Refusal;
import dev.rotor.session.control.RefreshRotation.Refused;
import dev.rotor.session.control.RefreshRotation.Retried;
import dev.rotor.session.control.RefreshRotation.Rotated;
import dev.rotor.platform.Page;
import dev.rotor.platform.PageRequest;
import dev.rotor.platform.RotorSettings;
import dev.rotor.session.entity.CutoffReason;
import dev.rotor.session.entity.Session;
import dev.rotor.session.entity.SessionStatus;
import dev.rotor.token.control.AccessTokenIssuer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sessions for both kinds of client: sign in, refresh, end one, end all. The OAuth endpoints and
 * the cookie endpoints are two boundaries over these methods.
 */
@ApplicationScoped
public class Sessions {

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    Accounts accounts;

    @Inject
    Sessions self;

    @Inject
    AccessTokenIssuer accessTokens;

    @Inject
    AuditLog audit;

    @Inject
    RevocationLog revocations;

    @Inject
    Clock clock;

    @Inject
    RotorSettings settings;

    @Inject
    @ConfigProperty(name = "rotor.sessions.max-per-user", defaultValue = "50")
    int maxPerUser;

    private RefreshRotation rotation;
    private final ForgeryRateLimit forgeries = new ForgeryRateLimit();
    private final AtomicLong rotations = new AtomicLong();

    @PostConstruct
    void init() {
        rotation = new RefreshRotation(settings.refreshGrace(), settings.refreshIdleTtl());
    }

    /**
     * Checks the password and starts a session whose first access token is for {@code audience};
     * empty (and audited) when the credentials are wrong.
     * The password is hashed outside any transaction (no connection or lock is held for it); the
     * session starts under the account's row lock only if the password verified is still the
     * account's password, so a sign-in racing a password change, a temporary password, a disable
     * or a logout-all either comes first (and is ended by it) or sees its result (and is refused,
     * or carries the new token version).
     */
    public Optional<Issued> signIn(String username, String password, String clientId, List<String> audience, RequestFacts facts) {
        return self.start(username, accounts.authenticate(username, password), clientId, audience, facts);
    }

    /** The second half of {@link #signIn}, in one transaction: what the password proved, re-checked under the lock. */
    @Transactional
    public Optional<Issued> start(String username, Optional<Accounts.Verified> verified, String clientId, List<String> audience,
                                  RequestFacts facts) {
        Optional<Account> account = verified.flatMap(accounts::stillValid);
        if (account.isEmpty() || !account.get().isEnabled()) {
            // The attempted username is not logged: people type passwords into it.
            String known = verified.map(v -> v.account().id()).or(() -> accounts.byRawUsername(username).map(Account::id)).orElse(null);
            String reason = account.isPresent() ? "account disabled"
                    : verified.isPresent() ? "password changed or expired during sign-in"
                    : known == null ? "unknown username" : "wrong password";
            audit.record(AuditType.LOGIN_FAILED, known, null, null, facts, reason);
            return Optional.empty();
        }
        Issued issued = start(account.get(), clientId, audience, facts);
        audit.record(AuditType.LOGIN_SUCCEEDED, account.get().id(), account.get().id(), issued.session().id(), facts, "client=" + clientId);
        return Optional.of(issued);
    }

    private Issued start(Account account, String clientId, List<String> audience, RequestFacts facts) {
        Instant now = clock.instant();
        evictOldestBeyond(maxPerUser - 1, account, now, facts);
        byte[] secret = RefreshTokens.newSecret();
        var family = new Session(Session.newId(), account.id(), clientId, facts, now, settings.refreshAbsoluteTtl(), settings.refreshIdleTtl(),
                RefreshTokens.newChainSeed(), RefreshTokens.hash(secret));
        em.persist(family);
        audit.record(AuditType.SESSION_STARTED, account.id(), account.id(), family.id(), facts, "client=" + clientId);
        return new Issued(account, family, accessTokens.issue(account, family.id(), clientId, audience),
                RefreshTokens.format(family.id(), 0, secret));
    }

    /** Ends the account's oldest sessions until at most {@code keep} remain (the caller holds the account lock). */
    private void evictOldestBeyond(int keep, Account account, Instant now, RequestFacts facts) {
        List<Session> active = em.createNamedQuery("Session.activeByAccount", Session.class)
                .setParameter("accountId", account.id())
                .getResultList();
        for (Session oldest : active.subList(0, Math.max(0, active.size() - keep))) {
            oldest.end(SessionStatus.EVICTED, now);
            audit.record(AuditType.SESSION_EVICTED, account.id(), null, oldest.id(), facts,
                    "more than rotor.sessions.max-per-user=" + maxPerUser + " sessions");
            revocations.sessionEnded(oldest);
        }
    }

    /** Result of presenting a refresh token: new tokens, or the refusal reason (for the audit log only). */
    public sealed interface RefreshResult {
    }

    public record Refreshed(Issued issued) implements RefreshResult {
    }

    public record Denied(Refusal reason) implements RefreshResult {
    }

    /**
     * Applies {@link RefreshRotation} (the new access token is for {@code audience}); a reuse is
     * committed, then denied. The presented secret is
     * verified before any lock is taken, so a forged token costs one bounded chain walk and holds
     * no lock.
     *
     * <p>The common case, the current token of a live session, is decided on the row as read and
     * written with one compare-and-set {@code UPDATE … WHERE generation = ? AND status = ACTIVE}
     * (issue 12: one statement fewer than lock-then-update). Every other case, and a rotation
     * whose compare-and-set lost a race, is decided again under the family's row lock.
     */
    @Transactional
    public RefreshResult refresh(String refreshToken, String clientId, List<String> audience, RequestFacts facts) {
        var presented = RefreshTokens.parse(refreshToken);
        if (presented.isEmpty()) {
            return new Denied(Refusal.MALFORMED);
        }
        Session family = em.find(Session.class, presented.get().familyId());
        if (family == null) {
            return new Denied(Refusal.UNKNOWN);
        }
        if (RefreshTokens.currentSecret(presented.get(), family).isEmpty()) {
            return forged(family, facts);
        }
        Account account = em.find(Account.class, family.accountId());
        Instant now = clock.instant();
        if (presented.get().generation() == family.generation()) {
            long expected = family.generation();
            em.detach(family);
            Outcome unlocked = rotation.rotate(presented.get(), family, clientId, account.isEnabled(), now, facts);
            if (unlocked instanceof Rotated rotated && advanced(family, expected)) {
                rotations.incrementAndGet();
                return refreshed(account, family, rotated.refreshToken(), audience);
            }
            family = em.find(Session.class, family.id(), LockModeType.PESSIMISTIC_WRITE);
        } else {
            em.refresh(family, LockModeType.PESSIMISTIC_WRITE);
        }
        Outcome outcome = rotation.rotate(presented.get(), family, clientId, account.isEnabled(), now, facts);
        if (outcome instanceof Rotated rotated) {
            rotations.incrementAndGet();
            return refreshed(account, family, rotated.refreshToken(), audience);
        }
        if (outcome instanceof Retried retried) {
            return refreshed(account, family, retried.refreshToken(), audience);
        }
        return deny(family, ((Refused) outcome).reason(), facts);
    }

    /** Writes the rotation decided on {@code rotated} (detached) if the row is still at {@code expected} and active. */
    private boolean advanced(Session rotated, long expected) {
        return em.createNamedQuery("Session.advance")
                .setParameter("id", rotated.id())
                .setParameter("expected", expected)
                .setParameter("generation", rotated.generation())
                .setParameter("currentHash", rotated.currentHash())
                .setParameter("rotatedAt", rotated.rotatedAt())
                .setParameter("idleExpiresAt", rotated.idleExpiresAt())
                .setParameter("clientIp", rotated.clientIp())
                .executeUpdate() == 1;
    }

    private Denied forged(Session family, RequestFacts facts) {
        int notRecorded = forgeries.admit(family.id(), clock.instant());
        if (notRecorded >= 0) {
            audit.record(AuditType.REFRESH_REFUSED, family.accountId(), null, family.id(), facts,
                    "reason=" + Refusal.FORGED + (notRecorded > 0 ? "; " + notRecorded + " more in the minute before, not recorded" : ""));
        }
        return new Denied(Refusal.FORGED);
    }

    private Refreshed refreshed(Account account, Session family, String refreshToken, List<String> audience) {
        return new Refreshed(new Issued(account, family, accessTokens.issue(account, family.id(), family.clientId(), audience),
                refreshToken));
    }

    private Denied deny(Session family, Refusal reason, RequestFacts facts) {
        if (reason == Refusal.FORGED) {
            return forged(family, facts);
        }
        if (reason == Refusal.REUSE) {
            audit.record(AuditType.REUSE_DETECTED, family.accountId(), null, family.id(), facts,
                    "an earlier refresh token of this session was presented again; session ended");
            revocations.sessionEnded(family);
        } else if (reason == Refusal.EXPIRED || reason == Refusal.ROTATION_LIMIT) {
            revocations.sessionEnded(family);
            audit.record(AuditType.REFRESH_REFUSED, family.accountId(), null, family.id(), facts, "reason=" + reason);
        } else if (reason != Refusal.ENDED) {
            audit.record(AuditType.REFRESH_REFUSED, family.accountId(), null, family.id(), facts, "reason=" + reason);
        }
        return new Denied(reason);
    }

    /**
     * Ends the session a refresh token belongs to (RFC 7009, and the browser's logout). Unknown,
     * forged or spent tokens change nothing; a token issued to another client ends nothing either,
     * and says so ({@link Revoked#OTHER_CLIENT}).
     */
    @Transactional
    public Revoked logout(String refreshToken, String clientId, RequestFacts facts) {
        var presented = RefreshTokens.parse(refreshToken);
        if (presented.isEmpty()) {
            return Revoked.NOTHING;
        }
        Session family = em.find(Session.class, presented.get().familyId());
        if (family == null || RefreshTokens.currentSecret(presented.get(), family).isEmpty()) {
            return Revoked.NOTHING;
        }
        em.refresh(family, LockModeType.PESSIMISTIC_WRITE);
        return endFor(family, clientId, facts);
    }

    /**
     * Ends the session {@code sessionId} of {@code accountId} for the client that presented one of its
     * verified access tokens ({@link TokenRevocation} verifies it first).
     */
    @Transactional
    public Revoked endByAccessToken(String sessionId, String accountId, String clientId, RequestFacts facts) {
        Session family = em.find(Session.class, sessionId, LockModeType.PESSIMISTIC_WRITE);
        if (family == null || !family.accountId().equals(accountId)) {
            return Revoked.NOTHING;
        }
        return endFor(family, clientId, facts);
    }

    private Revoked endFor(Session family, String clientId, RequestFacts facts) {
        if (family.status() != SessionStatus.ACTIVE) {
            return Revoked.NOTHING;
        }
        if (!family.clientId().equals(clientId)) {
            return Revoked.OTHER_CLIENT;
        }
        endOne(family, SessionStatus.LOGOUT, AuditType.LOGOUT, family.accountId(), facts);
        return Revoked.ENDED;
    }

    /** The owner ends one of their sessions; an id that is not theirs is a 404, as if it did not exist. */
    @Transactional
    public void endByOwner(String ownerId, String sessionId, RequestFacts facts) {
        Session family = sessionId == null ? null : em.find(Session.class, sessionId, LockModeType.PESSIMISTIC_WRITE);
        if (family == null || !family.accountId().equals(ownerId) || family.status() != SessionStatus.ACTIVE) {
            throw new NoSuchSession();
        }
        endOne(family, SessionStatus.LOGOUT, AuditType.SESSION_ENDED_BY_OWNER, ownerId, facts);
    }

    /** Ends any session (admin); 404 when it does not exist or has ended. */
    @Transactional
    public Session endAnySession(String sessionId, String actorId, RequestFacts facts) {
        Session family = sessionId == null ? null : em.find(Session.class, sessionId, LockModeType.PESSIMISTIC_WRITE);
        if (family == null || family.status() != SessionStatus.ACTIVE) {
            throw new NoSuchSession();
        }
        endOne(family, SessionStatus.ADMIN, AuditType.ADMIN_ENDED_SESSION, actorId, facts);
        return family;
    }

    private void endOne(Session family, SessionStatus reason, AuditType type, String actorId, RequestFacts facts) {
        family.end(reason, clock.instant());
        audit.record(type, family.accountId(), actorId, family.id(), facts, "reason=" + reason);
        revocations.sessionEnded(family);
    }

    /** The owner logs out everywhere: every session ends (reason LOGOUT_ALL). Returns how many ended. */
    @Transactional
    public int endAllByOwner(String accountId, RequestFacts facts) {
        return endAll(accountId, SessionStatus.LOGOUT_ALL, AuditType.LOGOUT_ALL, accountId, facts);
    }

    /** An admin logs the account out everywhere (reason ADMIN), audited with the admin as actor. Returns how many ended. */
    @Transactional
    public int endAllByAdmin(String accountId, String adminId, RequestFacts facts) {
        return endAll(accountId, SessionStatus.ADMIN, AuditType.ADMIN_LOGOUT_ALL, adminId, facts);
    }

    /**
     * Ends every active session of the account, whatever client started it, and cuts off its
     * access tokens issued until now. Returns how many sessions ended.
     */
    @Transactional
    public int endAll(String accountId, SessionStatus reason, AuditType type, String actorId, RequestFacts facts) {
        Account account = em.find(Account.class, accountId, LockModeType.PESSIMISTIC_WRITE);
        if (account == null) {
            throw new NoSuchAccount();
        }
        Instant now = clock.instant();
        List<Session> active = em.createNamedQuery("Session.activeByAccount", Session.class)
                .setParameter("accountId", accountId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        active.forEach(family -> family.end(reason, now));
        revocations.cutOff(account, reason == SessionStatus.ACCOUNT_DISABLED ? CutoffReason.ACCOUNT_DISABLED : CutoffReason.LOGOUT_ALL);
        audit.record(type, accountId, actorId, null, facts, "sessions ended=" + active.size());
        return active.size();
    }

    /** One page of the account's sessions that can still refresh, oldest first. */
    public Page<Session> activeSessions(String accountId, PageRequest paging) {
        Instant now = clock.instant();
        long total = em.createNamedQuery("Session.liveCountByAccount", Long.class)
                .setParameter("accountId", accountId)
                .setParameter("now", now)
                .getSingleResult();
        List<Session> items = em.createNamedQuery("Session.liveByAccount", Session.class)
                .setParameter("accountId", accountId)
                .setParameter("now", now)
                .setFirstResult(paging.offset())
                .setMaxResults(paging.size())
                .getResultList();
        return Page.of(paging, total, items);
    }

    /** Rotations done by this instance since it started (counted, not audited row by row). */
    public long rotationCount() {
        return rotations.get();
    }

    /**
     * Ends every active session of the account except {@code keepSessionId} (a password change
     * keeps the session that made it). Access tokens of the ended sessions are cut off by their
     * session id; the kept session's are not. Returns how many sessions ended.
     */
    @Transactional
    public int endAllExcept(String accountId, String keepSessionId, SessionStatus reason, AuditType type, String actorId,
                            RequestFacts facts) {
        Instant now = clock.instant();
        List<Session> others = em.createNamedQuery("Session.activeByAccount", Session.class)
                .setParameter("accountId", accountId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream()
                .filter(family -> !family.id().equals(keepSessionId))
                .toList();
        others.forEach(family -> {
            family.end(reason, now);
            revocations.sessionEnded(family);
        });
        audit.record(type, accountId, actorId, keepSessionId, facts, "other sessions ended=" + others.size());
        return others.size();
    }
}
