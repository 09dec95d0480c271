package dev.rotor.token.control;

import jakarta.enterprise.event.Event;
import dev.rotor.token.entity.KeyRevoked;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    Event<KeyRevoked> keyRevoked;

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
        return new java.util.ArrayList<>(em.createNamedQuery("SigningKey.all", SigningKey.class).getResultList());
    }

    /**
     * Start-up: erases the private halves of revoked and retired keys (they never sign again),
     * seals every other row again under the current KEK when it is under the previous KEK,
     * plaintext (only when this start upgrades from before key custody) or not yet bound to its
     * columns, gives superseded keys a retirement date, and makes sure a key signs.
     */
    @Transactional
    public void sealAndEnsureCurrent(JWSAlgorithm algorithm) {
        ClusterLock lock = locks.hold(ClusterLock.SIGNING_KEYS);
        Instant now = clock.instant();
        List<SigningKey> keys = all();
        boolean changed = false;
        for (SigningKey key : keys) {
            if (key.hasPrivateHalf() && (key.isRevoked() || key.hasRetired(now))) {
                key.erasePrivateHalf();
                changed = true;
                LOG.info(() -> "Erased the private half of signing key " + key.kid() + (key.isRevoked() ? " (revoked)" : " (retired)"));
            }
        }
        var resealing = new Resealing(keys, true);
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
        if (current.isPresent() && current.get().retiresAt() != null && !ring.hasNext(now)) {
            current.get().keepSigning(); // retired by a start with another algorithm, or stranded: signs again
            changed = true;
        }
        changed |= resealing.finish();
        if (current.isEmpty()) {
            create(algorithm, now, now, keys);
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

    /** Whether the schedule asks for a new key, or no key would be left signing (checked in memory before taking the lock). */
    public boolean isDue(KeyRing ring, Instant now) {
        return ring.rotationDue(now, rotateEvery, publishAhead) || ring.stranded(now);
    }

    /**
     * The scheduled rotation: publishes the next key when it is due; at most one instance does.
     * It also repairs a ring that would leave nothing signing: a current key due to retire with no
     * successor keeps signing, and when no key signs at all a new one signs at once.
     */
    @Transactional
    public Optional<SigningKey> rotateIfDue(JWSAlgorithm algorithm) {
        ClusterLock lock = locks.hold(ClusterLock.SIGNING_KEYS);
        Instant now = clock.instant();
        List<SigningKey> keys = all();
        boolean repaired = replan(algorithm, keys, now);
        var ring = new KeyRing(keys, algorithm.getName());
        if (ring.current(now).isEmpty()) {
            SigningKey key = create(algorithm, now, now, keys);
            lock.changed();
            LOG.warning(() -> "No signing key was current: " + key.kid() + " signs from now");
            audit.record(AuditType.SIGNING_KEY_ROTATED, null, null, null, RequestFacts.NONE,
                    "kid=" + key.kid() + " immediate (no key was current)");
            return Optional.of(key);
        }
        if (!ring.rotationDue(now, rotateEvery, publishAhead)) {
            if (repaired) {
                lock.changed();
            }
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

    /**
     * Revokes a key at once and erases its private half (the one place a key is revoked). A key
     * always signs afterwards: when the revoked key was signing, a new key signs from now on (an
     * older key still verifying is not brought back, as it is about to retire); the retirement of
     * the current and next keys is planned again from the keys that remain, so revoking the next
     * key leaves the current one signing until a new successor is published.
     */
    @Transactional
    public void revoke(JWSAlgorithm algorithm, String kid, String actorId, RequestFacts facts) {
        ClusterLock lock = locks.hold(ClusterLock.SIGNING_KEYS);
        Instant now = clock.instant();
        List<SigningKey> keys = all();
        SigningKey key = keys.stream().filter(k -> k.kid().equals(kid)).findFirst().orElseThrow(UnknownSigningKey::new);
        if (key.isRevoked()) {
            return;
        }
        boolean wasSigning = new KeyRing(keys, algorithm.getName()).current(now).filter(c -> c.kid().equals(kid)).isPresent();
        key.revoke(now);
        key.erasePrivateHalf();
        keyRevoked.fire(new KeyRevoked(kid, now)); // the revocation log records it for resource servers
        String replacement = "";
        if (wasSigning) {
            replacement = " replaced-by=" + create(algorithm, now, now, keys).kid();
        }
        replan(algorithm, keys, now);
        if (new KeyRing(keys, algorithm.getName()).current(now).isEmpty()) {
            replacement = " replaced-by=" + create(algorithm, now, now, keys).kid();
        }
        lock.changed();
        audit.record(AuditType.SIGNING_KEY_REVOKED, null, actorId, null, facts, "kid=" + kid + replacement);
    }

    /**
     * Plans the retirement of every key not superseded yet (the current and the next ones) from
     * the keys that follow it now; keys already superseded keep theirs. Seals changed rows again.
     * True when a row changed.
     */
    boolean replan(JWSAlgorithm algorithm, List<SigningKey> keys, Instant now) {
        var resealing = new Resealing(keys, false);
        var ring = new KeyRing(keys, algorithm.getName());
        Optional<SigningKey> current = ring.current(now);
        boolean changed = false;
        for (SigningKey key : keys) {
            boolean open = !key.isRevoked() && key.algorithm().equals(algorithm.getName())
                    && (!key.hasActivated(now) || current.filter(c -> c.kid().equals(key.kid())).isPresent());
            if (open) {
                Instant planned = ring.plannedRetirement(key, verifyWindow()).orElse(null);
                if (!java.util.Objects.equals(planned, key.retiresAt())) {
                    LOG.info(() -> "Signing key " + key.kid() + (planned == null ? " keeps signing: no key follows it" : " retires at " + planned));
                    key.replanRetirement(planned);
                    changed = true;
                }
            }
        }
        return resealing.finish() || changed;
    }

    /**
     * Generates and stores a key that signs from {@code activatesAt}. Every key it supersedes
     * keeps verifying for the access-token lifetime plus the clock skew after that moment.
     */
    private SigningKey create(JWSAlgorithm algorithm, Instant now, Instant activatesAt, List<SigningKey> existing) {
        var resealing = new Resealing(existing, false);
        String kid = UUID.randomUUID().toString();
        JWK jwk = generate(algorithm, kid);
        var key = new SigningKey(kid, algorithm.getName(), null, "", jwk.toPublicJWK().toJSONString(), now, activatesAt);
        Instant retires = key.activatesAt().plus(verifyWindow());
        for (SigningKey other : existing) {
            if (!other.isRevoked() && other.retiresAt() == null && !other.activatesAt().isAfter(key.activatesAt())) {
                other.retireAt(retires);
            }
        }
        existing.stream()
                .filter(other -> !other.isRevoked() && other.activatesAt().isAfter(key.activatesAt()))
                .map(SigningKey::activatesAt)
                .min(Instant::compareTo)
                .ifPresent(successor -> key.retireAt(successor.plus(verifyWindow())));
        resealing.finish();
        var sealed = custody.seal(jwk.toJSONString(), key::sealBindingFor);
        key.sealed(sealed.kekId(), sealed.value());
        em.persist(key);
        em.flush();
        existing.add(key);
        LOG.info(() -> "Generated signing key " + kid + " (" + algorithm + "), signs from " + activatesAt);
        return key;
    }

    /**
     * The private halves of keys whose rows may change in one step: remembers what each is bound
     * to now, and {@link #finish()} seals again those whose binding changed (or, at start, that
     * need sealing under the current KEK).
     */
    private final class Resealing {

        private final List<SigningKey> keys;
        private final boolean startUp;
        private final Map<String, String> boundTo = new HashMap<>();

        Resealing(List<SigningKey> keys, boolean startUp) {
            this.keys = keys;
            this.startUp = startUp;
            keys.stream().filter(SigningKey::hasPrivateHalf).forEach(k -> boundTo.put(k.kid(), k.sealBinding()));
        }

        boolean finish() {
            boolean changed = false;
            for (SigningKey key : keys) {
                String before = boundTo.get(key.kid());
                if (before == null || !key.hasPrivateHalf()) {
                    continue;
                }
                var stored = new KeyCustody.Sealed(key.kekId(), key.sealedPrivateJwk());
                boolean stale = startUp && custody.needsSealing(stored);
                if (before.equals(key.sealBinding()) && !stale) {
                    continue;
                }
                String privateJwk = startUp
                        ? custody.openToReseal(stored, key.sealName(), before)
                        : custody.open(stored, key.sealName(), before);
                String wasKek = key.kekId();
                var sealed = custody.seal(privateJwk, key::sealBindingFor);
                key.sealed(sealed.kekId(), sealed.value());
                if (stale) {
                    LOG.info(() -> "Signing key " + key.kid() + (wasKek == null ? " was plaintext" : " was sealed with KEK " + wasKek)
                            + "; now sealed with KEK " + sealed.kekId() + " and bound to its row");
                }
                changed = true;
            }
            return changed;
        }
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
