package dev.rotor.token.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.rotor.platform.RotorSettings;
import dev.rotor.token.control.SigningKeys.Signing;
import dev.rotor.token.entity.SigningKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Chooses the key that signs an access token now: the current key of {@link KeyRing}, derived from
 * the clock so every instance switches together, unless this instance's MicroProfile JWT may not
 * know it yet.
 */
@ApplicationScoped
public class CurrentSigner {

    @Inject
    SigningKeys keys;

    @Inject
    PublishedKeys published;

    @Inject
    Clock clock;

    @Inject
    RotorSettings settings;

    /**
     * The key that signs now, with one exception: a key this instance put into its verification file
     * less than {@link PublishedKeys#VERIFIER_DELAY} ago (an immediate rotation) waits until this
     * instance's MP JWT has re-read the file, and the key before it signs meanwhile. Without such an
     * older key (the only current key was just revoked and none was published ahead) the caller
     * waits, at most that delay, rather than get a token its own service would refuse.
     */
    public Signing choose() {
        SigningKeys.Snapshot seen = keys.snapshot();
        Instant now = clock.instant();
        List<SigningKey> usable = seen.ring().usable(now);
        if (usable.isEmpty()) {
            throw new IllegalStateException("No signing key is current");
        }
        SigningKey key = usable.stream()
                .filter(k -> !published.verifiableAt(k.kid(), now).isAfter(now))
                .filter(k -> k == usable.get(0) || outlivesItsTokens(k, now))
                .findFirst()
                .orElseGet(() -> awaitVerifiable(usable.get(0), now));
        Signing signing = seen.signers().get(key.kid());
        if (signing == null) {
            throw new IllegalStateException("The private half of signing key " + key.kid() + " is not loaded");
        }
        return signing;
    }

    /**
     * {@code claims} signed by the key {@link #choose()} picks, as a compact JWS whose header names
     * that key ({@code kid}) and the token's {@code type}: one place for every token Rotor signs
     * (access, ID and logout tokens).
     */
    public String sign(JWTClaimsSet claims, JOSEObjectType type) {
        Signing signing = choose();
        var jwt = new SignedJWT(new JWSHeader.Builder(signing.algorithm()).type(type).keyID(signing.kid()).build(), claims);
        try {
            jwt.sign(signing.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("Signing a " + type + " token failed", e);
        }
        return jwt.serialize();
    }

    /** True when a token {@code key} signs now stays verifiable until it expires (an older key about to retire does not sign). */
    private boolean outlivesItsTokens(SigningKey key, Instant now) {
        return key.retiresAt() == null || !key.retiresAt().isBefore(now.plus(settings.accessTtl()));
    }

    /** Sleeps until {@code key} is verifiable here, and never longer than {@link PublishedKeys#VERIFIER_DELAY}. */
    private SigningKey awaitVerifiable(SigningKey key, Instant now) {
        long millis = Math.min(Duration.between(now, published.verifiableAt(key.kid(), now)).toMillis(),
                PublishedKeys.VERIFIER_DELAY.toMillis());
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return key;
    }
}
