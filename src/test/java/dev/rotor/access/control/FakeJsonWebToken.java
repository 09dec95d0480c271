package dev.rotor.access.control;

import jakarta.security.enterprise.CallerPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A verified token as Rotor reads it, for unit tests: fixed claims, and the names of the claims
 * read so far. A {@link CallerPrincipal} like Payara's {@code JsonWebTokenImpl}.
 */
public final class FakeJsonWebToken extends CallerPrincipal implements JsonWebToken {

    private final Map<String, Object> claims;
    private final List<String> reads = new ArrayList<>();

    /** {@code claims} must hold {@code upn}: the principal's name. */
    public FakeJsonWebToken(Map<String, Object> claims) {
        super((String) claims.get("upn"));
        this.claims = Map.copyOf(claims);
    }

    /** The claim names read since the token was made or the list was last cleared. */
    public List<String> reads() {
        return reads;
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
