package dev.rotor.session.control;

import dev.rotor.account.entity.Account;
import dev.rotor.audit.control.AuditLog;
import dev.rotor.audit.entity.AuditType;
import dev.rotor.platform.RequestFacts;
import dev.rotor.platform.RotorSettings;
import dev.rotor.session.control.RefreshResult.Refusal;
import dev.rotor.session.control.RefreshResult.Refused;
import dev.rotor.session.control.RefreshResult.Rotated;
import dev.rotor.session.entity.Session;
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

/**
 * A refresh, for both kinds of client (the OAuth token endpoint and the browser's cookie): the
 * presented token is verified once, the rules ({@link RefreshRotation}) decide, and the decision
 * is written.
 */
@ApplicationScoped
public class Refreshes {

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    AccessTokenIssuer accessTokens;

    @Inject
    AuditLog audit;

    @Inject
    RevocationLog revocations;

    @Inject
    SessionEnds ends;

    @Inject
    Clock clock;

    @Inject
    RotorSettings settings;

    private RefreshRotation rotation;
    private final ForgeryRateLimit forgeries = new ForgeryRateLimit();
    private final AtomicLong rotations = new AtomicLong();

    @PostConstruct
    void init() {
        rotation = new RefreshRotation(settings.refreshGrace(), settings.refreshIdleTtl());
    }

    /**
     * Applies the refresh rules to {@code presented}; the new access token is for {@code audience}.
     * A refusal that ends the session (reuse, expiry, the rotation limit) is committed with its
     * revocation row, then answered.
     *
     * <p>The token's chain is walked once, on the row as first read and before any lock, so a
     * forged token costs one bounded walk and holds no lock. The rules then decide on that row:
     * the common case, the current token of a live session, is written by one compare-and-set
     * {@code UPDATE … WHERE generation = ? AND status = ACTIVE}, with no lock. Every other case,
     * and a rotation whose compare-and-set lost a race, is decided by the same call on the row
     * under its lock; if the row rotated meanwhile, the verified secret is carried forward from
     * where it was verified ({@link RefreshTokens.Verified#at}). A rotation whose compare-and-set
     * lost throws away the access token signed for it; the answer comes from the second decision.
     */
    @Transactional
    public RefreshResult refresh(RefreshToken presented, String clientId, List<String> audience, RequestFacts facts) {
        // The session row and its account in one round trip: every refresh needs both.
        List<Object[]> found = em.createNamedQuery("Session.withAccount", Object[].class)
                .setParameter("id", presented.sessionId()).getResultList();
        if (found.isEmpty()) {
            return new Refused(Refusal.UNKNOWN);
        }
        Session row = (Session) found.get(0)[0];
        Account account = (Account) found.get(0)[1];
        Optional<RefreshTokens.Verified> verified = RefreshTokens.verify(presented, row);
        if (verified.isEmpty()) {
            return forged(row, facts);
        }
        em.detach(account); // read, never written here: nothing for the commit to compare
        Instant now = clock.instant();
        RefreshRotation.Handout handout = (session, refreshToken) ->
                new Issued(account, session, accessTokens.issue(account, session.id(), session.clientId(), audience, session.scope(),
                        session.authentication()), refreshToken);
        // Only the current token can be settled by a compare-and-set; any other goes to the lock at once.
        boolean locked = presented.generation() != row.generation();
        if (locked) {
            em.refresh(row, LockModeType.PESSIMISTIC_WRITE);
        } else {
            em.detach(row);
        }
        long asRead = row.generation();
        while (true) { // at most twice: on the row as read, then on the row under its lock
            Optional<RefreshTokens.Verified> current = verified.get().at(row);
            if (current.isEmpty()) {
                return forged(row, facts);
            }
            RefreshResult result = rotation.rotate(current.get(), row, clientId, account, now, facts, handout);
            if (result instanceof Rotated && (locked || advanced(row, asRead))) {
                rotations.incrementAndGet();
                return result;
            }
            if (locked) {
                return result instanceof Refused refused ? refused(row, refused, facts) : result;
            }
            row = em.find(Session.class, row.id(), LockModeType.PESSIMISTIC_WRITE);
            if (row == null) {
                return new Refused(Refusal.UNKNOWN);
            }
            locked = true;
        }
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

    /** A token that fails verification: refused, revokes nothing, audited at most once a minute per session. */
    private Refused forged(Session session, RequestFacts facts) {
        int notRecorded = forgeries.admit(session.id(), clock.instant());
        if (notRecorded >= 0) {
            audit.record(AuditType.REFRESH_REFUSED, session.accountId(), null, session.id(), facts,
                    "reason=" + Refusal.FORGED + (notRecorded > 0 ? "; " + notRecorded + " more in the minute before, not recorded" : ""));
        }
        return new Refused(Refusal.FORGED);
    }

    /** Audits a refusal decided under the lock and records the end of a session the rules ended. */
    private Refused refused(Session session, Refused refused, RequestFacts facts) {
        Refusal reason = refused.reason();
        if (reason == Refusal.REUSE) {
            audit.record(AuditType.REUSE_DETECTED, session.accountId(), null, session.id(), facts,
                    "an earlier refresh token of this session was presented again; session ended");
            revocations.sessionEnded(session);
            ends.endLinkedTo(session, facts); // a sign-in's reuse ends the apps it signed in; an app's has none linked
        } else if (reason == Refusal.EXPIRED || reason == Refusal.ROTATION_LIMIT) {
            revocations.sessionEnded(session);
            audit.record(AuditType.REFRESH_REFUSED, session.accountId(), null, session.id(), facts, "reason=" + reason);
        } else if (reason != Refusal.ENDED) {
            audit.record(AuditType.REFRESH_REFUSED, session.accountId(), null, session.id(), facts, "reason=" + reason);
        }
        return refused;
    }

    /** Rotations done by this instance since it started (counted, not audited row by row). */
    public long rotationCount() {
        return rotations.get();
    }
}
