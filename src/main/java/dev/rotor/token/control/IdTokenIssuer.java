package dev.rotor.token.control;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.rotor.account.control.MfaPolicy;
import dev.rotor.account.entity.Account;
import dev.rotor.token.entity.Authentication;
import dev.rotor.platform.RotorSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.Optional;

/**
 * Signs OpenID Connect ID tokens (Core 1.0 §2) with the same rotating keys as access tokens: for
 * the client ({@code aud} and {@code azp}), about the account ({@code sub}, {@code
 * preferred_username}, {@code groups}), the Rotor sign-in ({@code sid}, {@code auth_time},
 * {@code amr}, and {@code acr} {@code mfa} when it had a second factor), the request's {@code nonce} when there was one, and {@code at_hash} binding the
 * access token issued beside it. Lives as long as an access token.
 */
@ApplicationScoped
public class IdTokenIssuer {

    @Inject
    MfaPolicy mfaPolicy;

    @Inject
    CurrentSigner signer;

    @Inject
    PublishedKeys published;

    @Inject
    Clock clock;

    @Inject
    RotorSettings settings;

    /**
     * @param signInId    the Rotor sign-in the client's session is linked to (the OP session, {@code sid})
     * @param nonce       the authorization request's nonce, or null (a refresh's ID token has none)
     * @param accessToken the access token answered beside it, for {@code at_hash}
     */
    public String issue(Account account, String clientId, String signInId, Authentication authentication, String nonce, String accessToken) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        var claims = new JWTClaimsSet.Builder()
                .issuer(settings.issuer())
                .subject(account.id())
                .audience(clientId)
                .claim("azp", clientId)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(settings.accessTtl())))
                .claim("auth_time", authentication.time().getEpochSecond())
                .claim("nonce", nonce)
                .claim("sid", signInId)
                .claim("at_hash", accessTokenHash(accessToken))
                .claim("amr", authentication.methods())
                .claim("acr", authentication.acr())
                .claim("preferred_username", account.username())
                .claim("groups", new ArrayList<>(mfaPolicy.rolesFor(account, authentication.multiFactor())))
                .build();
        return signer.sign(claims, JOSEObjectType.JWT);
    }

    /**
     * The claims of an {@code id_token_hint} (RP-Initiated Logout 1.0 §2): an ID token this service
     * issued, signed by a key it still publishes, expired or not (an app's copy usually is). Empty
     * for anything else: another issuer, an unknown or revoked key, a bad signature, not a JWT.
     */
    public Optional<JWTClaimsSet> verifyHint(String hint) {
        if (hint == null || hint.isEmpty() || hint.length() > 8192) {
            return Optional.empty();
        }
        try {
            SignedJWT jwt = SignedJWT.parse(hint);
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!published.signed(jwt) || !settings.issuer().equals(claims.getIssuer()) || claims.getSubject() == null
                    || claims.getAudience() == null || claims.getAudience().size() != 1) {
                return Optional.empty();
            }
            return Optional.of(claims);
        } catch (java.text.ParseException e) {
            return Optional.empty();
        }
    }

    /** OpenID Connect Core §3.1.3.6: the left half of the SHA-256 of the token's ASCII, base64url (RS256 and ES256 both hash with SHA-256). */
    public static String accessTokenHash(String accessToken) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
            return Base64URL.encode(Arrays.copyOf(hash, hash.length / 2)).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
