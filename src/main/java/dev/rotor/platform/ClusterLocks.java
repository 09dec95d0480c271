package dev.rotor.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/**
 * Cluster-wide critical sections on {@link ClusterLock} rows: the row lock lasts until the
 * caller's transaction ends, so the check-then-create inside it happens on one instance at a time.
 */
@ApplicationScoped
public class ClusterLocks {

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    /** Locks the row until the current transaction ends. */
    @Transactional(Transactional.TxType.MANDATORY)
    public ClusterLock hold(String name) {
        ClusterLock lock = em.find(ClusterLock.class, name, LockModeType.PESSIMISTIC_WRITE);
        if (lock == null) {
            throw new IllegalStateException("The lock row " + name + " is missing (see db/migration V5)");
        }
        return lock;
    }

    /** The row's generation, read without locking: cheap enough to poll. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long generation(String name) {
        Object value = em.createNativeQuery("SELECT generation FROM cluster_lock WHERE name = ?")
                .setParameter(1, name)
                .getSingleResult();
        return ((Number) value).longValue();
    }
}
