package dev.rotor.selfservice.control;

import dev.rotor.audit.entity.AuditType;
import dev.rotor.platform.RequestFacts;
import dev.rotor.session.control.SessionEnds;
import dev.rotor.session.entity.Session;
import dev.rotor.session.entity.SessionStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;

/**
 * The rules around a change of an account's second factors, made by its owner: the session making
 * it signed in less than {@link #FRESH} ago (its {@code auth_time} in the database, not the token's
 * claim), and the change ends every other session of the account, audited as {@code type}.
 */
@ApplicationScoped
public class FactorChanges {

    public static final Duration FRESH = Duration.ofMinutes(5);

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    SessionEnds ends;

    @Inject
    Clock clock;

    /** Refuses ({@link FreshSignInRequired}) unless {@code sessionId} is an active session of the account that signed in within {@link #FRESH}. */
    public void requireFreshSignIn(String accountId, String sessionId) {
        Session session = sessionId == null ? null : em.find(Session.class, sessionId);
        var now = clock.instant();
        if (session == null || !session.accountId().equals(accountId) || !session.isActive(now)
                || session.authTime().plus(FRESH).isBefore(now)) {
            throw new FreshSignInRequired();
        }
    }

    /** After a change: ends every other session of the account and audits {@code type} (with how many ended). */
    @Transactional
    public int changed(String accountId, String keepSessionId, AuditType type, RequestFacts facts) {
        return ends.endAllExcept(accountId, keepSessionId, SessionStatus.FACTOR_CHANGED, type, accountId, facts);
    }
}
