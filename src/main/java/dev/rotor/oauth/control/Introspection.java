package dev.rotor.oauth.control;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.rotor.access.control.AccessCutoff;
import dev.rotor.access.control.RevocationFollower;
import dev.rotor.account.entity.Account;
import dev.rotor.platform.RotorSettings;
import dev.rotor.session.control.RefreshToken;
import dev.rotor.session.control.RefreshTokens;
import dev.rotor.session.entity.Session;
import dev.rotor.token.control.AccessTokenIssuer;
import dev.rotor.token.control.Audiences;
import dev.rotor.token.control.PublishedKeys;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.Claims;

/**
 * Token introspection (RFC 7662): tells a resource server whether a token is active and, if so,
 * whose it is. Only reads: introspecting a refresh token never rotates, touches or revokes its
 * session, and an old generation is simply inactive (no reuse detection, which is the token
 * endpoint's job). Every reason for "inactive" looks the same to the caller (§2.2).
 *
 * <p>A resource server learns only about the tokens meant for it (RFC 9700 §4.10): an access token
 * whose {@code aud} holds its own audience ({@link Audiences}). Every other token, refresh tokens
 * included, is inactive to it. An admin sees every token.
 */
@ApplicationScoped
public class Introspection {

    @Inject
    PublishedKeys keys;

    @Inject
    AccessCutoff cutoff;

    @Inject
    RevocationFollower follower;

    @Inject
    Clock clock;

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    RotorSettings settings;

    @Inject
    Audiences audiences;

    private DefaultJWTProcessor<SecurityContext> processor;

    @PostConstruct
    void init() {
        processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT));
        // The published keys are read on every call, so a rotated-in or revoked key counts at once.
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256),
                (selector, context) -> selector.select(keys.publicKeys())));
        var claims = new DefaultJWTClaimsVerifier<>(audiences.all(),
                new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
                Set.of(Claims.sub.name(), Claims.exp.name(), Claims.iat.name(), AccessTokenIssuer.SESSION_ID), null);
        claims.setMaxClockSkew(0); // "active" means valid now, not within someone's skew
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** For an admin: the facts of any active token, access or refresh; empty for anything else, whatever the reason. */
    public Optional<TokenFacts> inspect(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        var refresh = RefreshTokens.parse(token);
        return refresh.isPresent() ? refreshToken(refresh.get()) : accessToken(token);
    }

    /**
     * For the resource server {@code clientId}: the facts of an active access token whose audience
     * includes the caller's; empty for anything else, a refresh token or another audience's token
     * as much as a forged one. A refresh token is not even looked up.
     */
    public Optional<TokenFacts> inspectFor(String clientId, String token) {
        Optional<String> audience = audiences.ofResourceServer(clientId);
        if (audience.isEmpty() || token == null || token.isEmpty() || RefreshTokens.parse(token).isPresent()) {
            return Optional.empty();
        }
        return accessToken(token).filter(facts -> facts.audience().contains(audience.get()));
    }

    /**
     * Signature by a published key, {@code typ} JWT, issuer, a known audience, expiry; then the cut-off
     * ({@code sid}, and {@code tv}, which a client's own token does not carry: missing, it counts as
     * below any account's, so only a client's token passes without one).
     */
    private Optional<TokenFacts> accessToken(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (Exception invalid) { // ParseException, BadJOSEException, JOSEException: all just "inactive"
            return Optional.empty();
        }
        try {
            String sid = claims.getStringClaim(AccessTokenIssuer.SESSION_ID);
            Long tokenVersion = claims.getLongClaim(AccessTokenIssuer.TOKEN_VERSION);
            follower.catchUpIfBehind(); // a revocation made on another instance counts here too
            // A client's own token (client credentials) has no tv: no account cuts it off, its sid does.
            if (!cutoff.accepts(claims.getSubject(), sid, tokenVersion == null ? Long.MIN_VALUE : tokenVersion)) {
                return Optional.empty();
            }
            return Optional.of(new TokenFacts(claims.getSubject(), claims.getStringClaim(Claims.upn.name()),
                    claims.getStringClaim(AccessTokenIssuer.CLIENT_ID), claims.getExpirationTime().toInstant(),
                    claims.getIssueTime().toInstant(), sid, settings.issuer(), List.copyOf(claims.getAudience()), "Bearer"));
        } catch (java.text.ParseException wrongClaimType) {
            return Optional.empty();
        }
    }

    /**
     * Active only for the current generation of an active, unexpired session of an enabled account.
     * A previous generation inside the grace window is inactive too: it would only fetch again the
     * successor already issued. {@code exp} is when the session stops refreshing if left alone (the
     * earlier of its idle and absolute expiry); {@code iat} is when this generation was issued.
     */
    private Optional<TokenFacts> refreshToken(RefreshToken presented) {
        Session session = em.find(Session.class, presented.sessionId());
        Instant now = clock.instant();
        if (session == null || !session.isActive(now) || presented.generation() != session.generation()
                || RefreshTokens.verify(presented, session).isEmpty()) {
            return Optional.empty();
        }
        Account account = em.find(Account.class, session.accountId());
        if (account == null || !account.isEnabled()) {
            return Optional.empty();
        }
        return Optional.of(new TokenFacts(account.id(), account.username(), session.clientId(), session.expiresAt(),
                session.rotatedAt(), session.id(), settings.issuer(), null, null));
    }
}
