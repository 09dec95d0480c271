package dev.rotor.session.control;

import dev.rotor.account.entity.Account;
import dev.rotor.platform.Housekeeping;
import dev.rotor.platform.RotorSettings;
import dev.rotor.session.entity.CutoffReason;
import dev.rotor.session.entity.Session;
import dev.rotor.session.entity.SessionStatus;
import dev.rotor.session.entity.Revocation;
import dev.rotor.token.entity.KeyRevoked;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The one source of truth for revocations. Every session end and every account cut-off is written
 * here in the transaction that makes it; the instance that made it learns of it after commit
 * through a {@link Revocation} event, every other instance by reading this log (the access
 * package's {@code RevocationFollower}), and resource servers through the revocation feed.
 */
@ApplicationScoped
public class RevocationLog implements Housekeeping.Chore {

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    Event<Revocation> revoked;

    @Inject
    Event<SessionEnded> ended;

    @Inject
    Clock clock;

    @Inject
    RotorSettings settings;

    @Inject
    RevocationSignal signal;

    /**
     * Records that {@code session} has ended and fires {@link SessionEnded} for it; call in the
     * transaction that ended it.
     */
    public void sessionEnded(Session session) {
        record(Revocation.sessionEnded(session.accountId(), session.id(), session.status(), clock.instant()));
        ended.fire(new SessionEnded(session));
    }

    /**
     * Fires {@link SessionEnded} for a session whose tokens need no entry of their own: those of
     * an account {@link #cutOff} covers, or an expired one. Call in the transaction that ended it.
     */
    public void sessionEndedWithoutEntry(Session session) {
        ended.fire(new SessionEnded(session));
    }

    /**
     * Ends a client's client-credentials tokens (their {@code sid} is {@code tokenSid}, their
     * subject the client); call in the transaction that disables or deletes the client.
     */
    public void clientTokensEnded(String clientId, String tokenSid) {
        record(Revocation.sessionEnded(clientId, tokenSid, SessionStatus.CLIENT_DISABLED, clock.instant()));
    }

    /**
     * Cuts off every access token of the account issued so far, on every instance. The one path
     * for logout-all, disabling, role and password changes. The caller holds the account's row lock.
     */
    public void cutOff(Account account, CutoffReason reason) {
        Instant now = clock.instant();
        long minTokenVersion = account.cutOffTokens(now);
        record(Revocation.accountCutOff(account.id(), minTokenVersion, reason.name(), now));
    }

    /**
     * Records a revoked signing key in the transaction that revokes it, so resource servers refuse
     * its tokens at once instead of when their cached key set expires.
     */
    void keyRevoked(@Observes KeyRevoked event) {
        record(Revocation.keyRevoked(event.kid(), event.at()));
    }

    private void record(Revocation revocation) {
        em.createNativeQuery("INSERT INTO revocation (kind, account_id, session_id, min_token_version, reason, recorded_at, key_id) "
                        + "VALUES (?, ?, ?, CAST(? AS BIGINT), ?, ?, ?)")
                .setParameter(1, revocation.kind().name())
                .setParameter(2, revocation.accountId())
                .setParameter(3, revocation.sessionId())
                .setParameter(4, revocation.minTokenVersion())
                .setParameter(5, revocation.reason())
                .setParameter(6, OffsetDateTime.ofInstant(revocation.recordedAt(), ZoneOffset.UTC))
                .setParameter(7, revocation.keyId())
                .executeUpdate();
        signal.announce(em);
        revoked.fire(revocation);
    }

    /** Entries after {@code cursor}, oldest first, at most {@code limit}. */
    public List<Revocation> since(long cursor, int limit) {
        return em.createNamedQuery("Revocation.since", Revocation.class)
                .setParameter("cursor", cursor)
                .setMaxResults(limit)
                .getResultList();
    }

    /** Entries numbered {@code from} to {@code to}, both included, oldest first. */
    public List<Revocation> between(long from, long to) {
        return em.createNamedQuery("Revocation.between", Revocation.class)
                .setParameter("low", from)
                .setParameter("high", to)
                .getResultList();
    }

    /** The highest sequence number written so far, 0 when the log is empty. */
    public long head() {
        Long head = em.createNamedQuery("Revocation.head", Long.class).getSingleResult();
        return head == null ? 0 : head;
    }

    @Override
    public String deletes() {
        return "revocation-log entries older than every token they concern";
    }

    /**
     * Deletes entries recorded before the access-token horizon: every token they concern has
     * expired. The newest entry stays, so the head never goes back: a consumer whose cursor lies
     * above the head knows the log was reset (a database restored from a backup).
     */
    @Override
    @Transactional
    public int run(Instant now) {
        return em.createNamedQuery("Revocation.deleteBefore")
                .setParameter("cutoff", now.minus(settings.accessTokenHorizon()))
                .setParameter("head", head())
                .executeUpdate();
    }
}
