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

/**
 * The random keys every instance shares (table {@code server_secret}: the CSRF key, the throttle's
 * username key), sealed with the key encryption key. The first instance to ask for one makes it,
 * under the cluster's first-start lock, so instances racing on an empty database make one; a row
 * from before key custody (plaintext) or sealed with the previous KEK is sealed again when read.
 */
@ApplicationScoped
public class SealedSecrets {

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
        String secret = custody.open(held, stored.sealName());
        if (custody.needsSealing(held)) {
            var sealed = custody.seal(secret, stored.sealName());
            stored.sealed(sealed.kekId(), sealed.value());
        }
        return Base64.getDecoder().decode(secret);
    }

    private ServerSecret create(String name) {
        byte[] random = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(random);
        var sealed = custody.seal(Base64.getEncoder().encodeToString(random), ServerSecret.sealName(name));
        var created = new ServerSecret(name, sealed.kekId(), sealed.value(), clock.instant());
        em.persist(created);
        em.flush();
        return created;
    }
}
