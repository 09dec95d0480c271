package dev.rotor.session.control;

import dev.rotor.session.entity.Family;
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
 * Deletes old sessions in batches of {@link #BATCH}, one short transaction each, so the table is
 * never locked for long.
 */
@ApplicationScoped
public class SessionPurge {

    static final int BATCH = 500;

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "rotor.sessions.retention", defaultValue = "P30D")
    Duration retention;

    @Inject
    SessionPurge self;

    /** Deletes every session past retention, batch by batch; returns how many went. */
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
        List<String> ids = em.createNamedQuery("Family.idsToPurge", String.class)
                .setParameter("cutoff", cutoff)
                .setMaxResults(BATCH)
                .getResultList();
        if (ids.isEmpty()) {
            return 0;
        }
        em.createNamedQuery("Family.deleteByIds").setParameter("ids", ids).executeUpdate();
        return ids.size();
    }
}
