package dev.rotor.token.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The claims read once per token, and trusted from a request only for the very token they were read from. */
class AccessClaimsTest {

    private static FakeJsonWebToken token(String subject, String sid, long tv) {
        return new FakeJsonWebToken(Map.of("sub", subject, "upn", "alice",
                "groups", new LinkedHashSet<>(List.of("user", "admin")), "sid", sid, "tv", tv));
    }

    @Test
    void readsTheClaimsTheCutoffAndTheEndpointsUse() {
        var claims = AccessClaims.read(token("acc-1", "sess-1", 3));
        assertEquals("acc-1", claims.subject());
        assertEquals("alice", claims.username());
        assertEquals(List.of("user", "admin"), List.copyOf(claims.groups()), "groups keep the token's order");
        assertEquals("sess-1", claims.sessionId());
        assertEquals(3, claims.tokenVersion());
    }

    @Test
    void claimsAttachedForThisTokenAreUsedWithoutReadingItAgain() {
        var token = token("acc-1", "sess-1", 3);
        var attached = AccessClaims.read(token);
        token.reads().clear();
        assertSame(attached, AccessClaims.of(token, attached));
        assertEquals(List.of(), token.reads());
    }

    @Test
    void claimsAttachedForAnotherTokenAreIgnoredEvenWhenTheyLookAlike() {
        var token = token("acc-1", "sess-1", 3);
        var other = AccessClaims.read(token("acc-1", "sess-1", 9));
        var claims = AccessClaims.of(token, other);
        assertNotSame(other, claims);
        assertSame(token, claims.token());
        assertEquals(3, claims.tokenVersion(), "read from the token itself");
    }

    @Test
    void withNothingAttachedTheClaimsAreReadFromTheToken() {
        var token = token("acc-2", "sess-2", 0);
        assertEquals("sess-2", AccessClaims.of(token, null).sessionId());
        assertEquals("sess-2", AccessClaims.of(token, "not claims").sessionId());
    }
}
