package dev.rotor.session.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.platform.RequestFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RefreshTokensTest {

    @Test
    void formattedTokenParsesBackAndIsUrlSafe() {
        byte[] secret = RefreshTokens.newSecret();
        String id = UUID.randomUUID().toString();
        String token = RefreshTokens.format(id, 42, secret);
        assertTrue(token.matches("[A-Za-z0-9._-]+"), token);
        var parsed = RefreshTokens.parse(token).orElseThrow();
        assertEquals(id, parsed.sessionId());
        assertEquals(42, parsed.generation());
        assertEquals(32, parsed.secret().length, "256 bits");
    }

    @Test
    void malformedTokensDoNotParse() {
        String id = UUID.randomUUID().toString();
        String secret = "A".repeat(43);
        for (String bad : new String[] {null, "", "a.b", id + ".0", id + ".x." + secret, id + ".-1." + secret,
                id + ".0." + secret + "A", id.toUpperCase() + ".0." + secret, "nope.0." + secret,
                id + ".0." + "A".repeat(42) + "=", id + ".0." + secret + ".extra", id + ".0." + "B".repeat(200)}) {
            assertTrue(RefreshTokens.parse(bad).isEmpty(), "parsed: " + bad);
        }
    }

    @Test
    void chainIsDeterministicForTheSameSeed() {
        byte[] secret = RefreshTokens.newSecret();
        String seed = RefreshTokens.newChainSeed();
        assertEquals(RefreshTokens.hash(RefreshTokens.successor(secret, seed, 1)),
                RefreshTokens.hash(RefreshTokens.successor(secret, seed, 1)));
        assertTrue(!RefreshTokens.hash(RefreshTokens.successor(secret, seed, 1))
                .equals(RefreshTokens.hash(RefreshTokens.successor(secret, RefreshTokens.newChainSeed(), 1))));
    }

    @Test
    void aGenuineTokenIsVerifiedToTheSessionsCurrentSecretAndAForgeryIsNot() {
        var built = SessionFixture.active().build();
        var verified = RefreshTokens.verify(built.presented(), built.family()).orElseThrow();
        assertEquals(0, verified.generation());
        assertArrayEquals(built.presented().secret(), verified.currentSecret());
        var forged = new RefreshToken(built.family().id(), 0, RefreshTokens.newSecret());
        assertTrue(RefreshTokens.verify(forged, built.family()).isEmpty());
        var otherSession = new RefreshToken(UUID.randomUUID().toString(), 0, built.presented().secret());
        assertTrue(RefreshTokens.verify(otherSession, built.family()).isEmpty(), "the secret alone does not make it genuine");
    }

    @Test
    void aVerificationIsCarriedForwardToALaterReadOfTheRowWithoutStartingOver() {
        var built = SessionFixture.active().build();
        var verified = RefreshTokens.verify(built.presented(), built.family()).orElseThrow();
        assertSame(verified, verified.at(built.family()).orElseThrow(), "the row has not rotated: nothing to walk");

        byte[] next = RefreshTokens.successor(verified.currentSecret(), built.family().chainSeed(), 1);
        built.family().rotate(RefreshTokens.hash(next), Instant.parse("2026-01-01T10:01:00Z"), Duration.ofDays(7), RequestFacts.NONE);
        var later = verified.at(built.family()).orElseThrow();
        assertEquals(1, later.generation());
        assertArrayEquals(next, later.currentSecret());
        assertEquals(0, later.token().generation(), "still the token that was presented");

        var elsewhere = SessionFixture.active().build();
        elsewhere.family().rotate(RefreshTokens.hash(RefreshTokens.newSecret()), Instant.parse("2026-01-01T10:01:00Z"),
                Duration.ofDays(7), RequestFacts.NONE);
        assertTrue(verified.at(elsewhere.family()).isEmpty(), "a row whose hash is not on this chain");
    }
}
