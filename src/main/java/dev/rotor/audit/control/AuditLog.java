package dev.rotor.audit.control;

import dev.rotor.audit.entity.AuditEvent;
import dev.rotor.audit.entity.AuditType;
import dev.rotor.platform.RequestFacts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.logging.Logger;

/**
 * Writes audit events: a row (in the caller's transaction, so a rolled-back change leaves
 * no event) and a log line. Ids and facts only: never a token or a password.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger("dev.rotor.audit");

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    Clock clock;

    @Transactional
    public AuditEvent record(AuditType type, String accountId, String actorId, String sessionId,
                             RequestFacts facts, String detail) {
        RequestFacts from = facts == null ? RequestFacts.NONE : facts;
        var event = new AuditEvent(type, clock.instant(), accountId, actorId, sessionId,
                from.clientIp(), from.userAgent(), detail);
        em.persist(event);
        LOG.info(() -> "audit type=" + type + " account=" + accountId + " actor=" + actorId
                + " session=" + sessionId + " ip=" + from.clientIp()
                + (detail == null ? "" : " detail=" + detail));
        return event;
    }
}
