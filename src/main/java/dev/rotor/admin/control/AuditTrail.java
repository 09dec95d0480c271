package dev.rotor.admin.control;

import dev.rotor.audit.entity.AuditEvent;
import dev.rotor.platform.Page;
import dev.rotor.platform.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the audit trail, newest first, filtered by account, type and time. */
@ApplicationScoped
public class AuditTrail {

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    /** The events {@code filter} lets through, newest first; an account matches as subject or as actor. */
    public Page<AuditEvent> find(AuditFilter filter, PageRequest paging) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (filter.accountId() != null && !filter.accountId().isBlank()) {
            conditions.add("(e.accountId = :account OR e.actorId = :account)");
            params.put("account", filter.accountId());
        }
        if (filter.type() != null) {
            conditions.add("e.type = :type");
            params.put("type", filter.type());
        }
        if (filter.from() != null) {
            conditions.add("e.occurredAt >= :from");
            params.put("from", filter.from());
        }
        if (filter.to() != null) {
            conditions.add("e.occurredAt < :to");
            params.put("to", filter.to());
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        TypedQuery<Long> count = em.createQuery("SELECT COUNT(e) FROM AuditEvent e" + where, Long.class);
        TypedQuery<AuditEvent> query = em.createQuery("SELECT e FROM AuditEvent e" + where + " ORDER BY e.occurredAt DESC, e.id", AuditEvent.class);
        params.forEach((name, value) -> {
            count.setParameter(name, value);
            query.setParameter(name, value);
        });
        return Page.of(paging, count.getSingleResult(),
                query.setFirstResult(paging.offset()).setMaxResults(paging.size()).getResultList());
    }
}
