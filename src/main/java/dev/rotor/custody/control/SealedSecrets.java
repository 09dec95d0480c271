package dev.rotor.custody.control;

import dev.rotor.custody.entity.ServerSecret;
import dev.rotor.platform.ClusterLock;
import dev.rotor.platform.ClusterLocks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.logging.Logger;

/**
 * The random keys every instance shares (table {@code server_secret}: the CSRF key, the throttle's
 * username key), sealed with the key encryption key. The first instance to ask for one makes it,
 * under the cluster's first-start lock, so instances racing on an empty database make one. Every
 * start seals old rows again under the current KEK ({@link #resealAll()}).
 */
@ApplicationScoped
public class SealedSecrets {

    private static final Logger LOG = Logger.getLogger(SealedSecrets.class.getName());
    static final int KEY_BYTES = 32;

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    KeyCustody custody;

    @Inject
    ClusterLocks locks;

    /** The 32 random bytes named {@code name}, made on first use; in a transaction of its own. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public byte[] loadOrCreate(String name) {
        ServerSecret stored = em.find(ServerSecret.class, name);
        if (stored == null) {
            locks.hold(ClusterLock.FIRST_START);
            // Another instance may have made it while this one waited for the lock.
            stored = em.find(ServerSecret.class, name);
        }
        if (stored == null) {
            stored = create(name);
        }
        var held = new KeyCustody.Sealed(stored.kekId(), stored.sealedSecret());
        String secret = custody.open(held, stored.sealName(), stored.sealBinding(stored.kekId()));
        if (custody.needsSealing(held)) {
            seal(stored, secret);
        }
        return Base64.getDecoder().decode(secret);
    }

    /**
     * Start-up, before any secret is used: seals every row that is plaintext (only in the start
     * that upgrades from before key custody), under the previous KEK, or not yet bound to its row,
     * again under the current KEK. So once one instance has started with the new KEK and the
     * previous one, the previous KEK is needed no more, whichever secrets were used meanwhile.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void resealAll() {
        locks.hold(ClusterLock.FIRST_START);
        for (ServerSecret stored : em.createQuery("SELECT s FROM ServerSecret s", ServerSecret.class).getResultList()) {
            var held = new KeyCustody.Sealed(stored.kekId(), stored.sealedSecret());
            if (custody.needsSealing(held)) {
                String wasKek = stored.kekId();
                seal(stored, custody.openToReseal(held, stored.sealName(), stored.sealBinding(stored.kekId())));
                LOG.info(() -> "Server secret " + stored.name() + (wasKek == null ? " was plaintext" : " was sealed with KEK " + wasKek)
                        + "; now sealed with KEK " + stored.kekId() + " and bound to its row");
            }
        }
    }

    private void seal(ServerSecret stored, String secret) {
        var sealed = custody.seal(secret, stored::sealBinding);
        stored.sealed(sealed.kekId(), sealed.value());
    }

    private ServerSecret create(String name) {
        byte[] random = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(random);
        var created = new ServerSecret(name, null, "", clock.instant());
        seal(created, Base64.getEncoder().encodeToString(random));
        em.persist(created);
        em.flush();
        return created;
    }
}
