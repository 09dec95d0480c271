package dev.rotor.session.control;

import dev.rotor.account.control.NoSuchAccount;
import dev.rotor.account.entity.Account;
import dev.rotor.audit.control.AuditLog;
import dev.rotor.audit.entity.AuditType;
import dev.rotor.platform.RequestFacts;
import dev.rotor.session.entity.CutoffReason;
import dev.rotor.session.entity.Session;
import dev.rotor.session.entity.SessionStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Every way a session ends before it expires: one session by its refresh token (logout), by an
 * access token of it, by its owner or by an admin; all of an account's sessions (logout
 * everywhere, an admin, a disabled account, a password change), or all but one; all of a client's
 * (the client was disabled or deleted). Each end is audited and written to the {@link RevocationLog}
 * in the transaction that makes it, which fires {@link SessionEnded} for each session ended.
 */
@ApplicationScoped
public class SessionEnds {

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    AuditLog audit;

    @Inject
    RevocationLog revocations;

    @Inject
    Clock clock;

    /**
     * Ends the session a refresh token belongs to (RFC 7009, and the browser's logout). Unknown,
     * forged or spent tokens change nothing; a token issued to another client ends nothing either,
     * and says so ({@link Revoked#OTHER_CLIENT}).
     */
    @Transactional
    public Revoked logout(RefreshToken presented, String clientId, RequestFacts facts) {
        Session session = em.find(Session.class, presented.sessionId());
        if (session == null || RefreshTokens.verify(presented, session).isEmpty()) {
            return Revoked.NOTHING;
        }
        em.refresh(session, LockModeType.PESSIMISTIC_WRITE);
        return endFor(session, clientId, facts);
    }

    /**
     * Ends the session {@code sessionId} of {@code accountId} for the client that presented one of its
     * verified access tokens ({@code oauth}'s {@code TokenRevocation} verifies it first).
     */
    @Transactional
    public Revoked endByAccessToken(String sessionId, String accountId, String clientId, RequestFacts facts) {
        Session session = em.find(Session.class, sessionId, LockModeType.PESSIMISTIC_WRITE);
        if (session == null || !session.accountId().equals(accountId)) {
            return Revoked.NOTHING;
        }
        return endFor(session, clientId, facts);
    }

    /**
     * An authorization code was presented a second time: the session its first use started (if
     * any, and still active) ends ({@link SessionStatus#CODE_REUSED}), audited {@code CODE_REUSED}
     * either way, so the second presentation is on record even when nothing was left to end.
     */
    @Transactional
    public void endForCodeReuse(String sessionId, String accountId, String clientId, RequestFacts facts) {
        Session session = sessionId == null ? null : em.find(Session.class, sessionId, LockModeType.PESSIMISTIC_WRITE);
        boolean ended = session != null && session.status() == SessionStatus.ACTIVE;
        if (ended) {
            session.end(SessionStatus.CODE_REUSED, clock.instant());
            revocations.sessionEnded(session);
        }
        audit.record(AuditType.CODE_REUSED, accountId, null, sessionId, facts,
                "client=" + clientId + (ended ? " session ended" : " no active session to end"));
    }

    /**
     * Ends every active session linked to the sign-in {@code signIn} (the apps it signed in through
     * the front door), because that sign-in's refresh token was reused: whoever replayed it could
     * have started those sessions too. Each ends {@link SessionStatus#SIGN_IN_REUSE}, through the
     * revocation log, audited. Runs in the caller's transaction; returns how many ended.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int endLinkedTo(Session signIn, RequestFacts facts) {
        List<Session> linked = activeLinkedTo(signIn.id());
        Instant now = clock.instant();
        for (Session session : linked) {
            session.end(SessionStatus.SIGN_IN_REUSE, now);
            audit.record(AuditType.REUSE_DETECTED, session.accountId(), null, session.id(), facts,
                    "the sign-in " + signIn.id() + " this session was linked to saw a refresh token reused; session ended");
            revocations.sessionEnded(session);
        }
        return linked.size();
    }

    private Revoked endFor(Session session, String clientId, RequestFacts facts) {
        if (session.status() != SessionStatus.ACTIVE) {
            return Revoked.NOTHING;
        }
        if (!session.clientId().equals(clientId)) {
            return Revoked.OTHER_CLIENT;
        }
        endOne(session, SessionStatus.LOGOUT, AuditType.LOGOUT, session.accountId(), facts);
        return Revoked.ENDED;
    }

    /** The owner ends one of their sessions; an id that is not theirs is a 404, as if it did not exist. */
    @Transactional
    public void endByOwner(String ownerId, String sessionId, RequestFacts facts) {
        Session session = sessionId == null ? null : em.find(Session.class, sessionId, LockModeType.PESSIMISTIC_WRITE);
        if (session == null || !session.accountId().equals(ownerId) || session.status() != SessionStatus.ACTIVE) {
            throw new NoSuchSession();
        }
        endOne(session, SessionStatus.LOGOUT, AuditType.SESSION_ENDED_BY_OWNER, ownerId, facts);
    }

    /** Ends any session (admin); 404 when it does not exist or has ended. */
    @Transactional
    public Session endAnySession(String sessionId, String actorId, RequestFacts facts) {
        Session session = sessionId == null ? null : em.find(Session.class, sessionId, LockModeType.PESSIMISTIC_WRITE);
        if (session == null || session.status() != SessionStatus.ACTIVE) {
            throw new NoSuchSession();
        }
        endOne(session, SessionStatus.ADMIN, AuditType.ADMIN_ENDED_SESSION, actorId, facts);
        return session;
    }

    private void endOne(Session session, SessionStatus reason, AuditType type, String actorId, RequestFacts facts) {
        session.end(reason, clock.instant());
        audit.record(type, session.accountId(), actorId, session.id(), facts, "reason=" + reason);
        revocations.sessionEnded(session);
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
        active.forEach(session -> session.end(reason, now));
        revocations.cutOff(account, reason == SessionStatus.ACCOUNT_DISABLED ? CutoffReason.ACCOUNT_DISABLED : CutoffReason.LOGOUT_ALL);
        active.forEach(revocations::sessionEndedWithoutEntry); // the cut-off covers their tokens; apps still hear of each end
        audit.record(type, accountId, actorId, null, facts, "sessions ended=" + active.size());
        return active.size();
    }

    /**
     * Ends every active session that client {@code clientId} started, whoever's it is (an admin
     * disabled or deleted the client): each is written to the revocation log, so its access tokens
     * die on every instance and resource server, and audited against its owner with the admin as
     * actor. Returns how many sessions ended.
     */
    @Transactional
    public int endAllOfClient(String clientId, SessionStatus reason, String actorId, RequestFacts facts) {
        List<Session> active = em.createNamedQuery("Session.activeByClient", Session.class)
                .setParameter("clientId", clientId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        Instant now = clock.instant();
        for (Session session : active) {
            session.end(reason, now);
            audit.record(AuditType.ADMIN_ENDED_SESSION, session.accountId(), actorId, session.id(), facts,
                    "reason=" + reason + " client=" + clientId);
            revocations.sessionEnded(session);
        }
        return active.size();
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
                .filter(session -> !session.id().equals(keepSessionId))
                .toList();
        others.forEach(session -> {
            session.end(reason, now);
            revocations.sessionEnded(session);
        });
        audit.record(type, accountId, actorId, keepSessionId, facts, "other sessions ended=" + others.size());
        return others.size();
    }

    /**
     * RP-initiated logout: ends the Rotor sign-in {@code signInId} of {@code accountId} and every
     * app session linked to it (started through the front door from that sign-in). Returns how many
     * sessions ended; 0 when the sign-in is not the account's or has already ended.
     */
    @Transactional
    public int endSignIn(String signInId, String accountId, RequestFacts facts) {
        Session signIn = em.find(Session.class, signInId, LockModeType.PESSIMISTIC_WRITE);
        Instant now = clock.instant();
        if (signIn == null || !signIn.accountId().equals(accountId) || signIn.status() != SessionStatus.ACTIVE) {
            return 0;
        }
        List<Session> ending = new java.util.ArrayList<>(List.of(signIn));
        ending.addAll(activeLinkedTo(signInId));
        ending.forEach(session -> {
            session.end(SessionStatus.LOGOUT, now);
            revocations.sessionEnded(session);
        });
        audit.record(AuditType.LOGOUT, accountId, accountId, signInId, facts, "RP-initiated; sessions ended=" + ending.size());
        return ending.size();
    }

    /**
     * Ends every active session {@code clientId} holds of {@code accountId} (the user revoked that
     * application's consent), each through the revocation log; the caller audits the change.
     * Returns how many ended.
     */
    @Transactional
    public int endClientSessions(String accountId, String clientId, SessionStatus reason) {
        Instant now = clock.instant();
        List<Session> ofClient = em.createNamedQuery("Session.activeByAccount", Session.class)
                .setParameter("accountId", accountId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream()
                .filter(session -> session.clientId().equals(clientId))
                .toList();
        ofClient.forEach(session -> {
            session.end(reason, now);
            revocations.sessionEnded(session);
        });
        return ofClient.size();
    }

    /** The active sessions the front door started from sign-in {@code signInId}, each locked. */
    private List<Session> activeLinkedTo(String signInId) {
        return em.createNamedQuery("Session.activeBySignIn", Session.class)
                .setParameter("signInId", signInId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
    }
}
