package dev.rotor.browser.control;

import dev.rotor.custody.control.SealedSecrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
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

    @Inject
    SealedSecrets secrets;

    private volatile byte[] key;

    /** Loads the key at start, generating it on the very first start of the cluster. */
    public void load() {
        key = secrets.loadOrCreate(KEY_NAME);
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
