package dev.rotor.throttle.control;

import dev.rotor.custody.control.SealedSecrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key an account is throttled under: {@code HMAC-SHA256(server key, normalized username)}.
 * People type passwords into the username field, so the text itself is never stored or logged;
 * the key is the same whether the account exists or not. The server key is shared by every
 * instance ({@link SealedSecrets}) and made on first use.
 */
@ApplicationScoped
public class ThrottleKeys {

    private static final String KEY_NAME = "throttle-hmac";

    @Inject
    SealedSecrets secrets;

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
                    key = secrets.loadOrCreate(KEY_NAME);
                }
                known = key;
            }
        }
        return known;
    }
}
