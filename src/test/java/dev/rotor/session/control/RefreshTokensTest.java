package dev.rotor.session.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
