package dev.rotor.session.control;

import dev.rotor.session.entity.Session;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The refresh-token format and the chain that links a session's generations.
 *
 * <p>A token reads {@code <session id>.<generation>.<secret>}: the secret is 256 bits, base64url.
 * Generation 0's secret is random; each successor is {@code HMAC-SHA256(key = predecessor secret,
 * chain seed | generation)}, where the chain seed is a random value stored with the session.
 * The session row keeps only {@code SHA-256(current secret)} and the seed, so:
 * <ul>
 *   <li>a database dump alone yields no presentable token (no secret is stored, and deriving one
 *       needs a secret);</li>
 *   <li>any earlier token is verified by walking the chain forward to the stored hash, so an old
 *       token is recognised as genuine (reuse) and a forged one as forged (revokes nothing);</li>
 *   <li>the previous token re-derives the same successor, which makes grace-window retries
 *       idempotent without storing the successor;</li>
 *   <li>storage per session is constant however many times it rotates.</li>
 * </ul>
 */
public final class RefreshTokens {

    /**
     * How far back a presented generation may lie: an older token cannot be told from a forgery
     * and is refused as one (it revokes nothing). Bounds the HMACs one request can cost (~1 µs each).
     */
    static final long MAX_WALK = 1_000;
    /** Generations one session may reach; then it ends and its owner signs in again. */
    public static final long MAX_GENERATION = 100_000;
    private static final int SECRET_BYTES = 32;
    private static final int MAX_TOKEN_CHARS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    });

    private RefreshTokens() {
    }

    /** The token's parts; empty when it is not a refresh token at all (then nothing is looked up for it). */
    public static Optional<RefreshToken> parse(String token) {
        if (token == null || token.length() > MAX_TOKEN_CHARS) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || !parts[1].matches("\\d{1,18}") || !parts[2].matches("[A-Za-z0-9_-]{43}")) {
            return Optional.empty();
        }
        try {
            String sessionId = UUID.fromString(parts[0]).toString();
            if (!sessionId.equals(parts[0])) {
                return Optional.empty();
            }
            byte[] secret = DECODER.decode(parts[2]);
            if (secret.length != SECRET_BYTES || !ENCODER.encodeToString(secret).equals(parts[2])) {
                return Optional.empty();
            }
            return Optional.of(new RefreshToken(sessionId, Long.parseLong(parts[1]), secret));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    public static String format(String sessionId, long generation, byte[] secret) {
        return sessionId + "." + generation + "." + ENCODER.encodeToString(secret);
    }

    public static byte[] newSecret() {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return secret;
    }

    public static String newChainSeed() {
        return ENCODER.encodeToString(newSecret());
    }

    /** The secret of {@code generation}, derived from the secret of the generation before it. */
    public static byte[] successor(byte[] secret, String chainSeed, long generation) {
        try {
            Mac mac = HMAC.get();
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal((chainSeed + "|" + generation).getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    public static String hash(byte[] secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * A token found genuine against its session row: {@code currentSecret} is the session's
     * secret at {@code generation}, reached by walking the token's chain forward. The rules
     * ({@link RefreshRotation}) take this instead of walking the chain again.
     */
    public record Verified(RefreshToken token, long generation, byte[] currentSecret) {

        /**
         * This verification brought up to {@code row}, a later read of the same session (under
         * its lock): the same value when the row has not rotated since, else the walk goes on from
         * the generation already verified, never again from the token's. Empty if the row's hash
         * is not on this chain.
         */
        public Optional<Verified> at(Session row) {
            if (row.generation() == generation) {
                return Optional.of(this);
            }
            return walk(generation, currentSecret, row).map(secret -> new Verified(token, row.generation(), secret));
        }
    }

    /**
     * The session's current secret, when {@code token} is a genuine token of it: its chain,
     * walked forward from its generation, reaches the stored hash. Empty for a forgery, another
     * session's token or a generation from the future.
     */
    public static Optional<Verified> verify(RefreshToken token, Session session) {
        if (!token.sessionId().equals(session.id())) {
            return Optional.empty();
        }
        return walk(token.generation(), token.secret(), session).map(secret -> new Verified(token, session.generation(), secret));
    }

    /** The secret of {@code session}'s generation, derived from {@code secret} of {@code generation}, if it hashes to the stored hash. */
    private static Optional<byte[]> walk(long generation, byte[] secret, Session session) {
        long steps = session.generation() - generation;
        if (steps < 0 || steps > MAX_WALK) {
            return Optional.empty();
        }
        byte[] current = secret;
        for (long next = generation + 1; next <= session.generation(); next++) {
            current = successor(current, session.chainSeed(), next);
        }
        boolean genuine = MessageDigest.isEqual(
                hash(current).getBytes(StandardCharsets.US_ASCII),
                session.currentHash().getBytes(StandardCharsets.US_ASCII));
        return genuine ? Optional.of(current) : Optional.empty();
    }
}
