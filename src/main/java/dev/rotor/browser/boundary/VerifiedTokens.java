package dev.rotor.browser.boundary;

import dev.rotor.token.control.SigningKeys;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The access tokens MicroProfile JWT accepted on this instance, with its answer, so a token seen
 * before is not parsed and its signature checked again on every call (issue 12: that was most of
 * what a protected call cost beyond an unprotected one).
 *
 * <p>What MP JWT checked cannot change for a given token (signature, issuer, audience, claims),
 * except with time and with its key: an entry holds only until the token's {@code exp}, and only
 * while its key is still published here. The session cut-off and the key check run after
 * authentication as before, hit or miss. Keys are whole tokens, signature included, so no
 * other string can hit. At {@link #MAX} entries the expired ones go, and if none had expired, all.
 */
final class VerifiedTokens {

    static final int MAX = 8192;

    private record Entry(CredentialValidationResult result, String kid, Instant expiresAt) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    /** MP JWT's answer for this token, if it accepted it before, it has not expired and its key still verifies. */
    CredentialValidationResult find(String token, Instant now, Predicate<String> keyPublished) {
        Entry entry = entries.get(token);
        if (entry == null) {
            return null;
        }
        if (!now.isBefore(entry.expiresAt()) || !keyPublished.test(entry.kid())) {
            entries.remove(token, entry);
            return null;
        }
        return entry.result();
    }

    /** Keeps a result MP JWT gave for {@code token} (only a valid one, with a JWT caller that has not expired). */
    void remember(String token, CredentialValidationResult result, Instant now) {
        if (result.getStatus() != CredentialValidationResult.Status.VALID
                || !(result.getCallerPrincipal() instanceof JsonWebToken jwt) || !token.equals(jwt.getRawToken())) {
            return;
        }
        Instant expiresAt = Instant.ofEpochSecond(jwt.getExpirationTime());
        String kid = SigningKeys.kidOf(token);
        if (!now.isBefore(expiresAt) || kid == null) {
            return;
        }
        if (entries.size() >= MAX) {
            entries.values().removeIf(entry -> !now.isBefore(entry.expiresAt()));
            if (entries.size() >= MAX) {
                entries.clear();
            }
        }
        entries.put(token, new Entry(result, kid, expiresAt));
    }

    int size() {
        return entries.size();
    }
}
