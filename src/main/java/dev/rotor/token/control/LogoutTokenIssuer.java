package dev.rotor.token.control;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.rotor.platform.RotorSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

/**
 * Signs logout tokens (OpenID Connect Back-Channel Logout 1.0 §2.4) with the key that signs access
 * tokens now ({@link CurrentSigner}): header {@code typ} {@code logout+jwt}; claims {@code iss},
 * {@code aud} (the client), {@code iat}, {@code exp} (two minutes on), a random {@code jti},
 * {@code sub} (the account), {@code sid} and {@code events} with the back-channel logout member;
 * never a {@code nonce}. A fresh token for every delivery attempt, so its {@code iat} is recent.
 */
@ApplicationScoped
public class LogoutTokenIssuer {

    /** The {@code typ} header of a logout token (Back-Channel Logout 1.0 §2.4, after RFC 8725 §3.11). */
    public static final JOSEObjectType TYPE = new JOSEObjectType("logout+jwt");
    /** The member of the {@code events} claim that makes a JWT a logout token. */
    public static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";
    /** How long a logout token is valid. */
    public static final Duration LIFETIME = Duration.ofMinutes(2);

    @Inject
    CurrentSigner signer;

    @Inject
    Clock clock;

    @Inject
    RotorSettings settings;

    /** A signed logout token telling {@code clientId} that {@code subject}'s session {@code sid} has ended. */
    public String issue(String clientId, String subject, String sid) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        var claims = new JWTClaimsSet.Builder()
                .issuer(settings.issuer())
                .audience(clientId)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .jwtID(UUID.randomUUID().toString())
                .subject(subject)
                .claim(AccessTokenIssuer.SESSION_ID, sid)
                .claim("events", Map.of(EVENT, Map.of()))
                .build();
        return signer.sign(claims, TYPE);
    }
}
