package dev.rotor.audit.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Deletes audit events older than {@code rotor.audit.retention} (90 days) in batches of
 * {@link #BATCH}, one short transaction each, so the table stays bounded whatever callers send.
 */
@ApplicationScoped
public class AuditRetention {

    static final int BATCH = 1000;

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "rotor.audit.retention", defaultValue = "P90D")
    Duration retention;

    @Inject
    AuditRetention self;

    /** Deletes every event past retention, batch by batch; returns how many went. */
    public int purgeAll() {
        Instant cutoff = clock.instant().minus(retention);
        int total = 0;
        int deleted;
        do {
            deleted = self.purgeBatch(cutoff);
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int purgeBatch(Instant cutoff) {
        List<String> ids = em.createNamedQuery("AuditEvent.idsBefore", String.class)
                .setParameter("cutoff", cutoff)
                .setMaxResults(BATCH)
                .getResultList();
        if (ids.isEmpty()) {
            return 0;
        }
        em.createNamedQuery("AuditEvent.deleteByIds").setParameter("ids", ids).executeUpdate();
        return ids.size();
    }
}
