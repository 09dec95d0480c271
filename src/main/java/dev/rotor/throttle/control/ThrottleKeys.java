package dev.rotor.throttle.control;

import dev.rotor.browser.control.ServerSecret;
import dev.rotor.custody.control.KeyCustody;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionalException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key an account is throttled under: {@code HMAC-SHA256(server key, normalized username)}.
 * People type passwords into the username field, so the text itself is never stored or logged;
 * the key is the same whether the account exists or not. The server key is shared by every
 * instance (table {@code server_secret}, sealed with the KEK) and made on first use.
 */
@ApplicationScoped
public class ThrottleKeys {

    private static final String KEY_NAME = "throttle-hmac";

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    ThrottleKeys self;

    @Inject
    KeyCustody custody;

    private volatile byte[] key;

    /** NFC, trimmed, lower case: the same normalization as {@code Username}, applied to any text. */
    public static String normalize(String rawUsername) {
        return Normalizer.normalize(rawUsername.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }

    public String accountKey(String rawUsername) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(("account|" + normalize(rawUsername)).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private byte[] key() {
        byte[] known = key;
        if (known == null) {
            synchronized (this) {
                if (key == null) {
                    try {
                        key = self.loadOrCreate();
                    } catch (PersistenceException | TransactionalException anotherInstanceWasFirst) {
                        key = self.loadOrCreate();
                    }
                }
                known = key;
            }
        }
        return known;
    }

    /** Reads the key, sealed with the KEK like every secret in the database; makes it on first use. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public byte[] loadOrCreate() {
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
        return Base64.getDecoder().decode(secret);
    }
}
