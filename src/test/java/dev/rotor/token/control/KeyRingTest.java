package dev.rotor.token.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.token.entity.KeyState;
import dev.rotor.token.entity.SigningKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyRingTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration VERIFY_WINDOW = Duration.ofMinutes(16);

    private final SigningKey first = key("first", T0);
    private final SigningKey second = key("second", T0.plus(Duration.ofDays(30)));
    private final KeyRing cut;

    KeyRingTest() {
        first.retireAt(second.activatesAt().plus(VERIFY_WINDOW));
        cut = new KeyRing(List.of(first, second), "RS256");
    }

    @Test
    void aKeyPublishedAheadIsNextAndDoesNotSignBeforeItsTime() {
        Instant before = second.activatesAt().minusSeconds(1);
        assertEquals(KeyState.CURRENT, cut.stateOf(first, before));
        assertEquals(KeyState.NEXT, cut.stateOf(second, before));
        assertEquals("first", cut.current(before).orElseThrow().kid());
        assertEquals(List.of("first", "second"), kids(cut.published(before)));
    }

    @Test
    void atItsActivationTheNextKeySignsAndThePreviousStaysPublished() {
        Instant after = second.activatesAt();
        assertEquals("second", cut.current(after).orElseThrow().kid());
        assertEquals(KeyState.PREVIOUS, cut.stateOf(first, after));
        assertEquals(List.of("first", "second"), kids(cut.published(after)));
    }

    @Test
    void thePreviousKeyRetiresOnceEveryTokenItSignedHasExpired() {
        Instant retired = second.activatesAt().plus(VERIFY_WINDOW);
        assertEquals(KeyState.PREVIOUS, cut.stateOf(first, retired.minusSeconds(1)));
        assertEquals(KeyState.RETIRED, cut.stateOf(first, retired));
        assertEquals(List.of("second"), kids(cut.published(retired)));
    }

    @Test
    void aRevokedKeyIsUnpublishedAtOnceAndNeverCurrent() {
        Instant now = second.activatesAt().plusSeconds(5);
        second.revoke(now);
        assertEquals(KeyState.REVOKED, cut.stateOf(second, now));
        assertEquals("first", cut.current(now).orElseThrow().kid(), "the latest unrevoked key");
        assertEquals(List.of("first"), kids(cut.published(now)));
    }

    @Test
    void aKeyOfAnotherAlgorithmNeverSigns() {
        var ring = new KeyRing(List.of(first), "ES256");
        assertTrue(ring.current(T0).isEmpty());
        assertTrue(ring.signing(T0).isEmpty());
    }

    @Test
    void rotationIsDuePublishAheadBeforeTheCurrentKeyIsRotateEveryOld() {
        var alone = new KeyRing(List.of(key("only", T0)), "RS256");
        Duration every = Duration.ofDays(30);
        Duration ahead = Duration.ofHours(1);
        assertFalse(alone.rotationDue(T0.plus(every).minus(ahead).minusSeconds(1), every, ahead));
        assertTrue(alone.rotationDue(T0.plus(every).minus(ahead), every, ahead));
        assertFalse(cut.rotationDue(second.activatesAt().minusSeconds(1), every, ahead), "a next key is already published");
    }

    @Test
    void thePublishedSetHoldsUntilTheNextActivationOrRetirement() {
        Instant retires = second.activatesAt().plus(VERIFY_WINDOW);
        assertEquals(second.activatesAt(), cut.nextChange(T0));
        assertEquals(second.activatesAt(), cut.nextChange(second.activatesAt().minusNanos(1)));
        assertEquals(retires, cut.nextChange(second.activatesAt()), "the next key has activated; the previous one retires next");
        assertEquals(Instant.MAX, cut.nextChange(retires), "nothing ahead");
        for (Instant t : List.of(T0, second.activatesAt(), retires)) {
            Instant justBefore = cut.nextChange(t).equals(Instant.MAX) ? t.plus(Duration.ofDays(999)) : cut.nextChange(t).minusNanos(1);
            assertEquals(kids(cut.published(t)), kids(cut.published(justBefore)), "same set from " + t + " to " + justBefore);
        }
    }

    private static SigningKey key(String kid, Instant activatesAt) {
        return new SigningKey(kid, "RS256", "kek", "sealed", "{}", activatesAt.minus(Duration.ofHours(1)), activatesAt);
    }

    private static List<String> kids(List<SigningKey> keys) {
        return keys.stream().map(SigningKey::kid).sorted().toList();
    }
}
