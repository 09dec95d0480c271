package dev.rotor.admin.control;

import dev.rotor.platform.Page;

import dev.rotor.audit.entity.AuditEvent;
import dev.rotor.audit.entity.AuditType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the audit trail, newest first, filtered by account, type and time. */
@ApplicationScoped
public class AuditTrail {

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    public Page<AuditEvent> find(String accountId, AuditType type, Instant from, Instant to, int page, int size) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (accountId != null && !accountId.isBlank()) {
            conditions.add("(e.accountId = :account OR e.actorId = :account)");
            params.put("account", accountId);
        }
        if (type != null) {
            conditions.add("e.type = :type");
            params.put("type", type);
        }
        if (from != null) {
            conditions.add("e.occurredAt >= :from");
            params.put("from", from);
        }
        if (to != null) {
            conditions.add("e.occurredAt < :to");
            params.put("to", to);
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        TypedQuery<Long> count = em.createQuery("SELECT COUNT(e) FROM AuditEvent e" + where, Long.class);
        TypedQuery<AuditEvent> query = em.createQuery("SELECT e FROM AuditEvent e" + where + " ORDER BY e.occurredAt DESC, e.id", AuditEvent.class);
        params.forEach((name, value) -> {
            count.setParameter(name, value);
            query.setParameter(name, value);
        });
        return new Page<>(page, size, count.getSingleResult(),
                query.setFirstResult(page * size).setMaxResults(size).getResultList());
    }
}
