package dev.rotor.access.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The claims Rotor reads from a verified access token, read once. */
class AccessClaimsTest {

    static FakeJsonWebToken token(String subject, String sid, long tv) {
        return new FakeJsonWebToken(Map.of("sub", subject, "upn", "alice",
                "groups", new LinkedHashSet<>(List.of("user", "admin")), "sid", sid, "tv", tv));
    }

    @Test
    void readsTheClaimsTheCutoffAndTheEndpointsUse() {
        var token = token("acc-1", "sess-1", 3);
        var claims = AccessClaims.read(token);
        assertSame(token, claims.token());
        assertEquals("acc-1", claims.subject());
        assertEquals("alice", claims.username());
        assertEquals(List.of("user", "admin"), List.copyOf(claims.groups()), "groups keep the token's order");
        assertEquals("sess-1", claims.sessionId());
        assertEquals(3, claims.tokenVersion());
    }
}
