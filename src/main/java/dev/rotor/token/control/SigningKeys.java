package dev.rotor.token.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import dev.rotor.custody.control.KeyCustody;
import dev.rotor.custody.control.KeyCustodyException;
import dev.rotor.platform.ClusterLock;
import dev.rotor.platform.ClusterLocks;
import dev.rotor.token.entity.SigningKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * This instance's copy of the signing keys: read from the database at start and whenever the
 * {@code signing-keys} generation changes ({@link #poll()}, twice a second from {@link KeyWatch}),
 * with the private halves of the keys that may sign opened once. Each set it reads goes to
 * {@link PublishedKeys} before anything may sign with it; {@link CurrentSigner} chooses from it,
 * and {@link KeyAdministration} shows it to admins.
 */
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class.getName());

    /** A key that may sign, with its id, so both always match. */
    public record Signing(String kid, JWSAlgorithm algorithm, JWSSigner signer) {
    }

    /** The keys as read at {@code generation}, with the private halves opened (each under the binding it was opened with). */
    record Snapshot(long generation, KeyRing ring, Map<String, Signing> signers, Map<String, String> bindings) {
    }

    @Inject
    KeyRotation rotation;

    @Inject
    KeyCustody custody;

    @Inject
    ClusterLocks locks;

    @Inject
    PublishedKeys published;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "rotor.signing.algorithm", defaultValue = "RS256")
    String algorithmName;

    private volatile JWSAlgorithm algorithm;
    private volatile Snapshot snapshot;

    /**
     * Start-up: seals old rows, creates the first key if needed (once per cluster), then reads them
     * all; stops the start when no key can sign.
     */
    public void load() {
        algorithm = configuredAlgorithm();
        rotation.checkSchedule();
        rotation.sealAndEnsureCurrent(algorithm);
        refresh();
        SigningKey current = snapshot.ring().current(clock.instant())
                .orElseThrow(() -> new IllegalStateException("No signing key is current"));
        if (!snapshot.signers().containsKey(current.kid())) {
            throw new IllegalStateException("The private half of signing key " + current.kid() + " is not loaded");
        }
        LOG.info(() -> "Signing with key " + current.kid() + " (" + algorithm + ")");
    }

    /** Re-reads the keys when another instance (or this one) changed them, and follows the clock. */
    public void poll() {
        Snapshot seen = snapshot;
        if (seen == null) {
            return;
        }
        if (locks.generation(ClusterLock.SIGNING_KEYS) != seen.generation()) {
            refresh();
        } else {
            published.publish(seen.generation(), seen.ring());
        }
    }

    /** Publishes the next key if the schedule says so; the lock makes one instance do it. */
    public void rotateIfDue() {
        Snapshot seen = snapshot;
        if (seen != null && rotation.isDue(seen.ring(), clock.instant())) {
            rotation.rotateIfDue(algorithm).ifPresent(key -> refresh());
        }
    }

    /** The algorithm of the signing key, read from the configuration once in {@link #load()}. */
    public JWSAlgorithm algorithm() {
        return algorithm;
    }

    public boolean isLoaded() {
        return snapshot != null;
    }

    /** The keys as last read. */
    Snapshot snapshot() {
        return snapshot;
    }

    /**
     * Reads the keys and opens the private half of every key that is or will be published: a row
     * that does not open under its binding (changed behind Rotor's back) is left out, so it is
     * neither published nor used, and said so in the log. A row sealed under a KEK this instance
     * does not hold (a KEK change made elsewhere) fails the whole read, so the keys read before
     * stay in use (KeyWatch logs it) rather than vanish.
     */
    synchronized void refresh() {
        long generation = locks.generation(ClusterLock.SIGNING_KEYS);
        Instant now = clock.instant();
        var read = new KeyRing(rotation.all(), algorithm.getName());
        Map<String, Signing> signers = new HashMap<>();
        Map<String, String> bindings = new HashMap<>();
        Set<String> refused = new java.util.HashSet<>();
        Snapshot before = snapshot;
        var live = new java.util.LinkedHashSet<>(read.published(now));
        live.addAll(read.signing(now));
        for (SigningKey key : live) {
            if (key.kekId() != null && !custody.holds(key.kekId())) {
                // another instance changed KEKs while this one runs with the old KEK alone: keep the keys it has
                throw new KeyCustodyException("Signing key " + key.kid() + " is sealed with the key encryption key " + key.kekId()
                        + ", which this instance does not hold; restart it with that KEK (and the old one as ROTOR_KEK_PREVIOUS)");
            }
            String binding = key.sealBinding();
            Signing known = before != null && binding.equals(before.bindings().get(key.kid())) ? before.signers().get(key.kid()) : null;
            try {
                signers.put(key.kid(), known != null ? known : open(key));
                bindings.put(key.kid(), binding);
            } catch (KeyCustodyException e) {
                refused.add(key.kid());
                LOG.severe(() -> "Signing key " + key.kid() + " is left out: " + e.getMessage());
            }
        }
        var ring = refused.isEmpty() ? read
                : new KeyRing(read.keys().stream().filter(k -> !refused.contains(k.kid())).toList(), algorithm.getName());
        // Publish first: a key must be in the verification file, with the time it got there, before
        // CurrentSigner can see it; the other order let a token be signed with a key MP JWT did not know.
        published.publish(generation, ring);
        snapshot = new Snapshot(generation, ring, Map.copyOf(signers), Map.copyOf(bindings));
    }

    private Signing open(SigningKey key) {
        String json = custody.open(new KeyCustody.Sealed(key.kekId(), key.sealedPrivateJwk()), key.sealName(), key.sealBinding());
        try {
            JWK jwk = JWK.parse(json);
            JWSAlgorithm keyAlgorithm = JWSAlgorithm.parse(key.algorithm());
            JWSSigner signer = keyAlgorithm.equals(JWSAlgorithm.ES256)
                    ? new ECDSASigner(jwk.toECKey())
                    : new RSASSASigner(jwk.toRSAKey());
            return new Signing(key.kid(), keyAlgorithm, signer);
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("Stored signing key " + key.kid() + " cannot be read", e);
        }
    }

    private JWSAlgorithm configuredAlgorithm() {
        JWSAlgorithm configured = JWSAlgorithm.parse(algorithmName);
        if (!configured.equals(JWSAlgorithm.RS256) && !configured.equals(JWSAlgorithm.ES256)) {
            throw new IllegalStateException("rotor.signing.algorithm must be RS256 or ES256, not " + algorithmName);
        }
        return configured;
    }
}
