package dev.rotor.token.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.rotor.audit.control.AuditLog;
import dev.rotor.audit.entity.AuditType;
import dev.rotor.platform.RequestFacts;
import dev.rotor.custody.control.KeyCustody;
import dev.rotor.platform.ClusterLock;
import dev.rotor.platform.ClusterLocks;
import dev.rotor.platform.RotorSettings;
import dev.rotor.token.entity.SigningKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every change to the signing keys, each in one transaction holding the cluster lock row
 * {@code signing-keys}: the first key, sealing plaintext or old-KEK rows, scheduled and manual
 * rotation, revocation. The lock makes "check, then create" happen on one instance at a time, so a
 * cluster starting at once gets one key and a due rotation happens once.
 */
@ApplicationScoped
public class KeyRotation {

    private static final Logger LOG = Logger.getLogger(KeyRotation.class.getName());
    /** The {@code max-age} of {@code /.well-known/jwks.json} (JwksResource). */
    public static final Duration JWKS_MAX_AGE = Duration.ofMinutes(5);

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    ClusterLocks locks;

    @Inject
    KeyCustody custody;

    @Inject
    AuditLog audit;

    @Inject
    RotorSettings settings;

    @Inject
    jakarta.enterprise.event.Event<dev.rotor.token.entity.KeyRevoked> keyRevoked;

    @Inject
    @ConfigProperty(name = "rotor.keys.rotate-every", defaultValue = "P30D")
    Duration rotateEvery;

    @Inject
    @ConfigProperty(name = "rotor.keys.publish-ahead", defaultValue = "PT1H")
    Duration publishAhead;

    /** Stops the start on a schedule that cannot work; warns when resource servers may miss a new key. */
    public void checkSchedule() {
        List<String> problems = scheduleProblems(rotateEvery, publishAhead);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Rotor configuration cannot work: " + String.join("; ", problems));
        }
        if (publishAhead.compareTo(JWKS_MAX_AGE) < 0) {
            LOG.warning(() -> "rotor.keys.publish-ahead (" + publishAhead + ") is shorter than the JWKS cache time we announce ("
                    + JWKS_MAX_AGE + "): resource servers may see tokens of a new key before they see the key");
        }
    }

    static List<String> scheduleProblems(Duration rotateEvery, Duration publishAhead) {
        List<String> problems = new java.util.ArrayList<>();
        if (publishAhead.isNegative()) {
            problems.add("rotor.keys.publish-ahead must not be negative");
        }
        if (rotateEvery.compareTo(publishAhead) <= 0) {
            problems.add("rotor.keys.rotate-every (" + rotateEvery + ") must be longer than rotor.keys.publish-ahead (" + publishAhead + ")");
        }
        return problems;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<SigningKey> all() {
        return em.createNamedQuery("SigningKey.all", SigningKey.class).getResultList();
    }

    /**
     * Start-up: seals plaintext rows and rows under the previous KEK with the current KEK, gives
     * superseded keys a retirement date, and creates the first key if none can sign.
     */
    @Transactional
    public void sealAndEnsureCurrent(JWSAlgorithm algorithm) {
        ClusterLock lock = locks.hold(ClusterLock.SIGNING_KEYS);
        Instant now = clock.instant();
        List<SigningKey> keys = all();
        boolean changed = false;
        for (SigningKey key : keys) {
            var stored = new KeyCustody.Sealed(key.kekId(), key.sealedPrivateJwk());
            if (custody.needsSealing(stored)) {
                String wasKek = key.kekId();
                var sealed = custody.seal(custody.open(stored, key.sealName()), key.sealName());
                key.sealed(sealed.kekId(), sealed.value());
                changed = true;
                LOG.info(() -> "Signing key " + key.kid() + (wasKek == null ? " was plaintext" : " was sealed with KEK " + wasKek)
                        + "; now sealed with KEK " + sealed.kekId());
            }
        }
        var ring = new KeyRing(keys, algorithm.getName());
        Optional<SigningKey> current = ring.current(now);
        for (SigningKey key : keys) {
            boolean superseded = !key.isRevoked() && key.hasActivated(now) && key.retiresAt() == null
                    && current.map(c -> !c.kid().equals(key.kid())).orElse(true);
            if (superseded) {
                key.retireAt(now.plus(verifyWindow()));
                changed = true;
            }
        }
        if (current.isEmpty()) {
            create(algorithm, now, now, keys);
            changed = true;
        } else if (current.get().retiresAt() != null && !ring.hasNext(now)) {
            current.get().keepSigning(); // retired by a start with another algorithm, now signing again
            changed = true;
        }
        if (changed) {
            lock.changed();
        }
    }

    /** A new key, published at once, signing after {@code rotor.keys.publish-ahead} or at once. */
    @Transactional
    public SigningKey rotate(JWSAlgorithm algorithm, boolean immediate, String actorId, RequestFacts facts) {
        ClusterLock lock = locks.hold(ClusterLock.SIGNING_KEYS);
        Instant now = clock.instant();
        SigningKey key = create(algorithm, now, immediate ? now : now.plus(publishAhead), all());
        lock.changed();
        audit.record(AuditType.SIGNING_KEY_ROTATED, null, actorId, null, facts,
                "kid=" + key.kid() + (immediate ? " immediate" : " activates=" + key.activatesAt()));
        return key;
    }

    /** Whether the schedule asks for a new key (checked in memory before taking the lock). */
    public boolean isDue(KeyRing ring, Instant now) {
        return ring.rotationDue(now, rotateEvery, publishAhead);
    }

    /** The scheduled rotation: publishes the next key when it is due; at most one instance does. */
    @Transactional
    public Optional<SigningKey> rotateIfDue(JWSAlgorithm algorithm) {
        ClusterLock lock = locks.hold(ClusterLock.SIGNING_KEYS);
        Instant now = clock.instant();
        List<SigningKey> keys = all();
        var ring = new KeyRing(keys, algorithm.getName());
        if (!ring.rotationDue(now, rotateEvery, publishAhead)) {
            return Optional.empty();
        }
        Instant activates = ring.current(now)
                .map(c -> c.activatesAt().plus(rotateEvery))
                .filter(planned -> planned.isAfter(now.plus(publishAhead)))
                .orElse(now.plus(publishAhead));
        SigningKey key = create(algorithm, now, activates, keys);
        lock.changed();
        audit.record(AuditType.SIGNING_KEY_ROTATED, null, null, null, RequestFacts.NONE,
                "kid=" + key.kid() + " scheduled activates=" + activates);
        return Optional.of(key);
    }

    /** Revokes a key at once; when it was the signing key, a new key signs from now on. */
    @Transactional
    public void revoke(JWSAlgorithm algorithm, String kid, String actorId, RequestFacts facts) {
        ClusterLock lock = locks.hold(ClusterLock.SIGNING_KEYS);
        Instant now = clock.instant();
        SigningKey key = em.find(SigningKey.class, kid);
        if (key == null) {
            throw new UnknownSigningKey(kid);
        }
        if (key.isRevoked()) {
            return;
        }
        key.revoke(now);
        keyRevoked.fire(new dev.rotor.token.entity.KeyRevoked(kid, now)); // the revocation log records it for resource servers
        List<SigningKey> keys = all();
        String replacement = "";
        if (new KeyRing(keys, algorithm.getName()).current(now).isEmpty()) {
            replacement = " replaced-by=" + create(algorithm, now, now, keys).kid();
        }
        lock.changed();
        audit.record(AuditType.SIGNING_KEY_REVOKED, null, actorId, null, facts, "kid=" + kid + replacement);
    }

    /**
     * Generates and stores a key that signs from {@code activatesAt}. Every key it supersedes
     * keeps verifying for the access-token lifetime plus the clock skew after that moment.
     */
    private SigningKey create(JWSAlgorithm algorithm, Instant now, Instant activatesAt, List<SigningKey> existing) {
        String kid = UUID.randomUUID().toString();
        JWK jwk = generate(algorithm, kid);
        var sealed = custody.seal(jwk.toJSONString(), "signing_key/" + kid);
        var key = new SigningKey(kid, algorithm.getName(), sealed.kekId(), sealed.value(),
                jwk.toPublicJWK().toJSONString(), now, activatesAt);
        Instant retires = activatesAt.plus(verifyWindow());
        for (SigningKey other : existing) {
            if (!other.isRevoked() && other.retiresAt() == null && !other.activatesAt().isAfter(activatesAt)) {
                other.retireAt(retires);
            }
        }
        existing.stream()
                .filter(other -> !other.isRevoked() && other.activatesAt().isAfter(activatesAt))
                .map(SigningKey::activatesAt)
                .min(Instant::compareTo)
                .ifPresent(successor -> key.retireAt(successor.plus(verifyWindow())));
        em.persist(key);
        em.flush();
        LOG.info(() -> "Generated signing key " + kid + " (" + algorithm + "), signs from " + activatesAt);
        return key;
    }

    /** How long a superseded key must keep verifying: the access-token lifetime plus the verifier's clock skew. */
    Duration verifyWindow() {
        return settings.accessTokenHorizon();
    }

    private static JWK generate(JWSAlgorithm algorithm, String kid) {
        try {
            return algorithm.equals(JWSAlgorithm.ES256)
                    ? new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(algorithm).generate()
                    : new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(algorithm).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate a signing key", e);
        }
    }
}
