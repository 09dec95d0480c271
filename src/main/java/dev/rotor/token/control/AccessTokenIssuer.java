package dev.rotor.token.control;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.rotor.account.control.MfaPolicy;
import dev.rotor.account.entity.Account;
import dev.rotor.token.entity.Authentication;
import dev.rotor.platform.RotorSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Signs short-lived access tokens with the claims MicroProfile JWT expects. */
@ApplicationScoped
public class AccessTokenIssuer {

    public static final String CLIENT_ID = "client_id";
    /** Session id claim (OpenID Connect Front-Channel Logout names it {@code sid}; MP JWT has no constant). */
    public static final String SESSION_ID = "sid";
    /** The account's token version at issue; a cut-off raises the account's, refusing lower ones. */
    public static final String TOKEN_VERSION = "tv";
    /** The granted scopes, space-separated (RFC 9068 §2.2.3); absent when none were granted. */
    public static final String SCOPE = "scope";
    /** How the session signed in (RFC 8176 values; OpenID Connect Core §2). */
    public static final String AMR = "amr";
    /** The scope (and group) of a client-credentials token for Rotor's admin API (the client package's {@code Scopes.ADMIN}). */
    static final String ADMIN_SCOPE = "admin";
    /** {@code mfa} when the session signed in with a second factor (RFC 9470 §6.1); absent otherwise. */
    public static final String ACR = "acr";

    @Inject
    CurrentSigner signer;

    @Inject
    Clock clock;

    @Inject
    MfaPolicy mfaPolicy;

    @Inject
    RotorSettings settings;

    public record AccessToken(String value, Instant expiresAt) {
        public long expiresInSeconds(Instant now) {
            return Math.max(0, Duration.between(now, expiresAt).toSeconds());
        }
    }

    /** The session id ({@code sid}) a verified access token carries, or null. */
    public static String sessionIdOf(JsonWebToken jwt) {
        Object sid = jwt.getClaim(SESSION_ID);
        return sid == null ? null : sid.toString();
    }

    /** The client ({@code client_id}) a verified access token was issued to, or null. */
    public static String clientIdOf(JsonWebToken jwt) {
        return stringClaim(jwt, CLIENT_ID);
    }

    /** The scopes ({@code scope}, space-separated) a verified access token was granted, or null. */
    public static String scopeOf(JsonWebToken jwt) {
        return stringClaim(jwt, SCOPE);
    }

    /** A string claim as MP JWT gives it: a {@code String}, or for some claims a {@code JsonString}. */
    private static String stringClaim(JsonWebToken jwt, String name) {
        Object value = jwt.getClaim(name);
        return value instanceof jakarta.json.JsonString string ? string.getString() : value == null ? null : value.toString();
    }

    /** The token version ({@code tv}) a verified access token carries; 0 for tokens from before it existed. */
    public static long tokenVersionOf(JsonWebToken jwt) {
        Object tv = jwt.getClaim(TOKEN_VERSION);
        if (tv instanceof jakarta.json.JsonNumber number) {
            return number.longValueExact();
        }
        return tv instanceof Number number ? number.longValue() : 0;
    }

    /**
     * An access token of the session {@code sessionId} for {@code audience} (see {@link Audiences}:
     * {@code aud} is a string for one, an array for several), with the granted scopes ({@code scope},
     * space-separated; none when null) and how the session signed in ({@code auth_time}, {@code amr}, {@code acr} when multi-factor).
     * A role {@link MfaPolicy} reserves for multi-factor sessions is left out of {@code groups} when
     * the session did not sign in with more than one factor.
     */
    public AccessToken issue(Account account, String sessionId, String clientId, List<String> audience, String scope,
                             Authentication authentication) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = now.plus(settings.accessTtl());
        var claims = new JWTClaimsSet.Builder()
                .issuer(settings.issuer())
                .subject(account.id())
                .claim(Claims.upn.name(), account.username())
                .claim(Claims.groups.name(), new ArrayList<>(mfaPolicy.rolesFor(account, authentication.multiFactor())))
                .claim(Claims.auth_time.name(), authentication.time().getEpochSecond())
                .claim(AMR, authentication.methods())
                .claim(ACR, authentication.acr())
                .audience(audience)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString())
                .claim(SESSION_ID, sessionId)
                .claim(TOKEN_VERSION, account.tokenVersion())
                .claim(CLIENT_ID, clientId)
                .claim(SCOPE, scope == null || scope.isBlank() ? null : scope)
                .build();
        return sign(claims, expiresAt);
    }

    /**
     * A client-credentials access token (RFC 6749 §4.4): no account, so {@code sub} and
     * {@code client_id} are the client, {@code sid} is the client's {@code tokenSid} (ended in the
     * revocation log when the client is disabled or deleted), and it has no {@code upn} or
     * {@code tv}; {@code groups} is {@code ["admin"]} when the {@code admin} scope was granted, else
     * absent. A token without {@code upn} is a client's, never a user's.
     */
    public AccessToken issueForClient(String clientId, String tokenSid, List<String> audience, String scope) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = now.plus(settings.accessTtl());
        var claims = new JWTClaimsSet.Builder()
                .issuer(settings.issuer())
                .subject(clientId)
                .audience(audience)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString())
                .claim(SESSION_ID, tokenSid)
                .claim(CLIENT_ID, clientId)
                .claim(SCOPE, scope == null || scope.isBlank() ? null : scope)
                .claim(Claims.groups.name(), scope != null && List.of(scope.trim().split(" +")).contains(ADMIN_SCOPE) ? List.of(ADMIN_SCOPE) : null)
                .build();
        return sign(claims, expiresAt);
    }

    private AccessToken sign(JWTClaimsSet claims, Instant expiresAt) {
        return new AccessToken(signer.sign(claims, JOSEObjectType.JWT), expiresAt);
    }
}
