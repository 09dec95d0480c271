package dev.rotor.token.control;

import dev.rotor.token.entity.KeyState;
import dev.rotor.token.entity.SigningKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The signing keys at one moment: which one signs, which are published. Pure: every instance
 * that reads the same rows and the same clock agrees, without messaging.
 *
 * @param keys      every stored key
 * @param algorithm the configured algorithm ({@code RS256} or {@code ES256}); only its keys sign
 */
public record KeyRing(List<SigningKey> keys, String algorithm) {

    private static final Comparator<SigningKey> NEWEST_ACTIVATION = Comparator.comparing(SigningKey::activatesAt)
            .thenComparing(SigningKey::createdAt)
            .thenComparing(SigningKey::kid);

    public KeyRing {
        keys = List.copyOf(keys);
    }

    /** The key that signs at {@code now}: the latest activated, unrevoked, unretired key of the configured algorithm. */
    public Optional<SigningKey> current(Instant now) {
        return usable(now).stream().findFirst();
    }

    /** Every key that may sign at {@code now}, the current one first, then older ones still in their verify window. */
    public List<SigningKey> usable(Instant now) {
        return keys.stream()
                .filter(k -> !k.isRevoked() && k.hasActivated(now) && !k.hasRetired(now) && k.algorithm().equals(algorithm))
                .sorted(NEWEST_ACTIVATION.reversed())
                .toList();
    }

    public KeyState stateOf(SigningKey key, Instant now) {
        if (key.isRevoked()) {
            return KeyState.REVOKED;
        }
        if (current(now).map(c -> c.kid().equals(key.kid())).orElse(false)) {
            return KeyState.CURRENT;
        }
        if (!key.hasActivated(now)) {
            return KeyState.NEXT;
        }
        return key.hasRetired(now) ? KeyState.RETIRED : KeyState.PREVIOUS;
    }

    /** True when a key of the configured algorithm is published but not signing yet. */
    public boolean hasNext(Instant now) {
        return keys.stream().anyMatch(k -> !k.isRevoked() && !k.hasActivated(now) && k.algorithm().equals(algorithm));
    }

    /** The keys in the JWKS at {@code now}: next, current and previous. */
    public List<SigningKey> published(Instant now) {
        return keys.stream()
                .filter(k -> switch (stateOf(k, now)) {
                    case NEXT, CURRENT, PREVIOUS -> true;
                    case RETIRED, REVOKED -> false;
                })
                .toList();
    }

    /**
     * The first instant after {@code now} at which a key activates or retires: until then every
     * state, and so the published set, stays as it is at {@code now} ({@link Instant#MAX} if none
     * lies ahead). Revocations change the rows, and so come as a new ring.
     */
    public Instant nextChange(Instant now) {
        return keys.stream()
                .flatMap(k -> Stream.of(k.activatesAt(), k.retiresAt()))
                .filter(t -> t != null && t.isAfter(now))
                .min(Comparator.naturalOrder())
                .orElse(Instant.MAX);
    }

    /** Keys that may sign now or later (next, current, previous of the configured algorithm): the ones whose private half is needed. */
    public List<SigningKey> signing(Instant now) {
        return keys.stream()
                .filter(k -> switch (stateOf(k, now)) {
                    case NEXT, CURRENT, PREVIOUS -> k.algorithm().equals(algorithm);
                    default -> false;
                })
                .toList();
    }

    /**
     * When {@code key} must stop verifying, given the keys that follow it: the first activation of
     * an unrevoked key of the configured algorithm after its own, plus {@code verifyWindow}; empty
     * when none follows, so it keeps signing.
     */
    public Optional<Instant> plannedRetirement(SigningKey key, Duration verifyWindow) {
        return keys.stream()
                .filter(k -> !k.isRevoked() && k.algorithm().equals(algorithm) && k.activatesAt().isAfter(key.activatesAt()))
                .map(SigningKey::activatesAt)
                .min(Comparator.naturalOrder())
                .map(successor -> successor.plus(verifyWindow));
    }

    /**
     * True when no key signs at {@code now}, or the current one is to retire with no key planned
     * after it: without a repair the published set would run empty.
     */
    public boolean stranded(Instant now) {
        return current(now)
                .map(c -> c.retiresAt() != null && keys.stream().noneMatch(k -> !k.isRevoked()
                        && k.algorithm().equals(algorithm) && k.activatesAt().isAfter(c.activatesAt())))
                .orElse(true);
    }

    /** True when a new key should be published now so that it signs {@code rotateEvery} after the current one began. */
    public boolean rotationDue(Instant now, Duration rotateEvery, Duration publishAhead) {
        if (hasNext(now)) {
            return false;
        }
        return current(now)
                .map(c -> !c.activatesAt().plus(rotateEvery).minus(publishAhead).isAfter(now))
                .orElse(true);
    }
}
