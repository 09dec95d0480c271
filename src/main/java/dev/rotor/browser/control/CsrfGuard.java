package dev.rotor.browser.control;

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

    private volatile byte[] key;

    /** Loads the key, generating it on the very first start. */
    @Transactional
    public void load() {
        ServerSecret stored = em.find(ServerSecret.class, KEY_NAME);
        if (stored == null) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            stored = new ServerSecret(KEY_NAME, Base64.getEncoder().encodeToString(random), clock.instant());
            em.persist(stored);
            em.flush();
        }
        key = Base64.getDecoder().decode(stored.secret());
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
