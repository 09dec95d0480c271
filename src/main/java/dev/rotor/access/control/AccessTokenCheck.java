package dev.rotor.access.control;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.rotor.token.control.PublishedKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.Optional;

/**
 * A quick look at an access token before MicroProfile JWT does the full verification: is it signed
 * by one of our published keys and not yet expired? Lets the bearer mechanism leave out a stale access
 * cookie, which would otherwise turn a request that needs no caller (sign-in, refresh) into a 401.
 */
@ApplicationScoped
public class AccessTokenCheck {

    private static final int MAX_CHARS = 8192;

    @Inject
    PublishedKeys keys;

    @Inject
    Clock clock;

    public boolean isSignedAndUnexpired(String token) {
        return signedAndUnexpired(token).isPresent();
    }

    /** The claims of a token signed by one of our published keys and not yet expired; empty for any other. */
    public Optional<JWTClaimsSet> signedAndUnexpired(String token) {
        if (token == null || token.length() > MAX_CHARS) {
            return Optional.empty();
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date expires = claims.getExpirationTime();
            if (expires == null || !expires.toInstant().isAfter(clock.instant())) {
                return Optional.empty();
            }
            return keys.signed(jwt) ? Optional.of(claims) : Optional.empty();
        } catch (ParseException e) {
            return Optional.empty();
        }
    }
}
