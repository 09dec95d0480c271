package dev.rotor.browser.control;

import dev.rotor.custody.control.KeyCustody;
import dev.rotor.platform.ClusterLock;
import dev.rotor.platform.ClusterLocks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * CSRF tokens bound to a session (signed double submit): the token is
 * {@code HMAC-SHA256(server key, session id)}, so a value planted by an attacker or taken from
 * another session never matches. Compared in constant time.
 */
@ApplicationScoped
public class CsrfGuard {

    private static final String KEY_NAME = "csrf-hmac";

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    KeyCustody custody;

    @Inject
    ClusterLocks locks;

    private volatile byte[] key;

    /**
     * Loads the key, generating it on the very first start, under the cluster's first-start lock so
     * instances starting together on an empty database create one. A plaintext row (from before key
     * custody) or one sealed under the previous KEK is sealed again under the current KEK.
     */
    @Transactional
    public void load() {
        locks.hold(ClusterLock.FIRST_START);
        ServerSecret stored = em.find(ServerSecret.class, KEY_NAME);
        if (stored == null) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            var sealed = custody.seal(Base64.getEncoder().encodeToString(random), "server_secret/" + KEY_NAME);
            stored = new ServerSecret(KEY_NAME, sealed.kekId(), sealed.value(), clock.instant());
            em.persist(stored);
            em.flush();
        }
        var held = new KeyCustody.Sealed(stored.kekId(), stored.sealedSecret());
        String secret = custody.open(held, stored.sealName());
        if (custody.needsSealing(held)) {
            var sealed = custody.seal(secret, stored.sealName());
            stored.sealed(sealed.kekId(), sealed.value());
        }
        key = Base64.getDecoder().decode(secret);
    }

    public String tokenFor(String sessionId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] tag = mac.doFinal(("csrf|" + sessionId).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    public boolean matches(String sessionId, String presented) {
        if (sessionId == null || presented == null || presented.length() > 128) {
            return false;
        }
        return MessageDigest.isEqual(tokenFor(sessionId).getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }
}
