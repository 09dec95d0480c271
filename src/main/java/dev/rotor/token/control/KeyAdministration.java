package dev.rotor.token.control;

import dev.rotor.platform.RequestFacts;
import dev.rotor.token.entity.KeyState;
import dev.rotor.token.entity.SigningKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The signing keys as an admin sees and changes them: each key with its state now, a rotation
 * now, an emergency revocation. Changes go through {@link KeyRotation} (audited there) and this
 * instance reads the keys again at once; other instances follow within a second ({@link KeyWatch}).
 */
@ApplicationScoped
public class KeyAdministration {

    /** A key as the admin API shows it. */
    public record KeyView(String kid, String algorithm, Instant createdAt, Instant activatesAt, Instant retiresAt,
                          Instant revokedAt, KeyState state) {
    }

    @Inject
    SigningKeys keys;

    @Inject
    KeyRotation rotation;

    @Inject
    Clock clock;

    public List<KeyView> list() {
        KeyRing ring = keys.snapshot().ring();
        Instant now = clock.instant();
        return ring.keys().stream()
                .map(k -> new KeyView(k.kid(), k.algorithm(), k.createdAt(), k.activatesAt(), k.retiresAt(),
                        k.revokedAt(), ring.stateOf(k, now)))
                .toList();
    }

    public SigningKey rotate(boolean immediate, String actorId, RequestFacts facts) {
        SigningKey key = rotation.rotate(keys.algorithm(), immediate, actorId, facts);
        keys.refresh();
        return key;
    }

    public void revoke(String kid, String actorId, RequestFacts facts) {
        rotation.revoke(keys.algorithm(), kid, actorId, facts);
        keys.refresh();
    }
}
