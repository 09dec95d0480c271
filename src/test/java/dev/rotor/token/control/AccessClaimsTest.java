package dev.rotor.token.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** The claims read once per token, and trusted from a request only for the very token they were read from. */
class AccessClaimsTest {

    /** A verified token as Rotor reads it, counting the claim reads. */
    static final class Token implements JsonWebToken {
        final Map<String, Object> claims;
        final List<String> reads = new ArrayList<>();

        Token(String subject, String sid, long tv) {
            claims = Map.of("sub", subject, "upn", "alice", "groups", new LinkedHashSet<>(List.of("user", "admin")),
                    "sid", sid, "tv", tv);
        }

        @Override
        public String getName() {
            return getClaim("upn");
        }

        @Override
        public Set<String> getClaimNames() {
            return claims.keySet();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String name) {
            reads.add(name);
            return (T) claims.get(name);
        }
    }

    @Test
    void readsTheClaimsTheCutoffAndTheEndpointsUse() {
        var claims = AccessClaims.read(new Token("acc-1", "sess-1", 3));
        assertEquals("acc-1", claims.subject());
        assertEquals("alice", claims.username());
        assertEquals(List.of("user", "admin"), List.copyOf(claims.groups()), "groups keep the token's order");
        assertEquals("sess-1", claims.sessionId());
        assertEquals(3, claims.tokenVersion());
    }

    @Test
    void claimsAttachedForThisTokenAreUsedWithoutReadingItAgain() {
        var token = new Token("acc-1", "sess-1", 3);
        var attached = AccessClaims.read(token);
        token.reads.clear();
        assertSame(attached, AccessClaims.of(token, attached));
        assertEquals(List.of(), token.reads);
    }

    @Test
    void claimsAttachedForAnotherTokenAreIgnoredEvenWhenTheyLookAlike() {
        var token = new Token("acc-1", "sess-1", 3);
        var other = AccessClaims.read(new Token("acc-1", "sess-1", 9));
        var claims = AccessClaims.of(token, other);
        assertNotSame(other, claims);
        assertSame(token, claims.token());
        assertEquals(3, claims.tokenVersion(), "read from the token itself");
    }

    @Test
    void withNothingAttachedTheClaimsAreReadFromTheToken() {
        var token = new Token("acc-2", "sess-2", 0);
        assertEquals("sess-2", AccessClaims.of(token, null).sessionId());
        assertEquals("sess-2", AccessClaims.of(token, "not claims").sessionId());
    }
}
