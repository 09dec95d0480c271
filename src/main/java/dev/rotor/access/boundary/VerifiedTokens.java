package dev.rotor.access.boundary;

import dev.rotor.access.control.AccessClaims;
import dev.rotor.token.control.PublishedKeys;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The access tokens MicroProfile JWT accepted on this instance, with its answer, so a token seen
 * before is not parsed and its signature checked again on every call (that was most of what a
 * protected call cost beyond an unprotected one).
 *
 * <p>What MP JWT checked cannot change for a given token (signature, issuer, audience, claims),
 * except with time and with its key: an entry holds only until the token's {@code exp}, and only
 * while its key is still published here. {@link AccessTokenFilter} still checks the key and the
 * cut-off after authentication, hit or miss. Keys are whole tokens, signature included, so no
 * other string can hit. At {@link #MAX} entries the expired ones go, and if none had expired, all.
 * Each entry also holds the token's {@link AccessClaims}, read once when it is remembered.
 */
final class VerifiedTokens {

    static final int MAX = 8192;

    /** MP JWT's answer for a token, with the claims Rotor reads from it. */
    record Entry(CredentialValidationResult result, AccessClaims claims, String kid, Instant expiresAt) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    /** MP JWT's answer for this token, if it accepted it before, it has not expired and its key still verifies. */
    Entry find(String token, Instant now, Predicate<String> keyPublished) {
        Entry entry = entries.get(token);
        if (entry == null) {
            return null;
        }
        if (!now.isBefore(entry.expiresAt()) || !keyPublished.test(entry.kid())) {
            entries.remove(token, entry);
            return null;
        }
        return entry;
    }

    /**
     * Keeps a result MP JWT gave for {@code token} (only a valid one, with a JWT caller that has not
     * expired) and answers the entry, or null when it was not kept.
     */
    Entry remember(String token, CredentialValidationResult result, Instant now) {
        if (result.getStatus() != CredentialValidationResult.Status.VALID
                || !(result.getCallerPrincipal() instanceof JsonWebToken jwt) || !token.equals(jwt.getRawToken())) {
            return null;
        }
        Instant expiresAt = Instant.ofEpochSecond(jwt.getExpirationTime());
        String kid = PublishedKeys.kidOf(token);
        if (!now.isBefore(expiresAt) || kid == null) {
            return null;
        }
        if (entries.size() >= MAX) {
            entries.values().removeIf(entry -> !now.isBefore(entry.expiresAt()));
            if (entries.size() >= MAX) {
                entries.clear();
            }
        }
        var entry = new Entry(result, AccessClaims.read(jwt), kid, expiresAt);
        entries.put(token, entry);
        return entry;
    }

    int size() {
        return entries.size();
    }
}
