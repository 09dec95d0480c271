package dev.rotor.token.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import dev.rotor.platform.RotorSettings;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The public keys this instance publishes (next, current and previous): the JSON of
 * {@code /.well-known/jwks.json}, the answer to "may a token with this {@code kid} be accepted
 * here?", and the file {@link #VERIFY_FILE} in the data directory that this service's own
 * MicroProfile JWT verifies against, so verification needs no URL and no issuer that matches the
 * port. {@link SigningKeys} hands over every set of keys it reads; which of them are published is
 * derived from the clock on each call, so every instance switches at the same moment, and the file
 * is rewritten whenever the published set changes.
 */
@ApplicationScoped
public class PublishedKeys {

    private static final DefaultJWSVerifierFactory VERIFIERS = new DefaultJWSVerifierFactory();

    /** Read by MP JWT through {@code mp.jwt.verify.publickey.location} (microprofile-config.properties). */
    public static final String VERIFY_FILE = "verification-keys.json";
    /** Three times Payara's key cache time ({@code publicKey.cache.ttl} in payara-mp-jwt.properties), for margin under load. */
    static final Duration VERIFIER_DELAY = Duration.ofMillis(1500);

    /** How many token headers {@link #kidOf} remembers the {@code kid} of (one per key in use; more only from odd tokens). */
    static final int KNOWN_HEADERS_MAX = 64;
    private static final Map<String, String> KIDS_BY_HEADER = new ConcurrentHashMap<>();

    /**
     * The keys published from {@code ring} (read at {@code generation}), unchanged until
     * {@code changesAt}, with their JSON (written once, served on every JWKS call).
     */
    private record Published(Set<String> kids, JWKSet keys, String json, long generation, KeyRing ring, Instant changesAt) {

        static final Published NONE = new Published(Set.of(), new JWKSet(), new JWKSet().toString(true), Long.MIN_VALUE, null,
                Instant.MIN);

        boolean holdsFor(KeyRing current, Instant now) {
            return ring == current && now.isBefore(changesAt);
        }

        /** True when the keys published here were read after {@code other}: a caller still holding that must not bring them back. */
        boolean isNewerThan(long other) {
            return ring != null && generation > other;
        }
    }

    @Inject
    Clock clock;

    @Inject
    RotorSettings settings;

    private volatile Published published = Published.NONE;
    /** When this instance first wrote each key into its verification file. */
    private final Map<String, Instant> publishedHere = new ConcurrentHashMap<>();

    /** The public keys of the next, current and previous keys. */
    public JWKSet publicKeys() {
        return published().keys();
    }

    /**
     * Whether {@code jwt} carries a valid signature by one of the keys published now (named by its
     * {@code kid}); says nothing of its claims. False for an unknown or revoked key, a bad signature,
     * or an algorithm that does not fit the key.
     */
    public boolean signed(SignedJWT jwt) {
        JWK key = publicKeys().getKeyByKeyId(jwt.getHeader().getKeyID());
        if (!(key instanceof AsymmetricJWK asymmetric)) {
            return false;
        }
        try {
            return jwt.verify(VERIFIERS.createJWSVerifier(jwt.getHeader(), asymmetric.toPublicKey()));
        } catch (JOSEException | IllegalStateException e) {
            return false;
        }
    }

    /** {@link #publicKeys()} as the JSON of {@code /.well-known/jwks.json}, serialised once per change of the set. */
    public String publicKeysJson() {
        return published().json();
    }

    /** True when a token with this {@code kid} may be accepted here: its key is published (not retired, not revoked). */
    public boolean verifies(String kid) {
        return kid != null && published.kids().contains(kid);
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

    /**
     * When this instance's MP JWT has surely read the key {@code kid}: {@link #VERIFIER_DELAY} after
     * it reached the file here (a key not written here yet counts as written {@code now}).
     */
    Instant verifiableAt(String kid, Instant now) {
        return publishedHere.getOrDefault(kid, now).plus(VERIFIER_DELAY);
    }

    /**
     * Recomputes the published set of {@code ring} (read at {@code generation}) for now and, when it
     * changed, rewrites the verification file. Nothing to do (and no lock taken) while the ring is
     * the one last published and no key has activated or retired since.
     */
    void publish(long generation, KeyRing ring) {
        if (!published.holdsFor(ring, clock.instant())) {
            republish(generation, ring);
        }
    }

    /** The published set, brought up to the clock first. */
    private Published published() {
        Published last = published;
        if (last.ring() != null) {
            publish(last.generation(), last.ring());
        }
        return published;
    }

    private synchronized void republish(long generation, KeyRing ring) {
        Instant now = clock.instant();
        Published before = published;
        if (before.isNewerThan(generation)) {
            return;
        }
        List<SigningKey> keys = ring.published(now);
        Set<String> kids = keys.stream().map(SigningKey::kid).collect(Collectors.toUnmodifiableSet());
        if (kids.equals(before.kids())) {
            published = new Published(kids, before.keys(), before.json(), generation, ring, ring.nextChange(now));
            return;
        }
        var jwks = new JWKSet(keys.stream().map(PublishedKeys::publicJwk).toList());
        String json = jwks.toString(true);
        writeVerificationFile(json);
        // the first file is written before MP JWT reads any: those keys are verifiable at once
        Instant firstSeen = before.kids().isEmpty() ? Instant.MIN : now;
        kids.forEach(kid -> publishedHere.putIfAbsent(kid, firstSeen));
        published = new Published(kids, jwks, json, generation, ring, ring.nextChange(now));
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
}
