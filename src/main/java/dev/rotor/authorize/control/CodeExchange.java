package dev.rotor.authorize.control;

import dev.rotor.authorize.entity.AuthorizationCode;
import dev.rotor.client.control.ClientSecrets;
import dev.rotor.client.control.OAuthClient;
import dev.rotor.platform.RequestFacts;
import dev.rotor.session.control.Issued;
import dev.rotor.session.control.SessionEnds;
import dev.rotor.session.control.Sessions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Redeems an authorization code at the token endpoint (RFC 6749 §4.1.3, RFC 7636 §4.6), in one
 * transaction. The code is found by its SHA-256; then, in this order:
 * <ol>
 *   <li>already used: refused, and the session its first use started ends
 *       ({@code CODE_REUSED}, through the revocation log, audited): whoever holds the code now,
 *       the first redeemer may have stolen it (RFC 6749 §4.1.2);</li>
 *   <li>expired, issued to another client, a {@code redirect_uri} that is not the one the
 *       authorization request sent (required when the request sent one), a PKCE
 *       verifier that is missing, does not hash to the challenge (S256, constant time) or comes
 *       without a challenge: refused, and the code stays unused;</li>
 *   <li>the code is marked used by a compare-and-set (a racing redemption that lost is a reuse) and
 *       a session linked to the sign-in that authorized it starts ({@code Sessions.startLinked});
 *       its id is recorded on the code. A sign-in or account that is no longer good: refused.</li>
 * </ol>
 * Every refusal is empty ({@code invalid_grant}), committed with what it ended; only a malformed
 * verifier is {@link InvalidCodeVerifier} ({@code invalid_request}).
 */
@ApplicationScoped
public class CodeExchange {

    /** RFC 7636 §4.1: 43 to 128 unreserved characters. */
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9\\-._~]{43,128}");
    /** A code is 43 characters; anything much longer is no code of Rotor's and is not hashed. */
    private static final int MAX_CODE = 512;

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    Sessions sessions;

    @Inject
    SessionEnds ends;

    @Inject
    Clock clock;

    /** Throws {@link InvalidCodeVerifier} unless {@code verifier} is null or well-formed. */
    public static void checkVerifier(String verifier) {
        if (verifier != null && !VERIFIER.matcher(verifier).matches()) {
            throw new InvalidCodeVerifier();
        }
    }

    /** What a code was worth: the tokens of the session it started, and the authorization request's {@code nonce} (null if none) for the ID token. */
    public record Redeemed(Issued issued, String nonce) {
    }

    /**
     * The tokens {@code code} is worth to {@code client} (already authenticated), or empty
     * ({@code invalid_grant}). {@code redirectUri} and {@code verifier} are null when not sent.
     */
    @Transactional
    public Optional<Redeemed> redeem(String code, OAuthClient client, String redirectUri, String verifier,
                                   List<String> audience, RequestFacts facts) {
        checkVerifier(verifier);
        if (code == null || code.length() > MAX_CODE) {
            return Optional.empty();
        }
        String codeHash = ClientSecrets.hash(code);
        AuthorizationCode found = em.find(AuthorizationCode.class, codeHash);
        if (found == null) {
            return Optional.empty();
        }
        if (found.usedAt() != null) {
            reused(found, facts);
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (found.isExpired(now) || !found.clientId().equals(client.clientId())
                || !redirectMatches(found, redirectUri) || !pkceMatches(found.codeChallenge(), verifier)) {
            return Optional.empty();
        }
        int marked = em.createNamedQuery("AuthorizationCode.markUsed")
                .setParameter("now", now)
                .setParameter("codeHash", codeHash)
                .executeUpdate();
        if (marked != 1) { // another redemption won the race: this one is the second use
            em.refresh(found);
            reused(found, facts);
            return Optional.empty();
        }
        Optional<Issued> issued = sessions.startLinked(found.accountId(), found.clientId(), found.signInId(), found.scope(),
                found.authTime(), audience, facts);
        issued.ifPresent(started -> em.createQuery("UPDATE AuthorizationCode c SET c.sessionId = :sessionId WHERE c.codeHash = :codeHash")
                .setParameter("sessionId", started.session().id())
                .setParameter("codeHash", codeHash)
                .executeUpdate());
        return issued.map(started -> new Redeemed(started, found.nonce()));
    }

    private void reused(AuthorizationCode code, RequestFacts facts) {
        ends.endForCodeReuse(code.sessionId(), code.accountId(), code.clientId(), facts);
    }

    /**
     * RFC 6749 §4.1.3: required, and identical, when the authorization request sent one; when it did
     * not (the client's only registered URI was used), one sent anyway must still be that URI.
     */
    private static boolean redirectMatches(AuthorizationCode code, String presented) {
        return code.redirectUriSent() ? code.redirectUri().equals(presented) : presented == null || code.redirectUri().equals(presented);
    }

    /** RFC 7636 §4.6: BASE64URL(SHA256(verifier)) equals the challenge; no challenge wants no verifier. */
    static boolean pkceMatches(String challenge, String verifier) {
        if (challenge == null || challenge.isEmpty()) {
            return verifier == null;
        }
        if (verifier == null) {
            return false;
        }
        return MessageDigest.isEqual(s256(verifier).getBytes(StandardCharsets.US_ASCII), challenge.getBytes(StandardCharsets.US_ASCII));
    }

    /** The S256 challenge of {@code verifier}: BASE64URL-ENCODE(SHA256(ASCII(verifier))), no padding. */
    public static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
