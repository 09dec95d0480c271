package dev.rotor.token.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64URL;
import dev.rotor.platform.RequestFacts;
import dev.rotor.custody.control.KeyCustody;
import dev.rotor.custody.control.KeyCustodyException;
import dev.rotor.platform.ClusterLock;
import dev.rotor.platform.ClusterLocks;
import dev.rotor.platform.RotorSettings;
import dev.rotor.token.entity.KeyState;
import dev.rotor.token.entity.SigningKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * This instance's view of the signing keys: read from the database at start and whenever the
 * {@code signing-keys} generation changes ({@link #poll()}, twice a second), with the private
 * halves of the current and next keys opened once. Which key signs and which are published is
 * derived from the clock on each call, so every instance switches at the same moment.
 *
 * <p>This service's own MicroProfile JWT verifies against the file {@link #VERIFY_FILE} in the data
 * directory, rewritten here whenever the published set changes, so verification needs no URL and
 * no issuer that matches the port.
 */
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class.getName());
    /** Read by MP JWT through {@code mp.jwt.verify.publickey.location} (microprofile-config.properties). */
    public static final String VERIFY_FILE = "verification-keys.json";
    /** Three times Payara's key cache time ({@code publicKey.cache.ttl} in payara-mp-jwt.properties), for margin under load. */
    static final Duration VERIFIER_DELAY = Duration.ofMillis(1500);

    /** How many token headers {@link #kidOf} remembers the {@code kid} of (one per key in use; more only from odd tokens). */
    static final int KNOWN_HEADERS_MAX = 64;
    private static final Map<String, String> KIDS_BY_HEADER = new ConcurrentHashMap<>();

    /** The key that signs now, with its id, so both always match. */
    public record Signing(String kid, JWSAlgorithm algorithm, JWSSigner signer) {
    }

    /** A key as the admin API shows it. */
    public record KeyView(String kid, String algorithm, Instant createdAt, Instant activatesAt, Instant retiresAt,
                          Instant revokedAt, KeyState state) {
    }

    /** The keys as read, with the private halves opened (each under the binding it was opened with). */
    private record Snapshot(long generation, KeyRing ring, Map<String, Signing> signers, Map<String, String> bindings) {
    }

    /**
     * The keys published from {@code source}, unchanged until {@code changesAt}, with their JSON
     * (written once, served on every JWKS call).
     */
    private record Published(Set<String> kids, JWKSet keys, String json, Snapshot source, Instant changesAt) {

        static final Published NONE = new Published(Set.of(), new JWKSet(), new JWKSet().toString(true), null, Instant.MIN);

        boolean holdsFor(Snapshot current, Instant now) {
            return source == current && now.isBefore(changesAt);
        }

        /** True when {@code other} was read before the keys published here: a caller still holding it must not bring them back. */
        boolean isNewerThan(Snapshot other) {
            return source != null && source.generation() > other.generation();
        }
    }

    @Inject
    KeyRotation rotation;

    @Inject
    KeyCustody custody;

    @Inject
    ClusterLocks locks;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "rotor.signing.algorithm", defaultValue = "RS256")
    String algorithmName;

    @Inject
    RotorSettings settings;

    private volatile JWSAlgorithm algorithm;
    private volatile Snapshot snapshot;
    private volatile Published published = Published.NONE;
    /** When this instance first wrote each key into its verification file. */
    private final Map<String, Instant> publishedHere = new ConcurrentHashMap<>();

    /** Start-up: seals old rows, creates the first key if needed (once per cluster), then reads them all. */
    public void load() {
        algorithm = configuredAlgorithm();
        rotation.checkSchedule();
        rotation.sealAndEnsureCurrent(algorithm);
        refresh();
        LOG.info(() -> "Signing with key " + current().kid() + " (" + algorithm + ")");
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
            publish(seen);
        }
    }

    /** Publishes the next key if the schedule says so; the lock makes one instance do it. */
    public void rotateIfDue() {
        Snapshot seen = snapshot;
        if (seen != null && rotation.isDue(seen.ring(), clock.instant())) {
            rotation.rotateIfDue(algorithm).ifPresent(key -> refresh());
        }
    }

    public SigningKey rotate(boolean immediate, String actorId, RequestFacts facts) {
        SigningKey key = rotation.rotate(algorithm, immediate, actorId, facts);
        refresh();
        return key;
    }

    public void revoke(String kid, String actorId, RequestFacts facts) {
        rotation.revoke(algorithm, kid, actorId, facts);
        refresh();
    }

    public List<KeyView> list() {
        KeyRing ring = snapshot.ring();
        Instant now = clock.instant();
        return ring.keys().stream()
                .map(k -> new KeyView(k.kid(), k.algorithm(), k.createdAt(), k.activatesAt(), k.retiresAt(),
                        k.revokedAt(), ring.stateOf(k, now)))
                .toList();
    }

    /** The algorithm of the signing key, read from the configuration once in {@link #load()}. */
    public JWSAlgorithm algorithm() {
        return algorithm;
    }

    public boolean isLoaded() {
        return snapshot != null;
    }

    /**
     * The key that signs now, derived from the clock so every instance switches together, with one
     * exception: a key this instance put into its verification file less than {@link #VERIFIER_DELAY}
     * ago (an immediate rotation) waits until this instance's MP JWT has re-read the file, and the
     * key before it signs meanwhile. Without such an older key (the only current key was just
     * revoked and none was published ahead) the caller waits, at most that delay, rather than get a
     * token its own service would refuse.
     */
    public Signing current() {
        Snapshot seen = snapshot;
        Instant now = clock.instant();
        List<SigningKey> usable = seen.ring().usable(now);
        if (usable.isEmpty()) {
            throw new IllegalStateException("No signing key is current");
        }
        SigningKey key = usable.stream()
                .filter(k -> !verifiableAt(k, now).isAfter(now))
                .filter(k -> k == usable.get(0) || outlivesItsTokens(k, now))
                .findFirst()
                .orElseGet(() -> awaitVerifiable(usable.get(0), now));
        Signing signing = seen.signers().get(key.kid());
        if (signing == null) {
            throw new IllegalStateException("The private half of signing key " + key.kid() + " is not loaded");
        }
        return signing;
    }

    /** True when a token {@code key} signs now stays verifiable until it expires (an older key about to retire does not sign). */
    private boolean outlivesItsTokens(SigningKey key, Instant now) {
        return key.retiresAt() == null || !key.retiresAt().isBefore(now.plus(settings.accessTtl()));
    }

    /**
     * When this instance's MP JWT has surely read the key: {@link #VERIFIER_DELAY} after it reached
     * the file here (a key not written here yet counts as written now).
     */
    private Instant verifiableAt(SigningKey key, Instant now) {
        return publishedHere.getOrDefault(key.kid(), now).plus(VERIFIER_DELAY);
    }

    /** Sleeps until {@code key} is verifiable here, and never longer than {@link #VERIFIER_DELAY}. */
    private SigningKey awaitVerifiable(SigningKey key, Instant now) {
        long millis = Math.min(Duration.between(now, verifiableAt(key, now)).toMillis(), VERIFIER_DELAY.toMillis());
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return key;
    }

    /** The public keys of the next, current and previous keys. */
    public JWKSet publicKeys() {
        return published().keys();
    }

    /** {@link #publicKeys()} as the JSON of {@code /.well-known/jwks.json}, serialised once per change of the set. */
    public String publicKeysJson() {
        return published().json();
    }

    private Published published() {
        Snapshot seen = snapshot;
        if (seen != null) {
            publish(seen);
        }
        return published;
    }

    /**
     * The {@code kid} a compact JWS names in its header, or null when it names none or is not a JWS.
     * Every token one key signs carries the same header, so a parsed header's {@code kid} is kept
     * (at most {@link #KNOWN_HEADERS_MAX} headers; the check after MP JWT asks on every call).
     */
    public static String kidOf(String token) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot < 0) {
            return null;
        }
        String header = token.substring(0, dot);
        String known = KIDS_BY_HEADER.get(header);
        if (known != null) {
            return known;
        }
        String kid;
        try {
            kid = JWSHeader.parse(new Base64URL(header)).getKeyID();
        } catch (ParseException e) {
            return null;
        }
        if (kid != null) {
            if (KIDS_BY_HEADER.size() >= KNOWN_HEADERS_MAX) {
                KIDS_BY_HEADER.clear();
            }
            KIDS_BY_HEADER.put(header, kid);
        }
        return kid;
    }

    /** True when a token with this {@code kid} may be accepted here: its key is published (not retired, not revoked). */
    public boolean verifies(String kid) {
        return kid != null && published.kids().contains(kid);
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
        // current() can see it; the other order let a token be signed with a key MP JWT did not know.
        var next = new Snapshot(generation, ring, Map.copyOf(signers), Map.copyOf(bindings));
        publish(next);
        snapshot = next;
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

    /**
     * Recomputes the published set for now and, when it changed, rewrites the verification file.
     * Nothing to do (and no lock taken) while the snapshot is the one last published and no key
     * has activated or retired since.
     */
    private void publish(Snapshot seen) {
        if (!published.holdsFor(seen, clock.instant())) {
            republish(seen);
        }
    }

    private synchronized void republish(Snapshot seen) {
        Instant now = clock.instant();
        Published before = published;
        if (before.isNewerThan(seen)) {
            return;
        }
        KeyRing ring = seen.ring();
        List<SigningKey> keys = ring.published(now);
        Set<String> kids = keys.stream().map(SigningKey::kid).collect(Collectors.toUnmodifiableSet());
        if (kids.equals(before.kids())) {
            published = new Published(kids, before.keys(), before.json(), seen, ring.nextChange(now));
            return;
        }
        var jwks = new JWKSet(keys.stream().map(SigningKeys::publicJwk).toList());
        String json = jwks.toString(true);
        writeVerificationFile(json);
        // the first file is written before MP JWT reads any: those keys are verifiable at once
        Instant firstSeen = before.kids().isEmpty() ? Instant.MIN : now;
        kids.forEach(kid -> publishedHere.putIfAbsent(kid, firstSeen));
        published = new Published(kids, jwks, json, seen, ring.nextChange(now));
    }

    private static JWK publicJwk(SigningKey key) {
        try {
            return JWK.parse(key.publicJwk());
        } catch (ParseException e) {
            throw new IllegalStateException("Stored public key " + key.kid() + " cannot be read", e);
        }
    }

    private void writeVerificationFile(String jwksJson) {
        Path file = settings.dataDir().resolve(VERIFY_FILE);
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), VERIFY_FILE, ".tmp");
            Files.writeString(temp, jwksJson, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file.toAbsolutePath(), e);
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
